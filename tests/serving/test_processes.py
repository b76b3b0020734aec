"""`serve slack`, `serve teams` and `chat` as operators run them: the same exit code and the same
message for the same start-up failure; JSON log lines with one line per event and no message
text; and SIGTERM with a platform holding a reply stops within the drain bound, says what it
dropped, and exits 0."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from adapters.console.cli import main
from tests.fakes.bot_connector import FakeBotConnector
from tests.fakes.slack_api import FakeSlack, Fault
from tests.samples import OWN_APPROACH
from tests.serving.test_health import closed_port
from tests.slack.conftest import signed_event, slack_env
from tests.slack.payloads import APP_TOKEN, BOT_TOKEN, TEAM, dm
from tests.slack.test_server import read_until, start_process
from tests.teams.payloads import TeamsUser
from tests.teams.process import server_env, start_server, stop_server

COMMANDS = {
    "serve slack": ["serve", "slack", "--host", "127.0.0.1", "--port", "0"],
    "serve teams": ["serve", "teams", "--host", "127.0.0.1", "--port", "0", "--no-auth"],
    "chat": ["chat", "--user", "tester"],
}
SECRET_WORDS = "quokka zebrafish privatewords"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[pytest.MonkeyPatch]:
    """No Slack, Teams or Spreadbot settings but valid Slack tokens (so each command reaches the
    shared start-up)."""
    for name in list(os.environ):
        if name.startswith(("SLACK_", "SPREADBOT_", "MICROSOFT_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "8f742231b10e8888abcd99yyyzzz85a5")
    monkeypatch.setenv("SLACK_API_URL", f"http://127.0.0.1:{closed_port()}/api/")
    monkeypatch.setenv("SPREADBOT_DATA_DIR", str(tmp_path))
    yield monkeypatch


def broken_catalogue(folder: Path) -> str:
    folder.mkdir(exist_ok=True)
    (folder / "huddles.yaml").write_text(
        OWN_APPROACH.replace("method_count: 1", "method_count: 1\n  colour: red")
    )
    return str(folder)


FAILURES = {
    "a malformed setting": (
        {"SPREADBOT_IDLE_TIMEOUT_HOURS": "soon"},
        2,
        "SPREADBOT_IDLE_TIMEOUT_HOURS",
    ),
    "a malformed store URL": ({"SPREADBOT_STATE_URL": "redis://:6379/0"}, 2, "missing the host"),
    "an unknown log format": ({"SPREADBOT_LOG_FORMAT": "xml"}, 2, "SPREADBOT_LOG_FORMAT"),
    "an unreachable store": (
        {"SPREADBOT_STATE_URL": "redis://127.0.0.1:{port}/0"},
        1,
        "state store unavailable",
    ),
    "an invalid catalogue": ({"SPREADBOT_CATALOGUE": "{catalogue}"}, 1, "invalid data (1 problem)"),
}


@pytest.mark.parametrize("failure", FAILURES)
def test_the_same_failure_exits_the_same_way_from_every_command(
    clean_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    failure: str,
) -> None:
    env, code, named = FAILURES[failure]
    values = {"port": closed_port(), "catalogue": broken_catalogue(tmp_path / "own")}
    for name, value in env.items():
        clean_env.setenv(name, value.format(**values))
    said = {}
    for command, argv in COMMANDS.items():
        assert main(argv) == code, command
        err = capsys.readouterr().err
        lines = [line for line in err.splitlines() if line.startswith("spreadbot: ")]
        assert lines and named in lines[0], (command, err)
        assert "Traceback" not in err
        said[command] = lines[0]
    assert len(set(said.values())) == 1, said


def assert_logged_in_json(stderr: str, platform: str) -> None:
    """JSON lines with the answered message's event line and the dropped reply, and no text."""
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    events = {(line.get("platform"), line.get("kind"), line.get("outcome")) for line in lines}
    assert (platform, "message", "answered") in events
    assert any("1 of 1 replies still under way" in str(line["message"]) for line in lines)
    assert not any(word in stderr for word in SECRET_WORDS.split())


async def test_serve_slack_drains_in_bounds_then_exits_0_logging_json(tmp_path: Path) -> None:
    fake = await FakeSlack(bot_token=BOT_TOKEN, app_token=APP_TOKEN, team_id=TEAM).start()
    held = asyncio.Event()
    env = slack_env(
        fake,
        SPREADBOT_LOG_FORMAT="json",
        SPREADBOT_DRAIN_SECONDS="1",
        SPREADBOT_DATA_DIR=str(tmp_path),
    )
    proc = await start_process(env)
    try:
        found = await read_until(proc, r"Slack events at http://127\.0\.0\.1:(\d+)/slack/events")
        url = f"http://127.0.0.1:{found.group(1)}/slack/events"
        async with aiohttp.ClientSession() as session:
            for n, words in enumerate(("what is GIRFT?", SECRET_WORDS)):
                if n:  # the second reply is held by Slack: it is under way at SIGTERM
                    fake.fail("chat.postMessage", Fault(release=held))
                event = dm(words, ts=f"1710008000.00010{n}")
                body, headers = signed_event(event, f"EvPROC{n}")
                async with session.post(url, data=body, headers=headers) as resp:
                    assert resp.status == 200
                await fake.wait_for("chat.postMessage", count=n + 1)
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 10) == 0
        assert time.monotonic() - started < 6.0  # the 1 s drain, and exiting
    finally:
        held.set()
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await fake.close()
    assert proc.stderr is not None
    stderr = (await proc.stderr.read()).decode()
    assert_logged_in_json(stderr, "slack")


async def test_serve_teams_drains_in_bounds_then_exits_0_logging_json(tmp_path: Path) -> None:
    connector = FakeBotConnector()
    await connector.start()
    user = TeamsUser(service_url=connector.url)
    env = server_env(
        SPREADBOT_STATE_URL="memory://",
        SPREADBOT_DATA_DIR=str(tmp_path),
        SPREADBOT_LOG_FORMAT="json",
        SPREADBOT_DRAIN_SECONDS="1",
    )
    process, endpoint = await start_server(
        env, "adapters.teams.server", "--no-auth", stderr=asyncio.subprocess.PIPE
    )
    try:
        async with aiohttp.ClientSession() as session:
            async with session.post(endpoint, json=user.message("help")) as response:
                assert response.status == 200
            await connector.wait_for_count(1)
            connector.hold = asyncio.Event()  # the next reply is under way at SIGTERM
            connector.arrived.clear()
            pending = asyncio.ensure_future(session.post(endpoint, json=user.message(SECRET_WORDS)))
            await asyncio.wait_for(connector.arrived.wait(), 10)
            started = time.monotonic()
            assert await stop_server(process, timeout=10) == 0
            assert time.monotonic() - started < 6.0  # the 1 s drain, and exiting
            pending.cancel()
    finally:
        if connector.hold is not None:
            connector.hold.set()
        if process.returncode is None:
            process.kill()
            await process.wait()
        await connector.stop()
    assert process.stderr is not None
    stderr = (await process.stderr.read()).decode()
    assert_logged_in_json(stderr, "teams")
