"""Outgoing calls to the Bot Connector (the activity's serviceUrl): pooled, timed out and retried.

The Agents SDK's own client factory opens a new HTTP session per turn and never retries, so a reply
that meets a 429 or 503 is lost. This factory hands the SDK's ConnectorClient an aiohttp session on
one shared connection pool, with a retry middleware (tenacity's policy: a few attempts with jittered
exponential backoff, or the server's Retry-After) for answers that mean "not done, try again".
Outgoing tokens come from the SDK's MSAL provider (authentication-msal). Imports: aiohttp,
tenacity, microsoft_agents, adapters.teams.settings.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp
from aiohttp import ClientHandlerType, ClientRequest, ClientResponse
from microsoft_agents.activity import Activity
from microsoft_agents.authentication.msal import MsalAuth
from microsoft_agents.hosting.core import AgentAuthConfiguration, TurnContext
from microsoft_agents.hosting.core.authorization import (
    AuthenticationConstants,
    AuthTypes,
    ClaimsIdentity,
)
from microsoft_agents.hosting.core.connector import ConnectorClientBase
from microsoft_agents.hosting.core.connector.client import ConnectorClient
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    retry_if_result,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from adapters.teams.settings import AppType, TeamsSettings

log = logging.getLogger(__name__)

# "Not done, try again": throttled (429, and the 412 Teams answers while a conversation is busy),
# or a gateway that could not reach the service. A 500 may have posted the message already, so
# it is not repeated.
RETRY_STATUSES = frozenset({412, 429, 502, 503, 504})
ATTEMPTS = 4
# All attempts of one call fit well inside the turn deadline (Teams waits 15 s).
RETRY_BUDGET_SECONDS = 6.0
MAX_WAIT_SECONDS = 2.0
REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=5.0, connect=2.0)
_backoff = wait_exponential_jitter(multiplier=0.2, max=MAX_WAIT_SECONDS, jitter=0.2)

# (audience, scopes) -> bearer token for the Bot Connector.
OutgoingTokens = Callable[[str, list[str]], Awaitable[str]]


def retry_after(response: ClientResponse) -> float | None:
    """Seconds the server asked us to wait (Retry-After: seconds or an HTTP date), if it did."""
    raw = response.headers.get("Retry-After", "").strip()
    if not raw:
        return None
    if raw.isdigit():
        return float(raw)
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _wait(state: RetryCallState) -> float:
    outcome = state.outcome
    if outcome is not None and not outcome.failed:
        asked = retry_after(outcome.result())
        if asked is not None:
            return min(asked, MAX_WAIT_SECONDS)
    return _backoff(state)


def _release(state: RetryCallState) -> None:
    if state.outcome is None:
        return
    if state.outcome.failed:
        error = state.outcome.exception()
        log.info("connector unreachable (%s); retrying", type(error).__name__)
        return
    response: ClientResponse = state.outcome.result()
    log.info("connector answered %s; retrying", response.status)
    response.release()


def _last_outcome(state: RetryCallState) -> Any:
    assert state.outcome is not None
    return state.outcome.result()  # the last response, or the last error raised again


async def retry_middleware(request: ClientRequest, handler: ClientHandlerType) -> ClientResponse:
    retrying = AsyncRetrying(
        stop=stop_after_attempt(ATTEMPTS) | stop_after_delay(RETRY_BUDGET_SECONDS),
        wait=_wait,
        retry=(
            retry_if_result(lambda response: response.status in RETRY_STATUSES)
            # Could not connect at all: nothing was sent, so sending again is safe.
            | retry_if_exception_type(aiohttp.ClientConnectorError)
        ),
        before_sleep=_release,
        retry_error_callback=_last_outcome,
    )
    response: ClientResponse = await retrying(handler, request)
    return response


class SharedConnectorClient(ConnectorClient):
    """A ConnectorClient kept by ConnectorClients and used by many turns: the per-turn `close`
    the SDK calls leaves it open; ConnectorClients closes it (`release`) when it is no longer
    kept."""

    async def close(self) -> None:
        return None

    async def release(self) -> None:
        await super().close()


class ConnectorClients:
    """The SDK's ChannelServiceClientFactoryBase: connector clients on one pool, no user tokens.

    Clients are kept and shared, per service URL and token (the last KEPT_CLIENTS used): building
    one costs the SDK a package-metadata search for its User-Agent, about a quarter of a
    millisecond, on every turn otherwise. A client no longer kept is closed RELEASE_AFTER seconds
    later, when any turn still holding it has long finished; `close` closes them all."""

    KEPT_CLIENTS = 32
    RELEASE_AFTER = 300.0

    def __init__(self, tokens: OutgoingTokens | None) -> None:
        self._tokens = tokens
        self._pool: aiohttp.TCPConnector | None = None
        self._kept: OrderedDict[tuple[str, str], SharedConnectorClient] = OrderedDict()
        self._releasing: dict[asyncio.Task[None], SharedConnectorClient] = {}

    async def create_connector_client(
        self,
        context: TurnContext | None,
        claims_identity: ClaimsIdentity,
        service_url: str,
        audience: str,
        scopes: list[str] | None = None,
        use_anonymous: bool = False,
    ) -> ConnectorClientBase:
        token = ""
        if not use_anonymous:
            if self._tokens is None:
                raise PermissionError("an authenticated request reached a bot with no app id")
            token = await self._tokens(audience, scopes or claims_identity.get_token_scope())
        if self._pool is None or self._pool.closed:
            self._pool = aiohttp.TCPConnector(limit=100)
            self._forget_kept()
        endpoint = service_url if service_url.endswith("/") else service_url + "/"
        key = (endpoint, token)
        client = self._kept.get(key)
        if client is not None:
            self._kept.move_to_end(key)
            return client
        session = aiohttp.ClientSession(
            base_url=endpoint,
            connector=self._pool,
            connector_owner=False,
            timeout=REQUEST_TIMEOUT,
            middlewares=(retry_middleware,),
        )
        client = SharedConnectorClient(endpoint, token, session=session)
        self._kept[key] = client
        while len(self._kept) > self.KEPT_CLIENTS:
            _, old = self._kept.popitem(last=False)
            self._release_later(old)
        return client

    async def for_activity(
        self, claims_identity: ClaimsIdentity | None, activity: Activity
    ) -> ConnectorClientBase:
        """A connector client for the activity's conversation, chosen as the SDK's
        process_activity chooses its per-request one, and not closed with the request: replies
        that outlast Teams' reply window go out on it proactively. `claims_identity` is the
        request's (None: anonymous, as with --no-auth)."""
        claims_identity = claims_identity or ClaimsIdentity()
        if claims_identity.is_agent_claim():
            audience = claims_identity.get_token_audience()
        else:
            audience = AuthenticationConstants.AGENTS_SDK_SCOPE
        return await self.create_connector_client(
            None,
            claims_identity,
            activity.service_url or "",
            audience,
            claims_identity.get_token_scope(),
            claims_identity.allow_anonymous,
        )

    async def create_user_token_client(
        self, context: TurnContext, claims_identity: ClaimsIdentity, use_anonymous: bool = False
    ) -> Any:
        return NO_USER_TOKENS

    def _release_later(self, client: SharedConnectorClient) -> None:
        async def release() -> None:
            await asyncio.sleep(self.RELEASE_AFTER)
            await client.release()

        task = asyncio.get_running_loop().create_task(release())
        self._releasing[task] = client
        task.add_done_callback(lambda done: self._releasing.pop(done, None))

    def _forget_kept(self) -> None:
        """Clients on a closed pool cannot send: start again."""
        while self._kept:
            _, client = self._kept.popitem()
            self._release_later(client)

    async def close(self) -> None:
        clients = list(self._kept.values())
        self._kept.clear()
        for task, client in list(self._releasing.items()):
            task.cancel()
            clients.append(client)
        for client in clients:
            await client.release()
        if self._pool is not None:
            await self._pool.close()


