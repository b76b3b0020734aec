"""Benchmark: Spreadbot's Slack HTTP endpoint against a bare Bolt app that only acknowledges.

Each server runs in its own process on loopback; a local fake Slack (in this process) takes the
Web API and response_url calls Spreadbot makes after acknowledging. The load generator sends
signed `/spread` slash commands (or events) from N concurrent clients and prints requests per
second and ack latency p50/p95 for both, side by side, then how long Spreadbot's replies took
to arrive at the fake. Not part of the test run.

    .venv/bin/python bench/bench_slack.py [--requests 2000] [--concurrency 20] [--rounds 5]
                                          [--kind command|event]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.slack.payloads import SIGNING_SECRET as SECRET  # noqa: E402
from tests.slack.payloads import signature_headers  # noqa: E402

BOT_TOKEN = "xoxb-1111-2222-bench"
QUERIES = ["what is GIRFT?", "list", "fellowships", "help", "peer networks", "funding"]


# -- the processes -------------------------------------------------------------------------
async def run_spreadbot(api_url: str) -> None:
    from adapters.runtime import CoreSettings, build_runtime
    from adapters.slack.server import start_http
    from adapters.slack.settings import SlackSettings

    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api_url,
        "SPREADBOT_STATE_URL": "memory://",
    }
    runtime = await build_runtime(CoreSettings.from_env(env))
    server = await start_http(SlackSettings.from_env(env), runtime, "127.0.0.1", 0)
    print(server.port, flush=True)
    await asyncio.Event().wait()


async def run_bare(api_url: str) -> None:
    from aiohttp import web
    from slack_bolt.app.async_server import AsyncSlackAppServer
    from slack_bolt.async_app import AsyncAck, AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    app = AsyncApp(client=AsyncWebClient(token=BOT_TOKEN, base_url=api_url), signing_secret=SECRET)

    async def ack_only(ack: AsyncAck) -> None:
        await ack()

    app.command("/spread")(ack_only)
    app.event("app_mention")(ack_only)
    runner = web.AppRunner(
        AsyncSlackAppServer(port=0, path="/slack/events", app=app).web_app, access_log=None
    )
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(runner.addresses[0][1], flush=True)
    await asyncio.Event().wait()


async def spawn(role: str, *args: str) -> tuple[asyncio.subprocess.Process, int]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--role",
        role,
        *args,
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    line = await asyncio.wait_for(proc.stdout.readline(), 60)
    return proc, int(line)


# -- the load --------------------------------------------------------------------------------
def request_body(kind: str, i: int, fake_port: int) -> tuple[bytes, str]:
    if kind == "command":
        form = {
            "team_id": "T0",
            "channel_id": "C0",
            "user_id": f"U{i % 50:04d}",
            "command": "/spread",
            "text": QUERIES[i % len(QUERIES)],
            "response_url": f"http://127.0.0.1:{fake_port}/response/{i}",
            "trigger_id": f"t{i}",
        }
        return urlencode(form).encode(), "application/x-www-form-urlencoded"
    event = {
        "type": "app_mention",
        "user": f"U{i % 50:04d}",
        "text": f"<@UBOTSPREAD> {QUERIES[i % len(QUERIES)]}",
        "ts": f"1710000000.{i:06d}",
        "channel": "C0",
        "team": "T0",
    }
    envelope = {
        "type": "event_callback",
        "team_id": "T0",
        "event_id": f"Ev{i:08d}",
        "event": event,
        "api_app_id": "A0",
        "event_time": int(time.time()),
    }
    return json.dumps(envelope).encode(), "application/json"


async def load(
    url: str, kind: str, total: int, concurrency: int, fake_port: int, first: int = 0
) -> tuple[float, list[float], dict[int, float]]:
    latencies: list[float] = []
    sent_at: dict[int, float] = {}
    counter = iter(range(first, first + total))

    async def client(session: aiohttp.ClientSession) -> None:
        for i in counter:
            body, content_type = request_body(kind, i, fake_port)
            headers = {"Content-Type": content_type, **signature_headers(body)}
            start = sent_at[i] = time.perf_counter()
            async with session.post(url, data=body, headers=headers) as resp:
                await resp.read()
                if resp.status != 200:
                    raise RuntimeError(f"{url} answered {resp.status}")
            latencies.append(time.perf_counter() - start)

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        start = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return total / elapsed, latencies, sent_at


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000


async def main(args: argparse.Namespace) -> int:
    from tests.fakes.slack_api import FakeSlack

    # The fake runs here, beside the load generator: it only gets work once Spreadbot replies.
    fake = await FakeSlack(bot_token=BOT_TOKEN).start()
    rounds: dict[str, list[tuple[float, float, float]]] = {"bare-bolt": [], "spreadbot": []}
    replies: list[tuple[float, float, float, float]] = []
    procs = []
    try:
        urls = {}
        for name, role in (("bare-bolt", "bare"), ("spreadbot", "spreadbot")):
            proc, port = await spawn(role, "--api-url", fake.api_url)
            procs.append(proc)
            urls[name] = f"http://127.0.0.1:{port}/slack/events"
            warm = min(200, args.requests)
            await load(urls[name], args.kind, warm, args.concurrency, fake.port, first=10**6)
        await fake.wait_for(REPLY[args.kind], count=warm, timeout=60)
        # Interleaved rounds, so a noisy neighbour on the machine hits both servers alike.
        for r in range(args.rounds):
            for name, url in urls.items():
                mark = fake.mark()
                first = (r * 2 + (name == "spreadbot")) * args.requests
                rps, lat, sent_at = await load(
                    url, args.kind, args.requests, args.concurrency, fake.port, first
                )
                rounds[name].append((rps, pct(lat, 50), pct(lat, 95)))
                if name == "spreadbot":  # let the replies drain before the next round
                    replies.append(await reply_figures(fake, args, mark, sent_at))
    finally:
        for proc in procs:
            proc.terminate()
            await proc.wait()
        await fake.close()

    print(
        f"Slack endpoint: {args.rounds} rounds of {args.requests} signed {args.kind} requests, "
        f"{args.concurrency} concurrent clients, loopback, {os.cpu_count()} CPUs (median of rounds)"
    )
    print(f"{'server':<12} {'req/s':>9} {'ack p50 ms':>11} {'ack p95 ms':>11}   per round req/s")
    med = {}
    for name, figures in rounds.items():
        med[name] = tuple(statistics.median(f[i] for f in figures) for i in range(3))
        per_round = " ".join(f"{f[0]:.0f}" for f in figures)
        print(
            f"{name:<12} {med[name][0]:>9.0f} {med[name][1]:>11.1f} {med[name][2]:>11.1f}   {per_round}"
        )
    ratios = [s[0] / b[0] for s, b in zip(rounds["spreadbot"], rounds["bare-bolt"], strict=True)]
    ratio = statistics.median(ratios)
    p95 = med["spreadbot"][2]
    verdict = "PASS" if ratio >= 0.8 and p95 < 100 else "MISS"
    print(
        f"throughput ratio spreadbot/bare per round: {' '.join(f'{r:.2f}' for r in ratios)}; "
        f"median {ratio:.2f} (target >= 0.80); spreadbot ack p95 = {p95:.1f} ms (target < 100 ms): {verdict}"
    )
    span, rate, p50, p95r = (statistics.median(r[i] for r in replies) for i in range(4))
    print(
        f"spreadbot replies (they wait for a quiet moment, at most 3 s, so acks go first): all delivered "
        f"{span:.2f} s after the first request ({rate:.0f}/s); reply latency p50 {p50:.0f} ms, p95 {p95r:.0f} ms"
    )
    return 0


REPLY = {"command": "response_url", "event": "chat.postMessage"}


async def reply_figures(
    fake: object, args: argparse.Namespace, mark: int, sent_at: dict[int, float]
) -> tuple[float, float, float, float]:
    """The other half of the story: how long the replies themselves took to reach Slack."""
    from tests.fakes.slack_api import Call, FakeSlack

    assert isinstance(fake, FakeSlack)
    calls = await fake.wait_for(REPLY[args.kind], after=mark, count=args.requests, timeout=120)

    def request_of(call: Call) -> int:
        if args.kind == "command":
            return int(call.path.rsplit("/", 1)[1])
        return int(str(call.args.get("thread_ts", "0.0")).split(".")[1])

    delays = [c.at - sent_at[request_of(c)] for c in calls]
    span = max(c.at for c in calls) - min(sent_at.values())
    return span, len(calls) / span, pct(delays, 50), pct(delays, 95)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--kind", choices=("command", "event"), default="command")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--role", choices=("spreadbot", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    ns = parser.parse_args()
    if ns.role == "spreadbot":
        asyncio.run(run_spreadbot(ns.api_url))
    elif ns.role == "bare":
        asyncio.run(run_bare(ns.api_url))
    else:
        sys.exit(asyncio.run(main(ns)))
