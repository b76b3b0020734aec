"""Benchmark: lookup in people's words, accuracy per tier and latency on the shipped catalogue.

Accuracy: every case of the lookup tables (tests/catalogue/lookup_table.py, the paraphrase,
question and situation table; tests/catalogue/test_lookup.py, the first table of names, typos and
acronyms), per tier, each query understood as the bot does (parse_intent, then lookup). A case
is "answered right" when lookup is confident and its first match is the expected entry (for the
first table's few ambiguous cases, when the expected entry is among the choices), "ranked first"
when the expected entry is first whether answered or not. A noise case is right when the bot
neither answers nor offers "did you mean": small talk, or a lookup whose outcome is none.
Small talk is also counted apart: how much of the table's small talk the intents recognise.
The held-out sets (lookup_table.HELD_OUT) are printed apart: written before tuning on them.
Latency: understanding + lookup (parse_intent, then SearchIndex.lookup) over every query of the
tables, p50/p99 after one warm-up pass, in wall-clock time and in this thread's CPU time (on a
shared machine the wall-clock p99 includes waiting for a core; the load average is printed).
Then `spreadbot ask` cold start.
Targets (issue 9): top-1 >= 90% overall, >= 80% on paraphrases and situations, no noise answered;
p99 <= 2 ms; cold start <= 0.6 s.
Run: .venv/bin/python bench/bench_words.py [--failures] [--rounds 20] [--cold-runs 7]
To add figures (the situation extraction, for instance), add a function that prints them and call
it from main(). Imports: catalogue, bot.intents, tests' tables, bench.bench_lookup, stdlib.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from bench.bench_lookup import cold_start, percentile  # noqa: E402
from bot.intents import IntentKind, parse_intent  # noqa: E402
from catalogue.files import load_from  # noqa: E402
from catalogue.search import LookupResult, Outcome, SearchIndex  # noqa: E402
from tests.catalogue import lookup_table, test_lookup  # noqa: E402

TIERS = ("name", "typo", "acronym", "example", "question", "paraphrase", "situation", "noise")


Case = tuple[str, str, str | None, Outcome, str]


def cases(held_out: bool = False) -> list[Case]:
    """(tier, query, expected id or None, expected outcome, which table) for both tables, or
    for the held-out sets."""
    out: list[Case] = []
    table = lookup_table.HELD_OUT if held_out else lookup_table.CASES
    for t, q, e in table:
        out.append((str(t), q, e, Outcome.NONE if e is None else Outcome.CONFIDENT, "words"))
    if held_out:
        return out
    for kind, q, outcome, expected in test_lookup.CASES:
        tier = "noise" if outcome is Outcome.NONE else "acronym" if kind == "ambiguous" else kind
        out.append((tier, q, expected, outcome, "first"))
    return out


def understand(index: SearchIndex, query: str) -> LookupResult:
    """What the bot makes of a message: small talk and commands answer nothing from the
    catalogue; anything else is looked up."""
    intent = parse_intent(query)
    if intent.kind in (IntentKind.LOOKUP, IntentKind.FIND):
        return index.lookup(intent.text)
    return LookupResult(query, Outcome.NONE, ())


def accuracy(index: SearchIndex, show_failures: bool, held_out: bool = False) -> None:
    right: dict[str, int] = defaultdict(int)
    first: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    failures: list[str] = []
    for tier, query, expected, outcome, table in cases(held_out):
        result = understand(index, query)
        best = result.best
        total[tier] += 1
        if outcome is Outcome.NONE:
            ok = result.outcome is Outcome.NONE
        elif outcome is Outcome.AMBIGUOUS:
            ok = result.outcome is outcome and expected in [m.id for m in result.matches]
        else:
            ok = result.confident and best is not None and best.id == expected
        right[tier] += ok
        first[tier] += ok if expected is None else best is not None and best.id == expected
        if not ok:
            shown = [(m.id, m.score, m.words) for m in result.matches[:3]]
            failures.append(f"  [{tier}/{table}] {query!r} -> {result.outcome.value} {shown}")
    print(f"{'tier':<12} {'cases':>5} {'answered right':>15} {'ranked first':>13}")
    for tier in TIERS:
        n = total[tier]
        if n:
            print(
                f"{tier:<12} {n:>5} {right[tier]:>7} {100 * right[tier] / n:>6.0f}% "
                f"{first[tier]:>6} {100 * first[tier] / n:>5.0f}%"
            )
    looked = [t for t in TIERS if t != "noise"]
    n = sum(total[t] for t in looked)
    ok = sum(right[t] for t in looked)
    para = ("paraphrase", "situation")
    pn, pok = sum(total[t] for t in para), sum(right[t] for t in para)
    print(f"{'all lookups':<12} {n:>5} {ok:>7} {100 * ok / n:>6.0f}%   (target >= 90%)")
    print(f"{'para + sit':<12} {pn:>5} {pok:>7} {100 * pok / pn:>6.0f}%   (target >= 80%)")
    print(
        f"{'noise':<12} {total['noise']:>5} answered or suggested: {total['noise'] - right['noise']}"
    )
    small = lookup_table.HELD_OUT_SMALL_TALK if held_out else lookup_table.SMALL_TALK
    taken = sum(parse_intent(q).kind is IntentKind.SMALL_TALK for q in small)
    print(f"{'small talk':<12} {len(small):>5} taken for small talk: {taken}")
    if show_failures and failures:
        print("not right:")
        print("\n".join(failures))


def latency(index: SearchIndex, rounds: int) -> dict[str, float]:
    queries = [q for _, q, *_ in cases() + cases(True)] + lookup_table.SMALL_TALK
    for q in queries:  # warm-up: the first sight of a word fills caches
        understand(index, q)
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        for q in queries:
            start, start_cpu = time.perf_counter(), time.thread_time()
            understand(index, q)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
    return {
        "wall_p50": percentile(wall, 50),
        "wall_p99": percentile(wall, 99),
        "cpu_p50": percentile(cpu, 50),
        "cpu_p99": percentile(cpu, 99),
        "n": len(wall),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--failures", action="store_true", help="list the cases not answered right")
    p.add_argument("--rounds", type=int, default=20, help="passes over the queries for latency")
    p.add_argument("--cold-runs", type=int, default=7, help="spreadbot ask runs; 0 to skip")
    args = p.parse_args()
    index = SearchIndex(load_from())
    print("The lookup tables (tests/catalogue/lookup_table.py CASES, test_lookup.py CASES):")
    accuracy(index, args.failures)
    print("\nHeld out (lookup_table.HELD_OUT: written before tuning on them; not in the tests):")
    accuracy(index, args.failures, held_out=True)
    t = latency(index, args.rounds)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\nunderstanding + lookup, shipped catalogue, {t['n']} runs (<= 2 ms p99):\n"
        f"  wall clock p50 {t['wall_p50']:.3f} ms, p99 {t['wall_p99']:.3f} ms"
        f" (load average {load:.1f} on {os.cpu_count()} cores)\n"
        f"  CPU time   p50 {t['cpu_p50']:.3f} ms, p99 {t['cpu_p99']:.3f} ms"
    )
    if args.cold_runs:
        times = cold_start(args.cold_runs, "pay practices extra for every patient")
        print(
            f"spreadbot ask --json, cold start over {len(times)} runs: "
            f"median {statistics.median(times):.2f} s, max {max(times):.2f} s (<= 0.6 s)"
        )


if __name__ == "__main__":
    main()
