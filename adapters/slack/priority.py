"""Acks before replies: the work that follows an ack waits for a quiet moment at the front door.

Slack shows users an error and retries when an ack takes over 3 seconds; a reply that comes a
moment later costs nothing. So a turn starts once no request has been waiting for its ack for
`quiet` seconds, or after `max_defer` seconds whatever happens (a reply is never starved), and
at most `concurrency` turns run at once (None: no cap of its own). With no burst the wait is just
the quiet period.

The defaults come from bench/bench_replies.py (issue 12): a 2 ms quiet moment keeps a burst's
acks first (without it their p95 doubled, past 100 ms) while a steady 50 events/s is answered in
single milliseconds; the former 20 ms never came at 50 events/s, so every reply waited the full
3 s, and a cap of 32 turns made a burst against a 300 ms Web API three times slower.
Imports: stdlib only.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable


class AckFirst:
    def __init__(
        self, *, quiet: float = 0.002, max_defer: float = 3.0, concurrency: int | None = None
    ) -> None:
        self.quiet = quiet
        self.max_defer = max_defer
        self._in_flight = 0
        self._last_activity = 0.0
        self._idle = asyncio.Event()
        self._idle.set()
        self._slots: contextlib.AbstractAsyncContextManager[object] = (
            asyncio.Semaphore(concurrency) if concurrency else contextlib.nullcontext()
        )
        self._gate = asyncio.Lock()

    @contextlib.asynccontextmanager
    async def request(self) -> AsyncIterator[None]:
        """Wrap the handling of one HTTP request, up to its answer (the ack)."""
        self._in_flight += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._in_flight -= 1
            self._last_activity = asyncio.get_running_loop().time()
            if self._in_flight == 0:
                self._idle.set()

    async def run(self, job: Callable[[], Awaitable[None]]) -> None:
        """Run `job` (a turn) once the acks are out of the way."""
        deadline = asyncio.get_running_loop().time() + self.max_defer
        async with self._slots:
            # One job at a time watches for the quiet moment (FIFO); the others queue behind
            # it rather than all waking at every lull.
            async with self._gate:
                await self._quiet_moment(deadline)
            await job()

    async def _quiet_moment(self, deadline: float) -> None:
        loop = asyncio.get_running_loop()
        while (now := loop.time()) < deadline:
            if self._in_flight:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._idle.wait(), deadline - now)
                continue
            quiet_for = now - self._last_activity
            if quiet_for >= self.quiet:
                return
            await asyncio.sleep(min(self.quiet - quiet_for, deadline - now))
