"""AckFirst: turns wait while a request awaits its ack, and never longer than max_defer."""

from __future__ import annotations

import asyncio

from adapters.slack.priority import AckFirst


async def test_a_turn_waits_until_no_request_awaits_its_ack() -> None:
    priority = AckFirst(quiet=0.001, max_defer=30)
    ran = asyncio.Event()

    async def job() -> None:
        ran.set()

    async with priority.request():
        task = asyncio.create_task(priority.run(job))
        for _ in range(20):  # give the task every chance to run too early
            await asyncio.sleep(0)
        assert not ran.is_set()
    await asyncio.wait_for(ran.wait(), 5)
    await task


async def test_a_turn_is_never_starved_past_max_defer() -> None:
    priority = AckFirst(quiet=0.001, max_defer=0.05)
    ran = asyncio.Event()

    async def job() -> None:
        ran.set()

    async with priority.request():  # a request that never finishes while the turn waits
        await asyncio.wait_for(priority.run(job), 5)
        assert ran.is_set()


async def test_with_nothing_in_flight_a_turn_runs_at_once() -> None:
    priority = AckFirst(quiet=0.0)
    done: list[int] = []

    async def job(n: int) -> None:
        done.append(n)

    await asyncio.wait_for(asyncio.gather(*(priority.run(lambda n=n: job(n)) for n in range(5))), 5)
    assert done == [0, 1, 2, 3, 4]  # first come, first served
