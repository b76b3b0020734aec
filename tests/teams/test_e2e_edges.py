"""End to end edges: invokes the bot does not use, user text that looks like markdown, and very
long typed answers all get a clean answer, never a 500 or a live link."""

from __future__ import annotations

import json

from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.cardwalk import nodes
from tests.teams.conftest import TeamsServer
from tests.teams.payloads import TeamsUser


async def test_an_adaptive_card_invoke_gets_a_clean_answer(
    server: TeamsServer, user: TeamsUser
) -> None:
    activity = user.message("")
    activity.update(
        type="invoke",
        name="adaptiveCard/action",
        value={"action": {"type": "Action.Execute", "verb": "x", "data": {}}},
    )
    # Not the SDK's 501, which Teams shows as "unable to reach app" (more in test_e2e_delivery).
    assert await server.post(activity) == 200
    assert await server.post(user.message("help")) == 200


async def test_user_markdown_is_quoted_back_as_text_not_a_link(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    phish = "[Verify your NHS login](https://phish.example/x) zzqv"
    assert await server.post(user.message(phish)) == 200
    (call,) = await connector.wait_for_count(1)
    # A TextBlock renders markdown: the quote goes out as a TextRun, which never does, and shows
    # exactly what was typed; `summary` is plain text.
    assert call.card is not None
    runs = [n["text"] for n in nodes(call.card) if n.get("type") == "TextRun"]
    assert any(phish in text for text in runs)
    markdown = [n.get("text", "") for n in nodes(call.card) if n.get("type") == "TextBlock"]
    assert not any("phish.example" in text for text in markdown)


async def test_a_huge_number_typed_mid_flow_is_not_an_error(
    server: TeamsServer, connector: FakeBotConnector, user: TeamsUser
) -> None:
    assert await server.post(user.message("guide")) == 200
    await connector.wait_for_count(1)
    before = len(connector.calls)
    assert await server.post(user.message("9" * 5000)) == 200
    calls = await connector.wait_for_count(before + 1)
    assert not any("Sorry" in json.dumps(c.body) for c in calls[before:])
