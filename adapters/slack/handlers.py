"""What the Bolt listeners do once Slack has been acknowledged: translate the payload, then hand
the message to the shared turn service (adapters.turns) with a Slack outbox.

Each handler takes the decoded payload Bolt gives it; the slow work here always runs after the
ack. Imports: adapters.*, bot.*, storage and stdlib.
"""

from __future__ import annotations

import re
from typing import Any

from adapters import logs
from adapters.platform import Platform
from adapters.slack import parse
from adapters.slack.outbox import SORRY, SlackPost
from adapters.slack.parse import Ignored, Inbound
from adapters.slack.render import Rendered, merge, render_home, without_buttons
from adapters.turns import TurnService
from bot.replies import NoticeReply
from storage.base import StoreError

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")
_SHARE_GONE = NoticeReply(text="That answer is no longer available to share. Please ask again.")


class Handlers:
    def __init__(self, service: TurnService, post: SlackPost, bot_user_id: str) -> None:
        self.service = service
        self.post = post
        self.bot_user_id = bot_user_id

    async def on_event(self, body: dict[str, Any]) -> None:
        kind = parse.event_kind(body)
        inbound = parse.from_event(body, self.bot_user_id)
        if isinstance(inbound, Ignored):
            logs.ignored(Platform.SLACK, kind, inbound.reason)
            return
        # Claimed in the shared store, so a redelivery (under the same event id, or the same
        # message under another) landing on any instance is answered once.
        claims = [f"slack:{body['event_id']}"] if isinstance(body.get("event_id"), str) else []
        if inbound.identity is not None:
            claims.append(f"slack-message:{inbound.identity}")
        await self._turn(inbound, kind, claims)

    async def on_command(self, body: dict[str, Any]) -> None:
        await self._turn(parse.from_command(body, self.bot_user_id), "command")

    async def on_click(self, body: dict[str, Any]) -> None:
        inbound = parse.from_click(body)
        if inbound is None:
            logs.ignored(Platform.SLACK, "block_actions", "not one of our buttons")
            return
        await self._turn(inbound, "block_actions")

    async def _turn(self, inbound: Inbound, kind: str, claims: list[str] | None = None) -> None:
        outbox = self.post.outbox(inbound.place, inbound.clicked)
        await self.service.handle(inbound.message, outbox, kind=kind, claims=claims or ())

    async def on_share(self, body: dict[str, Any]) -> None:
        token, url = parse.share_token(body), body.get("response_url")
        if not token or not isinstance(url, str):
            logs.ignored(Platform.SLACK, "share", "no token or response_url")
            return
        try:
            replies = await self.post.shared_replies(token)
        except StoreError as exc:
            self.service.store_outage.failed(exc)
            await self.post.respond(url, self.post.render(SORRY), response_type="ephemeral")
            logs.handled(Platform.SLACK, "share", "failed")
            return
        if not replies:
            await self.post.respond(url, self.post.render(_SHARE_GONE), response_type="ephemeral")
            logs.handled(Platform.SLACK, "share", "gone")
            return
        shared = without_buttons(merge([self.post.render(r) for r in replies]))
        user = body["user"]["id"]
        if _USER_ID.match(user):
            note = {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": f"Shared by <@{user}>"}],
            }
            shared = Rendered(shared.blocks[:49] + [note], shared.text)
        await self.post.respond(url, shared, response_type="in_channel")
        logs.handled(Platform.SLACK, "share", "shared")

    async def on_home_opened(self, event: dict[str, Any]) -> None:
        user = event.get("user")
        if event.get("tab", "home") != "home" or not isinstance(user, str):
            logs.ignored(Platform.SLACK, "app_home_opened", "not the home tab")
            return
        channel = event.get("channel") if isinstance(event.get("channel"), str) else None
        await self.post.publish_home(user, render_home(channel))
        logs.handled(Platform.SLACK, "app_home_opened", "published")
