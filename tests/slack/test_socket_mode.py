"""Socket Mode end to end: the bot opens a connection through the fake's apps.connections.open,
receives envelopes over a real WebSocket on loopback, acknowledges them and answers once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from adapters.runtime import Runtime
from adapters.slack.server import _run_socket_mode
from adapters.slack.settings import Mode, SlackSettings
from tests.fakes.slack_api import FakeSlack
from tests.slack.conftest import event_envelope, slack_env
from tests.slack.payloads import APP_TOKEN, TEAM, dm


@pytest.fixture
async def socket_bot(fake: FakeSlack, runtime: Runtime) -> AsyncIterator[None]:
    settings = SlackSettings.from_env(
        slack_env(fake, SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET="")
    )
    assert settings.mode == Mode.SOCKET
    stop = asyncio.Event()
    task = asyncio.create_task(_run_socket_mode(settings, runtime, stop))
    yield
    stop.set()
    assert await asyncio.wait_for(task, 5) == 0


async def test_events_and_commands_arrive_by_socket_mode(fake: FakeSlack, socket_bot: None) -> None:
    (opened,) = await fake.wait_for("apps.connections.open")
    assert opened.token == APP_TOKEN

    envelope = {
        "envelope_id": "env-1",
        "type": "events_api",
        "accepts_response_payload": False,
        "retry_attempt": 0,
        "retry_reason": "",
        "payload": event_envelope(dm("what is GIRFT?", ts="1710002000.000100"), "EvSOCK1"),
    }
    await fake.push_envelope(envelope)
    await fake.wait_for("socket_ack", lambda c: c.args["envelope_id"] == "env-1")
    (post,) = await fake.wait_for("chat.postMessage")
    assert post.args["channel"] == "D0ALICE"

    # Slack redelivers the same event on a new envelope: acknowledged, not answered again.
    await fake.push_envelope(
        {**envelope, "envelope_id": "env-2", "retry_attempt": 1, "retry_reason": "timeout"}
    )
    await fake.wait_for("socket_ack", lambda c: c.args["envelope_id"] == "env-2")

    command = {
        "team_id": TEAM,
        "channel_id": "C0GENERAL",
        "user_id": "U0ALICE",
        "command": "/spread",
        "text": "list",
        "response_url": fake.response_url("sock"),
        "trigger_id": "1.2.3",
    }
    await fake.push_envelope(
        {
            "envelope_id": "env-3",
            "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": command,
        }
    )
    await fake.wait_for("socket_ack", lambda c: c.args["envelope_id"] == "env-3")
    (answer,) = await fake.wait_for("response_url")
    assert "Building capacity and capability" in answer.args["text"]
    assert len(fake.recorded("chat.postMessage")) == 1
