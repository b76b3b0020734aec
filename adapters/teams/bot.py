"""The Teams bot: an ActivityHandler that runs each message through the shared conversation runner.

It answers messages and card submits, greets on install in a team or group chat (a personal chat
shows the manifest's prompt starters instead), ignores repeated activity ids, and turns an answered
question card into a record of the choice. Imports: microsoft_agents, adapters, bot.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Any

from microsoft_agents.activity import Activity, ChannelAccount, TurnContextProtocol
from microsoft_agents.hosting.core import ActivityHandler

from adapters.runner import ConversationRunner
from adapters.teams.activities import (
    UNKNOWN_BUTTON,
    answered_activity,
    reply_activity,
    text_activity,
    welcome_activity,
)
from adapters.teams.parse import ACTION_KEY, parse_message, split_conversation_id
from bot.core import AnsweredQuestion, TurnResult
from bot.messages import AnswerAction, IncomingMessage
from bot.replies import QuestionReply
from bot.state import ConversationState

log = logging.getLogger(__name__)
TurnContext = TurnContextProtocol[Any]

_SHARED_CONVERSATIONS = frozenset({"channel", "groupChat"})


def _is_shared(activity: Activity) -> bool:
    conversation = activity.conversation
    return bool(conversation and conversation.conversation_type in _SHARED_CONVERSATIONS)


class SpreadbotTeamsBot(ActivityHandler):
    def __init__(self, runner: ConversationRunner, turn_deadline_seconds: float = 10.0) -> None:
        self._runner = runner
        self._deadline = turn_deadline_seconds

    async def on_turn(self, turn_context: TurnContext) -> None:
        # A stuck store or connector must not hold the reply past Teams' 15 s window: time out
        # into the adapter's on_turn_error, which apologises.
        async with asyncio.timeout(self._deadline):
            await self._on_turn(turn_context)

    async def _on_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if activity.id:
            # Teams retries a delivery it thinks failed; the store remembers ids across instances.
            conversation_id = activity.conversation.id if activity.conversation else ""
            if not await self._runner.first_delivery(f"teams:{conversation_id}:{activity.id}"):
                log.info("ignoring repeated activity %s", activity.id)
                return
        await super().on_turn(turn_context)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        message = parse_message(activity)
        if message is None:
            if isinstance(activity.value, dict) and ACTION_KEY in activity.value:
                await turn_context.send_activity(text_activity(UNKNOWN_BUTTON))
            return
        result = await self._runner.run_turn(message)
        if result.answered is not None:
            await self._close_question(turn_context, message, result.answered, result.state)
        if result.refreshed is not None:
            ref = turn_context.activity.reply_to_id
            if isinstance(message.action, AnswerAction) and ref:
                await self._update_card(turn_context, reply_activity(result.refreshed), ref)
            else:
                result = replace(result, replies=(*result.replies, result.refreshed))
        await self._send(turn_context, message, result)

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if any(member.id == bot_id for member in members_added):
            await self._welcome(turn_context)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        # "add-upgrade" is a new version of an app already installed: no second greeting.
        if turn_context.activity.action == "add":
            await self._welcome(turn_context)

    async def _welcome(self, turn_context: TurnContext) -> None:
        if not _is_shared(turn_context.activity):
            return  # a personal chat opens on the prompt starters: no welcome as well
        # Teams sends both conversationUpdate and installationUpdate on install: greet once.
        channel, _ = split_conversation_id(turn_context.activity.conversation.id or "")
        if await self._runner.first_delivery(f"teams-welcome:{channel}"):
            await turn_context.send_activity(welcome_activity())

    async def _send(
        self, turn_context: TurnContext, message: IncomingMessage, result: TurnResult
    ) -> None:
        if not result.replies:
            return
        responses = await turn_context.send_activities(
            [reply_activity(reply) for reply in result.replies]
        )
        for reply, response in zip(result.replies, responses, strict=False):
            if isinstance(reply, QuestionReply) and response is not None and response.id:
                # The turn goes with the id, so a typed answer updates only its own question.
                await self._runner.remember_question(message.key, f"{response.id}|{reply.turn}")

    async def _close_question(
        self,
        turn_context: TurnContext,
        message: IncomingMessage,
        answered: AnsweredQuestion,
        state: ConversationState,
    ) -> None:
        """Show the answer on the question card and remove its buttons, so it is answered once.

        A click names its card (replyToId); a typed answer goes to the last question sent."""
        ref: str | None
        if isinstance(message.action, AnswerAction):
            ref = turn_context.activity.reply_to_id
        else:
            card_id, _, turn = (state.last_question_ref or "").partition("|")
            ref = card_id if turn == str(answered.turn) else None
        if ref:
            await self._update_card(turn_context, answered_activity(answered, ref), ref)

    async def _update_card(self, turn_context: TurnContext, update: Activity, ref: str) -> None:
        update.id = ref
        try:
            await turn_context.update_activity(update)
        except Exception:  # noqa: BLE001 - a card we cannot update (deleted, too old) is cosmetic
            log.warning("could not update question card %s", ref, exc_info=True)
