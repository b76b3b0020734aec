"""Teams settings read from the environment: the bot's app id, secret, app type and tenant.

Refuses to build settings that would run an unauthenticated bot by accident, and names the
missing setting. Imports: stdlib and adapters.runtime (for SettingsError) only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from adapters.runtime import SettingsError

DEFAULT_PORT = 3978


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
    app_type: AppType = AppType.MULTI_TENANT
    tenant_id: str = ""
    # Teams waits 15 seconds for a reply; past this a turn is abandoned with an apology.
    turn_deadline_seconds: float = 10.0

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
            app_type=AppType.parse(env.get("MICROSOFT_APP_TYPE") or AppType.MULTI_TENANT.value),
            tenant_id=env.get("MICROSOFT_APP_TENANT_ID", "").strip(),
        )
        settings.check()
        return settings

    def check(self) -> None:
        """The settings each app type needs, as botbuilder would otherwise fail mid-request."""
        if self.app_type is not AppType.USER_ASSIGNED_MSI and not self.app_password:
            raise SettingsError(
                f"MICROSOFT_APP_PASSWORD is not set (needed for MICROSOFT_APP_TYPE={self.app_type})"
            )
        if self.app_type is not AppType.MULTI_TENANT and not self.tenant_id:
            raise SettingsError(
                f"MICROSOFT_APP_TENANT_ID is not set (needed for MICROSOFT_APP_TYPE={self.app_type})"
            )
