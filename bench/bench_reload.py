"""Benchmark: reloading the catalogue under load. `spreadbot serve slack` runs as its own process
against a local fake Slack (in this process); a steady stream of signed Slack events asks for an
approach of the organisation's own catalogue while that catalogue is replaced five times, one of
them broken, each followed by SIGHUP. Each version's two files (the approach and a second method)
carry the version's number, so an answer drawn from a half-loaded catalogue would show two
numbers. Prints what was sent, acknowledged and answered, per version, and how fast each reload
took effect. Not part of the test run.

    .venv/bin/python bench/bench_reload.py [--rate 40] [--seconds 12]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.slack.payloads import SIGNING_SECRET as SECRET  # noqa: E402
from tests.slack.payloads import signature_headers  # noqa: E402

BOT_TOKEN = "xoxb-1111-2222-bench"
BROKEN = 3  # the third replacement is broken
REPLACEMENTS = 5

APPROACH = """\
approach:
  id: huddling
  number: 12
  name: Huddling together
  summary: Teams meet briefly every day to share what is spreading (version {v}).
  source: https://example.org/huddling
  method_count: 2
methods:
  - id: spread-huddles
    name: Spread huddles
    summary: A ten-minute daily meeting about spread (version {v}).
"""
SECOND = """\
methods:
  - id: huddle-boards
    name: Huddle boards
    approach: huddling
    summary: A board that shows what each huddle agreed (version {v}).
