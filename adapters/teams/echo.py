"""A bare echo bot on the Microsoft 365 Agents SDK: the baseline bench/bench_teams.py measures
Spreadbot against. Wired as the SDK's own samples wire it (its JWT middleware with anonymous
requests allowed, its CloudAdapter and client factory, `adapter.process`), with nothing of ours.

Not part of Spreadbot; it lives here because every SDK import stays in this package.
Run: `python -m adapters.teams.echo --port 0` (no auth; loopback only).
Imports: aiohttp, microsoft_agents.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
from collections.abc import Sequence
from typing import Any

from aiohttp import web
from microsoft_agents.activity import TurnContextProtocol
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_middleware
from microsoft_agents.hosting.core import ActivityHandler, AgentAuthConfiguration, MessageFactory


class EchoBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContextProtocol[Any]) -> None:
        await turn_context.send_activity(MessageFactory.text(f"Echo: {turn_context.activity.text}"))


def build_echo_app() -> web.Application:
    config = AgentAuthConfiguration(anonymous_allowed=True)
    connections = MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": config})
    adapter = CloudAdapter(connection_manager=connections)
    bot = EchoBot()

    async def messages(request: web.Request) -> web.StreamResponse:
        response = await adapter.process(request, bot)
        return response or web.Response(status=202)

    app = web.Application(middlewares=[jwt_authorization_middleware])
    app["agent_configuration"] = config
    app.router.add_post("/api/messages", messages)
    return app


async def _serve(host: str, port: int) -> None:
    runner = web.AppRunner(build_echo_app(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    bound = runner.addresses[0][1]
    print(f"Echo bot listening on http://{host}:{bound}/api/messages", flush=True)
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    await stop.wait()
    await runner.cleanup()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m adapters.teams.echo")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3979)
    args = parser.parse_args(argv)
    asyncio.run(_serve(args.host, args.port))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
