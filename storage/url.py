"""Chooses and opens the state store SPREADBOT_STATE_URL names; the rules for each scheme:

- `memory://`: in-process, lost on exit; for tests.
- `sqlite:///PATH`: PATH is everything after the three slashes, taken literally (no %-decoding).
  A PATH starting with "/" is absolute (so `sqlite:////var/lib/spreadbot/state.db` has four slashes);
  any other PATH is relative to the working directory (`sqlite:///state.db`). Missing folders are made.
- `redis://[[USER]:PASSWORD@]HOST[:PORT]/DB` (or `rediss://` for TLS): PORT defaults to 6379, DB to 0.
A bad URL raises StoreUrlError, an unreachable server StoreError, each naming the variable and the
reason, with any password masked. Imports: stdlib and the storage backends.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import SplitResult, urlsplit

from storage.base import StateStore, StoreError, StoreUrlError
from storage.memory import MemoryStore
from storage.sqlite_store import SqliteStore

_SCHEMES = "use sqlite:///PATH, redis://HOST:PORT/DB or memory://"


def redact(url: str) -> str:
    """The URL with its password (if any) masked, fit for logs and error messages."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        user = parts.username or ""
        host = parts.netloc.rpartition("@")[2]
        return parts._replace(netloc=f"{user}:***@{host}").geturl()
    except ValueError:
        return "<unparseable URL>"


def _error(url: str, reason: str) -> StoreUrlError:
    return StoreUrlError(f"SPREADBOT_STATE_URL {redact(url)!r}: {reason}")


def sqlite_path(url: str) -> Path:
    """The file a sqlite URL names (see the module docstring for the rule)."""
    parts = _split(url)
    if parts.netloc:
        raise _error(url, "a SQLite URL has no host: write sqlite:///PATH (three slashes)")
    if not url.startswith("sqlite:///"):
        raise _error(url, "missing the database file path: write sqlite:///PATH (three slashes)")
    if parts.query or parts.fragment:
        raise _error(url, "a SQLite URL takes no ?query or #fragment")
    path = url[len("sqlite:///") :]
    if not path or path.endswith("/"):
        raise _error(url, "missing the database file path after sqlite:///")
    return Path(path)


def check_redis_url(url: str) -> None:
    """Reject what redis-py would misread or silently default (a missing host, a bad port or DB)."""
    parts = _split(url)
    try:
        port = parts.port  # urllib validates the port only when it is read
    except ValueError:
        port = 0
    if port == 0:
        raise _error(url, "the port must be a number from 1 to 65535")
    if not parts.hostname:
        raise _error(url, "missing the host: write redis://HOST:PORT/DB")
    db = parts.path.lstrip("/")
    if db and not db.isdigit():
        raise _error(url, f"the database must be a number (the /DB part), not {db!r}")


async def open_store(url: str) -> StateStore:
    """Open and check the store the URL names; StoreError with a clear message otherwise."""
    if not url.strip():
        raise StoreUrlError(f"SPREADBOT_STATE_URL is empty; {_SCHEMES}")
    scheme = _split(url).scheme
    if scheme == "memory":
        return MemoryStore()
    if scheme == "sqlite":
        return await SqliteStore(sqlite_path(url), url=redact(url)).open()
    if scheme in ("redis", "rediss"):
        check_redis_url(url)
        from storage.redis_store import RedisStore  # redis-py is heavy: only when asked for

        store = RedisStore.from_url(url, label=redact(url))
        try:
            await store.ping()
        except StoreError:
            await store.close()
            raise
        return store
    raise _error(url, f"unknown scheme {scheme!r}; {_SCHEMES}")


def _split(url: str) -> SplitResult:
    try:
        return urlsplit(url)
    except ValueError as exc:
        raise _error(url, f"not a URL: {exc}") from None
