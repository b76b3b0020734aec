"""End to end against a fake Bot Connector that misbehaves as the real one does: throttled, busy
or slow, refusing bodies over 40 KB. Every answer arrives once, the request is answered inside
Teams' window (what is not sent by then follows proactively), no apology follows an answer that
got through, and invokes the bot does not use get a valid invoke response."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.teams.activities import APOLOGY
from adapters.teams.app import read_activity
from adapters.teams.connector import ConnectorClients
from adapters.teams.outbox import SEND_LIMIT_BYTES, TeamsOutbox
from adapters.teams.settings import TeamsSettings
from adapters.turns import Delivery
from bot.core import Bot
from bot.replies import TextReply
from bot.views import SHORTENED
from tests.fakes.bot_connector import FakeBotConnector
from tests.logwatch import watching
from tests.teams.conftest import TeamsServer, start_server
from tests.teams.payloads import TeamsUser
from tests.teams.test_e2e import ACTION_KEY, is_question, say, submits

OK = 200


def apologies(connector: FakeBotConnector) -> list[str]:
    return [c.text for c in connector.calls if c.text == APOLOGY]


async def serve(bot: Bot, **settings: Any) -> AsyncIterator[TeamsServer]:
    runner, served = await start_server(TeamsSettings(**settings), bot)
    yield served
    await served.session.close()
    await runner.cleanup()
    await served.runtime.close()


@pytest.mark.parametrize("status", [412, 429, 502, 503, 504])
async def test_a_busy_throttled_or_unavailable_connector_is_retried(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser, status: int
) -> None:
    connector.statuses = [status]
    connector.retry_after = "0"
    assert await server.post(user.message("help")) == OK
    calls = await connector.wait_for_count(2)
    assert [c.status for c in calls] == [status, 200]
    assert calls[0].body == calls[1].body and not apologies(connector)


async def test_a_connector_refusing_connections_for_a_moment_is_ridden_out(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    port = await connector.refuse()
    with watching("adapters.teams.connector") as watch:
        pending = asyncio.ensure_future(server.post(user.message("help")))
        await watch.wait_for(lambda r: "ClientConnectorError" in r.getMessage())
        await connector.accept(port)
        assert await pending == OK
    (call,) = await connector.wait_for_count(1)
    assert call.status == 200 and call.text != APOLOGY


async def test_a_slow_connector_answers_the_request_in_time_and_never_apologises(
    core_bot: Bot, connector: FakeBotConnector, user: TeamsUser
) -> None:
    """The answered card and the next question take longer than the reply window (and the
    turn deadline): the request is answered at the window, the rest follows, with no apology."""
    async for server in serve(core_bot, reply_window_seconds=0.5, turn_deadline_seconds=1.0):
        calls = await say(server, connector, user.message("guide"))
        question = next(c for c in calls if is_question(c))
        option = submits(question.card, "answer")[0]
        if option[ACTION_KEY].get("mode", "pick") != "pick":
            pytest.skip("the first question takes several answers")
        connector.delay = 1.0  # the card update and the next question: 2 s, past the deadline
        before = len(connector.calls)
        started = time.monotonic()
        assert await server.post(user.submit(option, reply_to_id=question.response_id)) == OK
        assert time.monotonic() - started < 1.5, "answered at the window, not after the sends"
        await connector.wait_for(
            lambda calls, start=before: any(is_question(c) for c in calls[start:]), timeout=10
        )
        after = connector.since(before)
        assert [c.kind for c in after][0] == "update" and any(is_question(c) for c in after)
        assert not apologies(connector)


async def test_a_connector_holding_replies_does_not_hold_the_request(
    core_bot: Bot, connector: FakeBotConnector, user: TeamsUser
) -> None:
    async for server in serve(core_bot, reply_window_seconds=0.3):
        connector.hold = asyncio.Event()
        started = time.monotonic()
        assert await server.post(user.message("help")) == OK
        assert time.monotonic() - started < 2.0
        connector.hold.set()
        (call,) = await connector.wait_for_count(1)
        assert call.status == 200 and call.text != APOLOGY


async def test_two_submits_of_one_option_at_once_answer_once(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    calls = await say(server, connector, user.message("guide"))
    question = next(c for c in calls if is_question(c))
    option = submits(question.card, "answer")[0]
    before = len(connector.calls)
    statuses = await asyncio.gather(
        *(server.post(user.submit(option, reply_to_id=question.response_id)) for _ in range(2))
    )
    assert statuses == [OK, OK]
    after = connector.since(before)  # each request returns once its replies are out
    assert [c.kind for c in after].count("update") == 1
    assert len([c for c in after if is_question(c)]) == 1
    assert not [c for c in after if "moved on" in json.dumps(c.body)]


# --- size ------------------------------------------------------------------------------------


async def test_an_activity_too_large_for_the_connector_is_sent_as_shorter_text(
    connector: FakeBotConnector, user: TeamsUser
) -> None:
    """The renderers keep cards inside their budget; whatever still comes out too large (here a
    very long text) is caught at the door and sent as its plain text, cut, never refused."""
    incoming = read_activity(user.message("help"))
    clients = ConnectorClients(None)
    try:
        outbox = await TeamsOutbox.open(clients, None, incoming)
        (sent,) = await outbox.send([TextReply(text="A long answer. " * 3000)])
    finally:
        await clients.close()
    assert sent.delivery is Delivery.SENT
    (call,) = connector.calls
    assert call.status == 200 and call.text.endswith(SHORTENED)
    assert len(json.dumps(call.body).encode("utf-16-le")) <= SEND_LIMIT_BYTES


async def test_a_card_the_connector_refuses_as_too_large_is_sent_smaller(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    connector.max_body_bytes = 20_000  # below the shipped catalogue's list card
    calls = await say(server, connector, user.message("list"), expect=2)
    assert [c.status for c in calls] == [413, 200]
    assert calls[0].card is not None and calls[1].card is None
    assert "Approaches" in calls[1].text or "approach" in calls[1].text.lower()
    assert not apologies(connector)


# --- invokes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "adaptiveCard/action",
            {"statusCode": 200, "type": "application/vnd.microsoft.activity.message"},
        ),
        (
            "composeExtension/query",
            {"composeExtension": {"type": "result", "attachmentLayout": "list", "attachments": []}},
        ),
        ("composeExtension/submitAction", {"composeExtension": {"type": "message"}}),
        ("task/fetch", {"task": {"type": "message"}}),
        ("task/submit", {"task": {"type": "message"}}),
        ("signin/verifyState", None),
        ("something/new", None),
    ],
)
async def test_invokes_the_bot_does_not_use_get_a_valid_invoke_response(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser, name: str, expected: Any
) -> None:
    activity = user.message("") | {"type": "invoke", "name": name, "value": {"action": {}}}
    async with server.session.post(f"{server.url}/api/messages", json=activity) as response:
        assert response.status == OK
        body = await response.read()
    if expected is None:
        assert body in (b"", b"null")
        return
    answer = json.loads(body)
    for key, value in expected.items():
        if isinstance(value, dict):
            assert answer[key].items() >= value.items(), answer
        else:
            assert answer[key] == value, answer
    assert connector.calls == []


async def test_a_body_nested_past_reason_gets_400(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    for depth in (10_000, 100_000):
        raw = json.dumps(user.message("hi")).replace('"hi"', "[" * depth + "]" * depth)
        assert await server.post(None, raw=raw.encode()) == 400
    deep_value = json.dumps(user.message("hi") | {"value": "x"})
    raw = deep_value.replace('"x"', '{"a":' * 10_000 + "1" + "}" * 10_000)
    assert await server.post(None, raw=raw.encode()) == 400
    assert connector.calls == []
    assert await server.post(user.message("help")) == OK


@pytest.mark.parametrize(
    ("extra", "kind", "reason"),
    [
        ({"type": "typing"}, "typing", "an activity Spreadbot does not use"),
        (
            {"type": "messageReaction", "reactionsAdded": [{"type": "like"}]},
            "messageReaction",
            "an activity Spreadbot does not use",
        ),
        (
            {"type": "conversationUpdate", "membersRemoved": [{"id": "29:x"}]},
            "conversationUpdate",
            "no one was added",
        ),
        ({"type": "installationUpdate", "action": "remove"}, "installationUpdate", "removed"),
        (
            {"type": "message", "text": "", "value": {"other": 1}},
            "message",
            "no text and no action of ours",
        ),
    ],
)
async def test_what_the_bot_does_not_use_is_acknowledged_with_a_line_saying_why(
    server: TeamsServer,
    connector: FakeBotConnector,
    user: TeamsUser,
    extra: dict[str, Any],
    kind: str,
    reason: str,
) -> None:
    with watching("adapters.events") as watch:
        assert await server.post(user.message("") | extra) == OK
    (line,) = [r for r in watch.records if getattr(r, "kind", "") == kind]
    assert line.levelname == "DEBUG" and line.reason == reason  # type: ignore[attr-defined]
    assert connector.calls == []
