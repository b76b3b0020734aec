"""Replies back to Slack: into a channel or thread by the Web API, privately by a command's or
click's response_url, and card updates (chat.update, or the response_url for private cards).

Every call goes through slack_sdk's retry handlers (adapters.slack.api); what still fails is
logged without message text and reported as a Sent, never raised, so one lost message cannot stop
the rest of a turn. Private answers keep a copy for "Share in channel" under an adapter-owned key
of the store (`slack-share:TOKEN`). Imports: slack_sdk, aiohttp, adapters.*, bot, storage.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from aiohttp import ClientConnectorError, ClientSession
from pydantic import TypeAdapter, ValidationError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.api import slack_error
from adapters.slack.layout import MAX_BLOCKS
from adapters.slack.parse import Clicked, Place
from adapters.slack.render import (
    Rendered,
    merge,
    render_answered,
    render_reply,
    with_share_button,
)
from adapters.turns import UNSENT, Card, Delivery, Sent
from bot.core import AnsweredQuestion
from bot.replies import NoticeLevel, NoticeReply, QuestionReply, Reply
from storage.base import StateStore, StoreError

log = logging.getLogger(__name__)

SHARE_PREFIX = "slack-share:"
SHARE_TTL_SECONDS = 24 * 3600
SORRY = NoticeReply(
    level=NoticeLevel.WARNING,
    text="Sorry, something went wrong on my side. Please try again in a moment.",
)
_REPLIES: TypeAdapter[list[Reply]] = TypeAdapter(list[Reply])
# Room for the dividers between merged replies and the share button.
_GROUP_BLOCKS = MAX_BLOCKS - 1
_BY_URL = "url"
_BY_TS = "ts"


def message_handle(channel: str, ts: str) -> str:
    return f"{_BY_TS}|{channel}|{ts}"


def clicked_handle(clicked: Clicked) -> str | None:
    """The clicked card: by its ts when it has one, else (private cards) by its response_url."""
    if clicked.ts is not None:
        return message_handle(clicked.channel, clicked.ts)
    if clicked.response_url:
        return f"{_BY_URL}|{clicked.response_url}"
    return None


class SlackPost:
    """What every turn's outbox shares: the Web API client, the connection pool, the store."""

    def __init__(
        self,
        client: AsyncWebClient,
        store: StateStore,
        session: ClientSession | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.session = session
        self._retries = client.retry_handlers  # response_url posts retry as Web API calls do
        # Replies are frozen values and catalogue answers repeat: building Block Kit through
        # slack_sdk's validating models is the costliest step of a turn, so keep recent ones.
        self.render: Callable[[Reply], Rendered] = lru_cache(maxsize=256)(render_reply)

    def outbox(self, place: Place, clicked: Clicked | None = None) -> SlackOutbox:
        return SlackOutbox(self, place, clicked)

    async def web(self, method: str, call: Callable[[], Awaitable[Any]]) -> tuple[Sent, Any]:
        """One Web API call, its fate as a Sent, and Slack's answer when it took the call."""
        try:
            resp = await call()
        except SlackApiError as exc:
            error = slack_error(exc)
            # An error Slack named means nothing was posted; an answer that was not Slack's
            # JSON (a proxy's page, a cut-off body) may have come after the post.
            log.warning("slack %s failed: %s", method, error or "not a Slack answer")
            return (UNSENT if error else Sent(Delivery.UNKNOWN)), None
        except ClientConnectorError as exc:
            log.warning("slack %s failed: cannot connect (%s)", method, type(exc).__name__)
            return UNSENT, None
        except Exception as exc:  # noqa: BLE001 - a timeout or an answer slack_sdk cannot read
            log.warning("slack %s failed: %s", method, type(exc).__name__)
            return Sent(Delivery.UNKNOWN), None
        return Sent(Delivery.SENT), resp

    async def respond(
        self,
        url: str,
        rendered: Rendered,
        *,
        response_type: str | None = None,
        replace_original: bool = False,
    ) -> Sent:
        """POST to a response_url (Slack allows five per interaction, for 30 minutes)."""
        client = AsyncWebhookClient(url, session=self.session, retry_handlers=self._retries)
        try:
            resp = await client.send(
                text=rendered.text,
                blocks=rendered.blocks,
                response_type=response_type,
                replace_original=replace_original,
            )
        except ClientConnectorError:
            log.warning("response_url POST failed: cannot connect")
            return UNSENT
        except Exception as exc:  # noqa: BLE001 - a timeout, or a body that is not an answer
            log.warning("response_url POST failed: %s", type(exc).__name__)
            return Sent(Delivery.UNKNOWN)
        if resp.status_code != 200:
            log.warning("response_url POST answered %s", resp.status_code)
            return UNSENT
        return Sent(Delivery.SENT)

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
        await self.web("views.publish", lambda: self.client.views_publish(user_id=user, view=view))


@dataclass
class SlackOutbox:
    """The way back for one message: where its replies go and the card that was clicked."""

    post: SlackPost
    place: Place
    clicked_card: Clicked | None = None

    @property
    def clicked(self) -> str | None:
        return clicked_handle(self.clicked_card) if self.clicked_card is not None else None

    async def send(self, replies: Sequence[Reply]) -> list[Sent]:
        """In a channel or direct chat each reply is its own message (questions get a handle).
        Privately (by response_url) a run of answers goes out as one message with a "Share in
        channel" button, and each question alone, so answering it can replace it."""
        if not self.place.response_url:
            return [await self._post(self.post.render(reply)) for reply in replies]
        sent: list[Sent] = []
        for group in _groups(replies, self.post.render):
            rendered = merge([part for _, part in group])
            if rendered.shareable:
                try:
                    token = await self.post.keep_for_sharing([reply for reply, _ in group])
                except StoreError as exc:
                    log.warning("could not keep a private answer for sharing: %s", exc)
                else:
                    rendered = with_share_button(rendered, token)
            outcome = await self.post.respond(
                self.place.response_url, rendered, response_type="ephemeral"
            )
            sent += [outcome] * len(group)
        return sent

    async def _post(self, rendered: Rendered) -> Sent:
        place, client = self.place, self.post.client
        sent, resp = await self.post.web(
            "chat.postMessage",
            lambda: client.chat_postMessage(
                channel=place.channel,
                thread_ts=place.thread_ts,
                blocks=rendered.blocks,
                text=rendered.text,
                unfurl_links=False,
                unfurl_media=False,
            ),
        )
        ts = resp.get("ts") if resp is not None else None
        if isinstance(ts, str):
            return Sent(sent.delivery, message_handle(place.channel, ts))
        return sent

    async def update(self, handle: str, card: Card) -> bool:
        rendered = (
            render_answered(card) if isinstance(card, AnsweredQuestion) else self.post.render(card)
        )
        by, _, where = handle.partition("|")
        if by == _BY_URL:
            sent = await self.post.respond(where, rendered, replace_original=True)
            return sent.delivery is Delivery.SENT
        channel, _, ts = where.partition("|")
        client = self.post.client
        sent, _ = await self.post.web(
            "chat.update",
            lambda: client.chat_update(
                channel=channel, ts=ts, blocks=rendered.blocks, text=rendered.text
            ),
        )
        return sent.delivery is Delivery.SENT

    async def apologise(self) -> None:
        rendered = self.post.render(SORRY)
        if self.place.response_url:
            await self.post.respond(self.place.response_url, rendered, response_type="ephemeral")
        else:
            await self._post(rendered)


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
