"""Shared fixtures: one core Bot built from the shipped catalogue and flow, and transcripts on it;
and the logging set-up put back after every test (serving in-process configures the root logger).

The Bot is immutable, so one per session is safe to share. Imports: pytest, adapters.runtime,
bot and the transcript helper.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.runtime import CoreSettings, build_bot
from bench.gen_catalogue import write_catalogue
from bot.core import Bot
from tests.bot.transcript import Transcript
from tests.samples import long_named_methods


@pytest.fixture(scope="session")
def bot() -> Bot:
    return build_bot(CoreSettings(state_url="memory://"))


@pytest.fixture
def chat(bot: Bot) -> Transcript:
    """A fresh conversation with the shipped bot."""
    return Transcript(bot)


@pytest.fixture(scope="session")
def extended_bot(tmp_path_factory: pytest.TempPathFactory) -> Bot:
    """The shipped catalogue with an organisation's own: 300 generated methods in seven more
    approaches, and 40 methods with very long names added to a shipped approach."""
    folder = write_catalogue(tmp_path_factory.mktemp("register") / "catalogue", 300)
    (folder / "long-names.yaml").write_text(long_named_methods(), encoding="utf-8")
    return build_bot(CoreSettings(state_url="memory://", catalogue_dirs=(Path(folder),)))


@pytest.fixture(autouse=True)
def _logging_put_back() -> Iterator[None]:
    loggers = [
        logging.getLogger(),
        *(logging.getLogger(n) for n in ("slack_sdk", "microsoft_agents")),
    ]
    saved = [(logger, list(logger.handlers), logger.level) for logger in loggers]
    yield
    for logger, handlers, level in saved:
        logger.handlers, logger.level = handlers, level
