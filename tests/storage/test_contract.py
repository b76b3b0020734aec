"""The one contract every state-store backend passes: memory, SQLite (a temporary file) and Redis.

Imports: pytest, storage and stdlib.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable

import pytest

from storage.base import Record, StateStore, VersionConflict

LONG = 60.0  # a ttl no test outlives
SHORT = 0.2


async def eventually(check: Callable[[], Awaitable[bool]], *, within: float = 5.0) -> float:
    """Poll `check` until it holds; fail after `within` seconds. Returns the seconds it took."""
    start = time.monotonic()
    while not await check():
        if time.monotonic() - start > within:
            pytest.fail(f"condition not met within {within}s")
        await asyncio.sleep(0.02)
    return time.monotonic() - start


async def test_get_absent_is_none(store: StateStore, ns: str) -> None:
    assert await store.get(f"{ns}:nothing") is None


async def test_put_new_starts_at_version_one(store: StateStore, ns: str) -> None:
    assert await store.put(f"{ns}:k", '{"a": 1}', expected_version=None, ttl_seconds=LONG) == 1
    assert await store.get(f"{ns}:k") == Record('{"a": 1}', 1)


async def test_put_with_the_right_version_bumps_it(store: StateStore, ns: str) -> None:
    key = f"{ns}:k"
    await store.put(key, "one", expected_version=None, ttl_seconds=LONG)
    assert await store.put(key, "two", expected_version=1, ttl_seconds=LONG) == 2
    assert await store.put(key, "three", expected_version=2, ttl_seconds=LONG) == 3
    assert await store.get(key) == Record("three", 3)


async def test_put_with_a_wrong_version_conflicts_and_keeps_the_record(
    store: StateStore, ns: str
) -> None:
    key = f"{ns}:k"
    await store.put(key, "one", expected_version=None, ttl_seconds=LONG)
    await store.put(key, "two", expected_version=1, ttl_seconds=LONG)
    with pytest.raises(VersionConflict) as raised:
        await store.put(key, "stale", expected_version=1, ttl_seconds=LONG)
    assert (raised.value.key, raised.value.expected, raised.value.actual) == (key, 1, 2)
    assert await store.get(key) == Record("two", 2)


async def test_create_when_it_exists_conflicts(store: StateStore, ns: str) -> None:
    key = f"{ns}:k"
    await store.put(key, "first", expected_version=None, ttl_seconds=LONG)
    with pytest.raises(VersionConflict) as raised:
        await store.put(key, "second", expected_version=None, ttl_seconds=LONG)
    assert (raised.value.expected, raised.value.actual) == (None, 1)
    assert await store.get(key) == Record("first", 1)


async def test_update_of_an_absent_key_conflicts(store: StateStore, ns: str) -> None:
    with pytest.raises(VersionConflict) as raised:
        await store.put(f"{ns}:k", "x", expected_version=3, ttl_seconds=LONG)
    assert (raised.value.expected, raised.value.actual) == (3, None)
    assert await store.get(f"{ns}:k") is None


async def test_keys_are_independent(store: StateStore, ns: str) -> None:
    await store.put(f"{ns}:a", "a1", expected_version=None, ttl_seconds=LONG)
    await store.put(f"{ns}:a", "a2", expected_version=1, ttl_seconds=LONG)
    assert await store.put(f"{ns}:b", "b1", expected_version=None, ttl_seconds=LONG) == 1
    assert await store.get(f"{ns}:a") == Record("a2", 2)
    assert await store.get(f"{ns}:b") == Record("b1", 1)


async def test_delete_without_a_version(store: StateStore, ns: str) -> None:
    key = f"{ns}:k"
    await store.delete(key)  # absent: nothing to do, no error
    await store.put(key, "x", expected_version=None, ttl_seconds=LONG)
    await store.delete(key)
    assert await store.get(key) is None
    assert await store.put(key, "again", expected_version=None, ttl_seconds=LONG) == 1


async def test_delete_with_a_version(store: StateStore, ns: str) -> None:
    key = f"{ns}:k"
    await store.put(key, "x", expected_version=None, ttl_seconds=LONG)
    await store.put(key, "y", expected_version=1, ttl_seconds=LONG)
    with pytest.raises(VersionConflict) as raised:
        await store.delete(key, expected_version=1)
    assert (raised.value.expected, raised.value.actual) == (1, 2)
    assert await store.get(key) == Record("y", 2)
    await store.delete(key, expected_version=2)
    assert await store.get(key) is None
    await store.delete(key, expected_version=2)  # already gone: nothing to do


async def test_records_expire_after_their_ttl(store: StateStore, ns: str) -> None:
    short, long = f"{ns}:short", f"{ns}:long"
    started = time.monotonic()
    await store.put(short, "brief", expected_version=None, ttl_seconds=SHORT)
    await store.put(long, "lasting", expected_version=None, ttl_seconds=LONG)
    await eventually(lambda: _absent(store, short))
    assert time.monotonic() - started >= SHORT
    assert await store.get(long) == Record("lasting", 1)


async def test_an_expired_record_counts_as_absent(store: StateStore, ns: str) -> None:
    key = f"{ns}:k"
    await store.put(key, "old", expected_version=None, ttl_seconds=SHORT)
    await eventually(lambda: _absent(store, key))
    with pytest.raises(VersionConflict):
        await store.put(key, "stale writer", expected_version=1, ttl_seconds=LONG)
    assert await store.put(key, "new", expected_version=None, ttl_seconds=LONG) == 1
    assert await store.get(key) == Record("new", 1)


async def test_a_put_sets_a_fresh_expiry(store: StateStore, ns: str) -> None:
    key, marker = f"{ns}:k", f"{ns}:marker"
    await store.put(key, "short-lived", expected_version=None, ttl_seconds=SHORT)
    await store.put(key, "kept", expected_version=1, ttl_seconds=LONG)
    # Once a record written after the update with the same short ttl has expired, the update's
    # original short ttl has certainly run out too.
    await store.put(marker, "m", expected_version=None, ttl_seconds=SHORT)
    await eventually(lambda: _absent(store, marker))
    assert await store.get(key) == Record("kept", 2)


async def test_claim_once(store: StateStore, ns: str) -> None:
    assert await store.claim(f"{ns}:event-1", ttl_seconds=LONG) is True
    assert await store.claim(f"{ns}:event-1", ttl_seconds=LONG) is False
    assert await store.claim(f"{ns}:event-1", ttl_seconds=LONG) is False
    assert await store.claim(f"{ns}:event-2", ttl_seconds=LONG) is True


async def test_claims_and_records_do_not_share_keys(store: StateStore, ns: str) -> None:
    await store.put(f"{ns}:same", "state", expected_version=None, ttl_seconds=LONG)
    assert await store.claim(f"{ns}:same", ttl_seconds=LONG) is True
    assert await store.get(f"{ns}:same") == Record("state", 1)


async def test_a_claim_can_be_made_again_after_it_expires(store: StateStore, ns: str) -> None:
    token = f"{ns}:event"
    started = time.monotonic()
    assert await store.claim(token, ttl_seconds=SHORT) is True
    await eventually(lambda: store.claim(token, ttl_seconds=LONG))
    assert time.monotonic() - started >= SHORT
    assert await store.claim(token, ttl_seconds=LONG) is False


async def test_concurrent_read_modify_write_loses_no_update(store: StateStore, ns: str) -> None:
    key, writers, increments = f"{ns}:counter", 20, 5
    conflicts = 0

    async def increment() -> None:
        nonlocal conflicts
        for _ in range(increments):
            while True:
                record = await store.get(key)
                count = json.loads(record.data)["count"] if record else 0
                await asyncio.sleep(0)  # let the other writers read the same version
                try:
                    await store.put(
                        key,
                        json.dumps({"count": count + 1}),
                        expected_version=record.version if record else None,
                        ttl_seconds=LONG,
                    )
                    break
                except VersionConflict:
                    conflicts += 1

    await asyncio.gather(*(increment() for _ in range(writers)))
    record = await store.get(key)
    assert record is not None
    assert json.loads(record.data) == {"count": writers * increments}
    assert record.version == writers * increments
    assert conflicts > 0, "the writers never raced, so the test proved nothing"


async def test_unicode_round_trips(store: StateStore, ns: str) -> None:
    data = json.dumps(
        {"text": "Ünïcødé ✓ — “quotes” \\ back'slash 中文 العربية 🚀🩺 \u2028 end"},
        ensure_ascii=False,
    )
    key = f"{ns}:slack/T1/C%2F9/1712.3/Ü🙂 user"
    await store.put(key, data, expected_version=None, ttl_seconds=LONG)
    assert await store.get(key) == Record(data, 1)
    assert await store.claim(f"{ns}:évènement 🙂", ttl_seconds=LONG) is True


async def test_large_values_round_trip(store: StateStore, ns: str) -> None:
    data = json.dumps({"blob": "é" * 50_000 + "x" * 50_000}, ensure_ascii=False)
    assert len(data.encode()) > 100_000
    await store.put(f"{ns}:big", data, expected_version=None, ttl_seconds=LONG)
    assert await store.put(f"{ns}:big", data + " ", expected_version=1, ttl_seconds=LONG) == 2
    assert await store.get(f"{ns}:big") == Record(data + " ", 2)


async def test_ping_succeeds_on_an_open_store(store: StateStore) -> None:
    await store.ping()


async def _absent(store: StateStore, key: str) -> bool:
    return await store.get(key) is None


async def test_memory_store_purges_what_has_expired() -> None:
    from storage.memory import MemoryStore

    now = [0.0]
    store = MemoryStore(clock=lambda: now[0])
    for i in range(3000):
        assert await store.claim(f"event-{i}", ttl_seconds=1.0)
        await store.put(f"key-{i}", "{}", expected_version=None, ttl_seconds=1.0)
        now[0] += 0.01
    # Claims older than a second are gone from memory, not just ignored on read.
    assert len(store._claims) < 2500
    assert await store.claim("event-2999", ttl_seconds=1.0) is False
