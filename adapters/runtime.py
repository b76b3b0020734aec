"""Wires the core for any adapter: settings from the environment, catalogue, flow, store, runner.

The only place outside the platform packages that reads os.environ. Imports: bot, catalogue,
storage and stdlib.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from adapters.owners.recorder import Recorder, RecordSettings
from adapters.runner import ConversationRunner, RunnerConfig
from bot.core import Bot, BotConfig
from bot.flow import Flow, load_flow
from catalogue.files import load_from, read_texts
from storage.base import StateStore
from storage.url import open_store


class SettingsError(ValueError):
    """A missing or malformed setting; the message names it."""


def default_data_dir(env: Mapping[str, str]) -> Path:
    if env.get("SPREADBOT_DATA_DIR"):
        return Path(env["SPREADBOT_DATA_DIR"])
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "spreadbot"


@dataclass(frozen=True)
class CoreSettings:
    catalogue_dirs: tuple[Path, ...] = ()
    replace_catalogue: bool = False
    state_url: str = "memory://"
    idle_timeout_seconds: float = 24 * 3600
    flow_file: Path | None = None
    extra: Mapping[str, str] = field(default_factory=dict)
    records: RecordSettings = RecordSettings()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> CoreSettings:
        env = os.environ if env is None else env
        dirs = tuple(Path(p) for p in env.get("SPREADBOT_CATALOGUE", "").split(os.pathsep) if p)
        replace = env.get("SPREADBOT_CATALOGUE_REPLACE", "").lower() in {"1", "true", "yes"}
        state_url = env.get("SPREADBOT_STATE_URL") or (
            "sqlite:///" + str(default_data_dir(env) / "state.sqlite3")
        )
        idle_hours = _positive(env, "SPREADBOT_IDLE_TIMEOUT_HOURS", "24", "hours")
        flow = env.get("SPREADBOT_FLOW")
        return cls(
            catalogue_dirs=dirs,
            replace_catalogue=replace,
            state_url=state_url,
            idle_timeout_seconds=idle_hours * 3600,
            flow_file=Path(flow) if flow else None,
            records=RecordSettings(
                enabled=_switch(env, "SPREADBOT_RECORD_QUESTIONS", default=True),
                days=_positive(env, "SPREADBOT_RECORD_DAYS", "30", "days"),
            ),
        )


def _positive(env: Mapping[str, str], name: str, default: str, unit: str) -> float:
    raw = env.get(name, default)
    try:
        value = float(raw)
        if not value > 0 or value == float("inf"):
            raise ValueError
    except ValueError:
        raise SettingsError(f"{name} must be a positive number of {unit}, not {raw!r}") from None
    return value


_ON, _OFF = {"1", "on", "true", "yes"}, {"0", "off", "false", "no"}


def _switch(env: Mapping[str, str], name: str, *, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in _ON | _OFF:
        raise SettingsError(f"{name} must be on or off, not {env[name]!r}")
    return raw in _ON


def load_flow_file(path: Path | None = None) -> Flow:
    """The shipped guide flow, or the flow file at `path`, validated."""
    if path is None:
        text = resources.files("bot").joinpath("flows/guide.yaml").read_text(encoding="utf-8")
        return load_flow("bot/flows/guide.yaml", text)
    ((name, text),) = read_texts([path])
    return load_flow(name, text)


def build_bot(settings: CoreSettings) -> Bot:
    """Load and validate the catalogue and flow; raises DataFileError naming file and place."""
    catalogue = load_from(settings.catalogue_dirs, include_shipped=not settings.replace_catalogue)
    flow = load_flow_file(settings.flow_file)
    return Bot(catalogue, flow, BotConfig(idle_timeout_seconds=settings.idle_timeout_seconds))


@dataclass
class Runtime:
    bot: Bot
    store: StateStore
    runner: ConversationRunner

    def swap_bot(self, bot: Bot) -> None:
        """Serve `bot` (a reloaded catalogue and flow) from the next turn on; turns already
        under way finish on the one they started with."""
        self.bot = bot
        self.runner.bot = bot

    async def close(self) -> None:
        await self.store.close()


async def build_runtime(settings: CoreSettings, bot: Bot | None = None) -> Runtime:
    bot = bot or build_bot(settings)
    store = await open_store(settings.state_url)
    await store.ping()
    runner = ConversationRunner(
        bot,
        store,
        RunnerConfig(idle_timeout_seconds=settings.idle_timeout_seconds),
        recorder=Recorder(store, settings.records) if settings.records.enabled else None,
    )
    return Runtime(bot, store, runner)