class NoUserTokens:
    """Spreadbot signs no user in (no OAuth prompts), so the per-turn user-token client the SDK
    asks for is this: nothing to open, nothing to close, and any use is a bug."""

    def __getattr__(self, name: str) -> Any:
        raise NotImplementedError(f"Spreadbot uses no user tokens ({name})")

    async def close(self) -> None:
        return None


NO_USER_TOKENS = NoUserTokens()


def msal_configuration(settings: TeamsSettings) -> AgentAuthConfiguration:
    """The SDK's MSAL settings for the bot's own identity (its outgoing tokens)."""
    tenant = (
        settings.tenant_id if settings.app_type is not AppType.MULTI_TENANT else "botframework.com"
    )
    if settings.app_type is AppType.USER_ASSIGNED_MSI:
        return AgentAuthConfiguration(
            auth_type=AuthTypes.user_managed_identity,
            client_id=settings.app_id,
            tenant_id=tenant,
        )
    return AgentAuthConfiguration(
        auth_type=AuthTypes.client_secret,
        client_id=settings.app_id,
        tenant_id=tenant,
        client_secret=settings.app_password,
    )


def msal_tokens(settings: TeamsSettings, timeout_seconds: float = 10.0) -> OutgoingTokens:
    """Outgoing tokens from the SDK's MsalAuth, which caches them until they near expiry.

    MSAL builds its client on first use and fetches the tenant's OpenID metadata inside that
    constructor, a blocking call: so until that has happened once, acquisition runs on a worker
    thread (with an event loop of its own), never the loop. After it, MsalAuth keeps the client
    and already runs MSAL's blocking acquisition on a thread, so it is awaited directly (a new
    event loop per turn would cost more than the token)."""
    provider = MsalAuth(msal_configuration(settings))
    client_built = False

    async def token(audience: str, scopes: list[str]) -> str:
        nonlocal client_built
        acquire = provider.get_access_token(audience, scopes)
        async with asyncio.timeout(timeout_seconds):
            if client_built:
                return await acquire
            got = await asyncio.to_thread(asyncio.run, acquire)
        client_built = True
        return got

    return token
