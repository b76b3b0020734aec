"""A separate process that increments a counter in a shared store by compare-and-set, N times.

Run as `python -m tests.storage.cas_writer URL KEY N`; the multi-process tests start several on one
SQLite file or one Redis. It prints "ready" once the store is open, starts on a line from stdin (so
all start together), and prints the number of version conflicts it met. Imports: storage, stdlib.
"""

from __future__ import annotations

import asyncio
import json
import sys

from storage.base import VersionConflict
from storage.url import open_store


async def increment(url: str, key: str, times: int) -> int:
    store = await open_store(url)
    conflicts = 0
    try:
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        for _ in range(times):
            while True:
                record = await store.get(key)
                count = json.loads(record.data)["count"] if record else 0
                try:
                    await store.put(
                        key,
                        json.dumps({"count": count + 1}),
                        expected_version=record.version if record else None,
                        ttl_seconds=600,
                    )
                    break
                except VersionConflict:
                    conflicts += 1
    finally:
        await store.close()
    return conflicts


if __name__ == "__main__":
    print(asyncio.run(increment(sys.argv[1], sys.argv[2], int(sys.argv[3]))))
