"""End to end: hostile signature headers never reach a 500; a failing state store still gets the
user an apology, never silence or a stack trace."""

from __future__ import annotations

import json
import time

import aiohttp

from adapters.runner import ConversationRunner
from adapters.runtime import Runtime
from adapters.slack.server import start_http
from adapters.slack.settings import SlackSettings
from bot.core import Bot
from storage.base import LogEntry, Record, StateStore, StoreError
from tests.fakes.slack_api import FakeSlack
from tests.slack.conftest import SlackSender, event_envelope, slack_env
from tests.slack.payloads import dm


async def test_hostile_signature_headers_get_401_not_500(slack: SlackSender) -> None:
    body = json.dumps(event_envelope(dm("hello", ts="1710000600.000100"), "EvH1")).encode()
    now = str(int(time.time()))
    for headers in (
        {"X-Slack-Request-Timestamp": "9" * 5000, "X-Slack-Signature": "v0=" + "0" * 64},
        {"X-Slack-Request-Timestamp": now, "X-Slack-Signature": "v0=\u00e9" + "0" * 63},
        {"X-Slack-Request-Timestamp": "\u0661\u0662", "X-Slack-Signature": "v0=" + "0" * 64},
    ):
        sent = await slack.post(body, "application/json", signed=False, headers=headers)
        assert sent.status == 401, headers["X-Slack-Request-Timestamp"][:20]


class BrokenStore(StateStore):
    """A store whose server has gone away: every call fails as the real backends do."""

    async def get(self, key: str) -> Record | None:
        raise StoreError("SPREADBOT_STATE_URL: the server went away")

    async def put(
        self, key: str, data: str, *, expected_version: int | None, ttl_seconds: float
    ) -> int:
        raise StoreError("SPREADBOT_STATE_URL: the server went away")

    async def delete(self, key: str, *, expected_version: int | None = None) -> None:
        raise StoreError("SPREADBOT_STATE_URL: the server went away")

    async def claim(self, token: str, *, ttl_seconds: float) -> bool:
        raise StoreError("SPREADBOT_STATE_URL: the server went away")

    async def append(self, log: str, data: str, *, at: float, ttl_seconds: float) -> None:
        raise StoreError("SPREADBOT_STATE_URL: the server went away")

    async def scan(self, log: str, *, since: float = 0.0) -> list[LogEntry]:
        raise StoreError("SPREADBOT_STATE_URL: the server went away")


async def test_a_failing_store_gets_the_user_an_apology(fake: FakeSlack, shared_bot: Bot) -> None:
    store = BrokenStore()
    runtime = Runtime(shared_bot, store, ConversationRunner(shared_bot, store))
    server = await start_http(SlackSettings.from_env(slack_env(fake)), runtime, "127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{server.port}/slack/events"
            sender = SlackSender(session, url, fake)
            assert (await sender.event(dm("what is GIRFT?", ts="1710000700.000100"))).status == 200
            (call,) = await fake.wait_for("chat.postMessage")
            assert "something went wrong" in json.dumps(call.args)
            assert "Traceback" not in json.dumps(call.args)
            # A slash command runs its turn after the ack and apologises the same way.
            assert (await sender.command("GIRFT")).status == 200
            await fake.wait_for(
                "response_url", lambda c: "something went wrong" in json.dumps(c.args)
            )
    finally:
        await server.close()
