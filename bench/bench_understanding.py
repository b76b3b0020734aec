"""Benchmark: reading situations (bot.understand) and what the chat does with every message.

Prints, for each table of situation descriptions (tests/bot/situations.py, the project's own;
tests/bot/data/situations-a.jsonl and -b.jsonl, written by people who had not seen the bot's
phrases), per criterion: how often the answer read is exactly the one expected, how many false
fills (a value the message does not state) and misses. Then, over the lookup sets in
tests/bot/data/lookups-*.jsonl taken through the whole core (Bot.handle, as a user would meet
it): how often the expected method is the card shown, per kind, and whether noise is answered.
Then latency: understanding + lookup of one message (Understander.read, then the lookup) over
every message, p50/p99 in CPU and wall-clock time; and `spreadbot ask` cold start.
Targets (issue 9): criteria >= 90% right with almost no false fills; understanding + lookup
p99 <= 2 ms; cold start <= 0.6 s. Lookup tiers on the project's own tables: bench_words.py.
Run: .venv/bin/python bench/bench_understanding.py [--failures] [--rounds 5]
Imports: adapters.runtime, bot, tests' tables, bench.bench_lookup, stdlib.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from adapters.platform import Platform  # noqa: E402
from adapters.runtime import CoreSettings, build_bot  # noqa: E402
from bench.bench_lookup import cold_start, percentile  # noqa: E402
from bot.core import Bot  # noqa: E402
from bot.criteria import Criterion  # noqa: E402
from bot.messages import ConversationKey, IncomingMessage  # noqa: E402
from bot.replies import MethodCardReply, MethodListReply  # noqa: E402
from tests.bot.situations import SITUATIONS, Situation, load_table  # noqa: E402

DATA = ROOT / "tests" / "bot" / "data"
NOW = datetime(2026, 11, 30, 12, tzinfo=UTC).timestamp()  # the day the tables were written
KEY = ConversationKey(platform=Platform.CONSOLE, workspace="bench", channel="c", user="u")


def expected(row: Situation, criterion: Criterion) -> frozenset[str]:
    value = getattr(row, criterion.value)
    return frozenset({value}) if isinstance(value, str) else frozenset(value or ())


def situations(bot: Bot, name: str, rows: list[Situation], show: bool) -> None:
    print(f"\n{name}: {len(rows)} messages")
    print(f"  {'criterion':<10} {'right':>11} {'false fills':>12} {'missed':>7}")
    wrong: list[str] = []
    for criterion in Criterion:
        right = false = missed = 0
        for row in rows:
            got = bot.understander.read(row.text, NOW).get(criterion)
            want = expected(row, criterion)
            right += got == want
            false += bool(got - want)
            missed += bool(want - got)
            if got != want:
                wrong.append(f"    {criterion.value}: {row.text[:80]!r} got {sorted(got)}")
        n = len(rows)
        print(
            f"  {criterion.value:<10} {right:>4} {100 * right / n:>5.1f}% {false:>12} {missed:>7}"
        )
    if show and wrong:
        print("\n".join(wrong))


def lookups(bot: Bot, show: bool) -> None:
    totals: Counter[str] = Counter()
    right: Counter[str] = Counter()
    wrong: list[str] = []
    for path in sorted(DATA.glob("lookups-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            result = bot.handle(IncomingMessage(key=KEY, text=case["text"], received_at=NOW), None)
            shown = [r.method_id for r in result.replies if isinstance(r, MethodCardReply)]
            shown += [
                a.id
                for r in result.replies
                if isinstance(r, MethodListReply) and r.purpose.value == "approach"
                for a in bot.catalogue.approaches
                if r.title.endswith(a.name)
            ]
            got = shown[0] if shown else None
            ok = got == case["expect"]
            totals[case["kind"]] += 1
            right[case["kind"]] += ok
            if not ok:
                wrong.append(f"    [{case['kind']}] {case['text'][:80]!r} -> {got}")
    print("\nlookup sets through the whole core (the card shown is the one expected):")
    for kind in sorted(totals):
        print(
            f"  {kind:<11} {right[kind]:>3}/{totals[kind]:<3} {100 * right[kind] / totals[kind]:>5.0f}%"
        )
    n, ok = sum(totals.values()), sum(right.values())
    print(f"  {'all':<11} {ok:>3}/{n:<3} {100 * ok / n:>5.0f}%")
    if show and wrong:
        print("\n".join(wrong))


def latency(bot: Bot, texts: list[str], rounds: int) -> None:
    for text in texts:  # warm-up
        bot.understander.read(text, NOW)
        bot.lookup(text)
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        for text in texts:
            start, start_cpu = time.perf_counter(), time.thread_time()
            bot.understander.read(text, NOW)
            bot.lookup(text)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
    load = os.getloadavg()[0]
    print(
        f"\nunderstanding + lookup, shipped catalogue, {len(wall)} runs (p99 <= 2 ms):\n"
        f"  CPU time   p50 {percentile(cpu, 50):.3f} ms, p99 {percentile(cpu, 99):.3f} ms\n"
        f"  wall clock p50 {percentile(wall, 50):.3f} ms, p99 {percentile(wall, 99):.3f} ms "
        f"(load average {load:.1f} on {os.cpu_count()} cores)"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--failures", action="store_true", help="list what was read wrong")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--cold-runs", type=int, default=7)
    args = p.parse_args()
    bot = build_bot(CoreSettings(state_url="memory://"))
    tables = {
        "project's own table": SITUATIONS,
        "set A (written blind)": load_table("situations-a.jsonl"),
        "set B (written blind)": load_table("situations-b.jsonl"),
    }
    for name, rows in tables.items():
        situations(bot, name, rows, args.failures)
    lookups(bot, args.failures)
    texts = [r.text for rows in tables.values() for r in rows]
    for path in sorted(DATA.glob("lookups-*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text().splitlines()]
    latency(bot, texts, args.rounds)
    runs = cold_start(args.cold_runs, "we piloted it in two trusts and want every ICB to adopt it")
    print(
        f"\nspreadbot ask --json, cold start over {len(runs)} runs: median "
        f"{sorted(runs)[len(runs) // 2]:.2f} s, max {max(runs):.2f} s (<= 0.6 s)"
    )


if __name__ == "__main__":
    main()
