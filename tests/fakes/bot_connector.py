"""A small local fake of the Bot Framework connector (the `serviceUrl` of Teams activities).

Records what a bot posts (POST /v3/conversations/{id}/activities[/{replyToId}]) and updates
(PUT /v3/conversations/{id}/activities/{activityId}), answers with fresh activity ids, and lets a
test await the calls it expects with a deadline. Misbehaves as the real one does when told to:
failing statuses for the next POSTs (429 with Retry-After, 412, 5xx), 413 for a body over 40 KB
counted as UTF-16, slow answers (a fixed delay, or held until the test lets them go) and refused
connections (`refuse()` until `accept(port)`).
Runs on 127.0.0.1 only. Imports: aiohttp, stdlib.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from aiohttp import web

CallKind = Literal["send", "reply", "update", "other"]
# The Bot Connector refuses an activity over 40 KB, counted as UTF-16.
MAX_BODY_BYTES = 40 * 1024


@dataclass(frozen=True)
class ConnectorCall:
    kind: CallKind
    method: str
    path: str
    conversation_id: str
    activity_id: str  # replyToId of a reply, the replaced id of an update, "" otherwise
    body: Any
    authorization: str | None
    response_id: str  # the id the fake gave the new activity ("" for updates and others)
    status: int = 200  # what the fake answered

    @property
    def card(self) -> dict[str, Any] | None:
        """The first Adaptive Card attached, if any."""
        for attachment in (self.body or {}).get("attachments") or []:
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                content: dict[str, Any] = attachment["content"]
                return content
        return None

    @property
    def text(self) -> str:
        return str((self.body or {}).get("text") or "")


class FakeBotConnector:
    def __init__(self) -> None:
        self.calls: list[ConnectorCall] = []
        self.fail_next_posts = 0  # answer this many POSTs with `fail_status` (error handling)
        self.fail_status = 500
        self.retry_after: str | None = None  # the Retry-After header sent with those failures
        self.statuses: list[int] = []  # the next POSTs fail with these, in order (then succeed)
        self.max_body_bytes = MAX_BODY_BYTES  # larger bodies get 413
        self.delay = 0.0  # every answer waits this long
        self.hold: asyncio.Event | None = None  # while set to an unset event, answers wait on it
        self.arrived: asyncio.Event = asyncio.Event()  # set whenever a call arrives
        self._ids = itertools.count(1)
        self._changed: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> str:
        self._changed = asyncio.Condition()
        await self.accept()
        return self.url

    async def accept(self, port: int = 0) -> None:
        """Listen (again, on `port` when given)."""
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", port, reuse_address=True).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}/"

    async def refuse(self) -> int:
        """Stop listening and drop open connections: connecting is refused until accept(port).
        Returns the port."""
        port = int(self.url.rsplit(":", 1)[1].strip("/"))
        await self.stop()
        return port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def wait_for(
        self, predicate: Callable[[list[ConnectorCall]], bool], timeout: float = 10.0
    ) -> list[ConnectorCall]:
        """Waits until `predicate(calls)` holds; raises TimeoutError after `timeout` seconds."""
        assert self._changed is not None, "start() first"
        async with asyncio.timeout(timeout):
            async with self._changed:
                await self._changed.wait_for(lambda: predicate(self.calls))
        return list(self.calls)

    async def wait_for_count(self, count: int, timeout: float = 10.0) -> list[ConnectorCall]:
        return await self.wait_for(lambda calls: len(calls) >= count, timeout)

    def since(self, index: int) -> list[ConnectorCall]:
        return self.calls[index:]

    def _status(self, method: str, raw: bytes) -> int:
        """The status this call meets: 413 when too large, else the next injected failure."""
        if len(raw.decode("utf-8", "replace").encode("utf-16-le")) > self.max_body_bytes:
            return 413
        if method != "POST":
            return 200
        if self.statuses:
            return self.statuses.pop(0)
        if self.fail_next_posts > 0:
            self.fail_next_posts -= 1
            return self.fail_status
        return 200

    async def _handle(self, request: web.Request) -> web.Response:
        kind, conversation_id, activity_id = _route(request.method, request.match_info["tail"])
        raw = await request.read()
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        status = self._status(request.method, raw)
        failing = status >= 400
        response_id = f"fake-{next(self._ids)}" if kind in ("send", "reply") and not failing else ""
        call = ConnectorCall(
            kind=kind,
            method=request.method,
            path=request.path,
            conversation_id=conversation_id,
            activity_id=activity_id,
            body=body,
            authorization=request.headers.get("Authorization"),
            response_id=response_id,
            status=status,
        )
        assert self._changed is not None
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        self.arrived.set()
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.hold is not None:
            await self.hold.wait()
        if failing:
            headers = {"Retry-After": self.retry_after} if self.retry_after is not None else None
            return web.json_response(
                {"error": {"code": "Fake", "message": "injected"}}, status=status, headers=headers
            )
        if kind == "other":
            return web.json_response(
                {"error": {"code": "NotFound", "message": "not faked"}}, status=404
            )
        return web.json_response({"id": response_id or activity_id})


def _route(method: str, tail: str) -> tuple[CallKind, str, str]:
    """(kind, conversation id, activity id) for the connector's activity routes."""
    parts = tail.split("/")
    if (
        len(parts) >= 4
        and parts[0] == "v3"
        and parts[1] == "conversations"
        and parts[3] == "activities"
    ):
        conversation_id = parts[2]
        activity_id = parts[4] if len(parts) == 5 else ""
        if len(parts) == 4 and method == "POST":
            return "send", conversation_id, ""
        if len(parts) == 5 and method == "POST":
            return "reply", conversation_id, activity_id
        if len(parts) == 5 and method == "PUT":
            return "update", conversation_id, activity_id
    return "other", "", ""
