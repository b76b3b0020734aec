"""End to end on Slack over loopback HTTP: a person's unanswered lookups, a "did you mean" click and
a vote reach the state store, and `spreadbot report --json` reads them, redacted and counted once.

The bot's real HTTP server talks to the fake Slack Web API in tests/fakes; the state is a SQLite
file that the report command then reads, as an owner would. Imports: pytest, aiohttp, adapters,
bot and the Slack test helpers.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from adapters.console.cli import main
from adapters.runtime import CoreSettings, Runtime, build_runtime
from adapters.slack.server import HttpServer, start_http
from adapters.slack.settings import SlackSettings
from bot.core import Bot
from tests.fakes.slack_api import FakeSlack
from tests.slack.conftest import SlackSender, slack_env
from tests.slack.payloads import buttons, click, dm

DEDICATED = "dedicated-resource-provision"


@pytest.fixture
def state_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'state.sqlite3'}"


@pytest.fixture
async def sqlite_runtime(
    fake: FakeSlack, shared_bot: Bot, state_url: str
) -> AsyncIterator[Runtime]:
    env = slack_env(fake, SPREADBOT_STATE_URL=state_url)
    runtime = await build_runtime(CoreSettings.from_env(env), bot=shared_bot)
    yield runtime
    await runtime.close()


@pytest.fixture
async def sender(fake: FakeSlack, sqlite_runtime: Runtime) -> AsyncIterator[SlackSender]:
    settings = SlackSettings.from_env(slack_env(fake))
    server: HttpServer = await start_http(settings, sqlite_runtime, "127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession() as session:
            yield SlackSender(session, f"http://127.0.0.1:{server.port}/slack/events", fake)
    finally:
        await server.close()


async def test_a_slack_session_shows_up_in_the_report(
    sender: SlackSender,
    fake: FakeSlack,
    state_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def say(text: str, ts: str) -> list[dict[str, object]]:
        mark = fake.mark()
        assert (await sender.event(dm(text, ts=ts))).status == 200
        (call,) = await fake.wait_for("chat.postMessage", after=mark)
        return call.blocks

    async def press(blocks: list[dict[str, object]], label: str, message_ts: str) -> None:
        """Click the button labelled `label`, or the "Open" button of the entry it names."""
        mark = fake.mark()
        found = buttons(blocks)  # type: ignore[arg-type]
        named = [b for b in found if b.label == label]
        opens = [
            b for b in found if b.label == "Open" and label.lower().replace(" ", "-") in b.value
        ]
        (button,) = (named or opens)[:1]
        payload = click(
            button, channel="D0ALICE", message_ts=message_ts, response_url=fake.response_url("c")
        )
        assert (await sender.interaction(payload)).status == 200
        await fake.wait_for("chat.postMessage", after=mark)

    await say("zzqxv for <mailto:jane@nhs.net|jane@nhs.net> on 07700 900123", "1710000900.000001")
    await say("zzqxv", "1710000900.000002")
    offered = await say("AHSN", "1710000900.000003")
    await press(offered, "Dedicated resource provision", "1700000000.000003")
    card = fake.recorded("chat.postMessage")[-1].blocks
    await press(card, "Helpful", "1700000000.000004")
    await press(card, "Not helpful", "1700000000.000004")  # changed their mind: one vote

    for name in [k for k in os.environ if k.startswith("SPREADBOT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("SPREADBOT_STATE_URL", state_url)
    capsys.readouterr()
    # The owner's command, as run beside the server (its own event loop, so on its own thread).
    assert await asyncio.to_thread(main, ["report", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (missed,) = data["unanswered"]
    assert missed["count"] == 1  # two lookups, one conversation
    assert "zzqxv for [email] on [phone]" in missed["examples"]
    assert "jane" not in json.dumps(data) and "07700" not in json.dumps(data)
    assert data["picked"] == [{"query": "AHSN", "method": DEDICATED, "count": 1}]
    assert data["feedback"] == [{"method": DEDICATED, "helpful": 0, "not_helpful": 1}]
    assert data["top"] == [{"method": DEDICATED, "count": 1}]
