"""End to end: well-signed payloads with a field of the wrong type never get a 5xx."""

from __future__ import annotations

import copy
import json
import logging
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.fakes.slack_api import FakeSlack
from tests.slack.conftest import SlackSender, event_envelope
from tests.slack.payloads import ButtonInfo, click, mention

WRONG: list[Any] = [None, 5, "x", [], {}, [1], {"id": 5}, True]


def mutations(base: dict[str, Any], nested: str) -> list[dict[str, Any]]:
    """`base` with each top-level field, and each field of base[nested] (or its first item),
    replaced in turn by each wrong value."""
    out = []
    inner = base[nested][0] if isinstance(base[nested], list) else base[nested]
    for key in list(base) + [f"{nested}.{k}" for k in inner]:
        for value in WRONG:
            body = copy.deepcopy(base)
            if "." in key:
                target = body[nested][0] if isinstance(body[nested], list) else body[nested]
                target[key.split(".", 1)[1]] = value
            else:
                body[key] = value
            out.append(body)
    return out


async def test_events_with_a_wrong_field_get_a_4xx_or_are_acknowledged(
    slack: SlackSender, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    base = event_envelope(mention("hi", ts="1710001000.000100"), "EvFUZZ")
    for n, body in enumerate(mutations(base, "event")):
        if body.get("event_id") == "EvFUZZ":
            body["event_id"] = f"EvFUZZ{n}"
        sent = await slack.post(json.dumps(body).encode(), "application/json")
        assert sent.status < 500, body
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_clicks_and_commands_with_a_wrong_field_never_get_a_5xx(
    slack: SlackSender, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    button = ButtonInfo("spreadbot:o:0", "Help", '{"command":"help","kind":"command"}')
    base = click(button, channel="C0GENERAL", message_ts="1.1", response_url=fake.response_url("f"))
    for body in mutations(base, "actions"):
        sent = await slack.interaction(body)
        assert sent.status < 500, body
    form = {
        "team_id": "T0TEAM",
        "channel_id": "C0",
        "user_id": "U0",
        "command": "/spread",
        "text": "hi",
        "response_url": fake.response_url("c"),
    }
    for key in form:
        for value in ("", "x", "[]", "{}"):
            body = urlencode({**form, key: value}).encode()
            assert (await slack.post(body, "application/x-www-form-urlencoded")).status < 500
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
