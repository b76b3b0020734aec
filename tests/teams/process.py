"""Starting and stopping a Teams bot server as a real process, for tests and the benchmark.

The server prints "listening on URL" once it accepts requests; that line is the readiness signal.
Imports: stdlib only.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60.0


def server_env(**settings: str) -> dict[str, str]:
    """This environment without any Microsoft app settings, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MICROSOFT_APP_")}
    env.update(settings)
    return env


async def start_server(
    env: dict[str, str], module: str, *args: str, stderr: int | None = None
) -> tuple[asyncio.subprocess.Process, str]:
    """Start `python -m module ARGS` on a free loopback port; returns it and its endpoint."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        *args,
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        cwd=REPO_ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL if stderr is None else stderr,
    )
    assert process.stdout is not None
    try:
        async with asyncio.timeout(STARTUP_SECONDS):
            line = (await process.stdout.readline()).decode()
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    if "listening on http://127.0.0.1:" not in line:
        process.kill()
        await process.wait()
        raise RuntimeError(f"{module} did not start: {line!r}")
    return process, line.split("listening on ", 1)[1].strip()


async def stop_server(process: asyncio.subprocess.Process, timeout: float = 20.0) -> int:
    """SIGTERM, then SIGKILL if it does not stop in time; returns the exit code."""
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    try:
        async with asyncio.timeout(timeout):
            return await process.wait()
    except TimeoutError:
        process.kill()
        return await process.wait()
