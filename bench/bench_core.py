"""Benchmark: lookup and turn latency (p50, p99) over the shipped catalogue, and `ask` cold start.

Run: .venv/bin/python bench/bench_core.py [--rounds N]
Targets (issue 2): lookup p99 <= 1 ms, a turn p99 <= 2 ms, `spreadbot ask` cold start <= 0.6 s.
Prints figures; never part of the test run's pass/fail.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from adapters.platform import Platform
from adapters.runtime import CoreSettings, build_bot
from bot.messages import ConversationKey, IncomingMessage

QUERIES = [
    "GIRFT",
    "what is social franchising?",
    "franchize",
    "crowdsorcing",
    "test beds",
    "tell me about horizon scanning",
    "let another organisation deliver our proven model under agreement",
    "what's the weather",
    "asdf",
    "national",
    "AHSN",
    "best practice tariffs",
    "cqUIN",
    "pay a bonus linked to uptake",
    "honest brokr",
    "Investing and incentivising",
]
TURNS = ["guide", "2", "national", "what is GIRFT?", "about a year", "back", "two years", "funding"]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bench_lookup(rounds: int) -> list[float]:
    bot = build_bot(CoreSettings(state_url="memory://"))
    times = []
    for _ in range(rounds):
        for q in QUERIES:
            t = time.perf_counter()
            bot.lookup(q)
            times.append(time.perf_counter() - t)
    return times


def bench_turns(rounds: int) -> list[float]:
    bot = build_bot(CoreSettings(state_url="memory://"))
    key = ConversationKey(platform=Platform.CONSOLE, workspace="b", channel="b", user="b")
    times = []
    for _ in range(rounds):
        state = None
        for text in TURNS:
            msg = IncomingMessage(key=key, text=text, received_at=1.0)
            t = time.perf_counter()
            result = bot.handle(msg, state)
            times.append(time.perf_counter() - t)
            state = result.state
    return times


def bench_cold_start(runs: int) -> list[float]:
    exe = Path(sys.executable).with_name("spreadbot")
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([str(exe), "ask", "GIRFT", "--json"], check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--cold-runs", type=int, default=7)
    args = ap.parse_args()
    lookup = bench_lookup(args.rounds)
    turns = bench_turns(args.rounds)
    cold = bench_cold_start(args.cold_runs)
    print(f"{'measure':28} {'n':>6} {'p50':>10} {'p99':>10}  target")
    print(
        f"{'lookup (shipped catalogue)':28} {len(lookup):6d} {pct(lookup, 0.5) * 1e3:8.3f}ms "
        f"{pct(lookup, 0.99) * 1e3:8.3f}ms  p99 <= 1 ms"
    )
    print(
        f"{'turn (Bot.handle)':28} {len(turns):6d} {pct(turns, 0.5) * 1e3:8.3f}ms "
        f"{pct(turns, 0.99) * 1e3:8.3f}ms  p99 <= 2 ms"
    )
    print(
        f"{'spreadbot ask cold start':28} {len(cold):6d} {statistics.median(cold) * 1e3:8.1f}ms "
        f"{max(cold) * 1e3:8.1f}ms  median <= 600 ms (p99 column: max)"
    )


if __name__ == "__main__":
    main()
