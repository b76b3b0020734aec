"""`serve teams` as a real process reloads its catalogue on SIGHUP: a broken file is refused with
file, place and reason on stderr while the last good catalogue answers; a good one is swapped in."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import aiohttp

from tests.fakes.bot_connector import FakeBotConnector
from tests.samples import OWN_APPROACH
from tests.teams.payloads import TeamsUser
from tests.teams.process import server_env, start_server, stop_server


async def test_sighup_reloads_the_served_catalogue(
    connector: FakeBotConnector, user: TeamsUser, tmp_path: Path
) -> None:
    own = tmp_path / "own"
    own.mkdir()
    catalogue = own / "huddles.yaml"
    catalogue.write_text(OWN_APPROACH, encoding="utf-8")
    env = server_env(
        SPREADBOT_STATE_URL="memory://",
        SPREADBOT_DATA_DIR=str(tmp_path),
        SPREADBOT_CATALOGUE=str(own),
    )
    process, endpoint = await start_server(
        env, "adapters.teams.server", "--no-auth", stderr=asyncio.subprocess.PIPE
    )
    assert process.stderr is not None

    async def wait_for_log(text: str) -> None:
        async with asyncio.timeout(30):
            while text not in (await process.stderr.readline()).decode():  # type: ignore[union-attr]
                pass

    async def ask(session: aiohttp.ClientSession, text: str) -> str:
        before = len(connector.calls)
        async with session.post(endpoint, json=user.message(text)) as response:
            assert response.status == 200
        calls = await connector.wait_for_count(before + 1)
        return str(calls[before].card)

    try:
        async with aiohttp.ClientSession() as session:
            assert "Spread huddles" in await ask(session, "daily huddle")
            catalogue.write_text(OWN_APPROACH.replace("method_count: 1", "colour: red"))
            process.send_signal(signal.SIGHUP)
            await wait_for_log(f"{catalogue}:7 at approach.colour: unknown key")
            assert "Spread huddles" in await ask(session, "daily huddle")  # the last good one
            catalogue.write_text(OWN_APPROACH.replace("daily huddle", "stand-up natter"))
            process.send_signal(signal.SIGHUP)
            await wait_for_log("reloaded: 8 approaches")
            assert "Spread huddles" in await ask(session, "stand-up natter")
        assert await stop_server(process) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
