"""Runs one turn against the state store: load state, call the core, save with an etag.

Shared by every platform adapter. Two turns of one conversation at once (a double click, a retry
landing on another instance) cannot fork its state: the loser of the version race recomputes its
turn from the winner's state. Event ids are claimed in the same store, so a retry is answered once.

A conversation's record holds the core's state and, beside it, the adapters' own notes (the handle
of the last question card, the click that answered the last question), written in the same save as
the turn: the core's ConversationState holds only the conversation. Records written before the
notes existed (the bare state) are still read. Imports: pydantic, bot, storage and stdlib.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.core import Bot, TurnResult
from bot.messages import AnswerAction, AnswerMode, ConversationKey, IncomingMessage, encode_action
from bot.state import ConversationState
from storage.base import Record, StateStore, VersionConflict

log = logging.getLogger(__name__)
T = TypeVar("T")

_MAX_ATTEMPTS = 8
_BACKOFF_SECONDS = 0.004  # the first retry waits up to this, doubling each time: 0.5 s at most
# The note naming the click that answered the last question (see take_turn).
ANSWERED_BY = "answered_by"
# Clicks that answer a question; adding to or removing from a selection may repeat legitimately.
_ANSWERING = frozenset({AnswerMode.PICK, AnswerMode.DONE})


async def _back_off(retry: int) -> None:
    # Losers of a version race that retry at once all read the winner's state together and race
    # again, so only one of a crowd ever gets through; a random, growing pause spreads them out.
    await asyncio.sleep(random.uniform(0, _BACKOFF_SECONDS * 2 ** (retry - 1)))


class TurnRecorder(Protocol):
    """Told of each saved turn (the owners' records); must not raise."""

    async def record(self, message: IncomingMessage, result: TurnResult) -> None: ...


class Stored(BaseModel):
    """One conversation's record: the core's state and the adapters' notes (short strings)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    state: ConversationState
    notes: dict[str, str] = {}

    def to_json(self) -> str:
        return self.model_dump_json()


def read_record(data: str) -> Stored:
    """A stored record; a bare ConversationState (saved before the notes) reads with none.
    Raises ValueError when it is neither."""
    try:
        return Stored.model_validate_json(data)
    except ValidationError:
        return Stored(state=ConversationState.from_json(data))


@dataclass(frozen=True)
class Turn:
    """A turn saved: the core's result, the notes as they were before it, and the record written
    (its version lets `remember` add a note without reading it again)."""

    result: TurnResult
    notes: Mapping[str, str]
    saved: Stored
    version: int


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

    async def take_turn(self, message: IncomingMessage) -> Turn | None:
        """Handle the message and save the new state with the notes; retried on a version
        conflict. None, with nothing saved, for a repeated click on the option that answered the
        last question (a double click, or both clicks of two racing deliveries): the first one
        is the answer, the repeat changes nothing. A click on an old card after anything else
        has happened is a turn like any other (the core's "that question has moved on")."""
        if not message.received_at:
            message = message.model_copy(update={"received_at": self._clock()})
        action = message.action
        answering = (
            encode_action(action)
            if isinstance(action, AnswerAction) and action.mode in _ANSWERING
            else None
        )
        bot = self.bot

        def turn(stored: Stored | None) -> tuple[Stored, TurnResult] | None:
            notes = dict(stored.notes) if stored else {}
            if answering is not None and notes.get(ANSWERED_BY) == answering:
                return None
            result = bot.handle(message, stored.state if stored else None)
            new_state = result.state.model_copy(update={"updated_at": message.received_at})
            if answering is not None and result.answered is not None:
                notes[ANSWERED_BY] = answering
            else:
                notes.pop(ANSWERED_BY, None)
            return Stored(state=new_state, notes=notes), replace(result, state=new_state)

        key = message.key.as_string()
        done = await self._update(key, turn)
        if done is None:
            return None
        before, saved, version, result = done
        if self.recorder is not None:
            await self.recorder.record(message, result)
        return Turn(result, before, saved, version)

    async def run_turn(self, message: IncomingMessage) -> TurnResult:
        """take_turn for callers that only want the result; a repeated click gives no replies."""
        turn = await self.take_turn(message)
        if turn is not None:
            return turn.result
        state = await self.load_state(message.key)
        return TurnResult((), state or ConversationState())

    async def remember(self, key: ConversationKey, turn: Turn, name: str, value: str) -> bool:
        """Add an adapter's note (a question card's handle, known only once it was sent) to the
        record `turn` saved. One compare-and-set, no read: when another turn has saved since,
        its notes are newer than this one, and it is dropped (False)."""
        notes = {**turn.saved.notes, name: value}
        try:
            await self.store.put(
                key.as_string(),
                Stored(state=turn.saved.state, notes=notes).to_json(),
                expected_version=turn.version,
                ttl_seconds=self.config.retention_seconds,
            )
        except VersionConflict:
            log.debug("a later turn saved first; note %s dropped", name)
            return False
        return True

    async def _update(
        self, key: str, change: Callable[[Stored | None], tuple[Stored, T] | None]
    ) -> tuple[dict[str, str], Stored, int, T] | None:
        """Read, change and write one conversation with its version as the etag. On a conflict
        the loser backs off and recomputes from the winner's record. `change` returning None
        means there is nothing to write. Returns the notes before, the record and version
        written, and what `change` returned beside the record."""
        for attempt in range(_MAX_ATTEMPTS):
            if attempt:
                await _back_off(attempt)
            record = await self.store.get(key)
            stored = self._read(key, record)
            outcome = change(stored)
            if outcome is None:
                return None
            new, value = outcome
            try:
                version = await self.store.put(
                    key,
                    new.to_json(),
                    expected_version=record.version if record else None,
                    ttl_seconds=self.config.retention_seconds,
                )
            except VersionConflict:
                log.info("version conflict on %s (attempt %d); recomputing", key, attempt + 1)
                continue
            return (dict(stored.notes) if stored else {}), new, version, value
        raise RuntimeError(f"could not save conversation {key} after {_MAX_ATTEMPTS} attempts")

    async def load_state(self, key: ConversationKey) -> ConversationState | None:
        skey = key.as_string()
        stored = self._read(skey, await self.store.get(skey))
        return stored.state if stored else None

    def _read(self, key: str, record: Record | None) -> Stored | None:
        if record is None:
            return None
        try:
            return read_record(record.data)
        except ValueError as exc:
            # Old or corrupt state must never crash a turn: log it and start afresh.
            log.warning("discarding unreadable state for %s: %s", key, exc)
            return None
