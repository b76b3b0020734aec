"""`spreadbot serve teams`: runs the Teams endpoint until interrupted.

Builds settings and the core runtime from the environment; a missing setting prints a message naming
it and exits with 2. Also runnable as `python -m adapters.teams.server [--host H] [--port P]
[--no-auth]`, which prints the address it listens on (port 0 picks a free one).
Imports: aiohttp, adapters.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence

from aiohttp import web

from adapters.owners.reload import Reloader
from adapters.runtime import CoreSettings, SettingsError, build_runtime
from adapters.teams.app import build_app
from adapters.teams.settings import DEFAULT_PORT, TeamsSettings
from catalogue.yamlfile import DataFileError
from storage.base import StoreError

log = logging.getLogger(__name__)

NO_AUTH_WARNING = (
    "WARNING: --no-auth: incoming requests are NOT authenticated and outgoing calls carry no "
    "token. Use this only for local testing, never on a reachable address."
)


def serve(host: str, port: int, no_auth: bool, watch: bool = False) -> int:
    """Blocks until SIGINT/SIGTERM; 0 on a clean stop, 2 on a settings or data problem. SIGHUP
    (and, with `watch`, a change to the catalogue or flow files) reloads them."""
    try:
        settings = TeamsSettings.from_env(no_auth=no_auth)
        core = CoreSettings.from_env()
    except SettingsError as exc:
        print(f"spreadbot serve teams: {exc}", file=sys.stderr)
        return 2
    if no_auth:
        log.warning(NO_AUTH_WARNING)
        print(NO_AUTH_WARNING, file=sys.stderr)
    try:
        return asyncio.run(_serve(settings, core, host, port, watch))
    except (DataFileError, StoreError) as exc:
        print(f"spreadbot serve teams: {exc}", file=sys.stderr)
        return 2


async def _serve(
    settings: TeamsSettings, core: CoreSettings, host: str, port: int, watch: bool = False
) -> int:
    runtime = await build_runtime(core)
    runner = web.AppRunner(build_app(settings, runtime), access_log=None)
    await runner.setup()
    reloader = Reloader(runtime, core).start(watch=watch)
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound = _bound_port(runner) or port
        print(f"Spreadbot for Teams listening on http://{host}:{bound}/api/messages", flush=True)
        await _until_stopped()
    finally:
        await reloader.stop()
        await runner.cleanup()
        await runtime.close()
    return 0


def _bound_port(runner: web.AppRunner) -> int | None:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return None


async def _until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m adapters.teams.server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--no-auth", action="store_true", help="local testing only")
    parser.add_argument("--watch", action="store_true", help="reload on catalogue file changes")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    return serve(args.host, args.port, args.no_auth, args.watch)


if __name__ == "__main__":
    raise SystemExit(main())
