"""The HTTP front door: POST /slack/events (events, slash commands, interactivity) and GET /healthz.

Signatures are checked here, on the raw bytes, before anything reads the body: Bolt parses a
body before verifying it, so an unsigned or malformed body could otherwise turn into a 500.
Unsigned or stale: 401. Signed but not a Slack payload: 400. Imports: aiohttp, slack_bolt,
adapters.*, storage and stdlib.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Sequence

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp, AsyncBoltRequest
from slack_bolt.response import BoltResponse

from adapters.slack.parse import MalformedPayload, PayloadKind, classify, decode_body
from adapters.slack.priority import AckFirst
from storage.base import StateStore, StoreError

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1 << 20
SIGNATURE_WINDOW_SECONDS = 5 * 60
# Slack retries for a slow ack as well as for a failed delivery. A timed-out first attempt did
# reach us and is being answered; other retries are let through, and the event id (claimed in the
# shared store) keeps them from answering twice.
_IGNORED_RETRY_REASONS = {"http_timeout"}


def build_web_app(
    bolt: AsyncApp, signing_secret: str, store: StateStore, priority: AckFirst | None = None
) -> web.Application:
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
        if request.headers.get("X-Slack-Retry-Num") and (
            request.headers.get("X-Slack-Retry-Reason", "") in _IGNORED_RETRY_REASONS
        ):
            return web.Response(status=200, headers={"X-Slack-No-Retry": "1"})
        try:
            text = raw.decode("utf-8")
            kind = classify(decode_body(text, request.content_type))
            headers: dict[str, str | Sequence[str]] = {
                k.lower(): v for k, v in request.headers.items()
            }
            bolt_request = AsyncBoltRequest(body=text, query=request.query_string, headers=headers)
        except (UnicodeDecodeError, MalformedPayload) as exc:
            log.info("rejected a signed but malformed request: %s", exc)
            return web.json_response({"error": "malformed request"}, status=400)
        bolt_response = await bolt.async_dispatch(bolt_request)
        if bolt_response.status == 404 and kind in {PayloadKind.EVENT, PayloadKind.OTHER}:
            # An event nobody listens to (an edit, a join) is still delivered: say so, or Slack
            # retries it and eventually disables the subscription.
            return web.Response(status=200)
        return await _to_response(bolt_response)

    async def health(_: web.Request) -> web.Response:
        try:
            await store.ping()
        except StoreError as exc:
            return web.json_response({"ok": False, "error": str(exc)}, status=503)
        return web.json_response({"ok": True})

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_post(EVENTS_PATH, events)
    app.router.add_get(HEALTH_PATH, health)
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
