"""What `serve slack`, `serve teams` and `chat` share: exit codes and start-up messages, logging,
the health endpoint, the stop signals, and a bounded drain of the work in flight at shutdown.

Exit codes: 0 after a clean stop (SIGTERM or SIGINT included); 1 when it cannot start with what
it was given (a catalogue or flow file is invalid, as for every `spreadbot` command, or the state
store or the platform cannot be reached); 2 when a setting is missing or malformed, or a token is
refused (as for a command-line usage error). Every start-up failure is one line (or one line and the list of data problems) on
stderr, starting "spreadbot: ". Imports: aiohttp, adapters.runtime, adapters.logs, adapters.turns,
catalogue.yamlfile, storage and stdlib.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import uuid
from collections.abc import Awaitable, Callable, Mapping
from enum import IntEnum
from http import HTTPStatus

from aiohttp import web

from adapters.logs import configure_logging
from adapters.runtime import SettingsError
from adapters.turns import InFlight
from catalogue.yamlfile import DataFileError, listed
from storage.base import StateStore, StoreError, StoreUrlError, VersionConflict

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
# At shutdown, replies already under way get this long to finish; the rest are dropped (logged).
DRAIN_SECONDS = 5.0
DRAIN_VARIABLE = "SPREADBOT_DRAIN_SECONDS"
_PROBE_TTL_SECONDS = 60.0


class ExitCode(IntEnum):
    OK = 0
    CANNOT_START = 1
    BAD_SETTING = 2


class StartupError(Exception):
    """Serving cannot start; the message is for the operator, the code for the shell."""

    def __init__(self, code: ExitCode, message: str) -> None:
        super().__init__(message)
        self.code = code


def explain(exc: BaseException) -> StartupError | None:
    """The exit code and message for a start-up failure; None for a bug (shown as a trace)."""
    if isinstance(exc, StartupError):
        return exc
    if isinstance(exc, DataFileError):
        return StartupError(ExitCode.CANNOT_START, listed("invalid data", exc.errors))
    if isinstance(exc, SettingsError | StoreUrlError):
        return StartupError(ExitCode.BAD_SETTING, str(exc))
    if isinstance(exc, StoreError):
        return StartupError(ExitCode.CANNOT_START, f"state store unavailable: {exc}")
    return None


def run(main: Callable[[], Awaitable[int]], log_level: int = logging.INFO) -> int:
    """Set up logging, run `main` to its exit code; a start-up failure is printed, not raised."""
    try:
        configure_logging(os.environ, log_level)
        return asyncio.run(_main(main))
    except Exception as exc:
        failure = explain(exc)
        if failure is None:
            raise
        print(f"spreadbot: {failure}", file=sys.stderr)
        return failure.code


async def _main(main: Callable[[], Awaitable[int]]) -> int:
    return await main()


def drain_seconds(env: Mapping[str, str] | None = None) -> float:
    """SPREADBOT_DRAIN_SECONDS, or DRAIN_SECONDS; SettingsError when it is not a small number."""
    raw = (os.environ if env is None else env).get(DRAIN_VARIABLE, "").strip()
    if not raw:
        return DRAIN_SECONDS
    try:
        seconds = float(raw)
        if not 0 <= seconds <= 60:
            raise ValueError
    except ValueError:
        raise SettingsError(
            f"{DRAIN_VARIABLE} must be a number of seconds from 0 to 60, not {raw!r}"
        ) from None
    return seconds


# --- health ------------------------------------------------------------------------------------


async def probe(store: StateStore, key: str) -> None:
    """A conversation's read and write, as a turn makes them; StoreError when either fails.
    (A ping can succeed on a store that cannot serve a turn: a corrupt SQLite file answers
    SELECT 1 without reading a page.)"""
    record = await store.get(key)
    with contextlib.suppress(VersionConflict):  # another check wrote first: the store works
        await store.put(
            key,
            "{}",
            expected_version=record.version if record else None,
            ttl_seconds=_PROBE_TTL_SECONDS,
        )


def add_health(app: web.Application, store: StateStore) -> None:
    """GET /healthz: 200 while the store serves reads and writes, 503 (with the reason) else."""
    key = f"health:{uuid.uuid4().hex}"

    async def health(_: web.Request) -> web.Response:
        try:
            await probe(store, key)
        except Exception as exc:  # noqa: BLE001 - any failure means "do not send me traffic"
            reason = str(exc) if isinstance(exc, StoreError) else type(exc).__name__
            return web.json_response(
                {"ok": False, "error": reason}, status=HTTPStatus.SERVICE_UNAVAILABLE
            )
        return web.json_response({"ok": True})

    app.router.add_get(HEALTH_PATH, health)


# --- signals and shutdown ----------------------------------------------------------------------


class Signals:
    """SIGINT and SIGTERM ask to stop. (SIGHUP, reload, is adapters.owners.reload's.)"""

    def __init__(self) -> None:
        self.stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, self.stop.set)

    async def wait(self) -> None:
        await self.stop.wait()


class WebServer:
    """An aiohttp app on one address, stopped with a bounded drain of the work in flight."""

    def __init__(
        self, app: web.Application, inflight: InFlight, drain_seconds: float = DRAIN_SECONDS
    ) -> None:
        # Requests still open after the drain (there should be none) get one more second.
        self.runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        self.inflight = inflight
        self.drain_seconds = drain_seconds
        self.port = 0

    async def start(self, host: str, port: int) -> int:
        await self.runner.setup()
        site = web.TCPSite(self.runner, host, port)
        await site.start()
        self.port = _bound_port(self.runner) or port
        return self.port

    async def stop(self) -> None:
        """Stop taking requests, give the replies under way `drain_seconds`, then close."""
        for site in list(self.runner.sites):
            await site.stop()
        await drain(self.inflight, self.drain_seconds)
        await self.runner.cleanup()


async def drain(inflight: InFlight, seconds: float) -> None:
    waiting = len(inflight)
    dropped = await inflight.drain(seconds)
    if dropped:
        log.warning(
            "stopped with %d of %d replies still under way after %.0f s; they are lost",
            dropped,
            waiting,
            seconds,
        )
    elif waiting:
        log.info("finished the %d replies under way before stopping", waiting)


def _bound_port(runner: web.AppRunner) -> int | None:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return None
