"""What the Bolt listeners do once Slack has been acknowledged: parse, run the turn, deliver.

Each handler takes the decoded payload Bolt gives it; the slow work here always runs after the
ack. Imports: adapters.runner, adapters.slack.*, bot.* and stdlib.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from adapters.runner import ConversationRunner
from adapters.slack import parse
from adapters.slack.delivery import Delivery, MessageRef
from adapters.slack.parse import Inbound
from adapters.slack.render import (
    Rendered,
    merge,
    render_answered,
    render_home,
    without_buttons,
)
from bot.core import AnsweredQuestion
from bot.replies import NoticeLevel, NoticeReply, QuestionReply
from storage.base import StoreError

log = logging.getLogger(__name__)

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")
_SORRY = NoticeReply(
    level=NoticeLevel.WARNING,
    text="Sorry, something went wrong on my side. Please try again in a moment.",
)
_SHARE_GONE = NoticeReply(text="That answer is no longer available to share. Please ask again.")


class Handlers:
    def __init__(self, runner: ConversationRunner, delivery: Delivery) -> None:
        self.runner = runner
        self.delivery = delivery

    async def on_event(self, body: dict[str, Any], bot_user_id: str | None) -> None:
        inbound = parse.from_event(body, bot_user_id)
        if inbound is None:
            return
        # Claimed in the shared store, so a redelivery landing on any instance is dropped.
        try:
            first = await self.runner.first_delivery(f"slack:{body['event_id']}")
        except StoreError:
            log.exception("could not check event %s against the store", body["event_id"])
            await self.delivery.send(inbound.place, [_SORRY])
            return
        if not first:
            log.info("event %s already handled", body["event_id"])
            return
        await self.turn(inbound)

    async def on_command(self, body: dict[str, Any], bot_user_id: str | None) -> None:
        await self.turn(parse.from_command(body, bot_user_id))

    async def on_click(self, body: dict[str, Any]) -> None:
        inbound = parse.from_click(body)
        if inbound is not None:
            await self.turn(inbound)

    async def on_share(self, body: dict[str, Any]) -> None:
        token, url = parse.share_token(body), body.get("response_url")
        if not token or not isinstance(url, str):
            return
        replies = await self.delivery.shared_replies(token)
        if not replies:
            await self.delivery.respond(
                url, self.delivery.render(_SHARE_GONE), response_type="ephemeral"
            )
            return
        shared = without_buttons(merge([self.delivery.render(r) for r in replies]))
        user = body["user"]["id"]
        if _USER_ID.match(user):
            note = {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": f"Shared by <@{user}>"}],
            }
            shared = Rendered(shared.blocks[:49] + [note], shared.text)
        await self.delivery.respond(url, shared, response_type="in_channel")

    async def on_home_opened(self, event: dict[str, Any]) -> None:
        user = event.get("user")
        if event.get("tab", "home") != "home" or not isinstance(user, str):
            return
        channel = event.get("channel") if isinstance(event.get("channel"), str) else None
        await self.delivery.publish_home(user, render_home(channel))

    async def turn(self, inbound: Inbound) -> None:
        message = inbound.message
        try:
            previous: MessageRef | None = None
            if message.action is None:
                # A typed answer: the card to update is the question this conversation last posted.
                state = await self.runner.load_state(message.key)
                previous = MessageRef.decode(state.last_question_ref if state else None)
            result = await self.runner.run_turn(message)
        except Exception:
            # The store or the core failed: the user still hears back, never a stack trace.
            log.exception("turn failed for %s", message.key.as_string())
            await self.delivery.send(inbound.place, [_SORRY])
            return
        try:
            if result.answered is not None:
                await self._mark_answered(inbound, result.answered, previous)
            replies = result.replies
            if result.refreshed is not None:
                if inbound.clicked is not None:  # redraw the card that was clicked
                    card = self.delivery.render(result.refreshed)
                    await self.delivery.replace_clicked(inbound.clicked, card)
                else:
                    replies = (*replies, result.refreshed)
            for reply, ts in await self.delivery.send(inbound.place, replies):
                if isinstance(reply, QuestionReply) and ts is not None:
                    ref = MessageRef(inbound.place.channel, ts, reply.turn)
                    await self.runner.remember_question(message.key, ref.encode())
        except StoreError:
            # The answer is out; only the bookkeeping for updating its card later was lost.
            log.exception("could not record the question sent to %s", message.key.as_string())

    async def _mark_answered(
        self, inbound: Inbound, answered: AnsweredQuestion, previous: MessageRef | None
    ) -> None:
        card = render_answered(answered)
        if inbound.clicked is not None:
            await self.delivery.replace_clicked(inbound.clicked, card)
        elif previous is not None and previous.turn == answered.turn:
            await self.delivery.update(previous.channel, previous.ts, card)
