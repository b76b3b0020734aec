"""Activities shaped as Microsoft Teams sends them, for the adapter's tests and benchmark.

Imports: stdlib only.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
BOT_ID = "28:5f2b0c1e-1111-4a4a-9b9b-0123456789ab"
BOT_NAME = "Spreadbot"
CHANNEL = "19:2b8d2e0b7c1a4f3c9a1e@thread.tacv2"
TEAM = "19:0c6e3a1f0aa94a08a2f6@thread.tacv2"
GROUP_CHAT = "19:meeting_7a2c1b9e-group@thread.v2"
MENTION = f"<at>{BOT_NAME}</at>"


@dataclass
class TeamsUser:
    """One Teams user; makes activities addressed to the bot with fresh activity ids."""

    service_url: str
    name: str = "Ada Lovelace"
    user_id: str = (
        "29:1GcS4EyB_oSI8A88XmWBN7NJFyMqe3QGnJdgLfFGkJnVelzRGos0bPbpsfJjcbAD22bmKc4GMbrY2g4JDrWsPsQ"
    )
    aad_id: str = "6b5b3a4c-0f4a-4b41-8d6f-1a2b3c4d5e6f"
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1_700_000_000_001))

    @property
    def personal_conversation(self) -> str:
        return f"a:1{self.aad_id.replace('-', '')}personal"

    def next_id(self) -> str:
        return str(next(self._ids))

    def _base(self, conversation: dict[str, Any], **extra: Any) -> dict[str, Any]:
        activity = {
            "id": self.next_id(),
            "timestamp": "2025-11-26T09:30:00.000Z",
            "localTimestamp": "2025-11-26T09:30:00.000+00:00",
            "serviceUrl": self.service_url,
            "channelId": "msteams",
            "from": {"id": self.user_id, "name": self.name, "aadObjectId": self.aad_id},
            "conversation": {"tenantId": TENANT, **conversation},
            "recipient": {"id": BOT_ID, "name": BOT_NAME},
            "locale": "en-GB",
            "channelData": {"tenant": {"id": TENANT}},
        }
        activity.update(extra)
        return activity

    def personal(self) -> dict[str, Any]:
        return {"conversationType": "personal", "id": self.personal_conversation}

    def channel_thread(self, root_id: str) -> dict[str, Any]:
        return {
            "isGroup": True,
            "conversationType": "channel",
            "id": f"{CHANNEL};messageid={root_id}",
        }

    def group_chat(self) -> dict[str, Any]:
        return {"isGroup": True, "conversationType": "groupChat", "id": GROUP_CHAT}

    def message(self, text: str, conversation: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._base(
            conversation or self.personal(),
            type="message",
            text=text,
            textFormat="plain",
            entities=[{"type": "clientInfo", "locale": "en-GB", "platform": "Web"}],
        )

    def mention(self, words: str, conversation: dict[str, Any]) -> dict[str, Any]:
        """A channel or group-chat message that @mentions the bot, as Teams delivers it."""
        activity = self.message(f"{MENTION} {words}", conversation)
        activity["entities"] = [
            {"type": "mention", "text": MENTION, "mentioned": {"id": BOT_ID, "name": BOT_NAME}},
            {"type": "clientInfo", "locale": "en-GB", "platform": "Web"},
        ]
        if conversation.get("conversationType") == "channel":
            activity["channelData"] = {
                "teamsChannelId": CHANNEL,
                "teamsTeamId": TEAM,
                "channel": {"id": CHANNEL},
                "team": {"id": TEAM},
                "tenant": {"id": TENANT},
            }
        return activity

    def submit(
        self, data: dict[str, Any], reply_to_id: str, conversation: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """A click on an Action.Submit: a message with `value` and no text."""
        activity = self._base(
            conversation or self.personal(),
            type="message",
            replyToId=reply_to_id,
            value=data,
        )
        activity["channelData"] = {
            "source": {"name": "message"},
            "legacy": {"replyToId": reply_to_id},
            "tenant": {"id": TENANT},
        }
        return activity

    def bot_added(self, conversation: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._base(
            conversation or self.personal(),
            type="conversationUpdate",
            membersAdded=[{"id": BOT_ID}],
        )

    def installed(self, conversation: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._base(conversation or self.personal(), type="installationUpdate", action="add")
