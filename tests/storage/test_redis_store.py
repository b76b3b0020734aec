"""What only the Redis store does: a put retried after a lost reply is not taken for a conflict,
and every record carries a Redis expiry. Imports: pytest, redis, storage and stdlib.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from storage.base import Record
from storage.redis_store import RedisStore
from tests.storage.conftest import redis_test_url


@pytest.fixture
async def redis_store(ns: str) -> AsyncIterator[RedisStore]:
    store = RedisStore.from_url(redis_test_url(), prefix=f"{ns}:")
    await store.ping()
    yield store
    await store.close()


async def test_a_replayed_put_is_recognised_as_its_own(redis_store: RedisStore) -> None:
    # What the client's automatic retry does when a reply is lost: the same script, same token.
    key = redis_store._key("k")
    script = redis_store._put_script
    assert await script(keys=[key], args=["", "one", 60_000, "tok-a"]) == [1, "1"]
    assert await script(keys=[key], args=["", "one", 60_000, "tok-a"]) == [1, "1"]
    assert await script(keys=[key], args=["", "one", 60_000, "tok-b"]) == [0, "1"]
    assert await script(keys=[key], args=["1", "two", 60_000, "tok-c"]) == [1, "2"]
    assert await script(keys=[key], args=["1", "two", 60_000, "tok-c"]) == [1, "2"]
    assert await script(keys=[key], args=["1", "two", 60_000, "tok-a"]) == [0, "2"]
    assert await redis_store.get("k") == Record("two", 2)


async def test_records_and_claims_carry_a_redis_expiry(redis_store: RedisStore, ns: str) -> None:
    await redis_store.put("k", "v", expected_version=None, ttl_seconds=30)
    await redis_store.claim("event", ttl_seconds=30)
    client = Redis.from_url(redis_test_url(), decode_responses=True)
    try:
        for name in (f"{ns}:state:k", f"{ns}:claim:event"):
            assert 0 < await client.pttl(name) <= 30_000
    finally:
        await client.aclose()
