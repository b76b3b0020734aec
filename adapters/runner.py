"""Runs one turn against the state store: load state, call the core, save with an etag.

Shared by every platform adapter. Two turns of one conversation at once (a double click, a retry
landing on another instance) cannot fork its state: the loser of the version race recomputes its
turn from the winner's state. Event ids are claimed in the same store, so a retry is answered once.
Imports: bot, storage and stdlib.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from bot.core import Bot, TurnResult
from bot.messages import ConversationKey, IncomingMessage
from bot.state import ConversationState
from storage.base import Record, StateStore, VersionConflict

log = logging.getLogger(__name__)
T = TypeVar("T")

_MAX_ATTEMPTS = 8
_BACKOFF_SECONDS = 0.004  # the first retry waits up to this, doubling each time: 0.5 s at most


async def _back_off(retry: int) -> None:
    # Losers of a version race that retry at once all read the winner's state together and race
    # again, so only one of a crowd ever gets through; a random, growing pause spreads them out.
    await asyncio.sleep(random.uniform(0, _BACKOFF_SECONDS * 2 ** (retry - 1)))


class TurnRecorder(Protocol):
    """Told of each saved turn (the owners' records); must not raise."""

    async def record(self, message: IncomingMessage, result: TurnResult) -> None: ...


@dataclass(frozen=True)
class RunnerConfig:
    idle_timeout_seconds: float = 24 * 3600
    # Records outlive the idle expiry so a returning user can be offered to resume.
    retention_seconds: float = 7 * 24 * 3600
    dedupe_seconds: float = 24 * 3600


class ConversationRunner:
    def __init__(
        self,
        bot: Bot,
        store: StateStore,
        config: RunnerConfig | None = None,
        clock: Callable[[], float] = time.time,
        recorder: TurnRecorder | None = None,
    ) -> None:
        # Swapped whole by a reload (Runtime.swap_bot); each turn reads it once, so a turn is
        # answered by one complete catalogue and flow, never a mix.
        self.bot = bot
        self.store = store
        self.config = config or RunnerConfig()
        self._clock = clock
        self.recorder = recorder

    async def first_delivery(self, platform_event_id: str) -> bool:
        """True the first time a platform event or activity id is seen (across instances)."""
        return await self.store.claim(
            f"event:{platform_event_id}", ttl_seconds=self.config.dedupe_seconds
        )

    async def run_turn(self, message: IncomingMessage) -> TurnResult:
        """Handle the message and save the new state; retried on a version conflict."""
        if not message.received_at:
            message = message.model_copy(update={"received_at": self._clock()})
        bot = self.bot

        def turn(state: ConversationState | None) -> tuple[ConversationState, TurnResult]:
            result = bot.handle(message, state)
            new_state = result.state.model_copy(update={"updated_at": message.received_at})
            return new_state, replace(result, state=new_state)

        result = await self._update(message.key.as_string(), turn)
        assert result is not None  # a turn always has a state to save
        if self.recorder is not None:
            await self.recorder.record(message, result)
        return result

    async def remember_question(self, key: ConversationKey, ref: str) -> None:
        """Record the platform's handle on the question just sent, so it can be updated later."""

        def remember(state: ConversationState | None) -> tuple[ConversationState, None] | None:
            if state is None:
                return None
            return state.model_copy(update={"last_question_ref": ref}), None

        try:
            await self._update(key.as_string(), remember)
        except RuntimeError:
            # Cosmetic: without the handle a typed answer just leaves the old card as it is.
            log.warning("could not record the question card for %s", key.as_string())

    async def _update(
        self,
        key: str,
        change: Callable[[ConversationState | None], tuple[ConversationState, T] | None],
    ) -> T | None:
        """Read, change and write one conversation with its version as the etag. On a conflict
        the loser backs off and recomputes from the winner's state. `change` returning None
        means there is nothing to write."""
        for attempt in range(_MAX_ATTEMPTS):
            if attempt:
                await _back_off(attempt)
            record = await self.store.get(key)
            outcome = change(self._read(key, record))
            if outcome is None:
                return None
            new_state, value = outcome
            try:
                await self.store.put(
                    key,
                    new_state.to_json(),
                    expected_version=record.version if record else None,
                    ttl_seconds=self.config.retention_seconds,
                )
            except VersionConflict:
                log.info("version conflict on %s (attempt %d); recomputing", key, attempt + 1)
                continue
            return value
        raise RuntimeError(f"could not save conversation {key} after {_MAX_ATTEMPTS} attempts")

    async def load_state(self, key: ConversationKey) -> ConversationState | None:
        skey = key.as_string()
        return self._read(skey, await self.store.get(skey))

    def _read(self, key: str, record: Record | None) -> ConversationState | None:
        if record is None:
            return None
        try:
            return ConversationState.from_json(record.data)
        except ValueError as exc:
            # Old or corrupt state must never crash a turn: log it and start afresh.
            log.warning("discarding unreadable state for %s: %s", key, exc)
            return None
