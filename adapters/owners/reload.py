"""Reloading the catalogue and flow while serving: on SIGHUP, and on a change to their files with
`--watch`. The new version is loaded and validated in full first; only then does it replace the
one serving (Runtime.swap_bot), so a turn is always answered by one complete catalogue and flow.
A broken version is refused and logged with file, place and reason; the last good one serves on.
Imports: watchfiles, adapters.runtime, catalogue and stdlib.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from adapters.runtime import CoreSettings, Runtime, build_bot, build_runtime
from catalogue.yamlfile import DataFileError

log = logging.getLogger(__name__)

_SUFFIXES = (".yaml", ".yml")


class Reloader:
    def __init__(
        self,
        runtime: Runtime,
        settings: CoreSettings,
        announce: Callable[[str], None] = log.info,
        complain: Callable[[str], None] = log.error,
    ) -> None:
        self.runtime = runtime
        self.settings = settings
        self.announce = announce
        self.complain = complain
        self._lock = asyncio.Lock()
        self._watch: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()
        self._signal = False

    async def reload(self) -> bool:
        """Load, validate and swap in the current files; False (and the old ones keep serving)
        when they are broken. Reloads run one at a time."""
        async with self._lock:
            try:
                # Loading is CPU work: on a thread, so turns keep being answered meanwhile.
                bot = await asyncio.to_thread(build_bot, self.settings)
            except DataFileError as exc:
                problems = "\n".join(f"  {e}" for e in exc.errors)
                self.complain(
                    "reload refused; still serving the last good catalogue and flow. "
                    f"{len(exc.errors)} problem(s):\n{problems}"
                )
                return False
            old = self.runtime.bot
            if bot.catalogue.version == old.catalogue.version and bot.flow == old.flow:
                self.announce("reload: the catalogue and flow are unchanged")
                return True
            self.runtime.swap_bot(bot)
            self.announce(
                f"reloaded: {len(bot.catalogue.approaches)} approaches, "
                f"{len(bot.catalogue.methods)} methods (catalogue {bot.catalogue.version}), "
                f"flow {bot.flow.id} version {bot.flow.version}"
            )
            return True

    # --- triggers ----------------------------------------------------------------------------

    def start(self, *, watch: bool) -> Reloader:
        """Reload on SIGHUP from now on, and on file changes when `watch`."""
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError, RuntimeError, AttributeError):
            loop.add_signal_handler(signal.SIGHUP, self._on_hangup)
            self._signal = True
        if watch:
            paths = self.watched()
            if paths:
                self._watch = asyncio.create_task(self._watch_files(paths))
            else:
                self.complain(
                    "--watch: no catalogue folder or flow file is configured, so there is "
                    "nothing to watch (SIGHUP still reloads)"
                )
        return self

    async def stop(self) -> None:
        if self._signal:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
            self._signal = False
        self._stop.set()
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
            self._watch = None

    def _on_hangup(self) -> None:
        self.announce("SIGHUP: reloading the catalogue and flow")
        task = asyncio.get_running_loop().create_task(self.reload())
        task.add_done_callback(_log_failure)

    def watched(self) -> list[Path]:
        """The organisation's catalogue folders and files and the flow file (not the shipped
        catalogue, which changes only with Spreadbot itself)."""
        paths = list(self.settings.catalogue_dirs)
        if self.settings.flow_file is not None:
            paths.append(self.settings.flow_file)
        return [p.resolve() for p in paths if p.exists()]

    def _relevant(self, changed: str) -> bool:
        path = Path(changed).resolve()
        for watched in self.watched():
            if watched.is_dir() and watched in path.parents and path.suffix in _SUFFIXES:
                return True
            if path == watched:
                return True
        return False

    async def _watch_files(self, paths: list[Path]) -> None:
        from watchfiles import awatch

        # A file is watched through its folder: editors often save by writing a new file and
        # renaming it over the old one, which a watch on the old file itself would lose.
        roots = sorted({p if p.is_dir() else p.parent for p in paths})
        self.announce("watching " + ", ".join(str(r) for r in roots) + " for changes")
        async for changes in awatch(*roots, stop_event=self._stop, debounce=400, step=50):
            if any(self._relevant(path) for _, path in changes):
                await self.reload()


@contextlib.asynccontextmanager
async def reloading_runtime(
    settings: CoreSettings,
    *,
    watch: bool,
    announce: Callable[[str], None] = log.info,
    complain: Callable[[str], None] = log.error,
) -> AsyncIterator[Runtime]:
    """The runtime `serve slack`, `serve teams` and `chat` run on: built from `settings`,
    reloaded on SIGHUP (and on file changes with `watch`), closed on leaving. Raises what
    build_runtime raises."""
    runtime = await build_runtime(settings)
    reloader = Reloader(runtime, settings, announce=announce, complain=complain)
    reloader.start(watch=watch)
    try:
        yield runtime
    finally:
        await reloader.stop()
        await runtime.close()


def _log_failure(task: asyncio.Task[bool]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("reload failed", exc_info=task.exception())
