"""The one after-turn path every platform shares: claim the event, run the turn, close the answered
card, redraw a refreshed one, send, remember the question card's handle, and apologise only when
nothing reached the user (never after an answer was delivered).

For each incoming message a platform gives an Outbox: it sends replies, updates a card it has a
handle on, and says what became of each send (Sent). Handles are the platform's own strings; the
service keeps the last question's in the conversation's notes, with the turn that asked it, so a
typed answer can close that card. Work in flight is tracked (InFlight) so a shutdown can drain it.
Imports: adapters.runner, adapters.logs, bot, storage and stdlib.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from adapters import logs
from adapters.runner import ConversationRunner, Turn
from bot.core import AnsweredQuestion
from bot.messages import IncomingMessage
from bot.replies import QuestionReply, Reply
from storage.base import StoreError

log = logging.getLogger(__name__)

# The note holding "<handle>|<turn>" of the last question card sent in a conversation.
QUESTION_NOTE = "question"
# Reading, computing and saving a turn (not sending its replies) gives up after this long.
TURN_SECONDS = 10.0


class Delivery(StrEnum):
    SENT = "sent"  # the platform took it
    FAILED = "failed"  # refused, or the platform could not be reached: the user does not see it
    UNKNOWN = "unknown"  # no clear answer (cut off mid-request): the user may see it


@dataclass(frozen=True)
class Sent:
    delivery: Delivery
    handle: str | None = None  # where the message lives, when the platform can update it later


UNSENT = Sent(Delivery.FAILED)

# What a card can be updated to: the answered question (its buttons gone), or the question redrawn.
Card = AnsweredQuestion | QuestionReply


class Outbox(Protocol):
    """One incoming message's way back to the platform."""

    @property
    def clicked(self) -> str | None:
        """The handle of the card whose button made this message, if a button did."""

    async def send(self, replies: Sequence[Reply]) -> Sequence[Sent]:
        """Send the replies in order; one Sent for each. Never raises."""

    async def update(self, handle: str, card: Card) -> bool:
        """Replace the card at `handle`; False when it could not. Never raises."""

    async def apologise(self) -> None:
        """Tell the user something went wrong on our side. Never raises."""


class Outcome(StrEnum):
    ANSWERED = "answered"
    DUPLICATE = "duplicate"  # its event or message was claimed before: a redelivery
    REPEATED_CLICK = "repeated click"  # the click that already answered, again: nothing to do
    UNDELIVERED = "undelivered"  # the turn was saved but no reply reached the platform
    FAILED = "failed"  # the turn itself failed (store, core, deadline): apologised


class InFlight:
    """Work acknowledged to the platform but not finished: drained, within a bound, at shutdown."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._idle = asyncio.Event()
        self._idle.set()

    def __len__(self) -> int:
        return len(self._tasks)

    @contextlib.asynccontextmanager
    async def track(self) -> AsyncIterator[None]:
        """Count the current task as in flight while inside (once: nested tracks are no-ops)."""
        task = asyncio.current_task()
        assert task is not None
        if task in self._tasks:
            yield
            return
        self._add(task)
        try:
            yield
        finally:
            self._discard(task)

    def spawn(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run `work` as its own task, in flight from now until it ends."""
        task = asyncio.get_running_loop().create_task(work)
        self._add(task)
        task.add_done_callback(self._discard)
        return task

    def _add(self, task: asyncio.Task[Any]) -> None:
        self._tasks.add(task)
        self._idle.clear()

    def _discard(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not self._tasks:
            self._idle.set()

    async def drain(self, timeout: float) -> int:
        """Wait up to `timeout` for the work in flight; cancel what is left and say how much."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), timeout)
        left = [t for t in self._tasks if t is not asyncio.current_task()]
        for task in left:
            task.cancel()
        if left:
            await asyncio.gather(*left, return_exceptions=True)
        return len(left)


class TurnService:
    def __init__(
        self,
        runner: ConversationRunner,
        platform: str,
        *,
        turn_seconds: float = TURN_SECONDS,
    ) -> None:
        self.runner = runner
        self.platform = platform
        self.turn_seconds = turn_seconds
        self.inflight = InFlight()
        self.store_outage = logs.OutageLog("state store", log)

    async def claim(self, tokens: Sequence[str]) -> bool:
        """True when every token (event id, then message identity...) is seen for the first
        time. One after the other, stopping at the first seen before: claimed at once, two
        deliveries could each win one token, lose the other, and neither answer."""
        for token in tokens:
            if not await self.runner.first_delivery(token):
                return False
        return True

    async def handle(
        self,
        message: IncomingMessage,
        outbox: Outbox,
        *,
        kind: str,
        claims: Sequence[str] = (),
    ) -> Outcome:
        """Everything after the platform's ack for one message; logs one line for it."""
        outcome = await self._handle(message, outbox, claims)
        logs.handled(self.platform, kind, outcome.value)
        return outcome

    async def _handle(
        self, message: IncomingMessage, outbox: Outbox, claims: Sequence[str]
    ) -> Outcome:
        try:
            async with asyncio.timeout(self.turn_seconds):
                if claims and not await self.claim(claims):
                    return Outcome.DUPLICATE
                turn = await self.runner.take_turn(message)
        except Exception as exc:  # noqa: BLE001 - any failure of the turn gets the apology
            self._turn_failed(exc)
            await outbox.apologise()
            return Outcome.FAILED
        self.store_outage.recovered()
        if turn is None:
            return Outcome.REPEATED_CLICK
        sent = await self._deliver(message, turn, outbox)
        if sent and all(s.delivery is Delivery.FAILED for s in sent):
            # Nothing got through (the answer is lost, the state has moved on): a short note may
            # pass where the answer could not, and tells the user to ask again.
            await outbox.apologise()
            return Outcome.UNDELIVERED
        return Outcome.ANSWERED

    def _turn_failed(self, exc: Exception) -> None:
        if isinstance(exc, StoreError):
            self.store_outage.failed(exc)
        elif isinstance(exc, TimeoutError):
            log.error("a turn took longer than %.0f s; abandoned", self.turn_seconds)
        else:
            log.exception("a turn failed", exc_info=exc)

    async def _deliver(
        self, message: IncomingMessage, turn: Turn, outbox: Outbox
    ) -> Sequence[Sent]:
        result = turn.result
        clicked = outbox.clicked
        if result.answered is not None:
            card = clicked or _question_card(turn.notes, result.answered.turn)
            if card is not None:
                await outbox.update(card, result.answered)
        replies = result.replies
        if result.refreshed is not None and not (
            clicked is not None and await outbox.update(clicked, result.refreshed)
        ):
            replies = (*replies, result.refreshed)
        sent = list(await outbox.send(replies)) if replies else []
        asked = [
            (reply.turn, s.handle)
            for reply, s in zip(replies, sent, strict=False)
            if isinstance(reply, QuestionReply) and s.handle is not None
        ]
        if asked:
            question_turn, handle = asked[-1]
            try:
                await self.runner.remember(
                    message.key, turn, QUESTION_NOTE, f"{handle}|{question_turn}"
                )
            except StoreError as exc:
                # The answer is out; only the means to close its card later is lost.
                log.warning("could not note the question card: %s", exc)
        return sent


def _question_card(notes: Mapping[str, str], turn: int) -> str | None:
    """The handle of the last question card, if it is the one asked at `turn`."""
    handle, _, asked = notes.get(QUESTION_NOTE, "").rpartition("|")
    return handle if handle and asked == str(turn) else None
