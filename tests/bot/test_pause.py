"""A flow left idle past the expiry, or stranded by a new flow or catalogue version, is paused and
offered back; stored state that cannot be read is replaced, through the real runner and store.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.runner import ConversationRunner, RunnerConfig, read_record
from bot.core import Bot
from bot.flow import Flow, load_flow
from bot.messages import IncomingMessage
from bot.replies import NoticeReply
from bot.state import ConversationState, FlowProgress
from storage.memory import MemoryStore
from tests.bot.transcript import START_TIME, Transcript, console_key

GUIDE = Path(__file__).resolve().parents[2] / "bot" / "flows" / "guide.yaml"


def flow_v2(*replacements: tuple[str, str]) -> Flow:
    text = GUIDE.read_text(encoding="utf-8").replace("version: 2", "version: 3", 1)
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return load_flow("guide-v2.yaml", text)


def at_timeframe(chat: Transcript) -> None:
    chat.send("guide")
    chat.click("Ready to spread")
    chat.click("National")
    chat.expect_question("timeframe")


# --- expiry ------------------------------------------------------------------------------------


def test_expired_flow_is_paused_and_resume_keeps_the_answers(chat: Transcript) -> None:
    at_timeframe(chat)
    chat.wait(chat.bot.config.idle_timeout_seconds + 1)
    chat.send("two years")
    assert chat.answered is None  # an answer to a question asked a day ago is not taken
    # ... nor looked up in the catalogue ("nothing fits two years"): the notice says it all.
    assert chat.kinds() == ["notice"]
    notice = chat.expect_notice("expired")
    assert [b.label for b in notice.buttons] == ["Resume", "Start again"]
    assert chat.state is not None and chat.state.flow is None
    assert chat.state.paused_reason == "expired"

    chat.click("Resume")
    q = chat.expect_question("timeframe")
    assert chat.answers == {"stage": "spread", "scale": "national"}
    assert [b.label for b in q.controls][0] == "Back"
    chat.send("two years")
    chat.expect_question("resources")
    chat.send("central")
    chat.expect_question("barriers")
    chat.send("costs")
    chat.expect_recommendations()


def test_typed_resume_after_expiry(chat: Transcript) -> None:
    at_timeframe(chat)
    chat.wait(chat.bot.config.idle_timeout_seconds * 3)
    chat.send("what is GIRFT?")
    chat.expect_notice("expired")
    chat.expect_card("central-coordination-and-national-programmes")  # a question still answered
    chat.send("resume")
    chat.expect_question("timeframe")
    assert chat.answers == {"stage": "spread", "scale": "national"}


def test_click_on_the_old_card_after_expiry_only_pauses(chat: Transcript) -> None:
    at_timeframe(chat)
    old = chat.button("1 to 3 years").action
    chat.wait(chat.bot.config.idle_timeout_seconds + 60)
    chat.press(old)
    assert chat.answered is None
    chat.expect_notice("expired")
    chat.expect_no_question()
    chat.click("Start again")
    chat.expect_question("stage")
    assert chat.answers == {}


def test_just_under_the_idle_timeout_the_flow_carries_on(chat: Transcript) -> None:
    at_timeframe(chat)
    chat.wait(chat.bot.config.idle_timeout_seconds - 10)
    chat.send("two years")
    assert chat.answered is not None
    chat.expect_question("resources")


def test_resume_with_nothing_paused_says_so(chat: Transcript) -> None:
    chat.send("resume")
    chat.expect_notice("no guided selection to resume")
    chat.expect_no_question()


# --- a new flow or catalogue -------------------------------------------------------------------


def switch(chat: Transcript, bot: Bot) -> Transcript:
    """The same conversation, continued by a bot built from other data (a redeploy)."""
    return Transcript(bot, chat.key, state=chat.state, now=chat.now)


def test_flow_version_change_offers_resume_with_the_answers_still_valid(chat: Transcript) -> None:
    at_timeframe(chat)
    # Version 2 renames the "national" option, so that answer no longer applies.
    v2 = flow_v2(("- id: national\n", "- id: whole-country\n"))
    later = switch(chat, Bot(chat.bot.catalogue, v2, index=chat.bot.index))
    later.send("two years")
    notice = later.expect_notice("questions have changed")
    assert "Resume" in [b.label for b in notice.buttons]
    later.click("Resume")
    later.expect_question("scale")
    assert later.answers == {"stage": "spread"}
    assert later.state is not None and later.state.flow is not None
    assert later.state.flow.version == 3


def test_flow_version_change_with_every_answer_valid_resumes_in_place(chat: Transcript) -> None:
    at_timeframe(chat)
    later = switch(chat, Bot(chat.bot.catalogue, flow_v2(), index=chat.bot.index))
    later.send("help")
    later.expect_notice("questions have changed")
    later.click("Resume")
    later.expect_question("timeframe")
    assert later.answers == {"stage": "spread", "scale": "national"}


def test_old_card_clicked_after_a_flow_change_is_not_taken(chat: Transcript) -> None:
    at_timeframe(chat)
    old = chat.button("1 to 3 years").action
    later = switch(chat, Bot(chat.bot.catalogue, flow_v2(), index=chat.bot.index))
    later.press(old)
    assert later.answered is None
    later.expect_notice("questions have changed")


def test_flow_change_with_no_answer_left_does_not_offer_resume(chat: Transcript) -> None:
    chat.send("guide")
    chat.click("Ideation")
    chat.expect_question("scale")
    v2 = flow_v2(("- id: ideation\n", "- id: early-idea\n"))
    later = switch(chat, Bot(chat.bot.catalogue, v2, index=chat.bot.index))
    later.send("hello")
    notice = later.expect_notice("questions have changed")
    assert [b.label for b in notice.buttons] == ["Start again"]


def test_catalogue_change_pauses_and_offers_resume(chat: Transcript) -> None:
    at_timeframe(chat)
    assert chat.state is not None
    chat.state = chat.state.model_copy(update={"catalogue_version": "an-older-catalogue"})
    chat.send("two years")
    chat.expect_notice("catalogue has been updated")
    chat.click("Resume")
    chat.expect_question("timeframe")
    assert chat.answers == {"stage": "spread", "scale": "national"}


# --- stored state ------------------------------------------------------------------------------


def test_state_round_trips_through_json(chat: Transcript) -> None:
    at_timeframe(chat)
    assert chat.state is not None
    assert ConversationState.from_json(chat.state.to_json()) == chat.state


@pytest.mark.parametrize(
    "data",
    [
        "",
        "not json",
        "[]",
        '{"schema_version": 3}',
        '{"schema_version": 1, "turn": -1}',
        '{"schema_version": 1, "flow": {"flow": "guide"}}',
        '{"schema_version": 1, "surprise": true}',
    ],
)
def test_unreadable_state_raises_value_error(data: str) -> None:
    with pytest.raises(ValueError, match="unreadable conversation state"):
        ConversationState.from_json(data)


@pytest.mark.parametrize("data", ["{garbage", '{"schema_version": 0, "flow": 3}'])
async def test_runner_replaces_unreadable_state(bot: Bot, data: str) -> None:
    store = MemoryStore()
    runner = ConversationRunner(bot, store)
    key = console_key("runner")
    await store.put(key.as_string(), data, expected_version=None, ttl_seconds=60)
    result = await runner.run_turn(IncomingMessage(key=key, text="guide"))
    assert result.replies[-1].kind == "question"
    saved = await store.get(key.as_string())
    assert saved is not None
    state = read_record(saved.data).state
    assert state.flow is not None and state.flow.step == "stage"


async def test_runner_stamps_time_so_expiry_works_end_to_end(bot: Bot) -> None:
    now = [START_TIME]
    runner = ConversationRunner(
        bot, MemoryStore(), RunnerConfig(idle_timeout_seconds=60), clock=lambda: now[0]
    )
    key = console_key("clocked")
    await runner.run_turn(IncomingMessage(key=key, text="guide"))
    await runner.run_turn(IncomingMessage(key=key, text="spread"))
    now[0] += bot.config.idle_timeout_seconds + 1
    result = await runner.run_turn(IncomingMessage(key=key, text="national"))
    assert result.answered is None
    assert any(isinstance(r, NoticeReply) and "expired" in r.text for r in result.replies)
    result = await runner.run_turn(IncomingMessage(key=key, text="resume"))
    assert result.replies[-1].kind == "question"
    state = await runner.load_state(key)
    assert state is not None and state.flow == FlowProgress(
        flow="guide",
        version=bot.flow.version,
        step="scale",
        answers=(("stage", "spread"),),
        history=("stage",),
    )


def test_state_from_another_flow_is_not_resumable(chat: Transcript) -> None:
    chat.state = ConversationState(
        flow=FlowProgress(
            flow="another-flow", version=1, step="stage", answers=(("stage", "spread"),)
        ),
        updated_at=chat.now,
    )
    chat.send("hello")
    notice = chat.expect_notice("questions have changed")
    assert [b.label for b in notice.buttons] == ["Start again"]
    chat.send("resume")
    chat.expect_notice("no guided selection to resume")
