"""The Teams bot: an ActivityHandler that hands each message to the shared turn service
(adapters.turns) with a Teams outbox, and answers everything else Teams may send.

Messages and card submits are turns. The reply to the incoming request waits for the turn at most
the reply window (Teams gives up at 15 s); what is not sent by then carries on proactively, never
followed by an apology for an answer already delivered. Installs in a team or group chat are
greeted once (a personal chat shows the manifest's prompt starters instead). Invokes the bot does
not use get a valid invoke response. Imports: microsoft_agents, adapters, bot.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    InvokeResponse,
    TurnContextProtocol,
)
from microsoft_agents.hosting.core import ActivityHandler
from microsoft_agents.hosting.core.authorization import ClaimsIdentity

from adapters import logs
from adapters.platform import Platform
from adapters.teams.activities import UNKNOWN_BUTTON, invoke_answer, text_activity, welcome_activity
from adapters.teams.connector import ConnectorClients
from adapters.teams.outbox import TeamsOutbox
from adapters.teams.parse import ACTION_KEY, parse_message, split_conversation_id
from adapters.turns import TurnService
from bot.messages import IncomingMessage

log = logging.getLogger(__name__)
TurnContext = TurnContextProtocol[Any]

_SHARED_CONVERSATIONS = frozenset({"channel", "groupChat"})
# The activity types Spreadbot acts on (anything else gets an ignored line and a 200).
_USED = frozenset(
    {
        ActivityTypes.message,
        ActivityTypes.conversation_update,
        ActivityTypes.installation_update,
        ActivityTypes.invoke,
    }
)


def _is_shared(activity: Activity) -> bool:
    conversation = activity.conversation
    return bool(conversation and conversation.conversation_type in _SHARED_CONVERSATIONS)


def _identity(turn_context: TurnContext) -> ClaimsIdentity:
    identity = getattr(turn_context, "identity", None)
    return identity if isinstance(identity, ClaimsIdentity) else ClaimsIdentity()


def _claim(activity: Activity) -> str | None:
    """Teams retries a delivery it thinks failed: the store remembers ids across instances."""
    if not activity.id:
        return None
    conversation_id = activity.conversation.id if activity.conversation else ""
    return f"teams:{conversation_id}:{activity.id}"


class SpreadbotTeamsBot(ActivityHandler):
    def __init__(
        self,
        service: TurnService,
        clients: ConnectorClients,
        reply_window_seconds: float,
    ) -> None:
        """`reply_window_seconds`: how long the request waits for the replies (TeamsSettings);
        past it they go on proactively."""
        self._service = service
        self._clients = clients
        self._window = reply_window_seconds

    async def on_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if activity.type not in _USED:
            logs.ignored(
                Platform.TEAMS, str(activity.type)[:80], "an activity Spreadbot does not use"
            )
            return
        if activity.type != ActivityTypes.message:
            claim = _claim(activity)
            if claim is not None and not await self._service.claim([claim]):
                logs.handled(Platform.TEAMS, str(activity.type), "duplicate")
                return
        await super().on_turn(turn_context)

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        if turn_context.activity.members_added:
            await super().on_conversation_update_activity(turn_context)
        else:
            logs.ignored(Platform.TEAMS, "conversationUpdate", "no one was added")

    async def on_installation_update_remove(self, turn_context: TurnContext) -> None:
        logs.ignored(Platform.TEAMS, "installationUpdate", "removed")

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        message = parse_message(activity)
        identity = _identity(turn_context)
        if message is None:
            if isinstance(activity.value, dict) and ACTION_KEY in activity.value:
                outbox = await TeamsOutbox.open(self._clients, identity, activity)
                await outbox.send_activity(text_activity(UNKNOWN_BUTTON))
                logs.handled(Platform.TEAMS, "message", "unknown button")
            else:
                logs.ignored(Platform.TEAMS, "message", "no text and no action of ours")
            return
        work = self._service.inflight.spawn(self._answer(message, activity, identity))
        done, _ = await asyncio.wait({work}, timeout=self._window)
        if not done:
            log.info("a reply outlasted the reply window; it carries on proactively")

    async def _answer(
        self, message: IncomingMessage, activity: Activity, identity: ClaimsIdentity
    ) -> None:
        clicked = activity.reply_to_id if message.action is not None else None
        claim = _claim(activity)
        kind = "submit" if message.action is not None else "message"
        try:
            outbox = await TeamsOutbox.open(self._clients, identity, activity, clicked)
            await self._service.handle(message, outbox, kind=kind, claims=[claim] if claim else ())
        except Exception:  # noqa: BLE001 - no way back to Teams (the bot's own token failed)
            log.exception("could not open a connection to Teams for a reply")
            logs.handled(Platform.TEAMS, kind, "failed")

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if any(member.id == bot_id for member in members_added):
            await self._welcome(turn_context)
        else:
            logs.ignored(Platform.TEAMS, "conversationUpdate", "someone else joined")

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        # "add-upgrade" is a new version of an app already installed: no second greeting.
        if turn_context.activity.action == "add":
            await self._welcome(turn_context)
        else:
            logs.ignored(Platform.TEAMS, "installationUpdate", "an upgrade")

    async def _welcome(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if not _is_shared(activity):
            # A personal chat opens on the prompt starters: no welcome as well.
            logs.ignored(Platform.TEAMS, str(activity.type), "personal install: prompt starters")
            return
        # Teams sends both conversationUpdate and installationUpdate on install: greet once.
        channel, _ = split_conversation_id(activity.conversation.id or "")
        if not await self._service.claim([f"teams-welcome:{channel}"]):
            logs.ignored(Platform.TEAMS, str(activity.type), "already greeted")
            return
        outbox = await TeamsOutbox.open(self._clients, _identity(turn_context), activity)
        await outbox.send_activity(welcome_activity())
        logs.handled(Platform.TEAMS, str(activity.type), "welcomed")

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        """Spreadbot's cards use Action.Submit (message activities), so every invoke is one it
        does not use; each still gets a valid answer (the SDK's default is a 501, which Teams
        shows as "unable to reach app")."""
        name = turn_context.activity.name or ""
        logs.ignored(Platform.TEAMS, f"invoke {name}"[:80], "an invoke Spreadbot does not use")
        return invoke_answer(name)
