"""Slack settings read from the environment and checked before anything starts.

A missing or malformed setting raises SettingsError naming it. Imports: stdlib and
adapters.runtime (for the shared SettingsError) only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from adapters.runtime import SettingsError

DEFAULT_API_URL = "https://slack.com/api/"
_SECRET = re.compile(r"^[A-Za-z0-9]{8,128}$")
_TOKEN_CHARS = re.compile(r"^[A-Za-z0-9-]+$")


class Mode(StrEnum):
    HTTP = "http"
    SOCKET = "socket"


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str
    signing_secret: str  # "" only in Socket Mode, where requests are not signed
    app_token: str | None = None
    api_url: str = DEFAULT_API_URL  # always ends with "/", as slack_sdk's base_url expects
    # The first wait before retrying a refused connection or a 5xx (then doubling).
    retry_backoff_seconds: float = 0.5

    @property
    def mode(self) -> Mode:
        return Mode.SOCKET if self.app_token else Mode.HTTP

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SlackSettings:
        env = os.environ if env is None else env
        app_token = env.get("SLACK_APP_TOKEN", "").strip() or None
        if app_token is not None:
            _check_token("SLACK_APP_TOKEN", app_token, "xapp-")
        bot_token = env.get("SLACK_BOT_TOKEN", "").strip()
        if not bot_token:
            raise SettingsError("SLACK_BOT_TOKEN is not set (the bot token, xoxb-...)")
        _check_token("SLACK_BOT_TOKEN", bot_token, "xoxb-")
        secret = env.get("SLACK_SIGNING_SECRET", "").strip()
        if secret and not _SECRET.match(secret):
            raise SettingsError("SLACK_SIGNING_SECRET is malformed (expected letters and digits)")
        if not secret and app_token is None:
            raise SettingsError(
                "SLACK_SIGNING_SECRET is not set (needed to verify requests in HTTP mode; "
                "set SLACK_APP_TOKEN instead to use Socket Mode)"
            )
        return cls(
            bot_token=bot_token,
            signing_secret=secret,
            app_token=app_token,
            api_url=_api_url(env.get("SLACK_API_URL", "").strip() or DEFAULT_API_URL),
        )


def _check_token(name: str, value: str, prefix: str) -> None:
    if (
        not value.startswith(prefix)
        or not _TOKEN_CHARS.match(value)
        or len(value) < len(prefix) + 4
    ):
        raise SettingsError(f"{name} is malformed (expected a token starting with {prefix})")


def _api_url(raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise SettingsError(f"SLACK_API_URL must be an http(s) URL, not {raw!r}")
    # slack_sdk joins base_url and the method name by plain concatenation.
    return raw if raw.endswith("/") else raw + "/"
