"""End to end against a fake Slack Web API that misbehaves as the real one does: every answer is
delivered once (late if it must be), what cannot be delivered is logged without message text, and
an apology never follows an answer that got through."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import replace

import aiohttp
import pytest

from adapters.runtime import Runtime
from adapters.serving import ExitCode, StartupError
from adapters.slack.api import SERVER_ERROR_RETRIES
from adapters.slack.server import start_http
from tests.fakes.slack_api import (
    NOT_JSON,
    OK_FALSE_RATELIMITED,
    RATE_LIMITED,
    SERVER_ERROR,
    UNAVAILABLE,
    Call,
    FakeSlack,
    Fault,
)
from tests.logwatch import watching
from tests.slack.conftest import SlackSender, quick_settings
from tests.slack.payloads import dm

SORRY = "something went wrong"


def delivered(fake: FakeSlack, method: str = "chat.postMessage") -> list[Call]:
    return [c for c in fake.recorded(method) if c.ok]


def apologies(fake: FakeSlack) -> list[Call]:
    return [c for c in delivered(fake) if SORRY in c.args.get("text", "")]


@pytest.mark.parametrize(
    "faults",
    [
        [RATE_LIMITED],
        [Fault(200, error="ratelimited", retry_after="0")],
        [SERVER_ERROR, SERVER_ERROR],
        [UNAVAILABLE, UNAVAILABLE],
        [Fault(502), Fault(504)],
    ],
    ids=["429", "ok-false-ratelimited", "500", "503", "502-504"],
)
async def test_a_throttled_or_failing_web_api_is_retried_and_answers_once(
    slack: SlackSender, fake: FakeSlack, faults: list[Fault]
) -> None:
    fake.fail("chat.postMessage", *faults)
    assert (await slack.event(dm("what is GIRFT?", ts="1710005000.000100"))).status == 200
    (answer,) = await fake.wait_for("chat.postMessage", lambda c: c.ok)
    attempts = fake.recorded("chat.postMessage")
    assert [c.ok for c in attempts] == [False] * len(faults) + [True]
    assert all(c.args["text"] == answer.args["text"] for c in attempts)
    assert "GIRFT" in answer.args["text"] and not apologies(fake)


async def test_retry_after_is_honoured(slack: SlackSender, fake: FakeSlack) -> None:
    fake.fail("chat.postMessage", Fault(429, error="ratelimited", retry_after="1"))
    await slack.event(dm("what is GIRFT?", ts="1710005100.000100"))
    await fake.wait_for("chat.postMessage", lambda c: c.ok)
    refused, taken = fake.recorded("chat.postMessage")
    assert taken.at - refused.at >= 1.0


async def test_ok_false_ratelimited_without_retry_after_is_retried(
    slack: SlackSender, fake: FakeSlack
) -> None:
    fake.fail("chat.postMessage", OK_FALSE_RATELIMITED)
    await slack.event(dm("what is GIRFT?", ts="1710005150.000100"))
    await fake.wait_for("chat.postMessage", lambda c: c.ok)
    assert [c.ok for c in fake.recorded("chat.postMessage")] == [False, True]


async def test_refused_connections_for_a_while_are_ridden_out(
    fake: FakeSlack, runtime: Runtime
) -> None:
    settings = replace(quick_settings(fake), retry_backoff_seconds=0.2)
    server = await start_http(settings, runtime, "127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession() as session:
            sender = SlackSender(session, f"http://127.0.0.1:{server.port}/slack/events", fake)
            await fake.refuse()
            with watching("adapters.slack.api") as watch:
                assert (
                    await sender.event(dm("what is GIRFT?", ts="1710005200.000100"))
                ).status == 200
                await watch.wait_for(lambda r: "ClientConnectorError" in r.getMessage())
                await fake.accept()
                (answer,) = await fake.wait_for("chat.postMessage", lambda c: c.ok)
        assert "GIRFT" in answer.args["text"] and not apologies(fake)
    finally:
        await fake.accept()
        await server.close()


@pytest.mark.parametrize("content_type", ["text/html", "text/plain", "application/json"])
async def test_a_200_that_is_not_json_does_not_stop_the_turn(
    slack: SlackSender, fake: FakeSlack, content_type: str
) -> None:
    """ "guide" posts an introduction and then question 1: a non-JSON answer to the first post
    must not cost the user the question (the state has already moved on to it)."""
    fake.fail("chat.postMessage", replace(NOT_JSON, content_type=content_type))
    await slack.event(dm("guide", ts="1710005300.000100"))
    (question,) = await fake.wait_for("chat.postMessage", lambda c: c.ok)
    assert any(b["type"] == "actions" for b in question.blocks), "question 1, with its buttons"
    # The first post may have reached the channel: no apology after it.
    assert not apologies(fake)


async def test_no_apology_once_an_answer_got_through(slack: SlackSender, fake: FakeSlack) -> None:
    fake.fail("chat.postMessage", Fault(200, error="msg_too_long"))
    with watching("adapters.events") as watch:
        await slack.event(dm("guide", ts="1710005400.000100"))
        await watch.wait_for(lambda r: getattr(r, "outcome", "") == "answered")
    assert len(delivered(fake)) == 1 and not apologies(fake)


async def test_when_the_retries_are_spent_it_is_logged_without_the_message(
    slack: SlackSender, fake: FakeSlack
) -> None:
    words = "zebrafish quokka GIRFT"
    # The answer and then the apology both meet a Web API that stays unavailable.
    fake.fail("chat.postMessage", *[UNAVAILABLE] * (2 * (SERVER_ERROR_RETRIES + 1)))
    with watching("adapters") as watch:
        await slack.event(dm(words, ts="1710005500.000100"))
        line = await watch.wait_for(lambda r: getattr(r, "outcome", "") == "undelivered")
    assert line.levelname == "INFO"
    assert "slack chat.postMessage failed: service_unavailable" in watch.messages("adapters")
    assert len(fake.recorded("chat.postMessage")) == 2 * (SERVER_ERROR_RETRIES + 1)
    assert not delivered(fake)
    assert not any(word in watch.text() for word in words.split()[:2])


# --- the identity check -------------------------------------------------------------------------


async def test_the_identity_is_checked_at_start_up_never_in_an_ack(
    fake: FakeSlack, runtime: Runtime
) -> None:
    server = await start_http(quick_settings(fake), runtime, "127.0.0.1", 0)
    held = asyncio.Event()
    try:
        assert len(fake.recorded("auth.test")) == 1
        # Were auth.test called inside a request now, it would hang there.
        fake.fail("auth.test", Fault(release=held))
        async with aiohttp.ClientSession() as session:
            sender = SlackSender(session, f"http://127.0.0.1:{server.port}/slack/events", fake)
            started = time.perf_counter()
            sent = await sender.event(dm("what is GIRFT?", ts="1710005600.000100"))
            assert sent.status == 200 and time.perf_counter() - started < 1.0
            sent = await sender.command("help")
            assert sent.status == 200 and time.perf_counter() - started < 2.0
        await fake.wait_for("chat.postMessage", lambda c: c.ok)
        await fake.wait_for("response_url")
        assert len(fake.recorded("auth.test")) == 1
    finally:
        held.set()
        await server.close()


async def test_a_throttled_identity_check_is_retried_at_start_up(
    fake: FakeSlack, runtime: Runtime
) -> None:
    fake.fail("auth.test", RATE_LIMITED)
    server = await start_http(quick_settings(fake), runtime, "127.0.0.1", 0)
    await server.close()
    assert [c.ok for c in fake.recorded("auth.test")] == [False, True]


async def test_a_web_api_that_keeps_failing_stops_start_up_with_1(
    fake: FakeSlack, runtime: Runtime
) -> None:
    fake.fail("auth.test", *[SERVER_ERROR] * (SERVER_ERROR_RETRIES + 1))
    with pytest.raises(StartupError) as raised:
        await start_http(quick_settings(fake), runtime, "127.0.0.1", 0)
    assert raised.value.code == ExitCode.CANNOT_START
    assert fake.api_url in str(raised.value)


# --- response_url ----------------------------------------------------------------------------


async def test_a_throttled_response_url_is_retried(slack: SlackSender, fake: FakeSlack) -> None:
    fake.fail("response_url", Fault(429, retry_after="0"), Fault(503))
    assert (await slack.command("what is GIRFT?")).status == 200
    (answer,) = await fake.wait_for("response_url", lambda c: c.ok)
    assert [c.ok for c in fake.recorded("response_url")] == [False, False, True]
    assert "GIRFT" in json.dumps(answer.args)
