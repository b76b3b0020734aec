"""`spreadbot serve teams`: runs the Teams endpoint until SIGINT or SIGTERM, with a bounded drain
of the replies under way.

Builds settings and the core runtime from the environment; exit codes and start-up messages are
adapters.serving's, shared with `serve slack` and `chat`. Also runnable as
`python -m adapters.teams.server [--host H] [--port P] [--no-auth] [--watch]`, which prints the
address it listens on (port 0 picks a free one). SIGHUP (and, with `watch`, a change to the
catalogue or flow files) reloads the catalogue and flow (adapters.owners.reload).
Imports: aiohttp, adapters.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from adapters import serving
from adapters.owners.reload import reloading_runtime
from adapters.runtime import CoreSettings
from adapters.serving import ExitCode, Signals, WebServer
from adapters.teams.app import SERVICE, build_app
from adapters.teams.settings import DEFAULT_PORT, TeamsSettings

log = logging.getLogger(__name__)

NO_AUTH_WARNING = (
    "WARNING: --no-auth: incoming requests are NOT authenticated and outgoing calls carry no "
    "token. Use this only for local testing, never on a reachable address."
)


def serve(host: str, port: int, no_auth: bool, watch: bool = False) -> int:
    """Blocks until SIGINT/SIGTERM; returns the process exit code (adapters.serving.ExitCode)."""
    return serving.run(lambda: _serve(host, port, no_auth, watch))


async def _serve(host: str, port: int, no_auth: bool, watch: bool = False) -> int:
    settings = TeamsSettings.from_env(no_auth=no_auth)
    core = CoreSettings.from_env()
    drain = serving.drain_seconds()
    if no_auth:
        log.warning(NO_AUTH_WARNING)
        print(NO_AUTH_WARNING, file=sys.stderr)
    async with reloading_runtime(core, watch=watch) as runtime:
        app = build_app(settings, runtime)
        server = WebServer(app, app[SERVICE].inflight, drain)
        signals = Signals()
        bound = await server.start(host, port)
        print(f"Spreadbot for Teams listening on http://{host}:{bound}/api/messages", flush=True)
        await signals.wait()
        await server.stop()
    return ExitCode.OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m adapters.teams.server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--no-auth", action="store_true", help="local testing only")
    parser.add_argument("--watch", action="store_true", help="reload on catalogue file changes")
    args = parser.parse_args(argv)
    return serve(args.host, args.port, args.no_auth, args.watch)


if __name__ == "__main__":
    raise SystemExit(main())
