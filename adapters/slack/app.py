"""build_app(settings, runtime): the Bolt AsyncApp with Spreadbot's listeners, and what it needs
from Slack (the command, the events, the scopes) written down once for the manifest test.

Events are acknowledged by Bolt before their listener runs; commands and clicks call ack() first
and do the work after it, so Slack always gets its answer within 3 seconds.
Imports: slack_bolt, slack_sdk, adapters.* and stdlib.
"""

from __future__ import annotations

import re
from typing import Any

from aiohttp import ClientSession
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.runtime import Runtime
from adapters.slack.delivery import Delivery
from adapters.slack.handlers import Handlers
from adapters.slack.parse import ACTION_ID_PREFIX, SHARE_ACTION_ID
from adapters.slack.priority import AckFirst
from adapters.slack.settings import SlackSettings

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


def make_client(settings: SlackSettings, session: ClientSession | None = None) -> AsyncWebClient:
    # base_url lets tests and staging point every Web API call, auth.test included, elsewhere.
    return AsyncWebClient(
        token=settings.bot_token, base_url=settings.api_url, session=session, timeout=10
    )


def build_app(
    settings: SlackSettings,
    runtime: Runtime,
    session: ClientSession | None = None,
    priority: AckFirst | None = None,
) -> AsyncApp:
    """The Bolt app. Pass one aiohttp session to reuse connections to Slack (the caller closes
    it; without one, slack_sdk opens a session per call), and the AckFirst the HTTP front door
    counts requests in, so turns give way to pending acks."""
    client = make_client(settings, session)
    priority = priority or AckFirst()
    # Bolt checks the token with auth.test on the first request that needs it (never at
    # construction), through this client, so it goes to SLACK_API_URL like every other call.
    app = AsyncApp(
        name="spreadbot",
        client=client,
        signing_secret=settings.signing_secret,
        process_before_response=False,
        # The HTTP front door (web.py) verifies every signature on the raw bytes before Bolt
        # sees the request, and Socket Mode has none: a second check here would only cost time.
        request_verification_enabled=False,
    )
    handlers = Handlers(runtime.runner, Delivery(client, runtime.store, session))

    # With process_before_response off, Bolt answers Slack as soon as ack() is called (before an
    # event listener runs) and lets the listener run on: ack first, then the turn. (Lazy
    # listeners would do the same but deep-copy each request.)
    async def on_event(body: dict[str, Any], context: AsyncBoltContext) -> None:
        await priority.run(lambda: handlers.on_event(body, context.bot_user_id))

    async def on_home_opened(event: dict[str, Any]) -> None:
        await priority.run(lambda: handlers.on_home_opened(event))

    async def on_command(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        await ack()
        await priority.run(lambda: handlers.on_command(body, context.bot_user_id))

    async def on_click(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        await priority.run(lambda: handlers.on_click(body))

    async def on_share(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        await priority.run(lambda: handlers.on_share(body))

    for event_type in sorted(set(BOT_EVENTS.values()) - {"app_home_opened"}):
        app.event(event_type)(on_event)
    app.event("app_home_opened")(on_home_opened)
    app.command(COMMAND)(on_command)
    app.action(re.compile("^" + re.escape(ACTION_ID_PREFIX)))(on_click)
    app.action(SHARE_ACTION_ID)(on_share)
    return app
