"""Benchmark: latency of one turn's state round trip (get, then put at that version) per backend.

Prints p50/p90/p99/max for memory, SQLite (a temporary file) and Redis on loopback (the one named by
SPREADBOT_TEST_REDIS_URL, or a redis-server it starts and stops). Targets: SQLite and Redis p99 <= 2 ms.
Run: .venv/bin/python bench/bench_state.py [--iterations 2000]. Imports: bot.state, storage, stdlib.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from adapters.runner import Stored
from bot.state import ConversationState, FlowProgress
from storage.base import StateStore, StoreError
from storage.url import open_store

TARGET_P99_MS = 2.0
KEYS = 50  # conversations the iterations rotate over


def realistic_state(turn: int) -> str:
    """A conversation four answers into the guided flow, as the runner would save it."""
    answers = (("goal", "embed"), ("scale", "regional"), ("time", "6-12"), ("capacity", "some"))
    state = ConversationState(
        flow=FlowProgress(
            flow="guide",
            version=3,
            step="evidence",
            answers=answers,
            history=tuple(step for step, _ in answers),
        ),
        turn=turn,
        catalogue_version="2024-06-01+sha256:3f9a1c0e",
        updated_at=time.time(),
    )
    notes = {"question": "ts|C024BE91L|1712345678.123456|4"}
    return Stored(state=state, notes=notes).to_json()


async def measure(store: StateStore, iterations: int, warmup: int = 200) -> list[float]:
    keys = [f"bench/T0001/C{n:04d}/1712345678.000100/U0001" for n in range(KEYS)]
    for key in keys:
        await store.delete(key)
    samples: list[float] = []
    for i in range(warmup + iterations):
        key = keys[i % KEYS]
        started = time.perf_counter_ns()
        record = await store.get(key)
        await store.put(
            key,
            realistic_state(i),
            expected_version=record.version if record else None,
            ttl_seconds=3600,
        )
        elapsed = (time.perf_counter_ns() - started) / 1e6
        if i >= warmup:
            samples.append(elapsed)
    for key in keys:
        await store.delete(key)
    return samples


@asynccontextmanager
async def redis_url() -> AsyncIterator[str]:
    """The test Redis if one is named, else a throwaway redis-server on a free loopback port."""
    if os.environ.get("SPREADBOT_TEST_REDIS_URL"):
        yield os.environ["SPREADBOT_TEST_REDIS_URL"]
        return
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server is not installed and SPREADBOT_TEST_REDIS_URL is unset")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as folder:
        server = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
            + ["--appendonly", "no", "--dir", folder],
            stdout=subprocess.DEVNULL,
        )
        try:
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            server.terminate()
            server.wait(timeout=10)


async def wait_open(url: str, within: float = 10.0) -> StateStore:
    started = time.monotonic()
    while True:
        try:
            return await open_store(url)
        except StoreError:
            if time.monotonic() - started > within:
                raise
            await asyncio.sleep(0.05)


def row(name: str, samples: list[float], target: float | None) -> str:
    cuts = statistics.quantiles(samples, n=1000)
    p50, p90, p99 = cuts[499], cuts[899], cuts[989]
    verdict = "" if target is None else ("ok" if p99 <= target else "MISSED")
    return (
        f"{name:<8} {len(samples):>6} {p50:>8.3f} {p90:>8.3f} {p99:>8.3f} {max(samples):>8.3f}"
        f"  {verdict}"
    )


async def main(iterations: int) -> None:
    size = len(realistic_state(1).encode())
    print(f"get+put round trip of a {size}-byte ConversationState, {iterations} iterations (ms)")
    print(
        f"{'backend':<8} {'n':>6} {'p50':>8} {'p90':>8} {'p99':>8} {'max':>8}  p99<={TARGET_P99_MS}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for name, url, target in [
            ("memory", "memory://", None),
            ("sqlite", f"sqlite:///{Path(folder) / 'bench.sqlite3'}", TARGET_P99_MS),
        ]:
            store = await open_store(url)
            print(row(name, await measure(store, iterations), target))
            await store.close()
    async with redis_url() as url:
        store = await wait_open(url)
        print(row("redis", await measure(store, iterations), TARGET_P99_MS))
        await store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--iterations", type=int, default=2000)
    asyncio.run(main(parser.parse_args().iterations))
