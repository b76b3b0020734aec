"""A small local stand-in for Slack's Web API, response_url endpoint and Socket Mode server.

It records every call the bot makes so tests can wait for one (no sleeps) and assert on it, and
misbehaves the way the real one does when told to: a 429 with Retry-After, a 5xx, a 200 with
`ok: false, error: ratelimited`, a 200 whose body is not JSON, an answer held back until the test
releases it (or a fixed delay, for the benchmark), and refused connections (`refuse()` stops
listening on its port until `accept()`). Serves on 127.0.0.1 only. Imports: aiohttp and stdlib.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

BOT_USER_ID = "UBOTSPREAD"
BOT_ID = "BBOTSPREAD"


@dataclass
class Call:
    method: str  # a Web API method, "response_url", or "socket_ack"
    args: dict[str, Any]
    token: str | None = None
    path: str = ""
    response: dict[str, Any] = field(default_factory=dict)  # what the fake answered
    at: float = field(default_factory=time.perf_counter)  # when it arrived
    status: int = 200  # the HTTP status it was answered with
    fault: str = ""  # the misbehaviour it met, if any (see Fault)

    @property
    def ok(self) -> bool:
        """Slack took this call (what the user sees)."""
        return not self.fault

    @property
    def blocks(self) -> list[dict[str, Any]]:
        blocks = self.args.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else blocks


@dataclass(frozen=True)
class Fault:
    """One misbehaviour for one call: an HTTP status (with Retry-After), an `ok: false` error in
    a 200, a 200 whose body is not JSON, or an answer held back until `release` is set."""

    status: int = 200
    error: str | None = None  # `{"ok": false, "error": ...}`
    retry_after: str | None = None
    not_json: bool = False
    content_type: str = "text/html"  # of a body that is not JSON
    release: asyncio.Event | None = None

    @property
    def name(self) -> str:
        if self.release is not None:
            return "held"
        if self.not_json:
            return "not json"
        return self.error or str(self.status)


RATE_LIMITED = Fault(429, error="ratelimited", retry_after="0")
SERVER_ERROR = Fault(500, error="internal_error")
UNAVAILABLE = Fault(503, error="service_unavailable")
OK_FALSE_RATELIMITED = Fault(200, error="ratelimited")
NOT_JSON = Fault(200, not_json=True)


@dataclass
class FakeSlack:
    bot_token: str
    app_token: str | None = None
    team_id: str = "T0TEAM"
    calls: list[Call] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    port: int = 0

    delay: float = 0.0  # every answer waits this long after the call is recorded (a slow API)

    def __post_init__(self) -> None:
        self._changed = asyncio.Condition()
        self._ts = itertools.count(1)
        self._sockets: list[web.WebSocketResponse] = []
        self._socket_ready = asyncio.Event()
        self._faults: dict[str, list[Fault]] = {}

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self) -> FakeSlack:
        await self.accept()
        return self

    async def refuse(self) -> None:
        """Stop listening and drop open connections: connecting is refused until accept()."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def accept(self) -> None:
        """Listen (again) on the same port."""
        if self._runner is not None:
            return
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_post("/response/{hook}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port, reuse_address=True).start()
        self.port = self._runner.addresses[0][1]

    def fail(self, method: str, *faults: Fault) -> None:
        """The next calls of `method` ("response_url" for those) meet these faults, in order."""
        self._faults.setdefault(method, []).extend(faults)

    def _next_fault(self, method: str) -> Fault | None:
        queue = self._faults.get(method)
        return queue.pop(0) if queue else None

    async def close(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, hook: str) -> str:
        return f"http://127.0.0.1:{self.port}/response/{hook}"

    # -- waiting ----------------------------------------------------------------------------
    def mark(self) -> int:
        """The number of calls so far: wait_for(after=mark) only looks at later calls."""
        return len(self.calls)

    async def wait_for(
        self,
        method: str,
        where: Callable[[Call], bool] = lambda c: True,
        *,
        after: int = 0,
        count: int = 1,
        timeout: float = 5.0,
    ) -> list[Call]:
        """The first `count` matching calls made after index `after`, or TimeoutError."""

        found: list[Call] = []
        checked = after

        def enough() -> bool:
            # Incremental, so waiting for thousands of calls (the benchmark) stays linear.
            nonlocal checked
            found.extend(c for c in self.calls[checked:] if c.method == method and where(c))
            checked = len(self.calls)
            return len(found) >= count

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(enough), timeout)
            return found[:count]

    def recorded(self, method: str, *, after: int = 0) -> list[Call]:
        return [c for c in self.calls[after:] if c.method == method]

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    # -- the Web API --------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _read_args(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else args.get("token")
        fault = self._next_fault(method)
        if fault is not None:
            return await self._misbehave(Call(method, args, token, request.path), fault)
        expected = self.app_token if method == "apps.connections.open" else self.bot_token
        answer = (
            self._answer(method, args)
            if token == expected
            else {"ok": False, "error": "invalid_auth"}
        )
        await self._record(Call(method, args, token, request.path, answer))
        if self.delay:  # recorded as it arrives; answered late
            await asyncio.sleep(self.delay)
        return web.json_response(answer)

    async def _misbehave(self, call: Call, fault: Fault) -> web.Response:
        call.fault, call.status = fault.name, fault.status
        await self._record(call)
        if fault.release is not None:
            await fault.release.wait()  # then answered normally, late
            async with self._changed:
                call.fault = ""
                self._changed.notify_all()
            if call.method == "response_url":
                return web.Response(text="ok")
            answer = self._answer(call.method, call.args)
            call.response = answer
            return web.json_response(answer)
        headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else None
        if fault.not_json:
            page = "<html><body>Service temporarily unavailable</body></html>"
            return web.Response(status=fault.status, text=page, content_type=fault.content_type)
        body = {"ok": False, "error": fault.error or "fake"}
        return web.json_response(body, status=fault.status, headers=headers)

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://fake.slack.test/",
                "team": "Test team",
                "user": "spreadbot",
                "team_id": self.team_id,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            ts = f"1700000000.{next(self._ts):06d}"
            return {"ok": True, "channel": args.get("channel"), "ts": ts, "message": {"ts": ts}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"}
        if method == "chat.update":
            return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V0HOME", "type": "home"}}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        return {"ok": False, "error": "unknown_method"}

    async def _response_url(self, request: web.Request) -> web.Response:
        try:
            args = await request.json()
        except ValueError:
            return web.Response(status=400, text="invalid_payload")
        fault = self._next_fault("response_url")
        if fault is not None:
            return await self._misbehave(Call("response_url", args, None, request.path), fault)
        await self._record(Call("response_url", args, None, request.path))
        if self.delay:
            await asyncio.sleep(self.delay)
        return web.Response(text="ok")

    # -- Socket Mode -----------------------------------------------------------------------
    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1, "debug_info": {"host": "fake"}})
        self._socket_ready.set()
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                data = json.loads(msg.data)
                if "envelope_id" in data:
                    await self._record(Call("socket_ack", data))
        self._sockets.remove(ws)
        return ws

    async def push_envelope(self, envelope: dict[str, Any], timeout: float = 5.0) -> None:
        """Send one Socket Mode envelope to the connected bot."""
        await asyncio.wait_for(self._socket_ready.wait(), timeout)
        await self._sockets[-1].send_json(envelope)


async def _read_args(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        data = await request.json()
        return data if isinstance(data, dict) else {}
    return dict(parse_qsl(await request.text(), keep_blank_values=True))
