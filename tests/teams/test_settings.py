"""Teams settings from the environment, and `serve` refusing to start without them."""

from __future__ import annotations

import pytest

from adapters.runtime import SettingsError
from adapters.teams.server import serve
from adapters.teams.settings import AppType, TeamsSettings

APP_ID = "5f2b0c1e-1111-4a4a-9b9b-0123456789ab"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"


def test_single_tenant_is_the_default_and_needs_the_tenant() -> None:
    env = {"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_PASSWORD": "s3cret"}
    with pytest.raises(
        SettingsError, match=r"MICROSOFT_APP_TENANT_ID .*SingleTenant \(the default\)"
    ):
        TeamsSettings.from_env(env)
    settings = TeamsSettings.from_env({**env, "MICROSOFT_APP_TENANT_ID": TENANT})
    assert settings.auth_enabled
    assert (settings.app_type, settings.tenant_id) == (AppType.SINGLE_TENANT, TENANT)
    assert "s3cret" not in repr(settings)
    explicit = TeamsSettings.from_env(
        {**env, "MICROSOFT_APP_TYPE": "singletenant", "MICROSOFT_APP_TENANT_ID": TENANT}
    )
    assert explicit == settings


def test_multi_tenant_needs_no_tenant() -> None:
    settings = TeamsSettings.from_env(
        {
            "MICROSOFT_APP_ID": APP_ID,
            "MICROSOFT_APP_PASSWORD": "x",
            "MICROSOFT_APP_TYPE": "MultiTenant",
        }
    )
    assert settings.app_type is AppType.MULTI_TENANT


def test_the_key_metadata_url_must_be_https_except_on_loopback() -> None:
    env = {
        "MICROSOFT_APP_ID": APP_ID,
        "MICROSOFT_APP_PASSWORD": "x",
        "MICROSOFT_APP_TENANT_ID": TENANT,
    }
    with pytest.raises(SettingsError, match="MICROSOFT_BOT_OPENID_METADATA"):
        TeamsSettings.from_env({**env, "MICROSOFT_BOT_OPENID_METADATA": "http://keys.example/"})
    local = "http://127.0.0.1:8080/.well-known/openidconfiguration"
    assert (
        TeamsSettings.from_env({**env, "MICROSOFT_BOT_OPENID_METADATA": local}).openid_metadata_url
        == local
    )


def test_managed_identity_needs_no_password_but_a_tenant() -> None:
    env = {"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_TYPE": "UserAssignedMSI"}
    with pytest.raises(SettingsError, match="MICROSOFT_APP_TENANT_ID"):
        TeamsSettings.from_env(env)
    assert TeamsSettings.from_env({**env, "MICROSOFT_APP_TENANT_ID": TENANT}).app_password == ""


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "MICROSOFT_APP_ID"),
        ({"MICROSOFT_APP_ID": APP_ID}, "MICROSOFT_APP_TENANT_ID"),
        ({"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_TENANT_ID": TENANT}, "MICROSOFT_APP_PASSWORD"),
        (
            {
                "MICROSOFT_APP_ID": APP_ID,
                "MICROSOFT_APP_PASSWORD": "x",
                "MICROSOFT_APP_TYPE": "Sometimes",
            },
            "MICROSOFT_APP_TYPE",
        ),
    ],
)
def test_missing_or_bad_settings_are_named(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        TeamsSettings.from_env(env)


def test_no_auth_only_without_an_app_id() -> None:
    assert not TeamsSettings.from_env({}, no_auth=True).auth_enabled
    with pytest.raises(SettingsError, match="--no-auth"):
        TeamsSettings.from_env({"MICROSOFT_APP_ID": APP_ID}, no_auth=True)


def test_serve_refuses_to_start_without_an_app_id(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("MICROSOFT_APP_ID", raising=False)
    assert serve("127.0.0.1", 0, no_auth=False) == 2
    err = capsys.readouterr().err
    assert "MICROSOFT_APP_ID" in err and "--no-auth" in err
