"""Throughput of the Teams endpoint against a bare echo bot on the same SDK (the Microsoft 365
Agents SDK, wired as its samples wire it: adapters/teams/echo.py), side by side in one run.

Both bots run as their own processes with no auth on loopback and answer through the same local
fake Bot Framework connector (this process), driven by the same concurrent client. Prints
requests/s, latency and the ratio (target: Spreadbot >= 0.8x the echo bot). Not part of the tests.
Run: .venv/bin/python bench/bench_teams.py [--requests N] [--concurrency C] [--rounds R]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.fakes.bot_connector import FakeBotConnector  # noqa: E402
from tests.teams.payloads import TeamsUser  # noqa: E402
from tests.teams.process import server_env, start_server  # noqa: E402

# Lookups a user might type: method names, approach names, fuzzy words.
LOOKUPS = [
    "peer learning",
    "demonstrator sites",
    "social franchising",
    "piloting and rolling out",
    "find spread",
    "communities of practice",
    "incentives",
    "help",
]


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    latencies: list[float]
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def line(self) -> str:
        ms = sorted(x * 1000 for x in self.latencies)
        p50, p95 = statistics.median(ms), ms[int(len(ms) * 0.95) - 1]
        return (
            f"{self.name:10s} {self.rate:8.1f} req/s   p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   "
            f"max {ms[-1]:6.1f} ms   errors {self.errors}"
        )


async def drive(
    name: str,
    url: str,
    connector: FakeBotConnector,
    users: list[TeamsUser],
    total: int,
    concurrency: int,
) -> Result:
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(total):
        queue.put_nowait(n)
    latencies: list[float] = []
    errors = 0
    before = len(connector.calls)

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal errors
        while not queue.empty():
            n = queue.get_nowait()
            activity = users[n % len(users)].message(LOOKUPS[n % len(LOOKUPS)])
            started = time.perf_counter()
            async with session.post(url, json=activity) as response:
                await response.read()
                errors += response.status >= 300
            latencies.append(time.perf_counter() - started)

    connector_limit = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector_limit) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    # Every request must have produced at least one outgoing connector call.
    sent = len(connector.calls) - before
    if sent < total:
        errors += total - sent
    return Result(name, total, seconds, latencies, errors)


async def main(total: int, concurrency: int, rounds: int) -> int:
    connector = FakeBotConnector()
    await connector.start()
    users = [
        TeamsUser(service_url=connector.url, aad_id=f"00000000-0000-0000-0000-{n:012d}")
        for n in range(64)
    ]
    env = server_env(SPREADBOT_STATE_URL="memory://", SPREADBOT_DATA_DIR=tempfile.mkdtemp())
    echo, echo_url = await start_server(env, "adapters.teams.echo")
    spread, spread_url = await start_server(env, "adapters.teams.server", "--no-auth")
    try:
        # Warm both up (imports, first search, connection pools) before measuring.
        await drive("warm-up", echo_url, connector, users, 50, 4)
        await drive("warm-up", spread_url, connector, users, 50, 4)
        results: dict[str, list[Result]] = {"echo": [], "spreadbot": []}
        for _ in range(rounds):  # alternate, so drift in the machine hits both alike
            results["echo"].append(
                await drive("echo", echo_url, connector, users, total, concurrency)
            )
            results["spreadbot"].append(
                await drive("spreadbot", spread_url, connector, users, total, concurrency)
            )
    finally:
        for process in (echo, spread):
            process.terminate()
            await process.wait()
        await connector.stop()
    print(f"{total} requests x {rounds} rounds, concurrency {concurrency}, CPUs {os.cpu_count()}")
    for runs in results.values():
        for run in runs:
            print(run.line())
    best_echo = max(r.rate for r in results["echo"])
    best_spread = max(r.rate for r in results["spreadbot"])
    median_ratio = statistics.median(
        s.rate / e.rate for e, s in zip(results["echo"], results["spreadbot"], strict=True)
    )
    print(f"best echo {best_echo:.1f} req/s, best spreadbot {best_spread:.1f} req/s")
    print(
        f"ratio spreadbot/echo: best {best_spread / best_echo:.2f}x, median per round {median_ratio:.2f}x"
        f" (target >= 0.80x)"
    )
    failed = sum(r.errors for runs in results.values() for r in runs)
    return 1 if failed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    raise SystemExit(asyncio.run(main(args.requests, args.concurrency, args.rounds)))
