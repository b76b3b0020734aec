"""Shared fixtures: one core Bot built from the shipped catalogue and flow, and transcripts on it.

The Bot is immutable, so one per session is safe to share. Imports: pytest, adapters.runtime,
bot and the transcript helper.
"""

from __future__ import annotations

import pytest

from adapters.runtime import CoreSettings, build_bot
from bot.core import Bot
from tests.bot.transcript import Transcript


@pytest.fixture(scope="session")
def bot() -> Bot:
    return build_bot(CoreSettings(state_url="memory://"))


@pytest.fixture
def chat(bot: Bot) -> Transcript:
    """A fresh conversation with the shipped bot."""
    return Transcript(bot)
