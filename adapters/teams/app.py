"""The Teams web app: POST /api/messages (Bot Framework activities) and GET /healthz.

Wires the Microsoft 365 Agents SDK's CloudAdapter to the Spreadbot ActivityHandler and the shared
turn service. Checks each request before the SDK sees it: the token first (401 before the body is
even read), then the body (400 for anything malformed or nested past reason, where the SDK would
answer 500). Imports: aiohttp, microsoft_agents, adapters.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from aiohttp import web
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.authorization import ClaimsIdentity
from pydantic import ValidationError

from adapters.platform import Platform
from adapters.runtime import Runtime
from adapters.serving import add_health
from adapters.teams.activities import APOLOGY, text_activity
from adapters.teams.auth import KeysUnavailable, SigningKeys, TokenRefused, TokenValidator
from adapters.teams.bot import SpreadbotTeamsBot
from adapters.teams.connector import ConnectorClients, OutgoingTokens, msal_tokens
from adapters.teams.settings import TeamsSettings
from adapters.turns import TurnService

log = logging.getLogger(__name__)

# Teams activities are a few kilobytes; anything near this is not one.
MAX_BODY_BYTES = 256 * 1024


def build_adapter(clients: ConnectorClients) -> CloudAdapter:
    """The SDK's CloudAdapter, making its outgoing calls through `clients`."""
    adapter = CloudAdapter(channel_service_client_factory=clients)

    async def on_turn_error(context: TurnContext, error: Exception) -> None:
        # Details go to the log; the user gets a short apology and never a stack trace (the
        # SDK's default handler would send the exception's text to the chat).
        activity = context.activity
        log.error(
            "turn failed (activity %s in %s)",
            activity.id,
            activity.conversation.id if activity.conversation else "?",
            exc_info=error,
        )
        try:
            await context.send_activity(text_activity(APOLOGY))
        except Exception:  # noqa: BLE001 - the connector may be what failed
            log.warning("could not send the apology", exc_info=True)

    adapter.on_turn_error = on_turn_error
    return adapter


class BadActivity(ValueError):
    """The body is not a Bot Framework activity we can answer."""


class _Dropping(logging.Filter):
    """Drops an SDK log line starting with one of `starts`: lines that can carry message text."""

    def __init__(self, *starts: str) -> None:
        super().__init__()
        self._starts = starts

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self._starts)


_SDK_ACTIVITY_LOG = logging.getLogger("microsoft_agents.activity.activity")
# A failed Activity validation is logged with the offending input; our own 400 line says what
# was wrong instead.
_SDK_ACTIVITY_LOG.addFilter(_Dropping("Validation error for Activity"))
# A refused call is logged with the response body, which can echo the activity it was sent; our
# own warning says what failed instead.
logging.getLogger("microsoft_agents.hosting.core.connector.client.connector_client").addFilter(
    _Dropping("Error accessing", "Bad request for")
)


def read_activity(body: Any) -> Activity:
    """Checks the fields a turn relies on, so a bad body is refused before the SDK runs."""
    if not isinstance(body, dict):
        raise BadActivity("the body must be a JSON object")
    if not isinstance(body.get("type"), str) or not body["type"]:
        raise BadActivity("the activity has no type")
    conversation = body.get("conversation")
    if not isinstance(conversation, dict) or not isinstance(conversation.get("id"), str):
        raise BadActivity("the activity has no conversation id")
    service_url = body.get("serviceUrl")
    if not isinstance(service_url, str) or not service_url.startswith(("https://", "http://")):
        raise BadActivity("the activity has no serviceUrl")
    for name in ("from", "recipient"):
        if name in body and not isinstance(body[name], dict):
            raise BadActivity(f"the activity's {name} must be an object")
    try:
        return Activity.model_validate(body)
    except RecursionError:
        raise BadActivity("the activity is nested too deeply") from None
    except ValidationError as exc:
        fields = sorted({".".join(str(p) for p in error["loc"]) for error in exc.errors()})
        raise BadActivity(f"unreadable activity fields: {', '.join(fields)[:200]}") from exc


