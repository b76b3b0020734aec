"""`spreadbot serve slack`: settings from the environment, the core runtime, then Socket Mode (when
SLACK_APP_TOKEN is set) or the HTTP server, until SIGINT or SIGTERM.

Exit codes: 0 after a clean stop, 2 for a missing or malformed setting (the message names it), 1
when the state store or Slack cannot be reached. Imports: aiohttp, slack_bolt, adapters.*, stdlib.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from dataclasses import dataclass

from aiohttp import ClientError, ClientSession, web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.errors import SlackApiError

from adapters.owners.reload import Reloader
from adapters.runtime import CoreSettings, Runtime, SettingsError, build_runtime
from adapters.slack.app import build_app, make_client
from adapters.slack.priority import AckFirst
from adapters.slack.settings import Mode, SlackSettings
from adapters.slack.web import EVENTS_PATH, build_web_app
from storage.base import StoreError

log = logging.getLogger(__name__)

DEFAULT_PORT = 3000


@dataclass
class HttpServer:
    """A running HTTP server; `port` is the bound one (useful when asked for port 0)."""

    runner: web.AppRunner
    session: ClientSession
    priority: AckFirst
    port: int

    async def close(self, drain_seconds: float = 10.0) -> None:
        """Stop taking requests, let the turns already acknowledged finish, then close."""
        await self.runner.cleanup()
        if not await self.priority.drain(drain_seconds):
            log.warning("stopped with turns still running; their replies are lost")
        await self.session.close()


async def start_http(settings: SlackSettings, runtime: Runtime, host: str, port: int) -> HttpServer:
    session = ClientSession()  # one connection pool for every call to Slack
    priority = AckFirst()
    bolt = build_app(settings, runtime, session, priority)
    front = build_web_app(bolt, settings.signing_secret, runtime.store, priority)
    runner = web.AppRunner(front, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1] if runner.addresses else port
    return HttpServer(runner, session, priority, bound)


def serve(host: str, port: int, watch: bool = False) -> int:
    """Run the Slack adapter until stopped; returns the process exit code. SIGHUP (and, with
    `watch`, a change to the catalogue or flow files) reloads the catalogue and flow."""
    try:
        slack = SlackSettings.from_env()
        core = CoreSettings.from_env()
    except SettingsError as exc:
        print(f"spreadbot: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    return asyncio.run(_serve(slack, core, host, port, watch))


async def _serve(
    slack: SlackSettings, core: CoreSettings, host: str, port: int, watch: bool = False
) -> int:
    try:
        runtime = await build_runtime(core)
    except StoreError as exc:
        print(f"spreadbot: state store unavailable ({core.state_url}): {exc}", file=sys.stderr)
        return 1
    except (SettingsError, ValueError) as exc:  # DataFileError and friends name file and place
        print(f"spreadbot: {exc}", file=sys.stderr)
        return 2
    reloader = Reloader(runtime, core).start(watch=watch)
    try:
        code = await _check_token(slack, runtime)
        if code:
            return code
        stop = _stop_event()
        if slack.mode == Mode.SOCKET:
            return await _run_socket_mode(slack, runtime, stop)
        server = await start_http(slack, runtime, host, port)
        print(
            f"spreadbot: Slack events at http://{host}:{server.port}{EVENTS_PATH}", file=sys.stderr
        )
        await stop.wait()
        await server.close()
        return 0
    finally:
        await reloader.stop()
        await runtime.close()


async def _check_token(slack: SlackSettings, runtime: Runtime) -> int:
    """One auth.test at startup, against SLACK_API_URL, so a wrong token stops here by name."""
    try:
        await make_client(slack).auth_test()
    except SlackApiError as exc:
        print(
            f"spreadbot: SLACK_BOT_TOKEN was refused by {slack.api_url}: {exc.response.get('error')}",
            file=sys.stderr,
        )
        return 2
    except (ClientError, TimeoutError, OSError) as exc:
        print(
            f"spreadbot: cannot reach the Slack Web API at {slack.api_url}: {exc}", file=sys.stderr
        )
        return 1
    return 0


async def _run_socket_mode(slack: SlackSettings, runtime: Runtime, stop: asyncio.Event) -> int:
    async with ClientSession() as session:
        handler = AsyncSocketModeHandler(build_app(slack, runtime, session), slack.app_token)
        try:
            await handler.connect_async()  # type: ignore[no-untyped-call]
        except SlackApiError as exc:
            error = exc.response.get("error")
            print(f"spreadbot: SLACK_APP_TOKEN was refused: {error}", file=sys.stderr)
            return 2
        print("spreadbot: connected to Slack by Socket Mode", file=sys.stderr)
        await stop.wait()
        await handler.close_async()  # type: ignore[no-untyped-call]
    return 0


def _stop_event() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    return stop
