"""The Slack Web API and response_url clients, with slack_sdk's own retry handlers, and the bot's
identity, checked once at start-up (never inside a request).

Retries: a refused or dropped connection, a 429 (after its Retry-After), Slack's 200 with
`ok: false, error: ratelimited` (the same wait), and a 5xx, each a few times with backoff. Slack
may answer late: the reply is still worth more than an apology. Imports: slack_sdk, aiohttp,
adapters.serving, adapters.slack.settings and stdlib.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp import ClientError, ClientSession
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.jitter import Jitter
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from adapters.serving import ExitCode, StartupError
from adapters.slack.settings import SlackSettings

log = logging.getLogger(__name__)

# Refused connections are retried longest: a few seconds of a restarting proxy are ridden out.
CONNECTION_RETRIES = 5
RATE_LIMIT_RETRIES = 3
SERVER_ERROR_RETRIES = 2
SERVER_ERROR_STATUSES = frozenset({500, 502, 503, 504})
REQUEST_TIMEOUT_SECONDS = 10
# auth.test errors that mean the token itself is wrong (anything else may pass).
TOKEN_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)


class _Spread(Jitter):
    """A wait of between half and the whole of the backoff step, so retries spread out."""

    def recalculate(self, duration: float) -> float:
        return duration * random.uniform(0.5, 1.0)


class _Told(AsyncRetryHandler):
    """Says (without the request's content) what is being retried, before slack_sdk waits."""

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        why = (
            type(error).__name__
            if error is not None
            else str(getattr(response, "status_code", "?"))
        )
        log.info(
            "slack %s: %s; retry %d of %d",
            _method(request.url),
            why,
            state.current_attempt + 1,
            self.max_retry_count,
        )
        await super().prepare_for_next_attempt_async(
            state=state, request=request, response=response, error=error
        )


def _method(url: str) -> str:
    """The Web API method a URL calls; a response_url (a secret) is never written out."""
    path = urlsplit(url).path
    return path.rsplit("/", 1)[-1] if "/api/" in path else "response_url"


class ConnectionErrors(_Told, AsyncConnectionErrorRetryHandler):
    """slack_sdk's handler for refused, dropped and reset connections."""


class RateLimited(_Told, AsyncRateLimitErrorRetryHandler):
    """slack_sdk's 429 handler (it waits as Retry-After asks), also for the `ratelimited` error
    some methods return with a 200."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None:
            return False
        body = response.body if isinstance(response.body, dict) else {}
        return response.status_code == 429 or body.get("error") == "ratelimited"


class ServerErrors(_Told, AsyncServerErrorRetryHandler):
    """slack_sdk's 5xx handler (500 and 503), also for the gateway's 502 and 504."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code in SERVER_ERROR_STATUSES


def retry_handlers(backoff_seconds: float) -> list[AsyncRetryHandler]:
    """The handlers every Web API and response_url call goes through; `backoff_seconds` is the
    first wait (then doubling), for connection and server errors."""
    interval = BackoffRetryIntervalCalculator(backoff_factor=backoff_seconds, jitter=_Spread())
    return [
        ConnectionErrors(max_retry_count=CONNECTION_RETRIES, interval_calculator=interval),
        RateLimited(max_retry_count=RATE_LIMIT_RETRIES),
        ServerErrors(max_retry_count=SERVER_ERROR_RETRIES, interval_calculator=interval),
    ]


def make_client(settings: SlackSettings, session: ClientSession | None = None) -> AsyncWebClient:
    # base_url lets tests and staging point every Web API call, auth.test included, elsewhere.
    return AsyncWebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        session=session,
        timeout=REQUEST_TIMEOUT_SECONDS,
        retry_handlers=retry_handlers(settings.retry_backoff_seconds),
    )


def slack_error(exc: SlackApiError) -> str | None:
    """Slack's error code (`ok: false, error: ...`), or None when the answer was not Slack's
    JSON (slack_sdk then puts the raw HTTP response where its parsed one would be)."""
    data = getattr(exc.response, "data", None)
    error = data.get("error") if isinstance(data, dict) else None
    return error if isinstance(error, str) else None


@dataclass(frozen=True)
class Identity:
    """Who the bot is in its workspace, from auth.test."""

    team_id: str
    user_id: str
    bot_id: str
    enterprise_id: str | None = None


async def identify(settings: SlackSettings, client: AsyncWebClient) -> Identity:
    """One auth.test at start-up, through the retry handlers; StartupError naming the token or
    the unreachable URL otherwise."""
    try:
        resp = await client.auth_test()
    except SlackApiError as exc:
        error = slack_error(exc)
        if error not in TOKEN_ERRORS:
            raise StartupError(
                ExitCode.CANNOT_START,
                f"the Slack Web API at {settings.api_url} did not answer auth.test "
                f"({error or 'not a Slack answer'})",
            ) from exc
        raise StartupError(
            ExitCode.BAD_SETTING, f"SLACK_BOT_TOKEN was refused by {settings.api_url}: {error}"
        ) from exc
    except (ClientError, TimeoutError, OSError) as exc:
        raise StartupError(
            ExitCode.CANNOT_START,
            f"cannot reach the Slack Web API at {settings.api_url}: {exc or type(exc).__name__}",
        ) from exc
    fields = {name: resp.get(name) for name in ("team_id", "user_id", "bot_id")}
    if not all(isinstance(value, str) and value for value in fields.values()):
        raise StartupError(
            ExitCode.BAD_SETTING,
            "SLACK_BOT_TOKEN is not a bot token (auth.test named no bot user); use the xoxb- token",
        )
    enterprise = resp.get("enterprise_id")
    return Identity(
        team_id=str(fields["team_id"]),
        user_id=str(fields["user_id"]),
        bot_id=str(fields["bot_id"]),
        enterprise_id=enterprise if isinstance(enterprise, str) and enterprise else None,
    )