"""
_VERSION = re.compile(r"\(version (\d+)\)")


def write_version(folder: Path, v: int) -> None:
    """Both files, each replaced atomically (written aside, then renamed over the old one)."""
    approach = APPROACH.format(v=v)
    if v == BROKEN:
        approach = approach.replace("method_count: 2", "method_count: 2\n  colour: red")
    for name, text in (("a-approach.yaml", approach), ("b-second.yaml", SECOND.format(v=v))):
        tmp = folder / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, folder / name)


def signed(body: bytes) -> dict[str, str]:
    return {"Content-Type": "application/json", **signature_headers(body)}


def event(i: int) -> bytes:
    envelope = {
        "type": "event_callback",
        "team_id": "T0",
        "event_id": f"Ev{i:08d}",
        "api_app_id": "A0",
        "event_time": int(time.time()),
        "event": {
            "type": "app_mention",
            "user": f"U{i % 50:04d}",
            "text": "<@UBOTSPREAD> Huddling together",
            "ts": f"1710000000.{i:06d}",
            "channel": "C0",
            "team": "T0",
        },
    }
    return json.dumps(envelope).encode()


async def start_server(env: dict[str, str]) -> tuple[asyncio.subprocess.Process, str, list]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters.console.cli",
        "serve",
        "slack",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        cwd=REPO,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stderr is not None
    log: list[tuple[float, str]] = []
    while True:
        line = (await asyncio.wait_for(proc.stderr.readline(), 60)).decode()
        if not line:
            raise RuntimeError("the server stopped: " + "".join(t for _, t in log))
        log.append((time.perf_counter(), line))
        if "Slack events at " in line:
            url = line.split("Slack events at ", 1)[1].strip()
            break

    async def keep_reading() -> None:
        while line := await proc.stderr.readline():  # type: ignore[union-attr]
            log.append((time.perf_counter(), line.decode()))

    asyncio.get_running_loop().create_task(keep_reading())
    return proc, url, log


async def main(args: argparse.Namespace) -> int:
    from tests.fakes.slack_api import FakeSlack

    fake = await FakeSlack(bot_token=BOT_TOKEN).start()
    folder = Path(tempfile.mkdtemp(prefix="spreadbot-reload-"))
    write_version(folder, 0)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SPREADBOT_", "SLACK_"))},
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "SPREADBOT_STATE_URL": "memory://",
        "SPREADBOT_DATA_DIR": str(folder / "data"),
        "SPREADBOT_CATALOGUE": str(folder),
    }
    proc, url, log = await start_server(env)
    total = int(args.rate * args.seconds)
    sent_at: dict[int, float] = {}
    acks: dict[int, int] = {}
    swaps: list[tuple[int, float]] = []

    async def send_all(session: aiohttp.ClientSession) -> None:
        start = time.perf_counter()
        pending = []
        for i in range(total):
            await asyncio.sleep(max(0.0, start + i / args.rate - time.perf_counter()))
            pending.append(asyncio.create_task(send(session, i)))
        await asyncio.gather(*pending)

    async def send(session: aiohttp.ClientSession, i: int) -> None:
        body = event(i)
        sent_at[i] = time.perf_counter()
        try:
            async with session.post(url, data=body, headers=signed(body)) as resp:
                await resp.read()
                acks[i] = resp.status
        except aiohttp.ClientError:
            acks[i] = -1

    async def replace_catalogue() -> None:
        step = args.seconds / (REPLACEMENTS + 1)
        for v in range(1, REPLACEMENTS + 1):
            await asyncio.sleep(step)
            write_version(folder, v)
            swaps.append((v, time.perf_counter()))
            proc.send_signal(signal.SIGHUP)

    try:
        async with aiohttp.ClientSession() as session:
            await asyncio.gather(send_all(session), replace_catalogue())
        calls = await fake.wait_for("chat.postMessage", count=total, timeout=120)
        await asyncio.sleep(0.5)  # any second answer to one event would have arrived by now
        calls = fake.recorded("chat.postMessage")
    finally:
        proc.send_signal(signal.SIGTERM)
        await proc.wait()
        await fake.close()
        shutil.rmtree(folder, ignore_errors=True)

    answers: dict[int, list[tuple[float, set[int]]]] = {}
    for call in calls:
        i = int(str(call.args.get("thread_ts", "0.0")).split(".")[1])
        text = json.dumps(call.blocks) + str(call.args.get("text"))
        answers.setdefault(i, []).append((call.at, {int(v) for v in _VERSION.findall(text)}))
    failed_acks = sum(1 for s in acks.values() if s != 200)
    unanswered = [i for i in range(total) if i not in answers]
    doubled = [i for i, a in answers.items() if len(a) > 1]
    mixed = [i for i, a in answers.items() if any(len(vs) != 1 for _, vs in a)]
    versions = [next(iter(a[0][1])) for i, a in sorted(answers.items()) if len(a[0][1]) == 1]
    backwards = sum(1 for a, b in zip(versions, versions[1:], strict=False) if b < a)
    latency = [a[0][0] - sent_at[i] for i, a in answers.items()]
    reloaded = [t for t, line in log if "reloaded:" in line]
    refused = [line for _, line in log if "reload refused" in line or " at approach.colour" in line]

    print(
        f"Reload under load: {total} signed Slack events at {args.rate}/s for {args.seconds:.0f} s "
        f"to `spreadbot serve slack` (own process, loopback, {os.cpu_count()} CPUs); the "
        f"catalogue replaced {REPLACEMENTS} times with SIGHUP, version {BROKEN} broken"
    )
    print(
        f"acknowledged 200: {total - failed_acks}/{total}; answered: {total - len(unanswered)}/"
        f"{total}; answered twice: {len(doubled)}; answers mixing versions: {len(mixed)}; "
        f"answers from the broken version: {versions.count(BROKEN)}"
    )
    counts = " ".join(f"v{v}={versions.count(v)}" for v in range(REPLACEMENTS + 1))
    print(f"answers per catalogue version: {counts}; out of order across a swap: {backwards}")
    print(
        f"answer latency p50 {statistics.median(latency) * 1000:.0f} ms, "
        f"p95 {statistics.quantiles(latency, n=20)[-1] * 1000:.0f} ms, "
        f"max {max(latency) * 1000:.0f} ms"
    )
    took = []
    for v, at in swaps:
        if v == BROKEN:
            continue
        done = next((t for t in reloaded if t >= at), None)
        if done is not None:
            took.append((v, (done - at) * 1000))
    print(
        "SIGHUP to new version serving: "
        + ", ".join(f"v{v} {ms:.0f} ms" for v, ms in took)
        + f"; broken version refused with file and place logged: {'yes' if refused else 'NO'}"
    )
    ok = not (failed_acks or unanswered or doubled or mixed or versions.count(BROKEN))
    ok = ok and bool(refused) and len(took) == REPLACEMENTS - 1
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=40.0, help="events per second")
    parser.add_argument("--seconds", type=float, default=12.0)
    sys.exit(asyncio.run(main(parser.parse_args())))
