"""Reloading while serving: a good change is swapped in whole, a broken one is refused with file,
place and reason while the last good version serves on; SIGHUP and --watch both trigger it, and a
guided selection under way is paused and offered to resume, as when the catalogue changes.

A real SIGHUP is sent to this process and real file changes are watched. Imports: pytest,
adapters, bot and the shared samples.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from adapters.owners.reload import Reloader
from adapters.platform import Platform
from adapters.runtime import CoreSettings, Runtime, build_runtime
from bot.messages import ConversationKey, IncomingMessage
from bot.replies import MethodCardReply, NoticeReply
from tests.samples import OWN_APPROACH

KEY = ConversationKey(platform=Platform.CONSOLE, workspace="local", channel="t", user="u")


@pytest.fixture
def own(tmp_path: Path) -> Path:
    folder = tmp_path / "own"
    folder.mkdir()
    (folder / "huddles.yaml").write_text(OWN_APPROACH, encoding="utf-8")
    return folder


@pytest.fixture
async def runtime(own: Path) -> AsyncIterator[Runtime]:
    built = await build_runtime(CoreSettings(catalogue_dirs=(own,), state_url="memory://"))
    yield built
    await built.close()


def messages() -> tuple[list[str], Callable[[str], None]]:
    said: list[str] = []
    return said, said.append


async def card_for(runtime: Runtime, text: str) -> str | None:
    result = await runtime.runner.run_turn(IncomingMessage(key=KEY, text=text))
    cards = [r.method_id for r in result.replies if isinstance(r, MethodCardReply)]
    return cards[0] if cards else None


async def until(check: Callable[[], bool], within: float = 10.0) -> None:
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < within, "it did not happen in time"
        await asyncio.sleep(0.02)


def rename_alias(own: Path, alias: str) -> None:
    (own / "huddles.yaml").write_text(OWN_APPROACH.replace("daily huddle", alias), encoding="utf-8")


async def test_a_good_change_is_swapped_in(runtime: Runtime, own: Path) -> None:
    said, note = messages()
    reloader = Reloader(runtime, CoreSettings(catalogue_dirs=(own,)), announce=note)
    assert await card_for(runtime, "stand-up natter") is None
    rename_alias(own, "stand-up natter")
    old = runtime.bot
    assert await reloader.reload()
    assert runtime.bot is not old and runtime.runner.bot is runtime.bot
    assert await card_for(runtime, "stand-up natter") == "spread-huddles"
    assert "reloaded: 8 approaches" in said[-1]


async def test_a_broken_change_is_refused_and_the_last_good_one_serves(
    runtime: Runtime, own: Path
) -> None:
    said, note = messages()
    reloader = Reloader(runtime, CoreSettings(catalogue_dirs=(own,)), complain=note)
    good = runtime.bot
    (own / "huddles.yaml").write_text(
        OWN_APPROACH.replace("method_count: 1", "method_count: 1\n  colour: red"), encoding="utf-8"
    )
    assert not await reloader.reload()
    assert runtime.bot is good
    assert await card_for(runtime, "daily huddle") == "spread-huddles"
    assert f"{own / 'huddles.yaml'}:8 at approach.colour: unknown key" in said[-1]
    assert "last good" in said[-1]


async def test_sighup_reloads(runtime: Runtime, own: Path) -> None:
    reloader = Reloader(runtime, CoreSettings(catalogue_dirs=(own,))).start(watch=False)
    try:
        old = runtime.bot
        rename_alias(own, "stand-up natter")
        os.kill(os.getpid(), signal.SIGHUP)
        await until(lambda: runtime.bot is not old)
        assert await card_for(runtime, "stand-up natter") == "spread-huddles"
    finally:
        await reloader.stop()


async def test_watch_reloads_on_a_change_to_the_files(runtime: Runtime, own: Path) -> None:
    said, note = messages()
    settings = CoreSettings(catalogue_dirs=(own,))
    reloader = Reloader(runtime, settings, announce=note).start(watch=True)
    try:
        await until(lambda: any("watching" in s for s in said))
        await asyncio.sleep(0.2)  # the watch is set up just after it says so
        old = runtime.bot
        rename_alias(own, "stand-up natter")
        await until(lambda: runtime.bot is not old)
        assert await card_for(runtime, "stand-up natter") == "spread-huddles"
        # A file that is not a catalogue file changes nothing.
        current = runtime.bot
        (own / "notes.txt").write_text("hello", encoding="utf-8")
        await asyncio.sleep(0.8)
        assert runtime.bot is current
    finally:
        await reloader.stop()


async def test_a_guided_selection_under_way_is_paused_by_a_reload(
    runtime: Runtime, own: Path
) -> None:
    await runtime.runner.run_turn(IncomingMessage(key=KEY, text="guide"))
    await runtime.runner.run_turn(IncomingMessage(key=KEY, text="spread"))
    rename_alias(own, "stand-up natter")
    assert await Reloader(runtime, CoreSettings(catalogue_dirs=(own,))).reload()
    result = await runtime.runner.run_turn(IncomingMessage(key=KEY, text="national"))
    notices = [r for r in result.replies if isinstance(r, NoticeReply)]
    assert notices and "catalogue has been updated" in notices[0].text
    assert [b.label for b in notices[0].buttons] == ["Resume", "Start again"]
