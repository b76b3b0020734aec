"""build_app(settings, runtime, identity): the Bolt AsyncApp with Spreadbot's listeners, and what
it needs from Slack (the command, the events, the scopes) written down once for the manifest test.

Over HTTP the front door (web.py) acknowledges events, commands and clicks itself and hands them
to Bolt afterwards, so Bolt processes before responding (its response is not waited for). In
Socket Mode Bolt acknowledges events before their listener runs, and commands and clicks call
ack() first, so Slack always gets its answer within 3 seconds. Bolt is told who the bot is (the
start-up auth.test, adapters.slack.api.identify) so it never calls auth.test inside a request.
Imports: slack_bolt, slack_sdk, adapters.* and stdlib.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from aiohttp import ClientSession
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.web.async_client import AsyncWebClient

from adapters.platform import Platform
from adapters.runtime import Runtime
from adapters.slack.api import Identity, make_client
from adapters.slack.handlers import Handlers
from adapters.slack.outbox import SlackPost
from adapters.slack.parse import ACTION_ID_PREFIX, SHARE_ACTION_ID
from adapters.slack.settings import SlackSettings
from adapters.turns import TurnService

COMMAND = "/spread"
# Manifest bot event -> the event type Bolt dispatches it as.
BOT_EVENTS = {
    "app_mention": "app_mention",
    "message.im": "message",
    "app_home_opened": "app_home_opened",
}
# The scope each event, command or Web API method needs (None: no scope of its own).
EVENT_SCOPES = {
    "app_mention": "app_mentions:read",
    "message.im": "im:history",
    "app_home_opened": None,
}
COMMAND_SCOPE = "commands"
METHOD_SCOPES: dict[str, str | None] = {
    "auth.test": None,
    "chat.postMessage": "chat:write",
    "chat.update": "chat:write",
    "views.publish": None,
    "apps.connections.open": None,  # Socket Mode, with the app-level token
}


@dataclass
class SlackApp:
    """The Bolt app and the turn service behind it (whose work in flight a shutdown drains)."""

    bolt: AsyncApp
    service: TurnService


def build_app(
    settings: SlackSettings,
    runtime: Runtime,
    identity: Identity,
    session: ClientSession | None = None,
    *,
    socket_mode: bool = False,
) -> SlackApp:
    """The Bolt app. Pass one aiohttp session to reuse connections to Slack (the caller closes
    it; without one, slack_sdk opens a session per call)."""
    authorized = AuthorizeResult(
        enterprise_id=identity.enterprise_id,
        team_id=identity.team_id,
        bot_user_id=identity.user_id,
        bot_id=identity.bot_id,
        bot_token=settings.bot_token,
    )

    async def authorize() -> AuthorizeResult:
        return authorized

    app = AsyncApp(
        name="spreadbot",
        # Bolt makes no Web API call of its own: this client only carries the address.
        client=AsyncWebClient(base_url=settings.api_url, session=session),
        authorize=authorize,
        signing_secret=settings.signing_secret,
        # Over HTTP the front door has acknowledged already; in Socket Mode Bolt acks first.
        process_before_response=not socket_mode,
        # The HTTP front door (web.py) verifies every signature on the raw bytes before Bolt
        # sees the request, and Socket Mode has none: a second check here would only cost time.
        request_verification_enabled=False,
    )
    service = TurnService(runtime.runner, Platform.SLACK)
    post = SlackPost(make_client(settings, session), runtime.store, session)
    handlers = Handlers(service, post, identity.user_id)

    # In flight from the ack on, so a shutdown drains it (over HTTP it already is).
    track = service.inflight.track

    async def on_event(body: dict[str, Any]) -> None:
        async with track():
            await handlers.on_event(body)

    async def on_home_opened(event: dict[str, Any]) -> None:
        async with track():
            await handlers.on_home_opened(event)

    async def on_command(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        async with track():
            await handlers.on_command(body)

    async def on_click(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        async with track():
            await handlers.on_click(body)

    async def on_share(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        async with track():
            await handlers.on_share(body)

    for event_type in sorted(set(BOT_EVENTS.values()) - {"app_home_opened"}):
        app.event(event_type)(on_event)
    app.event("app_home_opened")(on_home_opened)
    app.command(COMMAND)(on_command)
    app.action(re.compile("^" + re.escape(ACTION_ID_PREFIX)))(on_click)
    app.action(SHARE_ACTION_ID)(on_share)
    return SlackApp(app, service)
