"""With an app id, every request must carry a Bot Connector token that really is one.

A local issuer (tests/fakes/bot_identity.py) publishes OpenID metadata and a key set on loopback
and signs tokens with its own RSA key; the bot is pointed at it through its settings
(MICROSOFT_BOT_OPENID_METADATA), exactly as it is pointed at Microsoft's in production. Refused
requests get 401 before their body is read; keys that cannot be fetched give 503 without holding
up the event loop.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.teams.settings import TeamsSettings
from bot.core import Bot
from tests.fakes.bot_connector import FakeBotConnector
from tests.fakes.bot_identity import FakeBotIdentity, new_key
from tests.teams.conftest import TeamsServer, start_server
from tests.teams.payloads import TeamsUser

APP_ID = "5f2b0c1e-1111-4a4a-9b9b-0123456789ab"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
OUTGOING_TOKEN = "outgoing-token-for-the-connector"
OTHER_KEY = new_key()


@pytest.fixture
async def identity() -> AsyncIterator[FakeBotIdentity]:
    fake = FakeBotIdentity()
    await fake.start()
    yield fake
    await fake.stop()


async def outgoing_tokens(audience: str, scopes: list[str]) -> str:
    """Stands in for MSAL (which would ask Microsoft Entra): the bot's own token."""
    assert audience == "https://api.botframework.com"
    assert scopes == ["https://api.botframework.com/.default"]
    return OUTGOING_TOKEN


async def secured_server(
    core_bot: Bot, identity: FakeBotIdentity, **settings: Any
) -> AsyncIterator[TeamsServer]:
    configured = TeamsSettings(
        app_id=APP_ID,
        app_password="not-used",
        tenant_id=TENANT,
        openid_metadata_url=identity.metadata_url,
        **settings,
    )
    configured.check()
    runner, served = await start_server(configured, core_bot, outgoing_tokens)
    yield served
    await served.session.close()
    await runner.cleanup()
    await served.runtime.close()


@pytest.fixture
async def secured(
    core_bot: Bot, identity: FakeBotIdentity, no_internet: list[str]
) -> AsyncIterator[TeamsServer]:
    async for served in secured_server(core_bot, identity):
        yield served
    assert no_internet == []


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


REFUSED = {
    "no header": lambda identity, url: {},
    "not a JWT": lambda identity, url: bearer("not-a-jwt"),
    "basic auth": lambda identity, url: {"Authorization": "Basic dXNlcjpwYXNz"},
    "unsigned (alg none)": lambda identity, url: bearer(identity.unsigned_token(APP_ID, url)),
    "signed by another key": lambda identity, url: bearer(
        identity.token(APP_ID, url, key=OTHER_KEY)
    ),
    "another bot's audience": lambda identity, url: bearer(
        identity.token("00000000-0000-0000-0000-000000000000", url)
    ),
    "another issuer": lambda identity, url: bearer(
        identity.token(APP_ID, url, iss="https://sts.windows.net/evil/")
    ),
    "expired": lambda identity, url: bearer(identity.token(APP_ID, url, lifetime=-3600)),
    "unknown key id": lambda identity, url: bearer(identity.token(APP_ID, url, key_id="nope")),
}


@pytest.mark.parametrize("case", REFUSED)
async def test_a_request_without_a_valid_token_is_refused_before_its_body_is_read(
    secured: TeamsServer,
    identity: FakeBotIdentity,
    connector: FakeBotConnector,
    user: TeamsUser,
    case: str,
) -> None:
    headers = REFUSED[case](identity, user.service_url)
    assert await secured.post(user.message("help"), headers=headers) == 401
    # The body is not even parsed: a malformed one gets 401 too, not 400.
    assert await secured.post(None, raw=b"{not json", headers=headers) == 401
    assert connector.calls == []


async def test_a_valid_token_is_answered_with_the_bots_own_token(
    secured: TeamsServer, identity: FakeBotIdentity, connector: FakeBotConnector, user: TeamsUser
) -> None:
    for words in ("help", "peer learning", "list"):
        token = identity.token(APP_ID, user.service_url)
        assert await secured.post(user.message(words), headers=bearer(token)) == 200
    calls = await connector.wait_for_count(3)
    assert {call.authorization for call in calls} == {f"Bearer {OUTGOING_TOKEN}"}
    assert identity.key_fetches == 1, "the signing keys are cached"


async def test_a_valid_token_with_a_malformed_body_is_a_400(
    secured: TeamsServer, identity: FakeBotIdentity, user: TeamsUser
) -> None:
    headers = bearer(identity.token(APP_ID, user.service_url))
    assert await secured.post(None, raw=b"{not json", headers=headers) == 400
    assert await secured.post(None, raw=b'{"type": "message"}', headers=headers) == 400


async def test_a_body_nested_past_reason_is_401_without_a_token_and_400_with_one(
    secured: TeamsServer, identity: FakeBotIdentity, user: TeamsUser
) -> None:
    raw = json.dumps(user.message("hi")).replace('"hi"', "[" * 10_000 + "]" * 10_000).encode()
    assert await secured.post(None, raw=raw) == 401
    headers = bearer(identity.token(APP_ID, user.service_url))
    assert await secured.post(None, raw=raw, headers=headers) == 400


async def test_a_token_for_another_service_url_is_refused(
    secured: TeamsServer, identity: FakeBotIdentity, connector: FakeBotConnector, user: TeamsUser
) -> None:
    token = identity.token(APP_ID, "https://smba.trafficmanager.net/somewhere-else/")
    assert await secured.post(user.message("help"), headers=bearer(token)) == 401
    assert connector.calls == []


async def test_a_key_not_endorsed_for_teams_is_refused(
    secured: TeamsServer, identity: FakeBotIdentity, connector: FakeBotConnector, user: TeamsUser
) -> None:
    identity.endorsements = ["webchat"]
    token = identity.token(APP_ID, user.service_url)
    assert await secured.post(user.message("help"), headers=bearer(token)) == 401
    assert connector.calls == []


async def test_a_hung_key_server_gives_503_in_time_without_blocking_the_loop(
    core_bot: Bot, identity: FakeBotIdentity, user: TeamsUser, no_internet: list[str]
) -> None:
    identity.delay = 30.0
    async for secured in secured_server(core_bot, identity, key_fetch_timeout_seconds=0.5):
        token = identity.token(APP_ID, user.service_url)
        started = time.monotonic()
        pending = asyncio.ensure_future(secured.post(user.message("help"), headers=bearer(token)))
        # While the keys are being fetched, the same server still answers other requests.
        async with secured.session.get(f"{secured.url}/healthz") as response:
            assert response.status == 200
        assert time.monotonic() - started < 0.4
        assert await pending == 503
        assert time.monotonic() - started < 3.0
        # The next request does not wait on the hung server again: 503 at once.
        started = time.monotonic()
        assert await secured.post(user.message("help"), headers=bearer(token)) == 503
        assert time.monotonic() - started < 0.4


async def test_an_unreachable_key_server_gives_503(
    core_bot: Bot, identity: FakeBotIdentity, user: TeamsUser
) -> None:
    token = identity.token(APP_ID, user.service_url)
    await identity.stop()
    async for secured in secured_server(core_bot, identity):
        assert await secured.post(user.message("help"), headers=bearer(token)) == 503
        # Until the next fetch is due, the answer stays 503 (Teams retries), not 401.
        assert await secured.post(user.message("help"), headers=bearer(token)) == 503
