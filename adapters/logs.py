"""Logging for every server and the chat: one set-up (text lines, or JSON lines with
SPREADBOT_LOG_FORMAT=json), one line per incoming event handled or ignored with the reason, and a
failing state store told once per outage with its stack trace, then summarised while it lasts.

No message text ever reaches a log line: callers pass kinds, ids, outcomes and reasons only, and
the platform SDKs' debug output (which dumps request bodies) is held at INFO.
Imports: stdlib and adapters.runtime (for SettingsError).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from enum import StrEnum

from adapters.runtime import SettingsError

FORMAT_VARIABLE = "SPREADBOT_LOG_FORMAT"
LEVEL_VARIABLE = "SPREADBOT_LOG_LEVEL"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Their DEBUG lines carry whole request and response bodies, so message text, and their INFO
# lines (the Agents SDK logs every reply it sends) repeat what our one line per event says.
_CHATTY = ("slack_sdk", "slack_bolt", "microsoft_agents", "aiohttp", "msal", "urllib3", "redis")
# Fields an event line adds to a JSON line (and that tests read from records).
EVENT_FIELDS = ("platform", "kind", "outcome", "reason")
_LEVELS = {
    "DEBUG": logging.DEBUG,
    "INFO": logging.INFO,
    "WARNING": logging.WARNING,
    "ERROR": logging.ERROR,
}

# (Not "spreadbot.*": Bolt names its app logger after the app and resets its level per request.)
events = logging.getLogger("adapters.events")


class LogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class JsonLines(logging.Formatter):
    """One JSON object per line: time, level, logger, message, event fields, error."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in EVENT_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = str(value)
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(env: Mapping[str, str], default_level: int = logging.INFO) -> None:
    """Root logging to stderr in the chosen format; raises SettingsError naming a bad variable."""
    raw = env.get(FORMAT_VARIABLE, "").strip().lower() or LogFormat.TEXT.value
    try:
        chosen = LogFormat(raw)
    except ValueError:
        raise SettingsError(f"{FORMAT_VARIABLE} must be text or json, not {raw!r}") from None
    level_name = env.get(LEVEL_VARIABLE, "").strip().upper()
    if level_name and level_name not in _LEVELS:
        raise SettingsError(
            f"{LEVEL_VARIABLE} must be one of {', '.join(_LEVELS)}, not {level_name!r}"
        )
    level = _LEVELS[level_name] if level_name else default_level
    handler = logging.StreamHandler(sys.stderr)
    formatter = JsonLines() if chosen is LogFormat.JSON else logging.Formatter(TEXT_FORMAT)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if not _ours(h)] + [handler]
    handler.set_name("spreadbot")
    root.setLevel(level)
    # Libraries: warnings and errors; their INFO lines too when we log at DEBUG; never their DEBUG.
    library_level = logging.INFO if level <= logging.DEBUG else max(logging.WARNING, level)
    for name in _CHATTY:
        logging.getLogger(name).setLevel(library_level)


def _ours(handler: logging.Handler) -> bool:
    return handler.get_name() == "spreadbot"


def handled(platform: str, kind: str, outcome: str) -> None:
    """The one line for an incoming event the bot acted on."""
    extra = {"platform": platform, "kind": kind, "outcome": outcome}
    events.info("%s %s: %s", platform, kind, outcome, extra=extra)


def ignored(platform: str, kind: str, reason: str) -> None:
    """The one line (at DEBUG) for an incoming event the bot leaves alone, saying why."""
    extra = {"platform": platform, "kind": kind, "outcome": "ignored", "reason": reason}
    events.debug("%s %s: ignored (%s)", platform, kind, reason, extra=extra)


class OutageLog:
    """A dependency's failures, told once per outage: the first with its stack trace, then a
    summary line at most every `summary_seconds` while it lasts, and one line when it is over."""

    def __init__(
        self,
        what: str,
        logger: logging.Logger,
        summary_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.what = what
        self._log = logger
        self._every = summary_seconds
        self._clock = clock
        self._since: float | None = None
        self._failures = 0  # since the last line
        self._total = 0
        self._next_summary = 0.0

    @property
    def failing(self) -> bool:
        return self._since is not None

    def failed(self, error: BaseException) -> None:
        now = self._clock()
        self._total += 1
        if self._since is None:
            self._since, self._failures = now, 0
            self._next_summary = now + self._every
            self._log.error("%s failing: %s", self.what, error, exc_info=error)
            return
        self._failures += 1
        if now >= self._next_summary:
            self._log.error(
                "%s still failing: %d more failures in the last %.0f s (%s)",
                self.what,
                self._failures,
                now - (self._next_summary - self._every),
                type(error).__name__,
            )
            self._failures, self._next_summary = 0, now + self._every

    def recovered(self) -> None:
        if self._since is None:
            return
        self._log.warning(
            "%s recovered after %.0f s (%d failures)",
            self.what,
            self._clock() - self._since,
            self._total,
        )
        self._since, self._total = None, 0
