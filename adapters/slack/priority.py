"""Acks before replies: the work that follows an ack waits while other requests await theirs.

Slack shows users an error and retries when an ack takes over 3 seconds; a reply that comes a
moment later costs nothing. So during a burst, turns yield the event loop to pending acks, for
at most `max_defer` seconds each (then they run regardless, so a reply is never starved).
With no burst there is nothing to wait for. Imports: stdlib only.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator


class AckFirst:
    def __init__(self, max_defer: float = 2.0) -> None:
        self.max_defer = max_defer
        self._in_flight = 0
        self._idle: asyncio.Event | None = None  # made on first use, inside the running loop

    def _event(self) -> asyncio.Event:
        if self._idle is None:
            self._idle = asyncio.Event()
            if self._in_flight == 0:
                self._idle.set()
        return self._idle

    def request_started(self) -> None:
        self._in_flight += 1
        self._event().clear()

    def request_finished(self) -> None:
        self._in_flight -= 1
        if self._in_flight == 0:
            self._event().set()

    @contextlib.asynccontextmanager
    async def request(self) -> AsyncIterator[None]:
        self.request_started()
        try:
            yield
        finally:
            self.request_finished()

    async def wait_for_acks(self) -> None:
        """Return once no request is waiting for its ack, or after max_defer seconds."""
        idle = self._event()
        if idle.is_set():
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(idle.wait(), self.max_defer)
