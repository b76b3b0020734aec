"""Slack payloads -> IncomingMessage: keys, mention stripping, what is ignored, what is malformed."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from adapters.platform import Platform
from adapters.slack.parse import (
    Ignored,
    Inbound,
    MalformedPayload,
    PayloadKind,
    classify,
    decode_body,
    from_click,
    from_command,
    from_event,
    plain_text,
)
from bot.messages import AnswerAction, Command, CommandAction
from tests.slack.conftest import event_envelope
from tests.slack.payloads import BOT, TEAM, ButtonInfo, click, dm, home_click, mention

GUIDE = json.dumps({"command": "guide", "kind": "command"})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (f"<@{BOT}> what is GIRFT?", "what is GIRFT?"),
        (f"<@{BOT}|spreadbot>   guide", "guide"),
        (f"compare <@{BOT}> GIRFT and fellowships", "compare GIRFT and fellowships"),
        ("<@U0BOB|bob> and <#C123|general>", "@bob and #general"),
        ("<!here> <!subteam^S1|@nurses> look", "@here @nurses look"),
        (
            "see <https://x.example/a?b=1&amp;c=2|the page> and <https://y.example>",
            "see the page and https://y.example",
        ),
        ("A&amp;E &lt;b&gt;", "A&E <b>"),
        ("  many\n\nlines\there  ", "many lines here"),
    ],
)
def test_plain_text_strips_the_bots_mention_and_slack_markup(raw: str, expected: str) -> None:
    assert plain_text(raw, BOT) == expected


def test_a_leading_mention_is_stripped_even_before_the_bot_id_is_known() -> None:
    assert plain_text("<@U0SOMEONE> list", None) == "list"


def test_a_mention_in_a_channel_is_keyed_by_its_thread_and_answered_there() -> None:
    inbound = from_event(event_envelope(mention("what is GIRFT?", ts="11.1"), "Ev1"), BOT)
    assert isinstance(inbound, Inbound)
    key = inbound.message.key
    assert (key.platform, key.workspace, key.channel, key.thread, key.user) == (
        Platform.SLACK,
        TEAM,
        "C0GENERAL",
        "11.1",
        "U0ALICE",
    )
    assert inbound.message.text == "what is GIRFT?"
    assert (inbound.place.channel, inbound.place.thread_ts, inbound.place.response_url) == (
        "C0GENERAL",
        "11.1",
        None,
    )

    threaded = from_event(event_envelope(mention("1", ts="11.5", thread_ts="11.1"), "Ev2"), BOT)
    assert isinstance(threaded, Inbound) and threaded.message.key == key


def test_a_direct_message_is_one_conversation_whatever_the_thread() -> None:
    top = from_event(event_envelope(dm("guide", ts="12.1"), "Ev1"), BOT)
    threaded = from_event(event_envelope(dm("1", ts="12.2", thread_ts="12.1"), "Ev2"), BOT)
    assert isinstance(top, Inbound) and isinstance(threaded, Inbound)
    assert top.message.key == threaded.message.key and top.message.key.thread == ""
    assert top.place.thread_ts is None and threaded.place.thread_ts == "12.1"


@pytest.mark.parametrize(
    ("event", "reason"),
    [
        (dm("hi", ts="1.1", bot_id="B0OTHER", subtype="bot_message"), "a bot's message"),
        (dm("hi", ts="1.1", bot_id="B0OTHER"), "a bot's message"),
        (dm("hi", ts="1.1", user=BOT), "a bot's message"),
        (dm("hi", ts="1.1", subtype="message_changed"), "an edit"),
        (dm("hi", ts="1.1", subtype="message_deleted"), "a deletion"),
        (dm("hi", ts="1.1", subtype="channel_join"), "a system message (channel_join)"),
        (dm("", ts="1.1", subtype="file_share", files=[{"id": "F1"}]), "no text (file_share)"),
        ({**dm("hi", ts="1.1"), "channel_type": "channel"}, "not a mention or a direct message"),
        # Answered as its message.im instead:
        ({**mention("hi", ts="1.1"), "channel": "D0ALICE"}, "a mention in a direct chat"),
        (
            {k: v for k, v in dm("hi", ts="1.1").items() if k != "user"},
            "no user, channel or ts",
        ),
        (
            {"type": "reaction_added", "user": "U0ALICE", "item": {}},
            "no user, channel or ts",
        ),
    ],
)
def test_what_is_not_for_the_bot_is_ignored_with_the_reason(
    event: dict[str, object], reason: str
) -> None:
    assert from_event(event_envelope(event, "Ev1"), BOT) == Ignored(reason)


@pytest.mark.parametrize(
    "event",
    [
        dm("what is GIRFT?", ts="1.1", subtype="file_share", files=[{"id": "F1"}]),
        mention("what is GIRFT?", ts="1.2", thread_ts="1.1") | {"subtype": "thread_broadcast"},
        dm("what is GIRFT?", ts="1.1", subtype="thread_broadcast", thread_ts="0.9"),
        dm("what is GIRFT?", ts="1.1", subtype="me_message"),
    ],
)
def test_message_subtypes_carrying_a_persons_words_are_answered(event: dict[str, object]) -> None:
    inbound = from_event(event_envelope(event, "Ev1"), BOT)
    assert isinstance(inbound, Inbound)
    assert inbound.message.text == "what is GIRFT?"
    assert inbound.identity == f"{TEAM}/{event['channel']}/{event['ts']}"


def test_slash_command_words_are_the_typed_words_and_alone_mean_help() -> None:
    form = {
        "team_id": TEAM,
        "channel_id": "C0",
        "user_id": "U0",
        "command": "/spread",
        "text": "guide",
        "response_url": "http://127.0.0.1/r",
    }
    inbound = from_command(form, BOT)
    assert inbound.message.text == "guide"
    assert inbound.message.key.thread == "" and inbound.place.response_url == "http://127.0.0.1/r"
    assert from_command({**form, "text": "  "}, BOT).message.text == "help"


def test_a_click_on_a_thread_card_continues_that_threads_conversation() -> None:
    value = json.dumps(
        {"flow": "guide", "kind": "answer", "option": "o", "step": "s", "turn": 2, "version": 1}
    )
    payload = click(
        ButtonInfo("spreadbot:o:0", "O", value),
        channel="C0GENERAL",
        message_ts="20.2",
        thread_ts="20.1",
        response_url="http://127.0.0.1/r",
    )
    inbound = from_click(payload)
    assert inbound is not None
    assert inbound.message.key.thread == "20.1" and inbound.message.key.channel == "C0GENERAL"
    assert isinstance(inbound.message.action, AnswerAction) and inbound.message.action.turn == 2
    assert inbound.clicked is not None and inbound.clicked.ts == "20.2"
    assert inbound.place.thread_ts == "20.1" and inbound.place.response_url is None


def test_a_click_on_a_private_card_answers_privately() -> None:
    payload = click(
        ButtonInfo("spreadbot:c:0", "Guide", GUIDE),
        channel="C0GENERAL",
        message_ts=None,
        ephemeral=True,
        response_url="http://127.0.0.1/r",
    )
    inbound = from_click(payload)
    assert inbound is not None
    assert inbound.place.response_url == "http://127.0.0.1/r" and inbound.clicked is not None
    assert inbound.clicked.ts is None and inbound.message.key.thread == ""


def test_a_click_in_app_home_runs_in_the_direct_chat() -> None:
    inbound = from_click(
        home_click(ButtonInfo("spreadbot:h:0", "Start", GUIDE), private_metadata="D0ALICE")
    )
    assert inbound is not None
    assert inbound.message.key.channel == "D0ALICE" and inbound.place.channel == "D0ALICE"
    assert inbound.message.action == CommandAction(command=Command.GUIDE)
    assert inbound.clicked is None


@pytest.mark.parametrize(
    "button",
    [
        ButtonInfo("other:app", "X", GUIDE),
        ButtonInfo("spreadbot:o:0", "X", "not json"),
        ButtonInfo("spreadbot:o:0", "X", '{"kind": "launch"}'),
    ],
)
def test_foreign_or_unreadable_buttons_are_ignored(button: ButtonInfo) -> None:
    assert (
        from_click(click(button, channel="C0", message_ts="1.1", response_url="http://127.0.0.1/r"))
        is None
    )


def test_bodies_are_decoded_and_classified() -> None:
    event = json.dumps(event_envelope(dm("x", ts="1.1"), "Ev1"))
    assert classify(decode_body(event, "application/json")) is PayloadKind.EVENT
    command = urlencode(
        {"team_id": "T", "channel_id": "C", "user_id": "U", "command": "/spread", "text": ""}
    )
    assert (
        classify(decode_body(command, "application/x-www-form-urlencoded")) is PayloadKind.COMMAND
    )
    action = click(
        ButtonInfo("spreadbot:o:0", "X", GUIDE), channel="C", message_ts="1", response_url="u"
    )
    form = urlencode({"payload": json.dumps(action)})
    assert classify(decode_body(form, "application/x-www-form-urlencoded")) is PayloadKind.ACTION
    assert classify({"type": "app_rate_limited", "minute_rate_limited": 1}) is PayloadKind.OTHER
    assert classify({"ssl_check": "1", "token": "t"}) is PayloadKind.SSL_CHECK


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        ("{nope", "application/json"),
        ("[]", "application/json"),
        ("payload=%7B", "application/x-www-form-urlencoded"),
        ("a=1&&&=", "application/x-www-form-urlencoded"),
        ("just words", "text/plain"),
    ],
)
def test_undecodable_bodies_are_malformed(raw: str, content_type: str) -> None:
    with pytest.raises(MalformedPayload):
        classify(decode_body(raw, content_type))
