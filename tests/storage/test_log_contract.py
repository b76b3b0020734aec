"""The log part of the store contract (append, scan, expiry), against memory, SQLite and Redis.

Imports: pytest, storage and the shared contract helpers.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from adapters.owners.recorder import Recorder, RecordSettings
from adapters.owners.report import build_report
from adapters.runner import ConversationRunner
from bot.core import Bot
from bot.messages import ConversationKey, IncomingMessage
from storage.base import LogEntry, Record, StateStore
from storage.sqlite_store import SqliteStore
from tests.storage.test_contract import LONG, SHORT, eventually


async def test_a_log_never_written_is_empty(store: StateStore, ns: str) -> None:
    assert await store.scan(f"{ns}:nothing") == []


async def test_entries_come_back_oldest_first_with_their_times(store: StateStore, ns: str) -> None:
    log = f"{ns}:log"
    await store.append(log, "second", at=2000.5, ttl_seconds=LONG)
    await store.append(log, "first", at=1000.25, ttl_seconds=LONG)
    await store.append(log, "third", at=3000.0, ttl_seconds=LONG)
    assert await store.scan(log) == [
        LogEntry(1000.25, "first"),
        LogEntry(2000.5, "second"),
        LogEntry(3000.0, "third"),
    ]


async def test_scan_since_leaves_out_older_entries(store: StateStore, ns: str) -> None:
    log = f"{ns}:log"
    for at in (10.0, 20.0, 30.0):
        await store.append(log, str(at), at=at, ttl_seconds=LONG)
    assert [e.data for e in await store.scan(log, since=20.0)] == ["20.0", "30.0"]
    assert await store.scan(log, since=31.0) == []


async def test_equal_entries_are_all_kept(store: StateStore, ns: str) -> None:
    log = f"{ns}:log"
    for _ in range(3):
        await store.append(log, "same", at=5.0, ttl_seconds=LONG)
    assert await store.scan(log) == [LogEntry(5.0, "same")] * 3


async def test_logs_keys_and_claims_are_separate(store: StateStore, ns: str) -> None:
    name = f"{ns}:same"
    await store.append(name, "entry", at=1.0, ttl_seconds=LONG)
    await store.append(f"{ns}:other", "elsewhere", at=1.0, ttl_seconds=LONG)
    assert await store.get(name) is None
    await store.put(name, "state", expected_version=None, ttl_seconds=LONG)
    assert await store.claim(name, ttl_seconds=LONG) is True
    assert await store.get(name) == Record("state", 1)
    assert await store.scan(name) == [LogEntry(1.0, "entry")]


async def test_entries_expire_one_by_one(store: StateStore, ns: str) -> None:
    log = f"{ns}:log"
    started = time.monotonic()
    await store.append(log, "brief", at=1.0, ttl_seconds=SHORT)
    await store.append(log, "lasting", at=2.0, ttl_seconds=LONG)

    async def brief_gone() -> bool:
        return [e.data for e in await store.scan(log)] == ["lasting"]

    await eventually(brief_gone)
    assert time.monotonic() - started >= SHORT
    # An entry appended after the others expired is kept like any other.
    await store.append(log, "later", at=3.0, ttl_seconds=LONG)
    assert [e.data for e in await store.scan(log)] == ["lasting", "later"]


async def test_concurrent_appends_all_land(store: StateStore, ns: str) -> None:
    log = f"{ns}:log"
    await asyncio.gather(
        *(store.append(log, json.dumps({"n": n}), at=float(n), ttl_seconds=LONG) for n in range(60))
    )
    assert [json.loads(e.data)["n"] for e in await store.scan(log)] == list(range(60))


async def test_log_unicode_round_trips(store: StateStore, ns: str) -> None:
    data = json.dumps({"q": "Ünïcødé “quotes” \\ 中文 🚀 \u2028 | [email]"}, ensure_ascii=False)
    await store.append(f"{ns}:🙂 log", data, at=1.5, ttl_seconds=LONG)
    assert await store.scan(f"{ns}:🙂 log") == [LogEntry(1.5, data)]


async def test_two_sqlite_stores_on_one_file_see_each_others_entries(tmp_path: Path) -> None:
    """Two instances on one file: the report run from either sees both instances' entries."""
    path = tmp_path / "shared.sqlite3"
    one, two = await SqliteStore(path).open(), await SqliteStore(path).open()
    try:
        await one.append("records", "from one", at=1.0, ttl_seconds=LONG)
        await two.append("records", "from two", at=2.0, ttl_seconds=LONG)
        assert [e.data for e in await one.scan("records")] == ["from one", "from two"]
        assert await two.scan("records") == await one.scan("records")
    finally:
        await one.close()
        await two.close()


async def test_sqlite_purge_removes_expired_entries(tmp_path: Path) -> None:
    now = [1000.0]
    store = await SqliteStore(tmp_path / "s.sqlite3", clock=lambda: now[0]).open()
    try:
        await store.append("records", "old", at=1.0, ttl_seconds=10)
        await store.append("records", "new", at=2.0, ttl_seconds=100)
        now[0] += 50
        assert await store.purge_expired() == 1
        assert [e.data for e in await store.scan("records")] == ["new"]
    finally:
        await store.close()


async def test_the_report_sees_every_instances_records(
    store: StateStore, ns: str, bot: Bot
) -> None:
    """Two instances sharing the store record turns of two conversations; one report sees both,
    each counted once (the salt is shared through the store, so the hashes agree)."""
    since = time.time()
    one, two = (
        ConversationRunner(bot, store, recorder=Recorder(store, RecordSettings())) for _ in "12"
    )
    alice = ConversationKey(platform="slack", workspace="T1", channel=ns, user="U0ALICE")
    bob = alice.model_copy(update={"user": "U0BOB"})
    await one.run_turn(IncomingMessage(key=alice, text="zzqxv wibble"))
    await two.run_turn(IncomingMessage(key=alice, text="zzqxv wibble"))
    await two.run_turn(IncomingMessage(key=bob, text="zzqxv wibble?"))
    report = (await build_report(store, since)).to_json()
    assert {"text": "zzqxv wibble", "count": 2, "examples": ["zzqxv wibble", "zzqxv wibble?"]} in (
        report["unanswered"]
    )
