"""Teams settings read from the environment: the bot's app id, secret, app type and tenant.

Refuses to build settings that would run an unauthenticated bot by accident, and names the
missing setting. Imports: stdlib and adapters.runtime (for SettingsError) only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlsplit

from adapters.runtime import SettingsError
from adapters.turns import TURN_SECONDS

DEFAULT_PORT = 3978
# Where the Bot Connector's token-signing keys are published (its OpenID metadata).
BOT_FRAMEWORK_OPENID_METADATA = "https://login.botframework.com/v1/.well-known/openidconfiguration"
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class AppType(StrEnum):
    """The Azure Bot resource's identity type (MICROSOFT_APP_TYPE)."""

    SINGLE_TENANT = "SingleTenant"
    MULTI_TENANT = "MultiTenant"
    USER_ASSIGNED_MSI = "UserAssignedMSI"

    @classmethod
    def parse(cls, raw: str) -> AppType:
        for member in cls:
            if member.value.lower() == raw.strip().lower():
                return member
        allowed = ", ".join(m.value for m in cls)
        raise SettingsError(f"MICROSOFT_APP_TYPE must be one of {allowed}, not {raw!r}")


@dataclass(frozen=True)
class TeamsSettings:
    app_id: str = ""
    app_password: str = field(default="", repr=False)
    # New multi-tenant Azure Bots cannot be created since July 2025: single tenant is the default.
    app_type: AppType = AppType.SINGLE_TENANT
    tenant_id: str = ""
    # Reading, answering and saving a turn (not sending it) past this is abandoned with an apology.
    turn_deadline_seconds: float = TURN_SECONDS
    # Teams waits 15 seconds for the answer to its request: replies not sent by this point carry
    # on proactively after the request is answered.
    reply_window_seconds: float = 10.0
    # Incoming tokens are checked against the keys this OpenID metadata document points to.
    openid_metadata_url: str = BOT_FRAMEWORK_OPENID_METADATA
    # Fetching those keys (metadata and key set together) gives up after this long: a 503.
    key_fetch_timeout_seconds: float = 5.0

    @property
    def auth_enabled(self) -> bool:
        """With an app id every incoming request must carry a valid Bot Framework JWT."""
        return bool(self.app_id)

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, *, no_auth: bool = False
    ) -> TeamsSettings:
        """Settings for `serve`; raises SettingsError naming the first missing setting."""
        env = os.environ if env is None else env
        app_id = env.get("MICROSOFT_APP_ID", "").strip()
        if no_auth:
            if app_id:
                # An app id means a real registration: never serve it without token checks.
                raise SettingsError(
                    "--no-auth cannot be used while MICROSOFT_APP_ID is set; "
                    "unset MICROSOFT_APP_ID for local testing"
                )
            return cls()
        if not app_id:
            raise SettingsError(
                "MICROSOFT_APP_ID is not set: set it to the Azure Bot's app id "
                "(or pass --no-auth for local testing only)"
            )
        settings = cls(
            app_id=app_id,
            app_password=env.get("MICROSOFT_APP_PASSWORD", ""),
            app_type=AppType.parse(env.get("MICROSOFT_APP_TYPE") or AppType.SINGLE_TENANT.value),
            tenant_id=env.get("MICROSOFT_APP_TENANT_ID", "").strip(),
            openid_metadata_url=(
                env.get("MICROSOFT_BOT_OPENID_METADATA", "").strip()
                or BOT_FRAMEWORK_OPENID_METADATA
            ),
        )
        settings.check()
        return settings

    def check(self) -> None:
        """The settings each app type needs, so a gap stops startup instead of a request."""
        if self.app_type is not AppType.MULTI_TENANT and not self.tenant_id:
            default = " (the default)" if self.app_type is AppType.SINGLE_TENANT else ""
            raise SettingsError(
                f"MICROSOFT_APP_TENANT_ID is not set: MICROSOFT_APP_TYPE={self.app_type}{default} "
                "needs the tenant id of the Azure Bot's app registration"
            )
        if self.app_type is not AppType.USER_ASSIGNED_MSI and not self.app_password:
            raise SettingsError(
                f"MICROSOFT_APP_PASSWORD is not set (needed for MICROSOFT_APP_TYPE={self.app_type};"
                " with a user-assigned managed identity set MICROSOFT_APP_TYPE=UserAssignedMSI)"
            )
        url = urlsplit(self.openid_metadata_url)
        # Plain http only to this machine (tests); anything else would let a network
        # attacker hand us their own signing keys.
        if not (
            url.scheme == "https" or (url.scheme == "http" and url.hostname in _LOOPBACK_HOSTS)
        ):
            raise SettingsError(
                "MICROSOFT_BOT_OPENID_METADATA must be an https:// URL, not "
                f"{self.openid_metadata_url!r}"
            )
