"""Two Teams bot processes sharing one Redis, as behind a load balancer.

Turn one of a guided selection goes to the first process, turn two to the second, and the
conversation continues; an activity delivered to both (a retry landing on another instance) is
answered once. Real processes, real Redis, real HTTP on loopback.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.fakes.bot_connector import FakeBotConnector
from tests.storage.conftest import redis_test_url
from tests.teams.payloads import TeamsUser
from tests.teams.process import server_env, start_server, stop_server


@pytest.fixture
async def two_servers(tmp_path: Path) -> AsyncIterator[tuple[str, str]]:
    env = server_env(SPREADBOT_STATE_URL=redis_test_url(), SPREADBOT_DATA_DIR=str(tmp_path))
    started: list[asyncio.subprocess.Process] = []
    endpoints: list[str] = []
    try:
        for _ in range(2):
            process, endpoint = await start_server(env, "adapters.teams.server", "--no-auth")
            started.append(process)
            endpoints.append(endpoint)
        yield endpoints[0], endpoints[1]
    finally:
        for process in started:
            await stop_server(process)


async def _post(session: aiohttp.ClientSession, endpoint: str, activity: dict[str, Any]) -> int:
    async with session.post(endpoint, json=activity) as response:
        return response.status


def _card_text(card: dict[str, Any] | None) -> str:
    def walk(node: Any) -> str:
        if isinstance(node, dict):
            return " ".join(
                walk(v)
                for k, v in node.items()
                if k in ("text", "body", "items", "columns", "title")
            )
        if isinstance(node, list):
            return " ".join(walk(v) for v in node)
        return str(node) if isinstance(node, str) else ""

    return walk(card or {})


async def test_turns_alternate_between_instances_and_retries_are_answered_once(
    two_servers: tuple[str, str], connector: FakeBotConnector
) -> None:
    a, b = two_servers
    user = TeamsUser(service_url=connector.url, aad_id=str(uuid.uuid4()))
    async with aiohttp.ClientSession() as session:
        assert await _post(session, a, user.message("guide")) == 200
        calls = await connector.wait_for(
            lambda cs: any("How far has your innovation" in _card_text(c.card) for c in cs)
        )
        before = len(calls)

        # Turn two lands on the other instance and continues the same conversation.
        assert await _post(session, b, user.message("proof of concept")) == 200
        calls = await connector.wait_for(
            lambda cs: any("Who do you want to reach" in _card_text(c.card) for c in cs[before:])
        )
        answered = [c for c in calls[before:] if c.kind == "update"]
        assert answered, "the first question card was not updated to show the answer"

        # One activity delivered to both instances at once is answered exactly once.
        before = len(connector.calls)
        retry = user.message("national")
        statuses = await asyncio.gather(_post(session, a, retry), _post(session, b, retry))
        assert all(s == 200 for s in statuses)
        # Both requests have returned and each instance finishes its turn before answering
        # the HTTP request, so every call the pair made is already recorded.
        new = connector.since(before)
        questions = [c for c in new if "How long do you have" in _card_text(c.card)]
        assert len(questions) == 1, [(c.kind, c.text) for c in new]

        # And the conversation is still in one piece: the next answer goes on to question 4.
        before = len(connector.calls)
        assert await _post(session, b, user.message("about a year")) == 200
        await connector.wait_for(
            lambda cs: any("What can you draw on" in _card_text(c.card) for c in cs[before:])
        )
