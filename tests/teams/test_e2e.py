"""End to end over real HTTP on loopback: activities posted as Teams does, replies recorded by a
local fake of the Bot Framework connector (the activities' serviceUrl points at it).

The bot answers inside the HTTP request, so each post's response means its outgoing calls are done;
the tests still wait on the recorded calls with a deadline rather than sleeping.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from adapters.runner import ConversationRunner
from adapters.runtime import Runtime
from adapters.teams.activities import APOLOGY
from adapters.teams.app import build_app
from adapters.teams.cards import ACTION_KEY
from adapters.teams.settings import TeamsSettings
from bot.core import Bot
from storage.base import Record
from storage.memory import MemoryStore
from tests.fakes.bot_connector import ConnectorCall, FakeBotConnector
from tests.teams.conftest import TeamsServer
from tests.teams.payloads import CHANNEL, GROUP_CHAT, TeamsUser

APP_ID = "5f2b0c1e-1111-4a4a-9b9b-0123456789ab"
OK = 200


async def say(
    server: TeamsServer, connector: FakeBotConnector, activity: dict[str, Any], expect: int = 1
) -> list[ConnectorCall]:
    """Posts an activity and returns the connector calls it caused (at least `expect`)."""
    before = len(connector.calls)
    assert await server.post(activity) == OK
    await connector.wait_for_count(before + expect)
    return connector.since(before)


def _walk(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += _walk(value)
    elif isinstance(node, list):
        for value in node:
            found += _walk(value)
    return found


def submits(card: dict[str, Any] | None, kind: str | None = None) -> list[dict[str, Any]]:
    """The Action.Submit data objects on a card (optionally only one action kind)."""
    datas = [n["data"] for n in _walk(card) if n.get("type") == "Action.Submit"]
    return [d for d in datas if kind is None or d[ACTION_KEY]["kind"] == kind]


def is_question(call: ConnectorCall) -> bool:
    return call.kind in ("send", "reply") and bool(submits(call.card, "answer"))


def card_text(call: ConnectorCall) -> str:
    return " ".join(str(n.get("text", "")) for n in _walk(call.card))


def assert_plain_text_everywhere(calls: list[ConnectorCall]) -> None:
    for call in calls:
        assert call.body.get("text") or call.body.get("summary"), call.body
        assert call.authorization is None, "no-auth mode must not send tokens"


async def test_a_personal_install_sends_no_welcome(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    """A personal chat opens on the manifest's prompt starters: one or the other, not both."""
    assert await server.post(user.bot_added()) == OK
    assert await server.post(user.installed()) == OK
    assert connector.calls == []


