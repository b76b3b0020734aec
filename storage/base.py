"""The async state-store interface every backend implements, and its errors.

A store keeps opaque JSON strings under string keys with a version number (an etag), so two
writers of one conversation cannot silently overwrite each other, plus a set-if-absent `claim` for
deduplicating platform event ids, and append-only named logs of timestamped entries that expire one
by one (what the owners' report reads). Imports: stdlib only.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass


class StoreError(RuntimeError):
    """The store cannot be used (bad URL, unreachable server); stops startup with this message."""


class StoreUrlError(StoreError):
    """SPREADBOT_STATE_URL itself is wrong (not the server behind it): a setting to fix."""


class VersionConflict(Exception):
    """A put or delete expected a version the record no longer has."""

    def __init__(self, key: str, expected: int | None, actual: int | None) -> None:
        self.key, self.expected, self.actual = key, expected, actual
        super().__init__(f"{key}: expected version {expected}, found {actual}")


@dataclass(frozen=True)
class Record:
    data: str
    version: int  # starts at 1, +1 on every put


@dataclass(frozen=True)
class LogEntry:
    at: float  # epoch seconds, as given to append
    data: str


class StateStore(ABC):
    """Keys are strings (see ConversationKey.as_string); values are JSON text."""

    @abstractmethod
    async def get(self, key: str) -> Record | None:
        """The record, or None when absent or expired."""

    @abstractmethod
    async def put(
        self, key: str, data: str, *, expected_version: int | None, ttl_seconds: float
    ) -> int:
        """Write if the stored version equals `expected_version` (None: the key must be absent or
        expired). Returns the new version; raises VersionConflict otherwise. Sets the expiry."""

    @abstractmethod
    async def delete(self, key: str, *, expected_version: int | None = None) -> None:
        """Remove the key (if `expected_version` is given, only at that version)."""

    @abstractmethod
    async def claim(self, token: str, *, ttl_seconds: float) -> bool:
        """True the first time `token` is claimed within its ttl, False after: for event ids."""

    @abstractmethod
    async def append(self, log: str, data: str, *, at: float, ttl_seconds: float) -> None:
        """Add an entry to the named log (created on first use), kept `ttl_seconds` from now.
        Appends from many processes or instances sharing the store all land."""

    @abstractmethod
    async def scan(self, log: str, *, since: float = 0.0) -> list[LogEntry]:
        """The log's unexpired entries with `at >= since` (epoch seconds), oldest first; [] for
        a log never written. Logs and keys are separate namespaces."""

    async def ping(self) -> None:  # noqa: B027 - optional hook; a no-op where nothing can fail
        """Raise StoreError when the backend cannot be reached."""

    async def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""
