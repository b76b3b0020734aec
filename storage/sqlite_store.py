"""The embedded, default state store: one SQLite file (`sqlite:///PATH`), safe to share between processes.

WAL mode and a busy timeout let several processes use one file; every compare-and-set is a single
statement, so it is atomic across them. Calls run on one worker thread per store, so a busy wait never
blocks the event loop. Imports: stdlib and storage.base only.
"""

from __future__ import annotations

import asyncio
import functools
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from storage.base import LogEntry, Record, StateStore, StoreError, VersionConflict

T = TypeVar("T")

# Bumped when the tables change; a file written by a newer Spreadbot is refused, not misread.
# A table added beside the others (the log) does not bump it: an older Spreadbot ignores it.
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS state (
    key TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    version INTEGER NOT NULL,
    expires_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS claims (
    token TEXT PRIMARY KEY,
    expires_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    at REAL NOT NULL,
    data TEXT NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS log_by_name ON log (name, at);
"""

# A new key, or one whose row has expired: an expired row counts as absent, so it is overwritten.
_INSERT = """
INSERT INTO state (key, data, version, expires_at) VALUES (?, ?, 1, ?)
ON CONFLICT (key) DO UPDATE SET data = excluded.data, version = 1, expires_at = excluded.expires_at
WHERE state.expires_at <= ?
"""
_UPDATE = """
UPDATE state SET data = ?, version = version + 1, expires_at = ?
WHERE key = ? AND version = ? AND expires_at > ?
"""
_CLAIM = """
INSERT INTO claims (token, expires_at) VALUES (?, ?)
ON CONFLICT (token) DO UPDATE SET expires_at = excluded.expires_at WHERE claims.expires_at <= ?
"""


class SqliteStore(StateStore):
    """Expiry times are wall-clock epoch seconds, so every process sharing the file agrees on them."""

    def __init__(
        self,
        path: Path,
        *,
        url: str = "",
        clock: Callable[[], float] = time.time,
        busy_timeout_seconds: float = 5.0,
        purge_interval_seconds: float = 600.0,
    ) -> None:
        self.path = path
        self._label = f"SPREADBOT_STATE_URL {url or 'sqlite:///' + str(path)!r}"
        self._clock = clock
        self._busy_timeout = busy_timeout_seconds
        self._purge_interval = purge_interval_seconds
        self._next_purge = 0.0
        self._conn: sqlite3.Connection | None = None
        # One thread owns the connection: sqlite3 connections are not for sharing between threads.
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="spreadbot-sqlite")
        self._closed = False

    async def open(self) -> SqliteStore:
        """Create the folder and file if needed and set the file up; StoreError if it cannot."""
        try:
            await self._call(self._connect)
        except StoreError:
            await self.close()
            raise
        return self

    # -- the interface ---------------------------------------------------------------------------

    async def get(self, key: str) -> Record | None:
        return await self._call(self._get, key)

    async def put(
        self, key: str, data: str, *, expected_version: int | None, ttl_seconds: float
    ) -> int:
        return await self._call(self._put, key, data, expected_version, ttl_seconds)

    async def delete(self, key: str, *, expected_version: int | None = None) -> None:
        await self._call(self._delete, key, expected_version)

    async def claim(self, token: str, *, ttl_seconds: float) -> bool:
        return await self._call(self._claim, token, ttl_seconds)

    async def append(self, log: str, data: str, *, at: float, ttl_seconds: float) -> None:
        await self._call(self._append, log, data, at, ttl_seconds)

    async def scan(self, log: str, *, since: float = 0.0) -> list[LogEntry]:
        return await self._call(self._scan, log, since)

    async def ping(self) -> None:
        await self._call(self._ping)

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._worker, self._disconnect)
        self._worker.shutdown(wait=False)

    async def purge_expired(self) -> int:
        """Delete expired rows now (it also happens every `purge_interval_seconds` of writes)."""
        return await self._call(self._purge, self._clock())

    # -- on the worker thread --------------------------------------------------------------------

    async def _call(self, fn: Callable[..., T], *args: object) -> T:
        if self._closed:
            raise StoreError(f"{self._label}: the store is closed")
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._worker, functools.partial(fn, *args))
        except sqlite3.Error as exc:
            raise StoreError(f"{self._label}: SQLite error on {self.path}: {exc}") from exc

    def _connect(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"{self._label}: cannot create the folder for {self.path}: {exc}"
            ) from exc
        try:
            # isolation_level=None: autocommit, so each single-statement compare-and-set is its
            # own transaction and takes the write lock (waiting up to the busy timeout) at once.
            conn = sqlite3.connect(self.path, timeout=self._busy_timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{self._label}: cannot open SQLite file {self.path}: {exc}") from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL survives a crash of the process (not of the machine) with no fsync
            # per commit, which keeps a write well under a millisecond.
            conn.execute("PRAGMA synchronous = NORMAL")
            (found,) = conn.execute("PRAGMA user_version").fetchone()
            if found > SCHEMA_VERSION:
                raise StoreError(
                    f"{self._label}: {self.path} was written by a newer Spreadbot "
                    f"(schema {found}, this one knows {SCHEMA_VERSION})"
                )
            conn.executescript(_SCHEMA)
            if found < SCHEMA_VERSION:
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"{self._label}: cannot use SQLite file {self.path}: {exc}") from exc
        except StoreError:
            conn.close()
            raise
        self._conn = conn
        self._purge(self._clock())

    def _disconnect(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"{self._label}: the store is not open")
        return self._conn

    def _get(self, key: str) -> Record | None:
        row = (
            self._db()
            .execute(
                "SELECT data, version FROM state WHERE key = ? AND expires_at > ?",
                (key, self._clock()),
            )
            .fetchone()
        )
        return Record(row[0], row[1]) if row else None

    def _put(self, key: str, data: str, expected: int | None, ttl: float) -> int:
        db, now = self._db(), self._clock()
        self._maybe_purge(now)
        if expected is None:
            done = db.execute(_INSERT, (key, data, now + ttl, now)).rowcount
            version = 1
        else:
            done = db.execute(_UPDATE, (data, now + ttl, key, expected, now)).rowcount
            version = expected + 1
        if done != 1:
            raise VersionConflict(key, expected, self._live_version(key, now))
        return version

    def _delete(self, key: str, expected: int | None) -> None:
        db = self._db()
        if expected is None:
            db.execute("DELETE FROM state WHERE key = ?", (key,))
            return
        # Check and delete under the write lock, so no other process can slip a write between.
        db.execute("BEGIN IMMEDIATE")
        try:
            actual = self._live_version(key, self._clock())
            if actual is not None and actual != expected:
                raise VersionConflict(key, expected, actual)
            db.execute("DELETE FROM state WHERE key = ?", (key,))
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _claim(self, token: str, ttl: float) -> bool:
        now = self._clock()
        self._maybe_purge(now)
        return bool(self._db().execute(_CLAIM, (token, now + ttl, now)).rowcount == 1)

    def _append(self, log: str, data: str, at: float, ttl: float) -> None:
        now = self._clock()
        self._maybe_purge(now)
        self._db().execute(
            "INSERT INTO log (name, at, data, expires_at) VALUES (?, ?, ?, ?)",
            (log, at, data, now + ttl),
        )

    def _scan(self, log: str, since: float) -> list[LogEntry]:
        rows = self._db().execute(
            "SELECT at, data FROM log WHERE name = ? AND at >= ? AND expires_at > ? "
            "ORDER BY at, seq",
            (log, since, self._clock()),
        )
        return [LogEntry(float(at), data) for at, data in rows]

    def _ping(self) -> None:
        self._db().execute("SELECT 1").fetchone()

    def _live_version(self, key: str, now: float) -> int | None:
        row = (
            self._db()
            .execute("SELECT version FROM state WHERE key = ? AND expires_at > ?", (key, now))
            .fetchone()
        )
        return int(row[0]) if row else None

    def _maybe_purge(self, now: float) -> None:
        if now >= self._next_purge:
            self._purge(now)

    def _purge(self, now: float) -> int:
        db = self._db()
        removed = db.execute("DELETE FROM state WHERE expires_at <= ?", (now,)).rowcount
        removed += db.execute("DELETE FROM claims WHERE expires_at <= ?", (now,)).rowcount
        removed += db.execute("DELETE FROM log WHERE expires_at <= ?", (now,)).rowcount
        self._next_purge = now + self._purge_interval
        return int(removed)
