"""GET /healthz on both servers answers 503 whenever the state store cannot serve a conversation's
read and write, as a turn makes them: a corrupt SQLite file (which still answers SELECT 1) and an
unreachable Redis both fail it."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from adapters.runner import ConversationRunner
from adapters.runtime import CoreSettings, Runtime, build_bot, build_runtime
from adapters.serving import probe
from adapters.slack.server import start_http
from adapters.teams.app import build_app
from adapters.teams.settings import TeamsSettings
from bot.core import Bot
from storage.base import StoreError
from storage.redis_store import RedisStore
from storage.sqlite_store import SqliteStore
from tests.fakes.slack_api import FakeSlack
from tests.slack.conftest import quick_settings
from tests.slack.payloads import APP_TOKEN, BOT_TOKEN, TEAM


@pytest.fixture(scope="module")
def bot() -> Bot:
    return build_bot(CoreSettings(state_url="memory://"))


def corrupt(path: Path) -> None:
    """Garbage over the conversations table's first page, as a failing disk leaves it; another
    connection's write then makes every open connection read the file afresh."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (root,) = other.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'state'"
        ).fetchone()
        (page_size,) = other.execute("PRAGMA page_size").fetchone()
        with path.open("r+b") as file:
            file.seek((root - 1) * page_size)
            file.write(b"\xff" * page_size)
        other.execute("INSERT INTO claims VALUES ('after-the-damage', 1e12)")
    finally:
        other.close()


async def test_a_corrupt_sqlite_file_passes_a_ping_but_not_the_probe(tmp_path: Path) -> None:
    store = await SqliteStore(tmp_path / "state.sqlite3").open()
    try:
        for n in range(20):
            await store.put(f"c{n}", "x" * 3000, expected_version=None, ttl_seconds=60)
        await probe(store, "health:a")
        corrupt(tmp_path / "state.sqlite3")
        await store.ping()  # SELECT 1 reads no page: this is why a ping is not enough
        with pytest.raises(StoreError, match="malformed"):
            await probe(store, "health:a")
    finally:
        await store.close()


async def get_health(url: str) -> int:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{url}/healthz") as response:
            body = await response.json()
            assert body["ok"] is (response.status == 200)
            return response.status


@pytest.fixture
async def sqlite_runtime(tmp_path: Path, bot: Bot) -> AsyncIterator[Runtime]:
    runtime = await build_runtime(
        CoreSettings(state_url=f"sqlite:///{tmp_path / 'state.sqlite3'}"), bot=bot
    )
    for n in range(20):
        await runtime.store.put(f"c{n}", "x" * 3000, expected_version=None, ttl_seconds=60)
    yield runtime
    await runtime.close()


@contextlib.asynccontextmanager
async def serving(platform: str, runtime: Runtime) -> AsyncIterator[str]:
    """The platform's server on a free loopback port, with `runtime`; yields its base URL."""
    if platform == "slack":
        fake = await FakeSlack(bot_token=BOT_TOKEN, app_token=APP_TOKEN, team_id=TEAM).start()
        server = await start_http(quick_settings(fake), runtime, "127.0.0.1", 0)
        try:
            yield f"http://127.0.0.1:{server.port}"
        finally:
            await server.close()
            await fake.close()
        return
    runner = web.AppRunner(build_app(TeamsSettings(), runtime), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


@pytest.mark.parametrize("platform", ["slack", "teams"])
async def test_health_fails_on_a_corrupt_sqlite_file(
    tmp_path: Path, sqlite_runtime: Runtime, platform: str
) -> None:
    async with serving(platform, sqlite_runtime) as url:
        assert await get_health(url) == 200
        corrupt(tmp_path / "state.sqlite3")
        assert await get_health(url) == 503


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_health_fails_while_redis_cannot_be_reached(bot: Bot) -> None:
    store = RedisStore.from_url(f"redis://127.0.0.1:{closed_port()}/0", connect_timeout=0.5)
    try:
        async with serving("teams", Runtime(bot, store, ConversationRunner(bot, store))) as url:
            assert await get_health(url) == 503
    finally:
        await store.close()
