"""Typed answers to the shipped guide's questions: what counts as which option, and what must not.

A table of cases over `bot.answers.match_option`; the conversation tests check the same through
`Bot.handle`.
"""

from __future__ import annotations

import pytest

from bot.answers import match_option, parse_months
from bot.core import Bot
from bot.criteria import TimeWindow, window_for
from bot.flow import Step

ANSWERS = [
    ("stage", "1", "ideation"),
    ("stage", "5", "not-sure"),
    ("stage", "poc", "proof-of-concept"),
    ("stage", "POC", "proof-of-concept"),
    ("stage", "proof of concept", "proof-of-concept"),
    ("stage", "Proof-of-concept", "proof-of-concept"),
    ("stage", "we're at the proof of concept stage", "proof-of-concept"),
    ("stage", "just an idea", "ideation"),
    ("stage", "piloting", "prototype-testing"),
    ("stage", "prototype / testing", "prototype-testing"),
    ("stage", "ready to spread", "spread"),
    ("stage", "no idea", "not-sure"),
    ("stage", "don't know", "not-sure"),
    ("scale", "national", "national"),
    ("scale", "nationally", "national"),
    ("scale", "nationl", "national"),
    ("scale", "regional", "regional"),
    ("scale", "our ICS", "regional"),
    ("scale", "local", "local"),
    ("scale", "not sure", "not-sure"),
    ("timeframe", "about a year", "6-18-months"),
    ("timeframe", "two years", "1-3-years"),
    ("timeframe", "2 years", "1-3-years"),
    ("timeframe", "3 years", "1-3-years"),
    ("timeframe", "5 years", "over-3-years"),
    ("timeframe", "18 months", "6-18-months"),
    ("timeframe", "6 weeks", "under-6-months"),
    ("timeframe", "a few months", "under-6-months"),
    ("timeframe", "half a year", "under-6-months"),
    ("timeframe", "a couple of years", "1-3-years"),
    ("timeframe", "long term", "over-3-years"),
    ("timeframe", "not sure", "not-sure"),
    ("resources", "funding", "funding"),
    ("resources", "a grant", "funding"),
    ("resources", "central support", "central"),
    ("resources", "our staff", "local"),
    ("resources", "local staff and partners", "local"),
    ("resources", "evaluation", "evaluation"),
    ("resources", "5", "not-sure"),
    ("barriers", "money", "costs"),
    ("barriers", "buy-in", "engagement"),
]


def step_of(bot: Bot, step_id: str) -> Step:
    step = bot.flow.step(step_id)
    assert step is not None
    return step


@pytest.mark.parametrize(("step", "text", "option"), ANSWERS)
def test_typed_answer(bot: Bot, step: str, text: str, option: str) -> None:
    found = match_option(step_of(bot, step), text)
    assert found is not None, f"{text!r} was not read as an answer to {step}"
    assert found.id == option


# Things said mid-flow that are not answers: commands and lookups must get through.
NOT_ANSWERS = [
    "help",
    "back",
    "go back",
    "restart",
    "start again",
    "cancel",
    "stop",
    "guide",
    "list",
    "resume",
    "hello",
    "what is GIRFT?",
    "social franchising",
    "compare GIRFT and social franchising",
    "find crowdsourcing",
    "0",
    "99",
    "",
]


@pytest.mark.parametrize("step", ["stage", "scale", "timeframe", "resources"])
@pytest.mark.parametrize("text", NOT_ANSWERS)
def test_not_an_answer(bot: Bot, step: str, text: str) -> None:
    found = match_option(step_of(bot, step), text)
    assert found is None, f"{text!r} was taken as {found.id!r} at {step}"


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("about a year", 12),
        ("18 months", 18),
        ("2 yrs", 24),
        ("half a year", 6),
        ("six weeks", 6 * 12 / 52),
        ("2-3 months", 3),
        ("twenty four months", 24),
        ("a couple of years", 24),
        ("a five year horizon", 60),
        ("a year and a half", 18),
        ("nothing", None),
    ],
)
def test_parse_months(text: str, months: float | None) -> None:
    assert parse_months(text) == months


@pytest.mark.parametrize(
    ("months", "window"),
    [
        (0, TimeWindow.UNDER_6_MONTHS),
        (5.9, TimeWindow.UNDER_6_MONTHS),
        (6, TimeWindow.UNDER_6_MONTHS),  # each window includes its upper bound
        (6.5, TimeWindow.SIX_TO_18_MONTHS),
        (18, TimeWindow.SIX_TO_18_MONTHS),
        (24, TimeWindow.ONE_TO_3_YEARS),
        (36, TimeWindow.ONE_TO_3_YEARS),
        (37, TimeWindow.OVER_3_YEARS),
    ],
)
def test_window_for(months: float, window: TimeWindow) -> None:
    assert window_for(months) is window


def test_a_huge_number_is_not_an_answer_and_does_not_raise() -> None:
    from adapters.runtime import load_flow_file
    from bot.answers import match_option

    flow = load_flow_file()
    for step in flow.steps:
        assert match_option(step, "9" * 5000) is None
        assert match_option(step, "2") is not None
