"""`spreadbot serve slack`: settings from the environment, the core runtime, the bot's identity
(one auth.test), then Socket Mode (when SLACK_APP_TOKEN is set) or the HTTP server, until SIGINT or
SIGTERM, with a bounded drain of the replies under way. SIGHUP (and, with `watch`, a change to the
catalogue or flow files) reloads the catalogue and flow (adapters.owners.reload).

Exit codes and start-up messages are adapters.serving's, shared with `serve teams` and `chat`.
Imports: aiohttp, slack_bolt, slack_sdk, adapters.* and stdlib.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from dataclasses import dataclass

from aiohttp import ClientSession
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.errors import SlackApiError

from adapters import serving
from adapters.owners.reload import reloading_runtime
from adapters.runtime import CoreSettings, Runtime
from adapters.serving import ExitCode, Signals, StartupError, WebServer
from adapters.slack.api import Identity, identify, make_client, slack_error
from adapters.slack.app import SlackApp, build_app
from adapters.slack.priority import AckFirst
from adapters.slack.settings import Mode, SlackSettings
from adapters.slack.web import EVENTS_PATH, build_web_app

log = logging.getLogger(__name__)

DEFAULT_PORT = 3000


@dataclass
class HttpServer:
    """A running HTTP server; `port` is the bound one (useful when asked for port 0)."""

    web: WebServer
    session: ClientSession
    app: SlackApp
    port: int

    async def close(self) -> None:
        """Stop taking requests, let the turns already acknowledged finish (within the drain
        bound), then close."""
        await self.web.stop()
        await self.session.close()


async def start_http(
    settings: SlackSettings,
    runtime: Runtime,
    host: str,
    port: int,
    *,
    priority: AckFirst | None = None,
    drain_seconds: float = serving.DRAIN_SECONDS,
) -> HttpServer:
    """Check the bot's identity, then serve; StartupError when Slack refuses or cannot be
    reached."""
    session = ClientSession()  # one connection pool for every call to Slack
    try:
        identity = await identify(settings, make_client(settings, session))
    except BaseException:
        await session.close()
        raise
    app = build_app(settings, runtime, identity, session)
    front = build_web_app(
        app.bolt, settings.signing_secret, runtime.store, app.service.inflight, priority
    )
    web = WebServer(front, app.service.inflight, drain_seconds)
    bound = await web.start(host, port)
    return HttpServer(web, session, app, bound)


def serve(host: str, port: int, watch: bool = False) -> int:
    """Run the Slack adapter until stopped; returns the process exit code."""
    return serving.run(lambda: _serve(host, port, watch))


async def _serve(host: str, port: int, watch: bool = False) -> int:
    slack = SlackSettings.from_env()
    core = CoreSettings.from_env()
    drain = serving.drain_seconds()
    async with reloading_runtime(core, watch=watch) as runtime:
        signals = Signals()
        if slack.mode == Mode.SOCKET:
            return await _run_socket_mode(slack, runtime, signals.stop, drain)
        server = await start_http(slack, runtime, host, port, drain_seconds=drain)
        print(
            f"spreadbot: Slack events at http://{host}:{server.port}{EVENTS_PATH}", file=sys.stderr
        )
        await signals.wait()
        await server.close()
        return ExitCode.OK


async def _run_socket_mode(
    slack: SlackSettings,
    runtime: Runtime,
    stop: asyncio.Event,
    drain: float = serving.DRAIN_SECONDS,
) -> int:
    async with ClientSession() as session:
        identity: Identity = await identify(slack, make_client(slack, session))
        app = build_app(slack, runtime, identity, session, socket_mode=True)
        handler = AsyncSocketModeHandler(app.bolt, slack.app_token)
        try:
            await handler.connect_async()  # type: ignore[no-untyped-call]
        except SlackApiError as exc:
            error = slack_error(exc)
            raise StartupError(
                ExitCode.BAD_SETTING, f"SLACK_APP_TOKEN was refused: {error}"
            ) from exc
        print("spreadbot: connected to Slack by Socket Mode", file=sys.stderr)
        await stop.wait()
        await handler.disconnect_async()  # type: ignore[no-untyped-call]
        await serving.drain(app.service.inflight, drain)
        await handler.close_async()  # type: ignore[no-untyped-call]
    return ExitCode.OK
