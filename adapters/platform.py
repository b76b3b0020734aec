"""The platforms Spreadbot runs on, as they appear in conversation keys.

Lives in adapters/ so the core never names a platform. Imports: stdlib only.
"""

from __future__ import annotations

from enum import StrEnum


class Platform(StrEnum):
    CONSOLE = "console"
    SLACK = "slack"
    TEAMS = "teams"