async def test_a_group_chat_install_greets_once(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    assert await server.post(user.bot_added(user.group_chat())) == OK
    assert await server.post(user.installed(user.group_chat())) == OK
    calls = await connector.wait_for_count(1)
    assert len(calls) == 1, "conversationUpdate and installationUpdate must greet once"
    assert calls[0].conversation_id == GROUP_CHAT
    assert "Spreadbot" in card_text(calls[0])
    assert "mention me first" in card_text(calls[0])
    assert {d[ACTION_KEY]["command"] for d in submits(calls[0].card)} >= {"guide", "list"}
    assert_plain_text_everywhere(calls)


async def test_personal_lookup(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    calls = await say(server, connector, user.message("peer learning"))
    assert calls[0].conversation_id == user.personal_conversation
    assert calls[0].card is not None
    assert "peer" in card_text(calls[0]).lower()
    assert_plain_text_everywhere(calls)


async def test_a_description_of_a_situation_asks_only_what_is_open(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    """Describe -> "I understood" -> the open questions -> recommendations, in a personal chat."""
    text = "we piloted it in two trusts and want every ICB to adopt it within two years"
    calls = await say(server, connector, user.message(text), 2)
    assert "I understood: ready to spread · national · 1 to 3 years" in " ".join(
        card_text(c) + c.text for c in calls
    )
    (question,) = [c for c in calls if is_question(c)]
    assert "What can you draw on" in card_text(question)
    calls = await say(server, connector, user.message("funding and local partners"), 2)
    assert any("holding the spread back" in card_text(c) for c in calls if is_question(c))
    calls = await say(server, connector, user.message("not sure"), 2)
    assert any("Recommended methods" in card_text(c) for c in calls)
    assert_plain_text_everywhere([c for c in calls if c.kind != "update"])


async def test_channel_mention_is_answered_in_the_thread(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    activity = user.mention("help", user.channel_thread("1700000000100"))
    calls = await say(server, connector, activity)
    assert calls[0].kind == "reply"
    assert calls[0].conversation_id == f"{CHANNEL};messageid=1700000000100"
    assert calls[0].activity_id == activity["id"]
    assert "<at>" not in json.dumps(calls[0].body)
    assert_plain_text_everywhere(calls)


async def test_group_chat_mention(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    calls = await say(server, connector, user.mention("list", user.group_chat()))
    assert calls[0].conversation_id == GROUP_CHAT
    assert calls[0].card is not None


async def test_guided_selection_by_card_submits(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    calls = await say(server, connector, user.message("guide"))
    question = next(c for c in calls if is_question(c))
    for _ in range(12):
        option = submits(question.card, "answer")[0]
        if option[ACTION_KEY].get("mode") == "add":
            # A question taking several answers: a pick redraws the card, Done answers it.
            calls = await say(
                server, connector, user.submit(option, reply_to_id=question.response_id), 1
            )
            (redrawn,) = calls
            assert redrawn.kind == "update" and redrawn.activity_id == question.response_id
            assert "Selected: " in card_text(redrawn)
            option = next(
                o for o in submits(redrawn.card, "answer") if o[ACTION_KEY].get("mode") == "done"
            )
        calls = await say(
            server, connector, user.submit(option, reply_to_id=question.response_id), 2
        )
        updates = [c for c in calls if c.kind == "update"]
        # The answered card is replaced: the choice shown, its buttons gone.
        assert [u.activity_id for u in updates] == [question.response_id]
        assert submits(updates[0].card) == []
        assert "Answered:" in card_text(updates[0])
        assert_plain_text_everywhere([c for c in calls if c.kind != "update"])
        following = [c for c in calls if is_question(c)]
        if not following:
            break
        question = following[-1]
    else:
        pytest.fail("the guided selection never finished")
    assert any("Recommended methods" in card_text(c) for c in calls), "expected recommendations"


async def test_typed_answer_updates_the_last_question(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    calls = await say(server, connector, user.message("guide"))
    question = next(c for c in calls if is_question(c))
    first_label = next(
        n["title"]
        for n in _walk(question.card)
        if n.get("type") == "Action.Submit" and n["data"][ACTION_KEY]["kind"] == "answer"
    )
    calls = await say(server, connector, user.message(first_label), 2)
    assert [c.activity_id for c in calls if c.kind == "update"] == [question.response_id]
    assert any(is_question(c) for c in calls), "the next question follows"


async def answer_the_first_question(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> tuple[ConnectorCall, dict[str, Any]]:
    """Starts the guide and clicks the first option: (the question's call, the option)."""
    calls = await say(server, connector, user.message("guide"))
    first = next(c for c in calls if is_question(c))
    option = submits(first.card, "answer")[0]
    await say(server, connector, user.submit(option, reply_to_id=first.response_id), 2)
    return first, option


async def test_a_late_submit_from_an_old_card_gets_a_note_and_the_current_question(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    first, option = await answer_the_first_question(server, connector, user)
    await say(server, connector, user.message("help"))  # the conversation moves on
    calls = await say(server, connector, user.submit(option, reply_to_id=first.response_id), 2)
    assert not [c for c in calls if c.kind == "update"], "an old card is not answered twice"
    assert "moved on" in " ".join(card_text(c) + c.text for c in calls)
    current = [c for c in calls if is_question(c)]
    assert (
        current
        and submits(current[-1].card, "answer")[0][ACTION_KEY]["turn"] > option[ACTION_KEY]["turn"]
    )


async def test_a_repeated_submit_of_the_option_taken_changes_nothing(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    first, option = await answer_the_first_question(server, connector, user)
    count = len(connector.calls)
    assert await server.post(user.submit(option, reply_to_id=first.response_id)) == OK
    # The reply to the repeat would come inside its request: none came.
    assert len(connector.calls) == count


async def test_a_repeated_activity_id_is_answered_once(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    activity = user.message("help")
    await say(server, connector, activity)
    count = len(connector.calls)
    assert await server.post(activity) == OK
    assert len(connector.calls) == count


@pytest.mark.parametrize(
    ("raw", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        (b"[]", "application/json", 400),
        (b'{"type": "message"}', "application/json", 400),
        (
            b'{"type": "message", "conversation": {"id": "c"}, "serviceUrl": "ftp://x"}',
            "application/json",
            400,
        ),
        (b'{"type": 5}', "application/json", 400),
        (
            b'{"type": "message", "conversation": {"id": "c"}, "serviceUrl": "http://127.0.0.1:9/", "from": "x"}',
            "application/json",
            400,
        ),
        (b"type=message", "application/x-www-form-urlencoded", 415),
    ],
)
async def test_malformed_bodies_get_a_4xx(
    server: TeamsServer, connector: FakeBotConnector, raw: bytes, content_type: str, status: int
) -> None:
    assert await server.post(None, raw=raw, headers={"Content-Type": content_type}) == status
    assert connector.calls == []


async def test_an_oversized_body_is_refused(server: TeamsServer, user: TeamsUser) -> None:
    activity = user.message("x" * 300_000)
    assert await server.post(activity) == 413


async def test_a_failing_turn_sends_a_short_apology(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    connector.fail_next_posts = 1  # the connector refuses the answer, so the turn fails
    assert await server.post(user.message("help")) == OK
    calls = await connector.wait_for(lambda calls: any(c.text == APOLOGY for c in calls))
    assert "Traceback" not in json.dumps([c.body for c in calls])


@pytest.mark.parametrize(("status", "retry_after"), [(429, "0"), (503, None), (502, None)])
async def test_a_throttled_or_unavailable_connector_is_retried(
    server: TeamsServer,
    connector: FakeBotConnector,
    user: TeamsUser,
    status: int,
    retry_after: str | None,
) -> None:
    """The Bot Connector asks bots to retry 429 (after Retry-After) and 502-504: the answer
    arrives once, with no apology."""
    connector.fail_next_posts, connector.fail_status = 2, status
    connector.retry_after = retry_after
    assert await server.post(user.message("help")) == OK
    calls = await connector.wait_for_count(3)
    assert [c.response_id != "" for c in calls] == [False, False, True]
    assert calls[0].body == calls[2].body
    assert APOLOGY not in json.dumps([c.body for c in calls])


async def test_a_connector_that_stays_throttled_gets_up_to_four_attempts_then_an_apology(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    connector.fail_next_posts, connector.fail_status, connector.retry_after = 4, 429, "0"
    assert await server.post(user.message("help")) == OK
    calls = await connector.wait_for(lambda calls: any(c.text == APOLOGY for c in calls))
    assert len(calls) == 5  # four tries of the answer, then the apology


async def test_health(server: TeamsServer) -> None:
    async with server.session.get(f"{server.url}/healthz") as response:
        assert response.status == OK
        assert await response.json() == {"ok": True}


async def test_a_team_install_greets_in_the_channel_and_mentions_how(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    team_channel = {"isGroup": True, "conversationType": "channel", "id": CHANNEL}
    calls = await say(server, connector, user.bot_added(team_channel))
    assert calls[0].conversation_id == CHANNEL
    assert "mention me first, for example: @Spreadbot guide" in card_text(calls[0])
    upgrade = user.installed(team_channel)
    upgrade["action"] = "add-upgrade"
    assert await server.post(upgrade) == OK
    assert len(connector.calls) == 1, "an upgrade is not a new install"


async def test_someone_else_joining_is_not_greeted(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    activity = user.bot_added(user.group_chat())
    activity["membersAdded"] = [{"id": "29:someone-else"}]
    assert await server.post(activity) == OK
    assert connector.calls == []


async def test_a_button_we_no_longer_understand_gets_a_note(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    calls = await say(
        server, connector, user.submit({ACTION_KEY: {"kind": "retired"}}, reply_to_id="x")
    )
    assert "no longer understand" in calls[0].text


class StuckStore(MemoryStore):
    """A store whose reads never finish, as a hung Redis would behave."""

    async def get(self, key: str) -> Record | None:
        await asyncio.Event().wait()
        return None


async def test_a_stuck_turn_is_abandoned_with_an_apology_inside_the_window(
    core_bot: Bot, connector: FakeBotConnector, user: TeamsUser, no_internet: list[str]
) -> None:
    store = StuckStore()
    runtime = Runtime(core_bot, store, ConversationRunner(core_bot, store))
    runner = web.AppRunner(build_app(TeamsSettings(turn_deadline_seconds=0.3), runtime))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/api/messages"
    try:
        async with aiohttp.ClientSession() as session:
            async with asyncio.timeout(5):
                async with session.post(url, json=user.message("help")) as response:
                    assert response.status == OK
        calls = await connector.wait_for_count(1)
        assert calls[0].text == APOLOGY
    finally:
        await runner.cleanup()
