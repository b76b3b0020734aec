"""`python -m adapters.teams.server --no-auth` as a real process: starts, answers, stops on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import aiohttp

from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.payloads import TeamsUser

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60.0


async def test_serve_no_auth_process(
    connector: FakeBotConnector, user: TeamsUser, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MICROSOFT_APP_")}
    env.update(SPREADBOT_STATE_URL="memory://", SPREADBOT_DATA_DIR=str(tmp_path))
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters.teams.server",
        "--no-auth",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        cwd=REPO_ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        async with asyncio.timeout(STARTUP_SECONDS):
            line = (await process.stdout.readline()).decode()
        assert "listening on http://127.0.0.1:" in line, line
        endpoint = line.split("listening on ", 1)[1].strip()
        async with aiohttp.ClientSession() as session:
            async with session.post(endpoint, json=user.message("help")) as response:
                assert response.status == 200
            health = endpoint.replace("/api/messages", "/healthz")
            async with session.get(health) as response:
                assert response.status == 200
        calls = await connector.wait_for_count(1)
        assert calls[0].conversation_id == user.personal_conversation
        assert calls[0].authorization is None
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(STARTUP_SECONDS):
            code = await process.wait()
        assert code == 0
        assert "--no-auth" in (await process.stderr.read()).decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
