"""SlackSettings.from_env: the two modes, the API URL, and errors that name the setting."""

from __future__ import annotations

import pytest

from adapters.runtime import SettingsError
from adapters.slack.settings import DEFAULT_API_URL, Mode, SlackSettings

HTTP = {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_SIGNING_SECRET": "8f742231b10e8888abcd99"}


def test_http_mode_with_slacks_api_by_default() -> None:
    settings = SlackSettings.from_env(HTTP)
    assert (
        settings.mode is Mode.HTTP
        and settings.api_url == DEFAULT_API_URL == "https://slack.com/api/"
    )


def test_socket_mode_when_an_app_token_is_set_and_no_signing_secret_needed() -> None:
    settings = SlackSettings.from_env(
        {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_APP_TOKEN": "xapp-1-A1-abc"}
    )
    assert settings.mode is Mode.SOCKET and settings.signing_secret == ""


@pytest.mark.parametrize("url", ["http://127.0.0.1:9999/api", "http://127.0.0.1:9999/api/"])
def test_the_api_url_always_ends_with_a_slash(url: str) -> None:
    assert (
        SlackSettings.from_env({**HTTP, "SLACK_API_URL": url}).api_url
        == "http://127.0.0.1:9999/api/"
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxp-user"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-with space"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1-2-abc"}, "SLACK_SIGNING_SECRET"),
        ({**HTTP, "SLACK_SIGNING_SECRET": "short"}, "SLACK_SIGNING_SECRET"),
        ({**HTTP, "SLACK_APP_TOKEN": "xoxb-not-an-app-token"}, "SLACK_APP_TOKEN"),
        ({**HTTP, "SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL"),
        ({**HTTP, "SLACK_API_URL": "http:///api"}, "SLACK_API_URL"),
    ],
)
def test_missing_or_malformed_settings_are_named(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        SlackSettings.from_env(env)
