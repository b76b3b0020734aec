"""Reading a description of someone's situation: the tables, lengths of time and dates, phrases,
and what the conversation does with it (understood -> open questions -> recommendations).

The tables are tests/bot/situations.py (written for the project) and tests/bot/data/
situations-a.jsonl and -b.jsonl (written by people who had not seen the phrases the bot knows;
their first, blind scores are in the closing notes). Each criterion must be right on at least
90% of each table's messages, with a false fill on at most one in twenty-five.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core import Bot
from bot.criteria import Criterion, TimeWindow
from bot.durations import lengths_of_time
from bot.flow import load_flow
from bot.phrases import compile_phrase
from bot.replies import MethodCardReply, NoticeReply, QuestionReply, RecommendationsReply
from bot.understand import Understander, clause_words
from catalogue.text import fold
from catalogue.yamlfile import DataFileError
from tests.bot.situations import SITUATIONS, Situation, load_table
from tests.bot.transcript import Transcript

DATA = Path(__file__).resolve().parent / "data"
NOW = datetime(2026, 11, 30, 12, tzinfo=UTC).timestamp()
CRITERIA = list(Criterion)


TABLES = {
    "own": SITUATIONS,
    "a": load_table("situations-a.jsonl"),
    "b": load_table("situations-b.jsonl"),
}


def expected(row: Situation, criterion: Criterion) -> frozenset[str]:
    value = getattr(row, criterion.value)
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value or ())


@pytest.fixture(scope="module")
def understander(bot: Bot) -> Understander:
    return bot.understander


def test_the_tables_are_large_and_varied() -> None:
    rows = [r for table in TABLES.values() for r in table]
    assert len(TABLES["own"]) >= 60 and len(rows) >= 200
    for criterion in CRITERIA:
        stated = sum(bool(expected(r, criterion)) for r in rows)
        assert stated >= 20, criterion  # every criterion is stated often, and left out often
        assert len(rows) - stated >= 40, criterion


@pytest.mark.parametrize("table", sorted(TABLES))
@pytest.mark.parametrize("criterion", CRITERIA, ids=str)
def test_each_criterion_is_read_right_with_almost_no_false_fills(
    understander: Understander, table: str, criterion: Criterion
) -> None:
    rows = TABLES[table]
    right, false_fills, wrong = 0, 0, []
    for row in rows:
        got = understander.read(row.text, NOW).get(criterion)
        want = expected(row, criterion)
        if got == want:
            right += 1
        else:
            wrong.append(f"{row.text[:70]!r}: got {sorted(got)}, want {sorted(want)}")
            false_fills += bool(got - want)
    assert right >= 0.9 * len(rows), "\n".join(wrong)
    assert false_fills <= len(rows) // 25, "\n".join(wrong)


@pytest.mark.parametrize(
    "text",
    [
        "thanks",
        "who built you?",
        "how do I claim mileage",
        "reset my nhsmail password",
        "what's the 18 week RTT target",
        "what is social franchising?",
        "GIRFT",
        "national programmes",
        "asdfgh qwerty",
    ],
)
def test_questions_and_noise_are_not_situations(understander: Understander, text: str) -> None:
    assert not understander.read(text, NOW).situation


# --- lengths of time and dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "window"),
    [
        ("we need it done in six weeks", TimeWindow.UNDER_6_MONTHS),
        ("over the next 2-3 months", TimeWindow.UNDER_6_MONTHS),
        ("we have nine months", TimeWindow.SIX_TO_18_MONTHS),
        ("our timescale is twelve months", TimeWindow.SIX_TO_18_MONTHS),
        ("within 24 months", TimeWindow.ONE_TO_3_YEARS),
        ("we have a couple of years", TimeWindow.ONE_TO_3_YEARS),
        ("it's a five year horizon", TimeWindow.OVER_3_YEARS),
        ("need it by next spring", TimeWindow.UNDER_6_MONTHS),
        ("by the end of 2027", TimeWindow.SIX_TO_18_MONTHS),
        ("by the end of the financial year", TimeWindow.UNDER_6_MONTHS),
        ("live by end of Q4 27/28", TimeWindow.SIX_TO_18_MONTHS),
        ("before xmas", TimeWindow.UNDER_6_MONTHS),
        ("a year and a half to do it", TimeWindow.SIX_TO_18_MONTHS),
    ],
)
def test_lengths_of_time_and_dates_map_to_the_windows(
    understander: Understander, text: str, window: TimeWindow
) -> None:
    assert understander.read(text, NOW).get(Criterion.TIMEFRAME) == {window.value}


@pytest.mark.parametrize(
    "text",
    [
        "it's been running for two years",
        "we're in the middle of a 12 month pilot",
        "the pilot finished in march",
        "(12 residents, no falls in 3 months)",
        "started it six months ago",
    ],
)
def test_lengths_that_are_not_the_time_to_come_are_not_read(text: str) -> None:
    assert lengths_of_time(text, NOW, asked=False) == []


def test_dates_need_a_day_to_count_from() -> None:
    assert lengths_of_time("by next spring", 0.0, asked=False) == []
    assert lengths_of_time("two years", 0.0, asked=True) == [24.0]


# --- phrases -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "text", "named"),
    [
        ("no|lack of ... funding", "we have no funding at all", 2),
        ("have|got ... funding", "we have some funding", 2),
        ("have|got ... funding", "we have no funding", 0),  # a negator inside the gap
        ("funding", "there is no funding", 0),  # a negator just before
        ("our & ward|wards", "our ward", 2),
        ("our & ward|wards", "our virtual ward", 0),  # "&": next to each other
        ("evaluat*", "they evaluated it", 1),
        ("works ... well", "it works. but not well", 0),  # never across a clause
    ],
)
def test_phrase_matching(phrase: str, text: str, named: int) -> None:
    assert compile_phrase(phrase).find(clause_words(text)) == named


@pytest.mark.parametrize("bad", ["", "... ward", "ward ...", "a|", "a & & b"])
def test_a_broken_phrase_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        compile_phrase(bad)


def test_a_broken_phrase_in_a_flow_names_its_place(bot: Bot) -> None:
    text = Path(__file__).resolve().parents[2].joinpath("bot/flows/guide.yaml").read_text()
    broken = text.replace("        plainly:\n", '        plainly:\n          - "... x"\n', 1)
    assert broken != text
    with pytest.raises(DataFileError) as caught:
        load_flow("guide.yaml", broken)
    (error,) = caught.value.errors
    assert error.place == "steps[0].options[0].plainly[0]" and "'...'" in error.reason


def test_every_shipped_phrase_folds_to_words(bot: Bot) -> None:
    for step in bot.flow.steps:
        for option in step.options:
            for phrase in (*option.plainly, *option.says, *option.hints):
                assert all(fold(part) for part in phrase.replace("...", "|").split("|")), phrase


# --- the conversation ----------------------------------------------------------------------------


def chat_at(bot: Bot) -> Transcript:
    return Transcript(bot, now=NOW)


def test_a_description_starts_the_selection_with_what_was_understood(bot: Bot) -> None:
    chat = chat_at(bot)
    chat.send("we piloted it in two trusts and want every ICB to adopt it within two years")
    note = chat.expect_notice("I understood")
    assert "ready to spread · national · 1 to 3 years" in note.text
    q = chat.expect_question("resources")
    assert (q.number, q.total) == (4, 5)  # stage, scale and timeframe are behind the user
    chat.send("funding and partners")
    chat.send("not sure")
    result = chat.expect_recommendations()
    assert [f.value for f in result.understood][:3] == [
        "ready to spread",
        "national",
        "1 to 3 years",
    ]


def test_an_understood_answer_can_be_changed(bot: Bot) -> None:
    chat = chat_at(bot)
    chat.send("we piloted it in two trusts and want every ICB to adopt it within two years")
    chat.send("change the timeframe")
    q = chat.expect_question("timeframe")
    assert q.number == 3
    chat.send("about a year")
    chat.expect_question("resources")  # the answers after it stand
    chat.send("back")
    chat.expect_question("timeframe")
    chat.send("back")
    chat.expect_question("scale")  # an understood answer is a question like any other
    assert chat.answers == {"stage": "spread"}


def test_corrections_after_the_result_reopen_that_question(bot: Bot) -> None:
    chat = chat_at(bot)
    chat.send("guide")
    for text in ("spread", "national", "two years", "funding", "costs"):
        chat.send(text)
    chat.expect_recommendations()
    chat.send("the stage is wrong")
    chat.expect_question("stage")
    chat.send("proof of concept")
    result = chat.expect_recommendations()  # the other answers stood
    assert [f.value for f in result.understood][0] == "proof of concept"
    chat.send("back")
    chat.expect_question("barriers")


def test_a_sentence_answers_the_pending_question_and_fills_others(bot: Bot) -> None:
    chat = chat_at(bot)
    chat.send("guide")
    chat.expect_question("stage")
    chat.send("we've piloted it in two wards and want it across the trust within a year")
    assert chat.answered is not None and chat.answered.answer_label == "Ready to spread"
    chat.expect_notice("Also noted: local · 6 to 18 months")
    chat.expect_question("resources")  # scale and timeframe were said: not asked


def test_a_sentence_mid_flow_that_answers_other_questions_keeps_them(bot: Bot) -> None:
    chat = chat_at(bot)
    chat.send("guide")
    chat.send("not sure")
    chat.expect_question("scale")
    chat.send("NHSE will fund a central team")
    chat.expect_notice("Noted:")
    chat.expect_question("scale")
    for text in ("national", "two years"):
        chat.send(text)
    chat.expect_question("barriers")  # resources were understood


def test_a_question_about_a_method_mid_flow_is_not_taken_as_an_answer(bot: Bot) -> None:
    chat = chat_at(bot)
    chat.send("guide")
    chat.send("not sure")
    q = chat.expect_question("scale")
    chat.send("is social franchising national?")
    chat.expect_card("social-franchising-and-licensing")
    assert chat.answered is None and chat.expect_question("scale").turn == q.turn


def test_a_method_named_with_a_situation_is_answered_and_recommendations_offered(
    bot: Bot,
) -> None:
    chat = chat_at(bot)
    chat.send(
        "we're thinking of social franchising to get our proven app into every trust in England"
    )
    card = chat.expect_card("social-franchising-and-licensing")
    assert isinstance(card, MethodCardReply)
    offer = chat.expect_notice("I can recommend methods")
    assert "national" in offer.text
    chat.click("Recommend methods")
    chat.expect_no_question() if isinstance(chat.replies[-1], RecommendationsReply) else None
    assert chat.state is not None and chat.state.flow is not None
    assert chat.answers["scale"] == "national"


def test_nothing_described_and_nothing_named_is_said_honestly(bot: Bot) -> None:
    chat = chat_at(bot)
    chat.send("the weather in leeds is grim today")
    notice = chat.expect_notice("Nothing in the catalogue fits")
    assert isinstance(notice, NoticeReply)
    assert not any(isinstance(r, QuestionReply) for r in chat.replies)
