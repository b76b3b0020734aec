"""The shared state store for several instances behind a load balancer (`redis://HOST:PORT/DB`).

Each record is a Redis hash (data, version, writer token) with a Redis expiry; compare-and-set runs
as one Lua script, so it is atomic however many instances write. Claims are SET NX PX. A log is a
sorted set scored by each entry's expiry (on the server's clock), so expired entries are cut by
score. Keys are `spreadbot:state:KEY`, `spreadbot:claim:TOKEN` and `spreadbot:log:NAME`: give each
deployment sharing a server its own DB.
Imports: redis.asyncio, stdlib and storage.base only.
"""

from __future__ import annotations

import asyncio
import json
import math
import secrets
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialWithJitterBackoff
from redis.exceptions import AuthenticationError, RedisError

from storage.base import LogEntry, Record, StateStore, StoreError, VersionConflict

# KEYS[1] record; ARGV: expected version ("" = must be absent), data, ttl in ms, writer token.
# A put whose reply was lost is retried by the client; the writer token lets the retry see that its
# own write already landed instead of reporting a conflict (which would apply the turn twice).
_PUT = """
local current = redis.call('HGET', KEYS[1], 'v') or ''
if current ~= ARGV[1] then
  if current ~= '' and tonumber(current) == (tonumber(ARGV[1]) or 0) + 1
      and redis.call('HGET', KEYS[1], 't') == ARGV[4] then
    return {1, current}
  end
  return {0, current}
end
local version = (tonumber(current) or 0) + 1
redis.call('HSET', KEYS[1], 'd', ARGV[2], 'v', version, 't', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {1, tostring(version)}
"""

# KEYS[1] record; ARGV[1] expected version ("" = any).
_DELETE = """
local current = redis.call('HGET', KEYS[1], 'v')
if not current then return {1, ''} end
if ARGV[1] ~= '' and current ~= ARGV[1] then return {0, current} end
redis.call('DEL', KEYS[1])
return {1, current}
"""


# KEYS[1] log; ARGV: ttl in seconds, member. Expiry is scored on the server's clock, which every
# instance shares; the key itself lives as long as its longest-lived entry.
_APPEND = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[2])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], math.ceil(tonumber(last[2]) * 1000))
"""

# KEYS[1] log: its members not yet expired.
_SCAN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
return redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')
"""


def _millis(seconds: float) -> int:
    return max(1, math.ceil(seconds * 1000))


def _version(raw: Any) -> int | None:
    return int(raw) if raw not in (None, "", b"") else None


class RedisStore(StateStore):
    def __init__(
        self, client: Redis, *, url: str, prefix: str = "spreadbot:", ping_timeout: float = 3.0
    ) -> None:
        self._client = client
        self._label = f"SPREADBOT_STATE_URL {url!r}"
        self._prefix = prefix
        self._ping_timeout = ping_timeout
        self._put_script = client.register_script(_PUT)
        self._delete_script = client.register_script(_DELETE)
        self._append_script = client.register_script(_APPEND)
        self._scan_script = client.register_script(_SCAN)

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        label: str | None = None,
        prefix: str = "spreadbot:",
        connect_timeout: float = 2.0,
        command_timeout: float = 5.0,
    ) -> RedisStore:
        """A store on the server the URL names (not yet contacted: call ping)."""
        try:
            client = Redis.from_url(
                url,
                decode_responses=True,
                socket_connect_timeout=connect_timeout,
                socket_timeout=command_timeout,
                # A couple of quick retries ride out a dropped connection; many slow ones would
                # only delay the error a user is waiting for.
                retry=Retry(ExponentialWithJitterBackoff(base=0.05, cap=0.5), retries=2),
            )
        except (ValueError, TypeError, RedisError) as exc:
            raise StoreError(f"SPREADBOT_STATE_URL {label or url!r}: {exc}") from exc
        return cls(client, url=label or url, prefix=prefix, ping_timeout=connect_timeout + 1.0)

    def _key(self, key: str) -> str:
        return f"{self._prefix}state:{key}"

    async def get(self, key: str) -> Record | None:
        try:
            data, version = await self._client.hmget(self._key(key), ["d", "v"])
        except RedisError as exc:
            raise self._error(exc) from exc
        if data is None or version is None:
            return None
        return Record(str(data), int(version))  # a str already: the client decodes replies

    async def put(
        self, key: str, data: str, *, expected_version: int | None, ttl_seconds: float
    ) -> int:
        expected = "" if expected_version is None else str(expected_version)
        token = secrets.token_hex(8)
        try:
            ok, current = await self._put_script(
                keys=[self._key(key)], args=[expected, data, _millis(ttl_seconds), token]
            )
        except RedisError as exc:
            raise self._error(exc) from exc
        if not ok:
            raise VersionConflict(key, expected_version, _version(current))
        return int(current)

    async def delete(self, key: str, *, expected_version: int | None = None) -> None:
        expected = "" if expected_version is None else str(expected_version)
        try:
            ok, current = await self._delete_script(keys=[self._key(key)], args=[expected])
        except RedisError as exc:
            raise self._error(exc) from exc
        if not ok:
            raise VersionConflict(key, expected_version, _version(current))

    async def claim(self, token: str, *, ttl_seconds: float) -> bool:
        try:
            done = await self._client.set(
                f"{self._prefix}claim:{token}", "1", nx=True, px=_millis(ttl_seconds)
            )
        except RedisError as exc:
            raise self._error(exc) from exc
        return bool(done)

    async def append(self, log: str, data: str, *, at: float, ttl_seconds: float) -> None:
        # The token keeps two equal entries apart: a sorted set holds each member once.
        member = json.dumps([at, secrets.token_hex(6), data], ensure_ascii=False)
        try:
            await self._append_script(keys=[self._log_key(log)], args=[ttl_seconds, member])
        except RedisError as exc:
            raise self._error(exc) from exc

    async def scan(self, log: str, *, since: float = 0.0) -> list[LogEntry]:
        try:
            members = await self._scan_script(keys=[self._log_key(log)])
        except RedisError as exc:
            raise self._error(exc) from exc
        entries = [LogEntry(float(at), data) for at, _, data in map(json.loads, members)]
        return sorted((e for e in entries if e.at >= since), key=lambda e: e.at)

    def _log_key(self, log: str) -> str:
        return f"{self._prefix}log:{log}"

    async def ping(self) -> None:
        try:
            await asyncio.wait_for(self._client.ping(), self._ping_timeout)
        except AuthenticationError as exc:
            raise StoreError(f"{self._label}: Redis refused the credentials: {exc}") from exc
        except (RedisError, OSError, TimeoutError) as exc:
            reason = str(exc) or "no answer in time"
            raise StoreError(f"{self._label}: cannot reach Redis: {reason}") from exc

    async def close(self) -> None:
        await self._client.aclose()

    def _error(self, exc: RedisError) -> StoreError:
        return StoreError(f"{self._label}: Redis error: {exc}")
