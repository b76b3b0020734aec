"""The Teams web app: POST /api/messages (Bot Framework activities) and GET /healthz.

Wires botbuilder's CloudAdapter to the Spreadbot ActivityHandler. Checks the request itself before
botbuilder sees it, so a malformed body is a 400 and a missing or invalid token a 401, never a 500.
Imports: aiohttp, botbuilder, adapters.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import aiohttp
from aiohttp import web
from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)
from botbuilder.schema import Activity
from botframework.connector.auth import AuthenticateRequestResult, ClaimsIdentity

from adapters.runtime import Runtime
from adapters.teams.activities import APOLOGY, text_activity
from adapters.teams.bot import SpreadbotTeamsBot
from adapters.teams.settings import TeamsSettings
from storage.base import StoreError

log = logging.getLogger(__name__)

# Teams activities are a few kilobytes; anything near this is not one.
MAX_BODY_BYTES = 256 * 1024


@dataclass(frozen=True)
class _BotFrameworkConfig:
    """The attribute names botbuilder's configuration readers look for."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str


class _Authentication(ConfigurationBotFrameworkAuthentication):  # type: ignore[misc]
    """botbuilder's configuration-based authentication without the per-turn user-token client.

    Spreadbot never signs users in (no OAuth prompts), and botbuilder would otherwise build an
    unused token-service client on every turn, which costs msrest several milliseconds of CPU.
    Token validation of incoming requests and outgoing credentials are untouched.
    """

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> None:
        return None


def build_adapter(settings: TeamsSettings) -> CloudAdapter:
    """A CloudAdapter; with no app id, botbuilder uses anonymous credentials both ways."""
    config = _BotFrameworkConfig(
        APP_ID=settings.app_id,
        APP_PASSWORD=settings.app_password,
        APP_TYPE=settings.app_type.value,
        APP_TENANTID=settings.tenant_id,
    )
    adapter = CloudAdapter(_Authentication(config))

    async def on_turn_error(context: TurnContext, error: Exception) -> None:
        # Details go to the log; the user gets a short apology and never a stack trace.
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


def read_activity(body: Any) -> Activity:
    """Checks the fields a turn relies on, so a bad body is refused before botbuilder runs."""
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
        return Activity().deserialize(body)
    except Exception as exc:  # msrest raises several types for a wrong-shaped field
        raise BadActivity(f"unreadable activity: {type(exc).__name__}") from exc


class MessagesEndpoint:
    """POST /api/messages: authenticate, parse, run the turn through botbuilder."""

    def __init__(self, settings: TeamsSettings, adapter: CloudAdapter, bot: SpreadbotTeamsBot):
        self._settings = settings
        self._adapter = adapter
        self._bot = bot

    async def handle(self, request: web.Request) -> web.StreamResponse:
        auth_header = request.headers.get("Authorization", "")
        if self._settings.auth_enabled and not auth_header:
            return _error(HTTPStatus.UNAUTHORIZED, "missing Authorization header")
        if not self._settings.auth_enabled:
            # No app id: nothing to validate a token against (local testing only).
            auth_header = ""
        if request.content_type != "application/json":
            return _error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "expected application/json")
        try:
            activity = read_activity(await request.json())
        except web.HTTPRequestEntityTooLarge:
            return _error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large")
        except (ValueError, UnicodeDecodeError) as exc:
            return _error(
                HTTPStatus.BAD_REQUEST, str(exc) if isinstance(exc, BadActivity) else "bad JSON"
            )
        auth = await self._authenticate(activity, auth_header)
        if isinstance(auth, web.Response):
            return auth
        invoke_response = await self._adapter.process_activity(auth, activity, self._bot.on_turn)
        if invoke_response is not None:
            body = invoke_response.body
            # botbuilder answers some invokes with its own models (AdaptiveCardInvokeResponse).
            if hasattr(body, "serialize"):
                body = body.serialize()
            return web.json_response(body, status=invoke_response.status)
        return web.Response(status=HTTPStatus.OK)

    async def _authenticate(
        self, activity: Activity, auth_header: str
    ) -> AuthenticateRequestResult | web.Response:
        try:
            return await self._adapter.bot_framework_authentication.authenticate_request(
                activity, auth_header
            )
        except PermissionError as exc:
            log.info("refused a request: %s", exc)
            return _error(HTTPStatus.UNAUTHORIZED, "invalid token")
        except (TimeoutError, OSError, aiohttp.ClientError):
            # Fetching Microsoft's signing keys failed (botbuilder uses requests, whose errors
            # are OSErrors): a 503 makes Teams retry, a 401 would not.
            log.warning("could not fetch the token signing keys", exc_info=True)
            return _error(HTTPStatus.SERVICE_UNAVAILABLE, "cannot validate tokens right now")
        except Exception as exc:  # noqa: BLE001 - the JWT library's many decode errors
            log.info("refused a request: %s: %s", type(exc).__name__, exc)
            return _error(HTTPStatus.UNAUTHORIZED, "invalid token")


def _error(status: HTTPStatus, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def health(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    try:
        await runtime.store.ping()
    except StoreError as exc:
        return web.json_response(
            {"ok": False, "error": str(exc)}, status=HTTPStatus.SERVICE_UNAVAILABLE
        )
    return web.json_response({"ok": True})


RUNTIME = web.AppKey("runtime", Runtime)


def build_app(settings: TeamsSettings, runtime: Runtime) -> web.Application:
    adapter = build_adapter(settings)
    bot = SpreadbotTeamsBot(runtime.runner, settings.turn_deadline_seconds)
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[RUNTIME] = runtime
    app.router.add_post("/api/messages", MessagesEndpoint(settings, adapter, bot).handle)
    app.router.add_get("/healthz", health)
    return app
