"""`serve(host, port)` as the CLI runs it: settings checks, startup token check, a real process."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from adapters.slack.server import serve
from tests.fakes.slack_api import FakeSlack
from tests.slack.conftest import signed_event, slack_env
from tests.slack.payloads import dm

REPO = Path(__file__).resolve().parents[2]
SERVE = "import sys; from adapters.slack.server import serve; sys.exit(serve('127.0.0.1', 0))"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1-2-3"}, "SLACK_SIGNING_SECRET"),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1-2-3", "SLACK_SIGNING_SECRET": "not a secret!"},
            "SLACK_SIGNING_SECRET",
        ),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1-2-3", "SLACK_APP_TOKEN": "xoxb-wrong-kind"},
            "SLACK_APP_TOKEN",
        ),
        (
            {
                "SLACK_BOT_TOKEN": "xoxb-1-2-3",
                "SLACK_SIGNING_SECRET": "abc123abc123",
                "SLACK_API_URL": "ftp://x",
            },
            "SLACK_API_URL",
        ),
        (
            {
                "SLACK_BOT_TOKEN": "xoxb-1-2-3",
                "SLACK_SIGNING_SECRET": "abc123abc123",
                "SPREADBOT_IDLE_TIMEOUT_HOURS": "soon",
            },
            "SPREADBOT_IDLE_TIMEOUT_HOURS",
        ),
    ],
)
def test_a_missing_or_malformed_setting_stops_startup_naming_it(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env: dict[str, str],
    named: str,
) -> None:
    for name in list(os.environ):
        if name.startswith(("SLACK_", "SPREADBOT_")):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert serve("127.0.0.1", 0) == 2
    assert named in capsys.readouterr().err


def clean_environ() -> dict[str, str]:
    """The caller's environment without its own Slack or Spreadbot settings."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SPREADBOT_"))}


async def start_process(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        SERVE,
        cwd=REPO,
        env={**clean_environ(), **env},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def read_until(
    proc: asyncio.subprocess.Process, pattern: str, timeout: float = 20
) -> re.Match[str]:
    assert proc.stderr is not None
    deadline = time.monotonic() + timeout
    seen = []
    while (left := deadline - time.monotonic()) > 0:
        line = (await asyncio.wait_for(proc.stderr.readline(), left)).decode()
        if not line:
            break
        seen.append(line)
        if found := re.search(pattern, line):
            return found
    raise AssertionError(f"no {pattern!r} in:\n{''.join(seen)}")


async def test_serve_runs_a_real_http_server_until_sigterm(fake: FakeSlack) -> None:
    proc = await start_process(slack_env(fake))
    try:
        found = await read_until(proc, r"Slack events at http://127\.0\.0\.1:(\d+)/slack/events")
        url = f"http://127.0.0.1:{found.group(1)}"
        (check,) = await fake.wait_for("auth.test")  # the startup token check went to the fake
        assert check.path == "/api/auth.test"
        body, headers = signed_event(dm("what is GIRFT?", ts="1710003000.000100"), "EvPROC")
        async with aiohttp.ClientSession() as session:
            async with session.get(url + "/healthz") as resp:
                assert resp.status == 200
            async with session.post(url + "/slack/events", data=body, headers=headers) as resp:
                assert resp.status == 200
        (post,) = await fake.wait_for("chat.postMessage", timeout=10)
        assert post.args["channel"] == "D0ALICE"
    finally:
        proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(proc.wait(), 10)
    assert code == 0


async def test_a_token_slack_refuses_stops_startup_naming_it(fake: FakeSlack) -> None:
    proc = await start_process(slack_env(fake, SLACK_BOT_TOKEN="xoxb-revoked-token"))
    await read_until(proc, r"SLACK_BOT_TOKEN was refused")
    assert await asyncio.wait_for(proc.wait(), 10) == 2
