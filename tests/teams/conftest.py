"""Fixtures for the Teams adapter: the fake connector, and the bot on loopback.

The bot and the fake connector run on 127.0.0.1 (port 0) in the test's event loop; DNS lookups of
anything else fail the test, so nothing can reach the internet unnoticed.
"""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from adapters.runtime import CoreSettings, Runtime, build_bot, build_runtime
from adapters.teams.app import build_app
from adapters.teams.connector import OutgoingTokens
from adapters.teams.settings import TeamsSettings
from bot.core import Bot
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.payloads import TeamsUser

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@pytest.fixture
def no_internet(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Refuses (and records) name lookups of anything but loopback, in every thread."""
    attempts: list[str] = []
    real = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in _LOOPBACK:
            attempts.append(name)
            raise OSError(f"test blocked a lookup of {name}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    yield attempts


@pytest.fixture(scope="session")
def core_bot() -> Bot:
    return build_bot(CoreSettings(state_url="memory://"))


@pytest.fixture
async def connector() -> AsyncIterator[FakeBotConnector]:
    fake = FakeBotConnector()
    await fake.start()
    yield fake
    await fake.stop()


@dataclass
class TeamsServer:
    url: str
    runtime: Runtime
    session: aiohttp.ClientSession

    async def post(
        self, activity: Any, *, headers: dict[str, str] | None = None, raw: bytes | None = None
    ) -> int:
        """Posts as Teams does and returns the status; `raw` sends bytes as they are."""
        data = raw if raw is not None else json.dumps(activity).encode()
        base = {"Content-Type": "application/json; charset=utf-8"}
        async with self.session.post(
            f"{self.url}/api/messages", data=data, headers={**base, **(headers or {})}
        ) as response:
            await response.read()
            return response.status


async def start_server(
    settings: TeamsSettings, bot: Bot, outgoing_tokens: OutgoingTokens | None = None
) -> tuple[web.AppRunner, TeamsServer]:
    runtime = await build_runtime(CoreSettings(state_url="memory://"), bot=bot)
    app = build_app(settings, runtime, outgoing_tokens=outgoing_tokens)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    session = aiohttp.ClientSession()
    return runner, TeamsServer(f"http://127.0.0.1:{port}", runtime, session)


@pytest.fixture
async def server(core_bot: Bot, no_internet: list[str]) -> AsyncIterator[TeamsServer]:
    """The bot with no app id (--no-auth), on a free loopback port."""
    runner, served = await start_server(TeamsSettings(), core_bot)
    yield served
    await served.session.close()
    await runner.cleanup()
    await served.runtime.close()
    assert no_internet == [], f"the bot tried to reach {no_internet}"


@pytest.fixture
def user(connector: FakeBotConnector) -> TeamsUser:
    return TeamsUser(service_url=connector.url)
