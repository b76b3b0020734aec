"""End to end: which Slack events are answered and which are left alone (each with its log line),
one answer per message however many times or ways it is delivered, one answer per click however
many times it is clicked, and 4xx (never 5xx) for bodies nested past reason or interactions of an
unknown shape."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.fakes.slack_api import Call, FakeSlack
from tests.logwatch import LogWatch, watching
from tests.slack.conftest import SlackSender, event_envelope
from tests.slack.payloads import buttons, click, dm, mention


def is_question(call: Call) -> bool:
    return call.args.get("text", "").startswith("Question ")


def outcome(kind: str, result: str) -> Any:
    return lambda r: getattr(r, "kind", "") == kind and getattr(r, "outcome", "") == result


@pytest.fixture
def events() -> Any:
    with watching("adapters.events") as watch:
        yield watch


@pytest.mark.parametrize(
    ("event", "kind"),
    [
        (
            dm("what is GIRFT?", ts="1710006000.000100", subtype="file_share", files=[{}]),
            "message/file_share",
        ),
        (
            mention("what is GIRFT?", ts="1710006000.000200", thread_ts="1710006000.000100")
            | {"subtype": "thread_broadcast"},
            "app_mention/thread_broadcast",
        ),
    ],
)
async def test_message_subtypes_with_a_persons_words_are_answered(
    slack: SlackSender, fake: FakeSlack, events: LogWatch, event: dict[str, Any], kind: str
) -> None:
    await slack.event(event)
    (answer,) = await fake.wait_for("chat.postMessage")
    assert "GIRFT" in answer.args["text"]
    await events.wait_for(outcome(kind, "answered"))


@pytest.mark.parametrize(
    ("event", "reason"),
    [
        (dm("edited", ts="1710006100.000100", subtype="message_changed"), "an edit"),
        (dm("", ts="1710006100.000200", subtype="message_deleted"), "a deletion"),
        (dm("beep", ts="1710006100.000300", subtype="bot_message", bot_id="B0"), "a bot's message"),
        (
            dm("joined", ts="1710006100.000400", subtype="channel_join"),
            "a system message (channel_join)",
        ),
    ],
)
async def test_edits_deletions_bot_and_system_messages_are_ignored_saying_why(
    slack: SlackSender, fake: FakeSlack, events: LogWatch, event: dict[str, Any], reason: str
) -> None:
    assert (await slack.event(event)).status == 200
    line = await events.wait_for(lambda r: getattr(r, "reason", "") == reason)
    assert line.levelno == logging.DEBUG and line.outcome == "ignored"  # type: ignore[attr-defined]
    assert fake.recorded("chat.postMessage") == []  # the ignore came before any reply could


async def test_one_message_under_two_event_ids_is_answered_once(
    slack: SlackSender, fake: FakeSlack, events: LogWatch
) -> None:
    message = dm("what is GIRFT?", ts="1710006200.000100")
    await asyncio.gather(
        slack.event(message, event_id="EvSAME1"), slack.event(message, event_id="EvSAME2")
    )
    await events.wait_for(outcome("message", "duplicate"))
    await events.wait_for(outcome("message", "answered"))
    assert len(fake.recorded("chat.postMessage")) == 1


async def test_an_edited_mention_is_not_answered_again(
    slack: SlackSender, fake: FakeSlack, events: LogWatch
) -> None:
    """Editing a message that mentions the bot re-sends the mention under a new event id."""
    original = mention("what is GIRFT?", ts="1710006300.000100")
    await slack.event(original, event_id="EvEDIT1")
    await fake.wait_for("chat.postMessage")
    edited = original | {"text": original["text"] + " please", "edited": {"ts": "1710006310.1"}}
    await slack.event(edited, event_id="EvEDIT2")
    await events.wait_for(outcome("app_mention", "duplicate"))
    assert len(fake.recorded("chat.postMessage")) == 1


async def test_a_timed_out_delivery_retried_by_slack_is_answered_when_never_seen(
    slack: SlackSender, fake: FakeSlack
) -> None:
    """The first attempt timed out on the way (or the instance restarted): Slack's retry is the
    only delivery there will be."""
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    sent = await slack.event(
        dm("what is GIRFT?", ts="1710006400.000100"), event_id="EvTIMEDOUT", headers=retry
    )
    assert sent.status == 200
    (answer,) = await fake.wait_for("chat.postMessage")
    assert "GIRFT" in answer.args["text"]


# --- clicks ------------------------------------------------------------------------------------


async def first_question(slack: SlackSender, fake: FakeSlack, ts: str) -> Call:
    await slack.event(dm("guide", ts=ts))
    (question,) = await fake.wait_for("chat.postMessage", is_question)
    return question


def click_on(fake: FakeSlack, question: Call, option: int = 0) -> dict[str, Any]:
    options = [b for b in buttons(question.blocks) if ":o:" in b.action_id]
    return click(
        options[option],
        channel="D0ALICE",
        message_ts=question.response["ts"],
        response_url=fake.response_url("click"),
    )


async def test_two_clicks_on_one_button_at_once_answer_once(
    slack: SlackSender, fake: FakeSlack, events: LogWatch
) -> None:
    question = await first_question(slack, fake, "1710006500.000100")
    mark = fake.mark()
    payload = click_on(fake, question)
    sent = await asyncio.gather(slack.interaction(payload), slack.interaction(payload))
    assert [s.status for s in sent] == [200, 200]
    await events.wait_for(outcome("block_actions", "repeated click"))
    await events.wait_for(outcome("block_actions", "answered"))
    posts = fake.recorded("chat.postMessage", after=mark)
    assert len([c for c in posts if is_question(c)]) == 1, "the next question, once"
    assert not [c for c in posts if "moved on" in c.args["text"]]
    assert len(fake.recorded("chat.update", after=mark)) == 1


async def test_a_late_click_on_an_answered_card_gets_the_polite_note(
    slack: SlackSender, fake: FakeSlack, events: LogWatch
) -> None:
    question = await first_question(slack, fake, "1710006600.000100")
    await slack.interaction(click_on(fake, question))
    await events.wait_for(outcome("block_actions", "answered"))
    mark = fake.mark()
    await slack.event(dm("help", ts="1710006600.000300"))
    await fake.wait_for("chat.postMessage", after=mark, count=2)  # help, then the question
    mark = fake.mark()
    await slack.interaction(click_on(fake, question, option=1))
    (note, *_) = await fake.wait_for("chat.postMessage", after=mark)
    assert "moved on" in note.args["text"]
    assert fake.recorded("chat.update", after=mark) == [], "an answered card stays answered"


async def test_a_typed_answer_closes_the_question_card_it_answers(
    slack: SlackSender, fake: FakeSlack
) -> None:
    question = await first_question(slack, fake, "1710006700.000100")
    label = [b for b in buttons(question.blocks) if ":o:" in b.action_id][0].label
    mark = fake.mark()
    await slack.event(dm(label, ts="1710006700.000200"))
    (update,) = await fake.wait_for("chat.update", after=mark)
    assert update.args["ts"] == question.response["ts"] and buttons(update.blocks) == []


# --- 4xx, never 5xx -------------------------------------------------------------------------------


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [10_000, 100_000])
async def test_a_body_nested_past_reason_gets_400_signed_and_401_unsigned(
    slack: SlackSender, fake: FakeSlack, depth: int
) -> None:
    envelope = json.dumps(event_envelope(dm("hi", ts="1710006800.000100"), "EvDEEP"))
    body = envelope.replace('"hi"', nested(depth)).encode()
    assert (await slack.post(body, "application/json")).status == 400
    assert (await slack.post(body, "application/json", signed=False)).status == 401
    form = urlencode({"payload": '{"type": "block_actions", "actions": ' + nested(depth) + "}"})
    assert (await slack.post(form.encode(), "application/x-www-form-urlencoded")).status == 400
    assert fake.calls[1:] == []  # nothing but the start-up auth.test


UNKNOWN_SHAPES = [
    {"type": "view_submission", "user": {"id": "U0ALICE"}, "view": {"id": "V1"}},
    {"type": "view_submission", "user": {"id": "U0ALICE"}},
    {"type": "view_closed", "user": {"id": "U0ALICE"}, "view": "V1"},
    {"type": "interactive_message", "user": {"id": "U0ALICE"}, "callback_id": "c"},
    {"type": "interactive_message", "user": {"id": "U0ALICE"}, "callback_id": "c", "actions": []},
    {"type": "shortcut", "user": {"id": "U0ALICE"}},
    {"type": "message_action", "user": {"id": "U0ALICE"}, "callback_id": 5},
    {"type": "block_suggestion", "user": {"id": "U0ALICE"}, "block_id": "b"},
]


@pytest.mark.parametrize("payload", UNKNOWN_SHAPES)
async def test_interactions_of_an_unknown_shape_get_400_and_401_unsigned(
    slack: SlackSender, payload: dict[str, Any]
) -> None:
    assert (await slack.interaction(payload)).status == 400
    assert (await slack.interaction(payload, signed=False)).status == 401


async def test_a_well_formed_interaction_the_bot_does_not_use_is_acknowledged(
    slack: SlackSender, fake: FakeSlack, events: LogWatch
) -> None:
    payload = {
        "type": "view_submission",
        "user": {"id": "U0ALICE"},
        "view": {"id": "V1", "type": "modal", "callback_id": "x", "state": {"values": {}}},
    }
    assert (await slack.interaction(payload)).status == 200
    await events.wait_for(lambda r: getattr(r, "kind", "") == "view_submission")
