"""Slack payloads shaped as Slack sends them (from its documented examples), for the tests."""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from typing import Any

BOT = "UBOTSPREAD"
BOT_TOKEN = "xoxb-1111-2222-test"
APP_TOKEN = "xapp-1-A111-test"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TEAM = "T0TEAM"


def sign(body: bytes, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    """Exactly as Slack signs a request: v0 HMAC-SHA256 of "v0:<timestamp>:<body>"."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signature_headers(body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """The headers that sign `body` as Slack does: the time (now unless given), the signature."""
    ts = int(time.time()) if timestamp is None else timestamp
    return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": sign(body, ts)}


def mention(
    text: str,
    *,
    ts: str,
    user: str = "U0ALICE",
    channel: str = "C0GENERAL",
    thread_ts: str | None = None,
) -> dict[str, Any]:
    event = {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT}> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": TEAM,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def dm(
    text: str, *, ts: str, user: str = "U0ALICE", channel: str = "D0ALICE", **extra: Any
) -> dict[str, Any]:
    return {
        "type": "message",
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": TEAM,
        **extra,
    }


@dataclass(frozen=True)
class ButtonInfo:
    action_id: str
    label: str
    value: str
    block_id: str = "b"


def buttons(blocks: list[dict[str, Any]]) -> list[ButtonInfo]:
    found: list[ButtonInfo] = []
    for block in blocks:
        elements = (
            block.get("elements", [])
            if block["type"] == "actions"
            else [block.get("accessory") or {}]
        )
        for el in elements:
            if el.get("type") == "button":
                found.append(
                    ButtonInfo(
                        el["action_id"],
                        el["text"]["text"],
                        el.get("value", ""),
                        block.get("block_id", "b"),
                    )
                )
    return found


def click(
    button: ButtonInfo,
    *,
    user: str = "U0ALICE",
    channel: str,
    message_ts: str | None,
    thread_ts: str | None = None,
    response_url: str,
    ephemeral: bool = False,
) -> dict[str, Any]:
    container: dict[str, Any] = {
        "type": "message",
        "channel_id": channel,
        "is_ephemeral": ephemeral,
    }
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user, "username": "alice", "name": "alice", "team_id": TEAM},
        "api_app_id": "A0APP",
        "token": "legacy",
        "container": container,
        "trigger_id": "1.2.3",
        "team": {"id": TEAM, "domain": "test"},
        "channel": {"id": channel, "name": "general"},
        "response_url": response_url,
        "actions": [
            {
                "type": "button",
                "action_id": button.action_id,
                "block_id": button.block_id,
                "text": {"type": "plain_text", "text": button.label},
                "value": button.value,
                "action_ts": "1710000000.1",
            }
        ],
    }
    if not ephemeral:
        container["message_ts"] = message_ts
        message: dict[str, Any] = {
            "type": "message",
            "ts": message_ts,
            "user": BOT,
            "bot_id": "BBOTSPREAD",
        }
        if thread_ts:
            message["thread_ts"] = thread_ts
        payload["message"] = message
    return payload


def home_click(
    button: ButtonInfo, *, private_metadata: str, user: str = "U0ALICE"
) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "alice", "name": "alice", "team_id": TEAM},
        "api_app_id": "A0APP",
        "token": "legacy",
        "container": {"type": "view", "view_id": "V0HOME"},
        "trigger_id": "1.2.3",
        "team": {"id": TEAM, "domain": "test"},
        "view": {
            "id": "V0HOME",
            "type": "home",
            "private_metadata": private_metadata,
            "blocks": [],
        },
        "actions": [
            {
                "type": "button",
                "action_id": button.action_id,
                "block_id": button.block_id,
                "value": button.value,
                "action_ts": "1710000000.1",
            }
        ],
    }