class MessagesEndpoint:
    """POST /api/messages: authenticate, parse, run the turn through the SDK's adapter."""

    def __init__(
        self, adapter: CloudAdapter, bot: SpreadbotTeamsBot, validator: TokenValidator | None
    ) -> None:
        self._adapter = adapter
        self._bot = bot
        self._validator = validator  # None only without an app id (--no-auth)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        identity = ClaimsIdentity()  # anonymous: no token checked, none sent
        token = None
        if self._validator is not None:
            try:
                token = await self._validator.verify(request.headers.get("Authorization"))
            except TokenRefused as exc:
                log.info("refused a request: %s", exc)
                return _error(HTTPStatus.UNAUTHORIZED, "invalid or missing token")
            except KeysUnavailable as exc:
                # A 503 makes the Bot Connector retry; a 401 would drop the message.
                log.warning("could not fetch the token signing keys: %s", exc)
                return _error(HTTPStatus.SERVICE_UNAVAILABLE, "cannot validate tokens right now")
        if request.content_type != "application/json":
            return _error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "expected application/json")
        try:
            activity = read_activity(await request.json())
        except web.HTTPRequestEntityTooLarge:
            return _error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large")
        except RecursionError:
            log.info("refused a body: nested too deeply")
            return _error(HTTPStatus.BAD_REQUEST, "the body is nested too deeply")
        except (ValueError, UnicodeDecodeError) as exc:
            log.info("refused a body: %s", exc if isinstance(exc, BadActivity) else "bad JSON")
            return _error(
                HTTPStatus.BAD_REQUEST, str(exc) if isinstance(exc, BadActivity) else "bad JSON"
            )
        if token is not None:
            try:
                channel = activity.channel_id.channel if activity.channel_id else ""
                token.check_activity(channel, activity.service_url or "")
            except TokenRefused as exc:
                log.info("refused a request: %s", exc)
                return _error(HTTPStatus.UNAUTHORIZED, "invalid token for this activity")
            identity = ClaimsIdentity(token.claims, authentication_type="Bearer")
        invoke_response = await self._adapter.process_activity(
            identity, activity, self._bot.on_turn
        )
        if invoke_response is not None:
            if invoke_response.body is None:
                return web.Response(status=invoke_response.status)
            return web.json_response(invoke_response.body, status=invoke_response.status)
        return web.Response(status=HTTPStatus.OK)


def _error(status: HTTPStatus, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


# The app's turn service, whose work in flight a shutdown drains.
SERVICE = web.AppKey("service", TurnService)


def build_app(
    settings: TeamsSettings, runtime: Runtime, *, outgoing_tokens: OutgoingTokens | None = None
) -> web.Application:
    """The web app; `outgoing_tokens` replaces MSAL as the source of the bot's own tokens."""
    if outgoing_tokens is None and settings.auth_enabled:
        outgoing_tokens = msal_tokens(settings)
    clients = ConnectorClients(outgoing_tokens)  # no tokens: outgoing calls carry none
    adapter = build_adapter(clients)
    service = TurnService(
        runtime.runner,
        Platform.TEAMS,
        turn_seconds=settings.turn_deadline_seconds,
    )
    bot = SpreadbotTeamsBot(service, clients, settings.reply_window_seconds)
    validator = None
    if settings.auth_enabled:
        keys = SigningKeys(settings.openid_metadata_url, settings.key_fetch_timeout_seconds)
        validator = TokenValidator(settings.app_id, keys)
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[SERVICE] = service
    app.router.add_post("/api/messages", MessagesEndpoint(adapter, bot, validator).handle)
    add_health(app, runtime.store)

    async def close(_: web.Application) -> None:
        if validator is not None:
            await validator.close()
        await clients.close()

    app.on_cleanup.append(close)
    return app
