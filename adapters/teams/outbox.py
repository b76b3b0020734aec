"""Replies back to Teams through the Bot Connector: sends (as replies to the incoming activity),
card updates, and the apology, on a connector client that outlives the incoming request, so what
cannot finish inside Teams' reply window goes out proactively on the same conversation reference.

Every activity is measured as it will be sent: the connector refuses bodies over 40 KB counted as
UTF-16 with 413. An activity over SEND_LIMIT_BYTES, or one the connector still refuses as too large,
goes out as its plain-text rendering, cut to fit. (Cards are kept far smaller, inside the 28,000
byte card budget, by the renderers, which page long lists; this is the last guard at the door.) Failures are logged without message
text and reported as a Sent, never raised. Imports: aiohttp, microsoft_agents, adapters, bot.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence

from aiohttp import ClientConnectorError, ClientResponseError
from microsoft_agents.activity import Activity, ConversationReference
from microsoft_agents.hosting.core.authorization import ClaimsIdentity
from microsoft_agents.hosting.core.connector import ConnectorClientBase

from adapters.teams.activities import (
    APOLOGY,
    activity_json,
    answered_activity,
    reply_activity,
    text_activity,
)
from adapters.teams.connector import ConnectorClients
from adapters.teams.layout import size_bound
from adapters.turns import UNSENT, Card, Delivery, Sent
from bot.core import AnsweredQuestion
from bot.plaintext import render_plain
from bot.replies import Reply
from bot.views import SHORTENED

log = logging.getLogger(__name__)

# The connector refuses more than 40 KB counted as UTF-16; leave room for what it adds.
SEND_LIMIT_BYTES = 36_000
# The plain-text stand-in for a card too large to send: short enough to read, and to fit.
PLAIN_CHARS = 6_000
_TOO_LARGE = 413
_CUT = "…\n\n" + SHORTENED


# What an activity's envelope (ids, addresses, names) adds to its text and cards, at most.
_ENVELOPE_CHARS = 4_000


def size_of(activity: Activity) -> int:
    """The activity's JSON as the connector client sends it, counted as UTF-16 bytes: exactly
    when it may be near the limit; otherwise a bound from its text and cards alone, as
    serialising the whole activity costs more than rendering it."""
    parts = [a.content for a in activity.attachments or () if a.content]
    parts += [activity.text or "", activity.summary or ""]
    # The connector client sends json.dumps's default separators.
    bound = sum(size_bound(part, None) for part in parts) + 2 * _ENVELOPE_CHARS
    if bound <= SEND_LIMIT_BYTES:
        return bound
    return len(json.dumps(activity_json(activity)).encode("utf-16-le"))


def plain_activity(reply: Reply) -> Activity:
    """A reply's smaller rendering: its plain text, cut to PLAIN_CHARS."""
    text = render_plain(reply)
    if len(text) > PLAIN_CHARS:
        text = text[: PLAIN_CHARS - len(_CUT)].rstrip() + _CUT
    return text_activity(text)


class TeamsOutbox:
    """The way back for one incoming activity (an Outbox for adapters.turns)."""

    def __init__(
        self, client: ConnectorClientBase, incoming: Activity, clicked: str | None
    ) -> None:
        self._client = client
        self._reference: ConversationReference = incoming.get_conversation_reference()
        self._clicked = clicked

    @classmethod
    async def open(
        cls,
        clients: ConnectorClients,
        identity: ClaimsIdentity | None,
        incoming: Activity,
        clicked: str | None = None,
    ) -> TeamsOutbox:
        """An outbox on a connector client of our own (kept by `clients` for reuse, and closed
        with them: nothing to close here); `identity` is the request's (None: anonymous, as with
        --no-auth). Raises what getting the bot's own token raises."""
        return cls(await clients.for_activity(identity, incoming), incoming, clicked)

    @property
    def clicked(self) -> str | None:
        return self._clicked

    async def send(self, replies: Sequence[Reply]) -> list[Sent]:
        return [await self.send_activity(reply_activity(r), r) for r in replies]

    async def send_activity(self, activity: Activity, reply: Reply | None = None) -> Sent:
        """Send as a reply to the incoming activity; when it is too large, `reply`'s plain text
        (plain_activity) is sent instead."""
        activity.apply_conversation_reference(self._reference)
        if reply is not None and (size := size_of(activity)) > SEND_LIMIT_BYTES:
            log.warning("an activity of %d bytes is too large to send; sent as text", size)
            return await self.send_activity(plain_activity(reply))
        conversation = self._reference.conversation.id
        try:
            if activity.reply_to_id:
                response = await self._client.conversations.reply_to_activity(
                    conversation, activity.reply_to_id, activity
                )
            else:
                response = await self._client.conversations.send_to_conversation(
                    conversation, activity
                )
        except ClientResponseError as exc:
            if exc.status == _TOO_LARGE and reply is not None:
                log.warning("the connector found a card too large (413); sent as text")
                return await self.send_activity(plain_activity(reply))
            log.warning("sending to Teams failed: the connector answered %s", exc.status)
            return UNSENT
        except Exception as exc:  # noqa: BLE001 - a timeout or an unreadable answer
            log.warning("sending to Teams failed: %s", type(exc).__name__)
            return UNSENT if isinstance(exc, ClientConnectorError) else Sent(Delivery.UNKNOWN)
        return Sent(Delivery.SENT, response.id or None)

    async def update(self, handle: str, card: Card) -> bool:
        if isinstance(card, AnsweredQuestion):
            activity = answered_activity(card, handle)
        else:
            activity = reply_activity(card)
            activity.id = handle
        activity.apply_conversation_reference(self._reference)
        try:
            await self._client.conversations.update_activity(
                self._reference.conversation.id, handle, activity
            )
        except Exception as exc:  # noqa: BLE001 - a card we cannot update (deleted, too old)
            status = exc.status if isinstance(exc, ClientResponseError) else type(exc).__name__
            log.warning("could not update a Teams card: %s", status)
            return False
        return True

    async def apologise(self) -> None:
        await self.send_activity(text_activity(APOLOGY))
