"""Fixtures for the Slack adapter: the fake Slack, the bot's real HTTP server, a signing client."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest

from adapters.runtime import CoreSettings, Runtime, build_bot, build_runtime
from adapters.slack.app import METHOD_SCOPES
from adapters.slack.server import HttpServer, start_http
from adapters.slack.settings import SlackSettings
from bot.core import Bot
from tests.fakes.slack_api import FakeSlack
from tests.slack.payloads import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, TEAM, signature_headers


def signed_event(event: dict[str, Any], event_id: str) -> tuple[bytes, dict[str, str]]:
    """An event's body and the headers Slack sends with it, signed now."""
    body = json.dumps(event_envelope(event, event_id)).encode()
    return body, {"Content-Type": "application/json", **signature_headers(body)}


@pytest.fixture(scope="session")
def shared_bot() -> Bot:
    # Loading the catalogue once keeps the suite fast; each test still gets its own store.
    return build_bot(CoreSettings.from_env({"SPREADBOT_STATE_URL": "memory://"}))


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack(bot_token=BOT_TOKEN, app_token=APP_TOKEN, team_id=TEAM).start()
    yield server
    await server.close()
    # Every Web API method the bot called is one the manifest test knows the scope of.
    used = {c.method for c in server.calls} - {"response_url", "socket_ack"}
    assert used <= set(METHOD_SCOPES), used - set(METHOD_SCOPES)


def slack_env(fake: FakeSlack, **extra: str) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "SPREADBOT_STATE_URL": "memory://",
        **extra,
    }


@pytest.fixture
async def runtime(fake: FakeSlack, shared_bot: Bot) -> AsyncIterator[Runtime]:
    rt = await build_runtime(CoreSettings.from_env(slack_env(fake)), bot=shared_bot)
    yield rt
    await rt.close()


def quick_settings(fake: FakeSlack, **extra: str) -> SlackSettings:
    """Settings for the fake, with retries that wait a hundredth of a second to begin with."""
    return replace(SlackSettings.from_env(slack_env(fake, **extra)), retry_backoff_seconds=0.01)


@pytest.fixture
async def server(fake: FakeSlack, runtime: Runtime) -> AsyncIterator[HttpServer]:
    srv = await start_http(quick_settings(fake), runtime, "127.0.0.1", 0)
    yield srv
    await srv.close()


@dataclass
class Sent:
    status: int
    body: str


class SlackSender:
    """Sends requests to the bot the way Slack does: signed, form- or JSON-encoded."""

    def __init__(self, session: aiohttp.ClientSession, url: str, fake: FakeSlack) -> None:
        self.session, self.url, self.fake = session, url, fake
        self._ids = itertools.count(1)

    def next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):04d}"

    async def post(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signed: bool = True,
        headers: dict[str, str] | None = None,
    ) -> Sent:
        all_headers = {"Content-Type": content_type, **(headers or {})}
        if signed:
            all_headers |= signature_headers(body, timestamp)
        async with self.session.post(self.url, data=body, headers=all_headers) as resp:
            return Sent(resp.status, await resp.text())

    async def event(self, event: dict[str, Any], *, event_id: str | None = None, **kw: Any) -> Sent:
        envelope = event_envelope(event, event_id or self.next_id("Ev"))
        return await self.post(json.dumps(envelope).encode(), "application/json", **kw)

    async def command(
        self, text: str, *, user: str = "U0ALICE", channel: str = "C0GENERAL"
    ) -> Sent:
        form = {
            "token": "legacy",
            "team_id": TEAM,
            "team_domain": "test",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": "alice",
            "command": "/spread",
            "text": text,
            "api_app_id": "A0APP",
            "response_url": self.fake.response_url(self.next_id("cmd")),
            "trigger_id": self.next_id("trig."),
        }
        return await self.post(urlencode(form).encode(), "application/x-www-form-urlencoded")

    async def interaction(self, payload: dict[str, Any], **kw: Any) -> Sent:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return await self.post(body, "application/x-www-form-urlencoded", **kw)


def event_envelope(event: dict[str, Any], event_id: str) -> dict[str, Any]:
    return {
        "token": "legacy",
        "team_id": TEAM,
        "api_app_id": "A0APP",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM, "user_id": "UBOTSPREAD", "is_bot": True}],
    }


@pytest.fixture
async def slack(server: HttpServer, fake: FakeSlack) -> AsyncIterator[SlackSender]:
    async with aiohttp.ClientSession() as session:
        yield SlackSender(session, f"http://127.0.0.1:{server.port}/slack/events", fake)


@pytest.fixture
def ts_counter() -> Iterator[str]:
    return (f"1710000000.{n:06d}" for n in itertools.count(1))
