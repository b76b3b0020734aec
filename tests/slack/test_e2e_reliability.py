"""End to end: signatures, malformed bodies, retries and repeated event ids, health, fast acks."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest

from adapters.runtime import CoreSettings, build_runtime
from adapters.slack.server import HttpServer, start_http
from adapters.slack.settings import SlackSettings
from bot.core import Bot
from tests.fakes.slack_api import FakeSlack
from tests.slack.conftest import SlackSender, event_envelope, slack_env
from tests.slack.payloads import dm, mention


async def test_unsigned_stale_and_forged_requests_get_401(
    slack: SlackSender, fake: FakeSlack
) -> None:
    body = json.dumps(event_envelope(dm("what is GIRFT?", ts="1710000600.000100"), "EvX1")).encode()
    assert (await slack.post(body, "application/json", signed=False)).status == 401
    stale = int(time.time()) - 6 * 60
    assert (await slack.post(body, "application/json", timestamp=stale)).status == 401
    future = int(time.time()) + 6 * 60
    assert (await slack.post(body, "application/json", timestamp=future)).status == 401
    forged = {
        "X-Slack-Request-Timestamp": str(int(time.time())),
        "X-Slack-Signature": "v0=" + "0" * 64,
    }
    assert (await slack.post(body, "application/json", signed=False, headers=forged)).status == 401
    odd = {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=abc"}
    assert (await slack.post(body, "application/json", signed=False, headers=odd)).status == 401
    # Four minutes old is still inside Slack's five-minute window.
    fresh = int(time.time()) - 4 * 60
    assert (await slack.post(body, "application/json", timestamp=fresh)).status == 200
    await fake.wait_for("chat.postMessage")
    # Nothing unsigned ever reached the core.
    assert len(fake.recorded("chat.postMessage")) == 1


MALFORMED: list[tuple[str, bytes]] = [
    ("application/json", b"{not json"),
    ("application/json", b"[1, 2, 3]"),
    ("application/json", b'{"type": "event_callback"}'),
    (
        "application/json",
        b'{"type": "event_callback", "event": "text", "event_id": "E", "team_id": "T"}',
    ),
    ("application/json", b'{"type": "url_verification"}'),
    ("application/json", b"\xff\xfe{}"),
    ("application/x-www-form-urlencoded", b"payload=%7Bnope"),
    ("application/x-www-form-urlencoded", b"payload=%5B%5D"),
    (
        "application/x-www-form-urlencoded",
        urlencode({"payload": '{"type": "block_actions"}'}).encode(),
    ),
    (
        "application/x-www-form-urlencoded",
        urlencode(
            {"payload": '{"type": "block_actions", "actions": [1], "user": {"id": "U"}}'}
        ).encode(),
    ),
    ("application/x-www-form-urlencoded", urlencode({"command": "/spread", "text": "x"}).encode()),
    ("application/x-www-form-urlencoded", b"hello"),
    ("text/plain", b""),
]


@pytest.mark.parametrize(("content_type", "body"), MALFORMED)
async def test_a_signed_malformed_body_gets_400_and_the_server_keeps_serving(
    slack: SlackSender, fake: FakeSlack, content_type: str, body: bytes
) -> None:
    assert (await slack.post(body, content_type)).status == 400
    await slack.event(dm("what is GIRFT?", ts="1710000700.000100"))
    await fake.wait_for("chat.postMessage")


async def test_url_verification_is_answered(slack: SlackSender) -> None:
    body = json.dumps({"token": "t", "challenge": "c-123", "type": "url_verification"}).encode()
    sent = await slack.post(body, "application/json")
    assert sent.status == 200 and "c-123" in sent.body


async def test_a_retry_or_a_repeated_event_id_never_answers_twice(
    slack: SlackSender, fake: FakeSlack
) -> None:
    event = mention("what is GIRFT?", ts="1710000800.000100")
    await slack.event(event, event_id="EvRETRY1")
    await fake.wait_for("chat.postMessage")
    timeout_retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert (await slack.event(event, event_id="EvRETRY1", headers=timeout_retry)).status == 200
    error_retry = {"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_error"}
    assert (await slack.event(event, event_id="EvRETRY1", headers=error_retry)).status == 200
    assert (await slack.event(event, event_id="EvRETRY1")).status == 200
    # A different event afterwards is answered, and is the only other reply.
    await slack.event(mention("list", ts="1710000800.000200"), event_id="EvRETRY2")
    await fake.wait_for("chat.postMessage", lambda c: "Approaches" in c.args["text"])
    assert len(fake.recorded("chat.postMessage")) == 2


async def test_a_retry_of_a_delivery_that_never_arrived_is_answered(
    slack: SlackSender, fake: FakeSlack
) -> None:
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "connection_failed"}
    await slack.event(
        mention("what is GIRFT?", ts="1710000900.000100"), event_id="EvLOST1", headers=retry
    )
    await fake.wait_for("chat.postMessage")


async def test_health(server: HttpServer) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{server.port}/healthz") as resp:
            assert resp.status == 200 and (await resp.json())["ok"] is True
        async with session.get(f"http://127.0.0.1:{server.port}/slack/events") as resp:
            assert resp.status == 405


async def test_acks_come_back_fast_under_concurrency(slack: SlackSender, fake: FakeSlack) -> None:
    async def timed(i: int) -> float:
        start = time.perf_counter()
        sent = await slack.command(f"what is GIRFT {i}")
        assert sent.status == 200
        return time.perf_counter() - start

    await slack.command("warm up")
    latencies = await asyncio.gather(*(timed(i) for i in range(20)))
    assert max(latencies) < 2.5  # Slack's limit is 3 s; locally this is tens of ms
    await fake.wait_for("response_url", count=21, timeout=20)


async def test_two_instances_sharing_a_store_answer_a_redelivered_event_once(
    fake: FakeSlack, shared_bot: Bot, tmp_path: Path
) -> None:
    env = slack_env(fake, SPREADBOT_STATE_URL=f"sqlite:///{tmp_path / 'state.sqlite3'}")
    runtimes = [await build_runtime(CoreSettings.from_env(env), bot=shared_bot) for _ in range(2)]
    servers = [await start_http(SlackSettings.from_env(env), rt, "127.0.0.1", 0) for rt in runtimes]
    try:
        async with aiohttp.ClientSession() as session:
            one, two = (
                SlackSender(session, f"http://127.0.0.1:{s.port}/slack/events", fake)
                for s in servers
            )
            event = dm("what is GIRFT?", ts="1710004000.000100")
            # Slack redelivers to whichever instance its load balancer picks.
            sent = await asyncio.gather(
                one.event(event, event_id="EvTWICE"), two.event(event, event_id="EvTWICE")
            )
            assert [s.status for s in sent] == [200, 200]
            await fake.wait_for("chat.postMessage")
            await two.event(dm("list", ts="1710004000.000200"), event_id="EvAFTER")
            await fake.wait_for("chat.postMessage", lambda c: "Approaches" in c.args["text"])
        assert len(fake.recorded("chat.postMessage")) == 2
    finally:
        for server in servers:
            await server.close()
        for rt in runtimes:
            await rt.close()
