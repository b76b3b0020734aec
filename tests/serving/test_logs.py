"""Logging shared by both servers: JSON lines on request, the SDKs' body dumps held back, a
store outage told once with its trace and then summarised, and the work in flight drained."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator

import aiohttp
import pytest

from adapters.logs import JsonLines, OutageLog, configure_logging
from adapters.runner import ConversationRunner
from adapters.runtime import CoreSettings, Runtime, SettingsError, build_bot
from adapters.slack.server import start_http
from adapters.turns import InFlight, Outcome
from storage.base import StoreError
from storage.redis_store import RedisStore
from tests.fakes.slack_api import FakeSlack
from tests.logwatch import watching
from tests.serving.test_health import closed_port
from tests.slack.conftest import SlackSender, quick_settings
from tests.slack.payloads import APP_TOKEN, BOT_TOKEN, TEAM, dm


def test_json_lines_carry_the_event_fields_and_the_error() -> None:
    record = logging.LogRecord(
        "adapters.events",
        logging.INFO,
        __file__,
        1,
        "%s %s: %s",
        ("teams", "message", "answered"),
        None,
    )
    record.platform, record.kind, record.outcome = "teams", "message", "answered"
    line = json.loads(JsonLines().format(record))
    assert line["message"] == "teams message: answered"
    assert (line["level"], line["logger"], line["platform"], line["outcome"]) == (
        "INFO",
        "adapters.events",
        "teams",
        "answered",
    )
    try:
        raise StoreError("the server went away")
    except StoreError:
        import sys

        failed = logging.LogRecord("x", logging.ERROR, __file__, 1, "failing", (), sys.exc_info())
    assert "StoreError: the server went away" in json.loads(JsonLines().format(failed))["error"]


def test_configure_logging_refuses_an_unknown_format_naming_the_variable() -> None:
    with pytest.raises(SettingsError, match="SPREADBOT_LOG_FORMAT"):
        configure_logging({"SPREADBOT_LOG_FORMAT": "xml"})
    with pytest.raises(SettingsError, match="SPREADBOT_LOG_LEVEL"):
        configure_logging({"SPREADBOT_LOG_LEVEL": "loud"})


def test_the_sdks_body_dumps_stay_off_even_at_debug() -> None:
    configure_logging({"SPREADBOT_LOG_FORMAT": "json", "SPREADBOT_LOG_LEVEL": "DEBUG"})
    assert logging.getLogger().level == logging.DEBUG
    assert not logging.getLogger("slack_sdk").isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("microsoft_agents").isEnabledFor(logging.DEBUG)
    (ours,) = [h for h in logging.getLogger().handlers if h.get_name() == "spreadbot"]
    assert isinstance(ours.formatter, JsonLines)


def test_an_outage_is_told_once_then_summarised_then_its_end() -> None:
    now = [100.0]
    with watching("outage") as watch:
        outage = OutageLog("state store", logging.getLogger("outage"), 60.0, lambda: now[0])
        for _ in range(5):
            outage.failed(StoreError("cannot reach Redis"))
            now[0] += 10
        now[0] += 20  # 70 s into the outage: a summary with the next failure
        outage.failed(StoreError("cannot reach Redis"))
        outage.failed(StoreError("cannot reach Redis"))
        outage.recovered()
        outage.recovered()
    traced = [r for r in watch.records if r.exc_info]
    assert len(traced) == 1 and "state store failing" in traced[0].getMessage()
    assert watch.messages() == [
        "state store failing: cannot reach Redis",
        "state store still failing: 5 more failures in the last 70 s (StoreError)",
        "state store recovered after 70 s (7 failures)",
    ]


async def test_a_redis_outage_is_logged_once_with_its_trace(fake_slack: FakeSlack) -> None:
    bot = build_bot(CoreSettings(state_url="memory://"))
    store = RedisStore.from_url(f"redis://127.0.0.1:{closed_port()}/0", connect_timeout=0.5)
    runtime = Runtime(bot, store, ConversationRunner(bot, store))
    server = await start_http(quick_settings(fake_slack), runtime, "127.0.0.1", 0)
    try:
        with watching("adapters") as watch:
            async with aiohttp.ClientSession() as session:
                url = f"http://127.0.0.1:{server.port}/slack/events"
                sender = SlackSender(session, url, fake_slack)
                for n in range(3):
                    await sender.event(dm("what is GIRFT?", ts=f"1710007000.00010{n}"))
                    await watch.wait_for(lambda r, n=n: len(_failed(watch.records)) > n)
        assert len([r for r in watch.records if r.exc_info]) == 1
        apologies = await fake_slack.wait_for("chat.postMessage", count=3)
        assert all("something went wrong" in c.args["text"] for c in apologies)
    finally:
        await server.close()
        await store.close()


def _failed(records: list[logging.LogRecord]) -> list[logging.LogRecord]:
    return [r for r in records if getattr(r, "outcome", "") == Outcome.FAILED]


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack(bot_token=BOT_TOKEN, app_token=APP_TOKEN, team_id=TEAM).start()
    yield fake
    await fake.close()


async def test_in_flight_work_is_drained_within_the_bound() -> None:
    inflight = InFlight()
    finished, held = asyncio.Event(), asyncio.Event()

    async def quick() -> None:
        await asyncio.sleep(0)
        finished.set()

    inflight.spawn(quick())
    stuck = inflight.spawn(held.wait())
    assert len(inflight) == 2
    assert await inflight.drain(0.2) == 1  # the quick one finished; the stuck one is dropped
    assert finished.is_set() and stuck.cancelled() and len(inflight) == 0
    assert await inflight.drain(0.2) == 0
