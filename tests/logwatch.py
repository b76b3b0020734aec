"""A log handler tests can wait on: the records of the loggers it watches, and `wait_for(match)`
that returns as soon as a matching record is logged (with a deadline, never a sleep)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Match = Callable[[logging.LogRecord], bool]


class LogWatch(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self._waiters: list[tuple[Match, asyncio.Future[logging.LogRecord]]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        for match, future in list(self._waiters):
            if not future.done() and match(record):
                future.get_loop().call_soon_threadsafe(_settle, future, record)

    async def wait_for(self, match: Match, timeout: float = 10.0) -> logging.LogRecord:
        for record in self.records:
            if match(record):
                return record
        future: asyncio.Future[logging.LogRecord] = asyncio.get_running_loop().create_future()
        entry = (match, future)
        self._waiters.append(entry)
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self._waiters.remove(entry)

    def messages(self, name: str = "") -> list[str]:
        return [r.getMessage() for r in self.records if r.name.startswith(name)]

    def text(self) -> str:
        """Every record as it would be written, stack traces included."""
        formatter = logging.Formatter("%(levelname)s %(name)s: %(message)s")
        return "\n".join(formatter.format(r) for r in self.records)


def _settle(future: asyncio.Future[logging.LogRecord], record: logging.LogRecord) -> None:
    if not future.done():
        future.set_result(record)


@contextmanager
def watching(*names: str, level: int = logging.DEBUG) -> Iterator[LogWatch]:
    """Watch these loggers (and their children) at `level` while inside."""
    watch = LogWatch()
    loggers = [logging.getLogger(name) for name in names]
    before = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(watch)
        logger.setLevel(level)
    try:
        yield watch
    finally:
        for logger, old in zip(loggers, before, strict=True):
            logger.removeHandler(watch)
            logger.setLevel(old)
