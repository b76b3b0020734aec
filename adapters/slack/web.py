"""The HTTP front door: POST /slack/events (events, slash commands, interactivity) and GET /healthz.

Signatures are checked here, on the raw bytes, before anything reads the body: Bolt parses a
body before verifying it, so an unsigned or malformed body could otherwise turn into a 500.
Unsigned or stale: 401. Signed but not a Slack payload (or nested past reason): 400. Interactions
the bot does not use are checked and acknowledged here, never handed to Bolt's matchers. Events,
slash commands and clicks are acknowledged here too, as soon as they are read (Spreadbot's acks
carry no content), and handed to Bolt as work in flight once no other ack is waiting (AckFirst),
so a burst's acks never queue behind its turns. Every retry Slack sends is let through: the
event and message claims in the shared store decide whether it is answered.
Imports: aiohttp, slack_bolt, adapters.*, storage and stdlib.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Sequence
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp, AsyncBoltRequest
from slack_bolt.response import BoltResponse

from adapters import logs
from adapters.platform import Platform
from adapters.serving import add_health
from adapters.slack.parse import MalformedPayload, PayloadKind, classify, decode_body
from adapters.slack.priority import AckFirst
from adapters.turns import InFlight
from storage.base import StateStore

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
MAX_BODY_BYTES = 1 << 20
SIGNATURE_WINDOW_SECONDS = 5 * 60


# What Bolt is given only after the ack: its listeners ack with no content.
_ACK_AT_ONCE = frozenset({PayloadKind.EVENT, PayloadKind.COMMAND, PayloadKind.ACTION})


def build_web_app(
    bolt: AsyncApp,
    signing_secret: str,
    store: StateStore,
    inflight: InFlight,
    priority: AckFirst | None = None,
) -> web.Application:
    """The front door for a Bolt app that processes before responding (process_before_response:
    its listeners run inside async_dispatch, which here runs after the ack)."""
    if not signing_secret:
        raise ValueError("the HTTP endpoint needs SLACK_SIGNING_SECRET")
    secret = signing_secret.encode()

    priority = priority or AckFirst()

    async def events(request: web.Request) -> web.Response:
        async with priority.request():
            return await answer(request)

    async def answer(request: web.Request) -> web.Response:
        raw = await request.read()
        if not _signed(secret, raw, request):
            return web.json_response({"error": "invalid signature"}, status=401)
        try:
            text = raw.decode("utf-8")
            body = decode_body(text, request.content_type)
            kind = classify(body)
            headers: dict[str, str | Sequence[str]] = {
                k.lower(): v for k, v in request.headers.items()
            }
            bolt_request = AsyncBoltRequest(body=text, query=request.query_string, headers=headers)
        except (UnicodeDecodeError, MalformedPayload) as exc:
            log.info("rejected a signed but malformed request: %s", exc)
            return web.json_response({"error": "malformed request"}, status=400)
        if kind is PayloadKind.OTHER:
            logs.ignored(Platform.SLACK, str(body["type"]), "an interaction Spreadbot does not use")
            return web.Response(status=200)
        if kind in _ACK_AT_ONCE:
            inflight.spawn(priority.run(lambda: dispatch(bolt_request, body, kind)))
            return web.Response(status=200)
        return await _to_response(await bolt.async_dispatch(bolt_request))

    async def dispatch(
        bolt_request: AsyncBoltRequest, body: dict[str, Any], kind: PayloadKind
    ) -> None:
        response = await bolt.async_dispatch(bolt_request)
        if response.status == 404 and kind is PayloadKind.EVENT:
            # An event nobody listens to was still acknowledged, or Slack would retry it and
            # eventually disable the subscription.
            logs.ignored(Platform.SLACK, str(body["event"]["type"]), "no listener")
        elif response.status >= 400:
            log.warning("Bolt answered %d to a request already acknowledged", response.status)

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_post(EVENTS_PATH, events)
    add_health(app, store)
    return app


def _signed(secret: bytes, raw: bytes, request: web.Request) -> bool:
    """Slack's v0 scheme: HMAC-SHA256 of "v0:<timestamp>:<body bytes>", within five minutes.
    Done on the bytes (slack_sdk's verifier decodes them first and would raise on bad UTF-8)."""
    timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
    signature = request.headers.get("X-Slack-Signature", "")
    # Header values are attacker-controlled: only short ASCII digits and an ASCII signature get as
    # far as int() and compare_digest, which raise on a huge number or non-ASCII text.
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return False
    if not (signature.isascii() and signature.startswith("v0=")):
        return False
    if abs(time.time() - int(timestamp)) > SIGNATURE_WINDOW_SECONDS:
        return False
    expected = hmac.new(
        secret, b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest("v0=" + expected, signature)


async def _to_response(bolt_response: BoltResponse) -> web.Response:
    """Bolt's answer as an aiohttp response, built from bytes: Bolt's own converter hands aiohttp
    a str body, whose payload lookup was about a tenth of the cost of an ack under load."""
    if bolt_response.cookies():  # only OAuth flows set cookies; Spreadbot has none
        return await to_aiohttp_response(bolt_response)
    headers = bolt_response.first_headers_without_set_cookie()
    content_type = headers.pop("content-type", "") or (
        "application/json" if bolt_response.body.startswith("{") else "text/plain"
    )
    return web.Response(
        status=bolt_response.status,
        body=bolt_response.body.encode(),
        content_type=content_type.split(";")[0].strip(),
        charset="utf-8",
        headers=headers,
    )
