"""Sends rendered replies to Slack: into a channel or thread by the Web API, privately by a
command's or click's response_url, and updates answered question cards.

Failures are logged, never raised: one lost message must not stop the rest of a turn.
Imports: slack_sdk clients, adapters.slack.* and storage.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from aiohttp import ClientError, ClientSession
from pydantic import TypeAdapter, ValidationError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.layout import MAX_BLOCKS
from adapters.slack.parse import Clicked, Place
from adapters.slack.render import Rendered, merge, render_reply, with_share_button
from bot.replies import QuestionReply, Reply
from storage.base import StateStore, StoreError

log = logging.getLogger(__name__)

SHARE_PREFIX = "slack-share:"
SHARE_TTL_SECONDS = 24 * 3600
_REPLIES: TypeAdapter[list[Reply]] = TypeAdapter(list[Reply])
# Room for the dividers between merged replies and the share button.
_GROUP_BLOCKS = MAX_BLOCKS - 1


@dataclass(frozen=True)
class MessageRef:
    """Where a posted question lives, kept in the conversation state as one string."""

    channel: str
    ts: str
    turn: int

    def encode(self) -> str:
        return f"{self.channel}|{self.ts}|{self.turn}"

    @classmethod
    def decode(cls, value: str | None) -> MessageRef | None:
        parts = (value or "").split("|")
        if len(parts) != 3 or not parts[2].isdigit():
            return None
        return cls(parts[0], parts[1], int(parts[2]))


class Delivery:
    def __init__(
        self, client: AsyncWebClient, store: StateStore, session: ClientSession | None = None
    ) -> None:
        self.client = client
        self.store = store
        self.session = session
        # Replies are frozen values and catalogue answers repeat: building Block Kit through
        # slack_sdk's validating models is the costliest step of a turn, so keep recent ones.
        self.render: Callable[[Reply], Rendered] = lru_cache(maxsize=256)(render_reply)

    async def send(self, place: Place, replies: Sequence[Reply]) -> list[tuple[Reply, str | None]]:
        """Post a turn's replies; pairs each with its message ts when it is a normal message.

        In a channel or direct chat each reply is its own message. Privately (by response_url,
        which Slack lets a bot use five times) a run of answers goes out as one message with a
        "Share in channel" button, and each question alone, so answering it can replace it."""
        if not place.response_url:
            return [(reply, await self.post(place, self.render(reply))) for reply in replies]
        for group in _groups(replies, self.render):
            rendered = merge([part for _, part in group])
            if rendered.shareable:
                try:
                    token = await self.keep_for_sharing([reply for reply, _ in group])
                except StoreError:
                    log.exception("could not keep a private answer for sharing")
                else:
                    rendered = with_share_button(rendered, token)
            await self.respond(place.response_url, rendered, response_type="ephemeral")
        return [(reply, None) for reply in replies]

    async def post(self, place: Place, rendered: Rendered) -> str | None:
        try:
            resp = await self.client.chat_postMessage(
                channel=place.channel,
                thread_ts=place.thread_ts,
                blocks=rendered.blocks,
                text=rendered.text,
                unfurl_links=False,
                unfurl_media=False,
            )
        except (SlackApiError, ClientError, TimeoutError) as exc:
            log.warning("chat.postMessage to %s failed: %s", place.channel, exc)
            return None
        ts = resp.get("ts")
        return ts if isinstance(ts, str) else None

    async def update(self, channel: str, ts: str, rendered: Rendered) -> None:
        try:
            await self.client.chat_update(
                channel=channel, ts=ts, blocks=rendered.blocks, text=rendered.text
            )
        except (SlackApiError, ClientError, TimeoutError) as exc:
            log.warning("chat.update of %s/%s failed: %s", channel, ts, exc)

    async def replace_clicked(self, clicked: Clicked, rendered: Rendered) -> None:
        """Change the message whose button was clicked (ephemeral ones only via response_url)."""
        if clicked.ts is not None:
            await self.update(clicked.channel, clicked.ts, rendered)
        elif clicked.response_url:
            await self.respond(clicked.response_url, rendered, replace_original=True)

    async def respond(
        self,
        url: str,
        rendered: Rendered,
        *,
        response_type: str | None = None,
        replace_original: bool = False,
    ) -> None:
        try:
            resp = await AsyncWebhookClient(url, session=self.session).send(
                text=rendered.text,
                blocks=rendered.blocks,
                response_type=response_type,
                replace_original=replace_original,
            )
        except (ClientError, TimeoutError, ValueError) as exc:
            log.warning("response_url POST failed: %s", exc)
            return
        if resp.status_code != 200:
            log.warning("response_url POST answered %s: %s", resp.status_code, resp.body[:200])

    async def keep_for_sharing(self, replies: Sequence[Reply]) -> str:
        """Store a private answer so a later "Share in channel" click can post it (any instance)."""
        token = secrets.token_urlsafe(16)
        data = _REPLIES.dump_json(list(replies)).decode()
        await self.store.put(
            SHARE_PREFIX + token, data, expected_version=None, ttl_seconds=SHARE_TTL_SECONDS
        )
        return token

    async def shared_replies(self, token: str) -> list[Reply] | None:
        record = await self.store.get(SHARE_PREFIX + token)
        if record is None:
            return None
        try:
            return _REPLIES.validate_json(record.data)
        except ValidationError:
            return None

    async def publish_home(self, user: str, view: dict[str, Any]) -> None:
        try:
            await self.client.views_publish(user_id=user, view=view)
        except (SlackApiError, ClientError, TimeoutError) as exc:
            log.warning("views.publish for %s failed: %s", user, exc)


def _groups(
    replies: Sequence[Reply], render: Callable[[Reply], Rendered]
) -> list[list[tuple[Reply, Rendered]]]:
    """Runs of answers that fit one message together; every question on its own."""
    groups: list[list[tuple[Reply, Rendered]]] = []
    size = 0
    for reply in replies:
        rendered = render(reply)
        blocks = len(rendered.blocks)
        last = groups[-1] if groups else None
        if (
            last is None
            or isinstance(reply, QuestionReply)
            or isinstance(last[0][0], QuestionReply)
            or size + 1 + blocks > _GROUP_BLOCKS
        ):
            groups.append([(reply, rendered)])
            size = blocks
        else:
            last.append((reply, rendered))
            size += 1 + blocks
    return groups
