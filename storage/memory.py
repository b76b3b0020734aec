"""An in-process state store, for tests and throwaway runs (`memory://`).

Imports: stdlib and storage.base only.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from storage.base import LogEntry, Record, StateStore, VersionConflict


class MemoryStore(StateStore):
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._records: dict[str, tuple[Record, float]] = {}
        self._claims: dict[str, float] = {}
        self._logs: dict[str, list[tuple[LogEntry, float]]] = {}
        self._log_sizes: dict[str, int] = {}
        self._last_size = 1024

    def _live(self, key: str) -> Record | None:
        entry = self._records.get(key)
        if entry is None:
            return None
        record, expires = entry
        if expires <= self._clock():
            del self._records[key]
            return None
        return record

    async def get(self, key: str) -> Record | None:
        return self._live(key)

    async def put(
        self, key: str, data: str, *, expected_version: int | None, ttl_seconds: float
    ) -> int:
        current = self._live(key)
        actual = current.version if current else None
        if actual != expected_version:
            raise VersionConflict(key, expected_version, actual)
        version = (actual or 0) + 1
        self._records[key] = (Record(data, version), self._clock() + ttl_seconds)
        return version

    async def delete(self, key: str, *, expected_version: int | None = None) -> None:
        current = self._live(key)
        if current is None:
            return
        if expected_version is not None and current.version != expected_version:
            raise VersionConflict(key, expected_version, current.version)
        del self._records[key]

    async def claim(self, token: str, *, ttl_seconds: float) -> bool:
        now = self._clock()
        expires = self._claims.get(token)
        if expires is not None and expires > now:
            return False
        self._claims[token] = now + ttl_seconds
        if len(self._claims) > 2 * self._last_size:
            self._purge(now)
        return True

    async def append(self, log: str, data: str, *, at: float, ttl_seconds: float) -> None:
        now = self._clock()
        entries = self._logs.setdefault(log, [])
        entries.append((LogEntry(at, data), now + ttl_seconds))
        if len(entries) > 2 * self._log_sizes.get(log, 512):
            # Amortised like the claims: drop the expired once the log has doubled.
            entries[:] = [e for e in entries if e[1] > now]
            self._log_sizes[log] = max(512, len(entries))

    async def scan(self, log: str, *, since: float = 0.0) -> list[LogEntry]:
        now = self._clock()
        live = [e for e, expires in self._logs.get(log, []) if expires > now and e.at >= since]
        return sorted(live, key=lambda e: e.at)  # stable: ties stay in append order

    def _purge(self, now: float) -> None:
        """Drop expired claims and records, so a long `memory://` run does not grow forever.
        Runs when the claims have doubled since the last purge: amortised constant time."""
        self._claims = {t: e for t, e in self._claims.items() if e > now}
        self._records = {k: v for k, v in self._records.items() if v[1] > now}
        self._last_size = max(1024, len(self._claims))
