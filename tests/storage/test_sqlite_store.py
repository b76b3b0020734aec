"""What only the SQLite store does: its file setup, expiry on an injected clock, and purging.

Imports: pytest, storage and stdlib.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.base import Record, StoreError, VersionConflict
from storage.sqlite_store import SCHEMA_VERSION, SqliteStore
from storage.url import open_store


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def store(tmp_path: Path, clock: Clock) -> AsyncIterator[SqliteStore]:
    opened = await SqliteStore(tmp_path / "s.db", clock=clock, purge_interval_seconds=100).open()
    yield opened
    await opened.close()


def rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


async def test_expiry_follows_the_clock(store: SqliteStore, clock: Clock) -> None:
    await store.put("k", "x", expected_version=None, ttl_seconds=10)
    clock.now += 9.999
    assert await store.get("k") == Record("x", 1)
    clock.now += 0.001
    assert await store.get("k") is None
    with pytest.raises(VersionConflict):
        await store.put("k", "y", expected_version=1, ttl_seconds=10)
    assert await store.put("k", "y", expected_version=None, ttl_seconds=10) == 1


async def test_claims_expire_on_the_clock(store: SqliteStore, clock: Clock) -> None:
    assert await store.claim("e", ttl_seconds=5)
    clock.now += 4
    assert not await store.claim("e", ttl_seconds=5)
    clock.now += 1
    assert await store.claim("e", ttl_seconds=5)


async def test_expired_rows_are_purged(store: SqliteStore, clock: Clock) -> None:
    await store.put("short", "x", expected_version=None, ttl_seconds=10)
    await store.put("long", "y", expected_version=None, ttl_seconds=1000)
    await store.claim("event", ttl_seconds=10)
    clock.now += 50
    assert await store.purge_expired() == 2
    assert rows(store.path, "state") == 1
    assert rows(store.path, "claims") == 0


async def test_writes_purge_now_and_then(store: SqliteStore, clock: Clock) -> None:
    await store.put("old", "x", expected_version=None, ttl_seconds=10)
    clock.now += 50  # expired, but the purge interval (100 s) has not passed yet
    await store.put("other", "y", expected_version=None, ttl_seconds=1000)
    assert rows(store.path, "state") == 2
    clock.now += 100
    await store.claim("event", ttl_seconds=10)
    assert rows(store.path, "state") == 1


async def test_the_file_uses_wal_and_its_folders_are_made(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "state.db"
    store = await open_store(f"sqlite:///{path}")
    await store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


async def test_a_relative_path_is_under_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = await open_store("sqlite:///data/state.db")
    await store.put("k", "v", expected_version=None, ttl_seconds=10)
    await store.close()
    assert (tmp_path / "data" / "state.db").is_file()


async def test_state_survives_reopening(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'state.db'}"
    first = await open_store(url)
    await first.put("k", "kept", expected_version=None, ttl_seconds=60)
    await first.close()
    second = await open_store(url)
    assert await second.get("k") == Record("kept", 1)
    await second.close()


async def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("this is not a database, " * 100)
    with pytest.raises(StoreError, match="SPREADBOT_STATE_URL .*not a database"):
        await open_store(f"sqlite:///{path}")


async def test_a_folder_that_cannot_be_made_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="SPREADBOT_STATE_URL .*cannot create the folder"):
        await open_store(f"sqlite:///{blocker / 'sub' / 'state.db'}")


async def test_a_file_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer Spreadbot"):
        await open_store(f"sqlite:///{path}")


async def test_a_closed_store_says_so(tmp_path: Path) -> None:
    store = await open_store(f"sqlite:///{tmp_path / 'state.db'}")
    await store.close()
    await store.close()  # closing twice is harmless
    with pytest.raises(StoreError, match="closed"):
        await store.get("k")
