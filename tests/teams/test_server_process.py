"""`python -m adapters.teams.server --no-auth` as a real process: starts, answers, stops on SIGTERM."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import pytest

from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.payloads import TeamsUser
from tests.teams.process import server_env, start_server, stop_server

REPO_ROOT = Path(__file__).resolve().parents[2]
SECRET_WORDS = "quokka zebrafish privatewords"


@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
async def test_serve_no_auth_process(
    connector: FakeBotConnector, user: TeamsUser, tmp_path: Path, level: str
) -> None:
    env = server_env(
        SPREADBOT_STATE_URL="memory://",
        SPREADBOT_DATA_DIR=str(tmp_path),
        SPREADBOT_LOG_LEVEL=level,
    )
    process, endpoint = await start_server(
        env, "adapters.teams.server", "--no-auth", stderr=asyncio.subprocess.PIPE
    )
    try:
        assert process.stderr is not None
        async with aiohttp.ClientSession() as session:
            async with session.post(endpoint, json=user.message("help")) as response:
                assert response.status == 200
            async with session.post(endpoint, json=user.message(SECRET_WORDS)) as response:
                assert response.status == 200
            health = endpoint.replace("/api/messages", "/healthz")
            async with session.get(health) as response:
                assert response.status == 200
        calls = await connector.wait_for_count(2)
        assert calls[0].conversation_id == user.personal_conversation
        assert calls[0].authorization is None
        assert await stop_server(process) == 0
        logged = (await process.stderr.read()).decode()
        assert "--no-auth" in logged
        assert "adapters.events" in logged, "expected our one line per event"
        if level == "DEBUG":
            assert "INFO microsoft_agents" in logged, "expected the SDK's INFO lines at DEBUG"
        else:
            assert "microsoft_agents" not in logged, "the SDK's INFO lines only at DEBUG"
        assert SECRET_WORDS not in logged, "message text must never reach the log"
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
