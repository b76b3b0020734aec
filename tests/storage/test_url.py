"""open_store: each scheme opens its backend; a bad URL or a dead server is a quick, clear StoreError.

Imports: pytest, storage and stdlib.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from storage.base import StateStore, StoreError
from storage.memory import MemoryStore
from storage.redis_store import RedisStore
from storage.sqlite_store import SqliteStore
from storage.url import open_store, redact, sqlite_path
from tests.storage.conftest import redis_test_url


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:////var/lib/spreadbot/state.db", Path("/var/lib/spreadbot/state.db")),
        ("sqlite:///state.db", Path("state.db")),
        ("sqlite:///data/state.db", Path("data/state.db")),
        ("sqlite:////tmp/with space/x.db", Path("/tmp/with space/x.db")),
    ],
)
def test_the_sqlite_path_rule(url: str, path: Path) -> None:
    assert sqlite_path(url) == path


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("postgres://db/spreadbot", "unknown scheme 'postgres'"),
        ("localhost:6379", "unknown scheme 'localhost'"),
        ("/var/lib/state.db", "unknown scheme ''"),
        ("sqlite://", "missing the database file path"),
        ("sqlite:///", "missing the database file path"),
        ("sqlite:state.db", "missing the database file path"),
        ("sqlite://host/state.db", "has no host"),
        ("sqlite:///state.db?mode=ro", "no ?query"),
        ("redis://localhost:port/0", "port must be a number"),
        ("redis://localhost:99999/0", "port must be a number"),
        ("redis://localhost:0/0", "port must be a number"),
        ("redis://:6379/0", "missing the host"),
        ("redis:///0", "missing the host"),
        ("redis://localhost:6379/zero", "database must be a number"),
        ("redis://[::1/0", "not a URL"),
    ],
)
async def test_a_bad_url_is_a_clear_error(url: str, reason: str) -> None:
    started = time.monotonic()
    with pytest.raises(StoreError) as raised:
        await open_store(url)
    assert "SPREADBOT_STATE_URL" in str(raised.value)
    assert reason in str(raised.value)
    assert time.monotonic() - started < 1


@pytest.fixture
def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_an_unreachable_redis_fails_fast_and_hides_the_password(closed_port: int) -> None:
    started = time.monotonic()
    with pytest.raises(StoreError) as raised:
        await open_store(f"redis://spreadbot:s3cret@127.0.0.1:{closed_port}/0")
    message = str(raised.value)
    assert time.monotonic() - started < 3
    assert "SPREADBOT_STATE_URL" in message and "cannot reach Redis" in message
    assert "s3cret" not in message and f"127.0.0.1:{closed_port}" in message


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A loopback port that accepts connections and never answers (a hung server)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        yield int(s.getsockname()[1])


async def test_a_redis_that_never_answers_fails_within_seconds(silent_server: int) -> None:
    started = time.monotonic()
    with pytest.raises(StoreError, match="cannot reach Redis"):
        await open_store(f"redis://127.0.0.1:{silent_server}/0")
    assert time.monotonic() - started < 5


async def test_each_scheme_opens_its_backend(tmp_path: Path) -> None:
    opened = [
        await open_store("memory://"),
        await open_store(f"sqlite:///{tmp_path / 'x.db'}"),
    ]
    assert [type(s) for s in opened] == [MemoryStore, SqliteStore]
    for store in opened:
        await store.close()


async def test_redis_opens_and_pings() -> None:
    store = await open_store(redis_test_url())
    assert isinstance(store, RedisStore)
    await store.ping()
    await store.close()


@pytest.fixture
async def own_redis(closed_port: int) -> AsyncIterator[tuple[asyncio.subprocess.Process, str]]:
    """A redis-server of this test's own, so stopping it leaves the shared test Redis alone."""
    if not shutil.which("redis-server"):
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed")
        pytest.skip("redis-server is not installed")
    server = await asyncio.create_subprocess_exec(
        *("redis-server", "--bind", "127.0.0.1", "--port", str(closed_port), "--save", ""),
        stdout=asyncio.subprocess.DEVNULL,
    )
    yield server, f"redis://127.0.0.1:{closed_port}/0"
    if server.returncode is None:
        server.kill()
        await server.wait()


async def test_a_redis_that_goes_away_makes_ping_fail(
    own_redis: tuple[asyncio.subprocess.Process, str],
) -> None:
    server, url = own_redis
    store = await _open_when_up(url)
    await store.put("k", "v", expected_version=None, ttl_seconds=60)
    server.terminate()
    await server.wait()
    with pytest.raises(StoreError, match="cannot reach Redis"):
        await store.ping()
    with pytest.raises(StoreError, match="SPREADBOT_STATE_URL"):
        await store.get("k")
    await store.close()


async def _open_when_up(url: str, within: float = 10.0) -> StateStore:
    started = time.monotonic()
    while True:
        try:
            return await open_store(url)
        except StoreError:
            if time.monotonic() - started > within:
                raise
            await asyncio.sleep(0.05)


def test_redact_masks_only_the_password() -> None:
    assert redact("redis://user:pw@host:6379/0") == "redis://user:***@host:6379/0"
    assert redact("redis://:pw@host/0") == "redis://:***@host/0"
    assert redact("redis://host:6379/0") == "redis://host:6379/0"
    assert redact("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
