"""Benchmark: catalogue lookup with the search index against brute force, from 31 to 100,000 entries.

For the shipped catalogue and for synthetic registers (bench/gen_catalogue.py) of 1,000, 10,000 and
100,000 methods loaded next to it, each in a fresh process so memory figures don't accumulate:
load and index build time; lookup p50/p99 with the index (first pass: no word seen before; warm:
the same queries again) and by brute force (`lookup(brute_force=True)`: every phrase, word and entry
scored), their ratio; the issue's naive baseline (rapidfuzz WRatio extract over every name and alias,
limit 5); how often the index's top result is brute force's ("same top") and how often all its
matches and scores are ("same all"); RSS after loading, after indexing, and peak (before brute
force runs). Then `spreadbot ask` cold start. Catalogues are generated once into --data (about
a minute for 100,000).
Targets (issue 6): shipped p99 <= 1 ms; at 100,000 index p50 <= 5 ms, >= 20x brute force, top
result the same for >= 95% of queries; peak RSS at 10,000 <= 200 MB; `spreadbot ask` <= 0.6 s.
Run: .venv/bin/python bench/bench_lookup.py [--sizes 1000,10000,100000] [--queries 200]
Imports: catalogue, bench.gen_catalogue, rapidfuzz, stdlib.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from bench.gen_catalogue import write_catalogue  # noqa: E402
from catalogue.files import load_from  # noqa: E402
from catalogue.schema import Catalogue  # noqa: E402
from catalogue.search import SearchIndex, is_acronym  # noqa: E402

DEFAULT_DATA = Path(tempfile.gettempdir()) / "spreadbot-bench-catalogues"
NOISE = (
    "weather forecast tomorrow",
    "pizza delivery",
    "xkcd comic",
    "blorp fizzle",
    "parking permit",
    "holiday rota",
    "printer not working",
    "football scores",
    "qwertyuiop",
    "lorem ipsum dolor",
)


def catalogue_dir(data: Path, size: int, seed: int) -> Path:
    """The synthetic catalogue of `size` methods, generated once and kept under `data`."""
    folder = data / f"{size}-seed{seed}"
    done = folder / ".complete"
    if not done.exists():
        write_catalogue(folder, size, seed)
        done.write_text("ok")
    return folder


def _typo(rnd: random.Random, text: str) -> str:
    for _ in range(rnd.randint(1, 2)):
        if len(text) < 4:
            break
        i = rnd.randrange(1, len(text) - 1)
        op = rnd.randrange(3)
        if op == 0:
            text = text[:i] + text[i + 1 :]
        elif op == 1:
            text = text[:i] + rnd.choice("abcdefghijklmnopqrstuvwxyz") + text[i:]
        else:
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text


def _span(rnd: random.Random, text: str, lo: int, hi: int) -> str:
    words = text.split()
    n = min(len(words), rnd.randint(lo, hi))
    start = rnd.randrange(len(words) - n + 1)
    return " ".join(words[start : start + n])


def make_queries(cat: Catalogue, n: int, seed: int) -> list[str]:
    """A mix of what people type: exact names, typos, acronyms, parts of names, phrases from
    descriptions, questions, and noise; drawn from the whole catalogue, the same for a seed."""
    rnd = random.Random(seed)
    methods = list(cat.methods)
    out: list[str] = []
    while len(out) < n:
        m = rnd.choice(methods)
        kind = rnd.random()
        acronyms = [
            a for a in (*m.aliases, *(x for e in m.examples for x in e.aliases)) if is_acronym(a)
        ]
        if kind < 0.2:
            out.append(m.name)
        elif kind < 0.4:
            out.append(_typo(rnd, m.name))
        elif kind < 0.5 and acronyms:
            out.append(rnd.choice(acronyms))
        elif kind < 0.65:
            out.append(_span(rnd, m.name, 2, 3))
        elif kind < 0.8 and m.description:
            out.append(_span(rnd, re.sub(r"[.,]", "", m.description), 3, 6))
        elif kind < 0.9:
            out.append(f"how do I set up a {_span(rnd, m.name, 2, 4).lower()}?")
        else:
            out.append(rnd.choice(NOISE))
    return out


def _timed(fn: Callable[[str], Any], queries: list[str]) -> tuple[list[float], list[Any]]:
    times, results = [], []
    for q in queries:
        start = time.perf_counter()
        results.append(fn(q))
        times.append((time.perf_counter() - start) * 1000)
    return times, results


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def measure(
    size: int, data: Path, seed: int, query_seed: int, n_queries: int, brute_queries: int
) -> dict[str, Any]:
    """One catalogue, measured in this process."""
    extra = [catalogue_dir(data, size, seed)] if size else []
    start = time.perf_counter()
    cat = load_from(extra, keep_lines=False)
    loaded = time.perf_counter()
    rss_loaded = _rss_kb("VmRSS")
    index = SearchIndex(cat)
    built = time.perf_counter()
    rss_built = _rss_kb("VmRSS")
    queries = make_queries(cat, n_queries, query_seed)
    cold, fast = _timed(lambda q: index.lookup(q), queries)
    warm, _ = _timed(lambda q: index.lookup(q), queries)
    peak = _rss_kb("VmHWM")  # before brute force, whose score-everything dicts would count
    sample = queries[:brute_queries]
    brute_t, brute = _timed(lambda q: index.lookup(q, brute_force=True), sample)
    names = [n for t in (*cat.approaches, *cat.methods) for n in (t.name, *t.aliases)]
    from rapidfuzz import fuzz, process

    naive_t, _ = _timed(
        lambda q: process.extract(q, names, scorer=fuzz.WRatio, limit=5), sample[:50]
    )
    same_top = sum(
        1
        for a, b in zip(fast, brute, strict=False)
        if (a.best.id if a.best else None) == (b.best.id if b.best else None)
    )
    same_all = sum(
        1
        for a, b in zip(fast, brute, strict=False)
        if a.outcome == b.outcome
        and [(m.id, m.score) for m in a.matches] == [(m.id, m.score) for m in b.matches]
    )
    return {
        "size": size,
        "entries": len(index.targets),
        "load_s": loaded - start,
        "build_s": built - loaded,
        "index_p50": percentile(cold, 50),
        "index_p99": percentile(cold, 99),
        "warm_p50": percentile(warm, 50),
        "warm_p99": percentile(warm, 99),
        "brute_p50": percentile(brute_t, 50),
        "brute_p99": percentile(brute_t, 99),
        "naive_p50": percentile(naive_t, 50),
        "compared": len(sample),
        "same_top": same_top,
        "same_all": same_all,
        "rss_loaded_mb": rss_loaded / 1024,
        "rss_built_mb": rss_built / 1024,
        "peak_mb": peak / 1024,
    }


def cold_start(runs: int, query: str = "GIRFT") -> list[float]:
    """Seconds each of `runs` runs of `spreadbot ask QUERY --json` took, start to exit."""
    exe = Path(sys.executable).parent / "spreadbot"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(exe), "ask", query, "--json"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", default="1000,10000,100000", help="synthetic sizes, comma-separated")
    p.add_argument("--queries", type=int, default=200, help="queries per catalogue")
    p.add_argument("--brute-queries", type=int, default=200, help="of those, run by brute force")
    p.add_argument("--seed", type=int, default=1, help="of the synthetic catalogues")
    p.add_argument("--query-seed", type=int, default=2, help="of the queries (1 was for tuning)")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="where catalogues are kept")
    p.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size
    args = p.parse_args()
    if args.one is not None:
        figures = measure(
            args.one, args.data, args.seed, args.query_seed, args.queries, args.brute_queries
        )
        print(json.dumps(figures))
        return
    sizes = [0] + [int(s) for s in args.sizes.split(",") if s]
    rows = []
    for size in sizes:
        if size:
            catalogue_dir(args.data, size, args.seed)  # generate outside the measured process
        cmd = [sys.executable, __file__, "--one", str(size), "--queries", str(args.queries)]
        cmd += ["--brute-queries", str(args.brute_queries), "--seed", str(args.seed)]
        cmd += ["--query-seed", str(args.query_seed)]
        cmd += ["--data", str(args.data)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        print(f"measured {rows[-1]['entries']} entries", file=sys.stderr)
    print(
        f"{'catalogue':>12} {'entries':>7} {'load s':>7} {'build s':>7} | {'index p50':>9} "
        f"{'p99':>7} {'warm p50':>8} | {'brute p50':>9} {'p99':>7} {'x p50':>6} | "
        f"{'WRatio p50':>10} | {'same top':>12} {'same all':>8} | "
        f"{'RSS MB: loaded':>14} {'indexed':>7} {'peak':>5}"
    )
    for r in rows:
        label = "shipped" if r["size"] == 0 else f"+{r['size']:,}"
        print(
            f"{label:>12} {r['entries']:>7} {r['load_s']:>7.2f} {r['build_s']:>7.2f} | "
            f"{r['index_p50']:>6.2f} ms {r['index_p99']:>7.2f} {r['warm_p50']:>8.2f} | "
            f"{r['brute_p50']:>6.2f} ms {r['brute_p99']:>7.2f} "
            f"{r['brute_p50'] / r['index_p50']:>5.0f}x | {r['naive_p50']:>7.2f} ms | "
            f"{r['same_top']:>4}/{r['compared']:<3} {100 * r['same_top'] / r['compared']:>3.0f}% "
            f"{r['same_all']:>8} | {r['rss_loaded_mb']:>14.0f} {r['rss_built_mb']:>7.0f} "
            f"{r['peak_mb']:>5.0f}"
        )
    times = cold_start(7)
    print(
        f"spreadbot ask GIRFT --json, cold start over {len(times)} runs: "
        f"median {statistics.median(times):.2f} s, max {max(times):.2f} s"
    )


if __name__ == "__main__":
    main()
