"""Benchmark: Spreadbot's Slack HTTP endpoint against a bare Bolt app that only acknowledges.

Each server runs in its own process on loopback; a local fake Slack (another process) takes the
Web API and response_url calls Spreadbot makes after acknowledging. The load generator sends
signed `/spread` slash commands (or events) from N concurrent clients and prints requests per
second and ack latency p50/p95 for both, side by side. Not part of the test run.

    .venv/bin/python bench/bench_slack.py [--requests 3000] [--concurrency 20] [--kind command|event]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
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

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-1111-2222-bench"
QUERIES = ["what is GIRFT?", "list", "fellowships", "help", "peer networks", "funding"]


# -- the processes -------------------------------------------------------------------------
async def run_fake() -> None:
    from tests.fakes.slack_api import FakeSlack

    fake = await FakeSlack(bot_token=BOT_TOKEN).start()
    print(fake.port, flush=True)
    await asyncio.Event().wait()


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
def signed(body: bytes) -> dict[str, str]:
    ts = str(int(time.time()))
    sig = hmac.new(SECRET.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v0=" + sig}


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
    url: str, kind: str, total: int, concurrency: int, fake_port: int
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    counter = iter(range(total))

    async def client(session: aiohttp.ClientSession) -> None:
        for i in counter:
            body, content_type = request_body(kind, i, fake_port)
            headers = {"Content-Type": content_type, **signed(body)}
            start = time.perf_counter()
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
    return total / elapsed, latencies


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000


async def main(args: argparse.Namespace) -> int:
    fake, fake_port = await spawn("fake")
    api_url = f"http://127.0.0.1:{fake_port}/api/"
    results = {}
    procs = [fake]
    try:
        for name in ("bare-bolt", "spreadbot"):
            proc, port = await spawn(
                "bare" if name == "bare-bolt" else "spreadbot", "--api-url", api_url
            )
            procs.append(proc)
            url = f"http://127.0.0.1:{port}/slack/events"
            await load(
                url, args.kind, min(200, args.requests), args.concurrency, fake_port
            )  # warm up
            rps, lat = await load(url, args.kind, args.requests, args.concurrency, fake_port)
            results[name] = (rps, pct(lat, 50), pct(lat, 95))
            proc.terminate()
            await proc.wait()
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.terminate()
                await proc.wait()

    print(
        f"Slack endpoint, {args.requests} signed {args.kind} requests, {args.concurrency} concurrent clients, "
        f"loopback, {os.cpu_count()} CPUs"
    )
    print(f"{'server':<12} {'req/s':>9} {'ack p50 ms':>11} {'ack p95 ms':>11}")
    for name, (rps, p50, p95) in results.items():
        print(f"{name:<12} {rps:>9.0f} {p50:>11.1f} {p95:>11.1f}")
    ratio = results["spreadbot"][0] / results["bare-bolt"][0]
    p95 = results["spreadbot"][2]
    print(
        f"throughput ratio spreadbot/bare = {ratio:.2f} (target >= 0.80); spreadbot ack p95 = {p95:.1f} ms "
        f"(target < 100 ms): {'PASS' if ratio >= 0.8 and p95 < 100 else 'MISS'}"
    )
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--kind", choices=("command", "event"), default="command")
    parser.add_argument("--role", choices=("fake", "spreadbot", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    ns = parser.parse_args()
    if ns.role == "fake":
        asyncio.run(run_fake())
    elif ns.role == "spreadbot":
        asyncio.run(run_spreadbot(ns.api_url))
    elif ns.role == "bare":
        asyncio.run(run_bare(ns.api_url))
    else:
        sys.exit(asyncio.run(main(ns)))
