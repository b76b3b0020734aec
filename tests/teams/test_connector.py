"""The bot's own identity for outgoing calls, and how long it waits when asked to retry."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest
from multidict import CIMultiDict

from adapters.teams.activities import text_activity
from adapters.teams.app import read_activity
from adapters.teams.connector import (
    MAX_WAIT_SECONDS,
    ConnectorClients,
    msal_configuration,
    retry_after,
)
from adapters.teams.settings import AppType, TeamsSettings
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.payloads import TeamsUser

APP_ID = "5f2b0c1e-1111-4a4a-9b9b-0123456789ab"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"


@pytest.mark.parametrize(
    ("app_type", "auth_type", "tenant", "secret"),
    [
        (AppType.SINGLE_TENANT, "ClientSecret", TENANT, "s3cret"),
        (AppType.MULTI_TENANT, "ClientSecret", "botframework.com", "s3cret"),
        (AppType.USER_ASSIGNED_MSI, "UserManagedIdentity", TENANT, None),
    ],
)
def test_each_app_type_gets_its_msal_identity(
    app_type: AppType, auth_type: str, tenant: str, secret: str | None
) -> None:
    settings = TeamsSettings(
        app_id=APP_ID,
        app_password="s3cret" if secret else "",
        app_type=app_type,
        tenant_id="" if app_type is AppType.MULTI_TENANT else TENANT,
    )
    settings.check()
    config = msal_configuration(settings)
    assert (config.AUTH_TYPE.value, config.CLIENT_ID, config.TENANT_ID) == (
        auth_type,
        APP_ID,
        tenant,
    )
    assert config.CLIENT_SECRET == secret


class Answer:
    def __init__(self, **headers: str) -> None:
        self.headers = CIMultiDict(headers)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"Retry-After": "3"}, 3.0),
        ({"Retry-After": "soon"}, None),
        ({"Retry-After": format_datetime(datetime.now(UTC) - timedelta(minutes=1))}, 0.0),
    ],
)
def test_retry_after_in_seconds_or_as_a_date(headers: dict[str, str], expected: Any) -> None:
    assert retry_after(Answer(**headers)) == expected  # type: ignore[arg-type]


def test_a_far_retry_after_date_is_read() -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    waited = retry_after(Answer(**{"Retry-After": later}))  # type: ignore[arg-type]
    assert waited is not None and 25 < waited <= 30 and waited > MAX_WAIT_SECONDS


# --- kept clients ------------------------------------------------------------------------------


async def test_clients_are_shared_across_turns_and_survive_the_sdks_per_turn_close(
    connector: FakeBotConnector, user: TeamsUser
) -> None:
    """The SDK closes its per-turn client at the end of every turn; a shared one stays usable
    for the next turn and for late (proactive) replies."""
    clients = ConnectorClients(None)
    incoming = read_activity(user.message("help"))
    try:
        first = await clients.for_activity(None, incoming)
        await first.close()  # what process_activity does when the turn ends
        second = await clients.for_activity(None, incoming)
        assert second is first
        reply = text_activity("still open")
        await second.conversations.send_to_conversation(user.personal_conversation, reply)
        assert [call.text for call in connector.calls] == ["still open"]
    finally:
        await clients.close()
    assert first.client.closed, "closing the factory closes the clients it kept"


async def test_a_client_no_longer_kept_is_closed_later_not_under_a_running_turn(
    monkeypatch: pytest.MonkeyPatch, connector: FakeBotConnector
) -> None:
    monkeypatch.setattr(ConnectorClients, "KEPT_CLIENTS", 1)
    monkeypatch.setattr(ConnectorClients, "RELEASE_AFTER", 0.05)
    clients = ConnectorClients(None)
    region = {name: TeamsUser(service_url=f"{connector.url}/{name}/") for name in ("emea", "amer")}
    try:
        old = await clients.for_activity(None, read_activity(region["emea"].message("hi")))
        new = await clients.for_activity(None, read_activity(region["amer"].message("hi")))
        assert new is not old and not old.client.closed, "a turn may still be using it"
        await asyncio.sleep(0.2)
        assert old.client.closed and not new.client.closed
    finally:
        await clients.close()
    assert new.client.closed
