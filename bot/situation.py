"""What to do with a message that describes the user's situation (bot.understand reads it).

Outside a guided selection it starts one with what was understood ("I understood: ready to spread
· national · 1 to 3 years") and asks only the questions still open; when the message also names a
method, the method is answered and the selection offered. Inside one, a sentence answers the
pending question, and any other answers it gives are kept so they are not asked.
Imports: bot.*, catalogue and stdlib only.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.criteria import Criterion
from bot.flow import Option, Step
from bot.guided import GuidedSelection, Outcome
from bot.messages import Command, CommandAction
from bot.replies import Button, ButtonStyle, NoticeReply
from bot.state import ConversationState
from bot.understand import Understanding, summary
from catalogue.search import FieldKind, LookupResult, Match, TargetKind
from catalogue.search import Outcome as LookupOutcome

RECOMMEND_BUTTON = Button(
    label="Recommend methods",
    action=CommandAction(command=Command.GUIDE),
    style=ButtonStyle.PRIMARY,
)
_CORRECTING = 'Say "change the timeframe" (or stage, scale, resources, barriers) to correct it.'


@dataclass(frozen=True)
class PendingAnswer:
    """A sentence read as the answer to the pending question, with any other answers it gave."""

    options: tuple[Option, ...]
    state: ConversationState  # the others already filled in
    also: str  # the other answers, in words ("" when none)


class Situations:
    def __init__(self, guided: GuidedSelection) -> None:
        self.guided = guided

    # --- outside a guided selection ---------------------------------------------------------------

    def start(self, state: ConversationState, read: Understanding) -> Outcome:
        """Start the guided selection from what was understood, asking only what is open."""
        values = {f.criterion: f.values for f in read.found}
        progress = self.guided.with_understood(self.guided.fresh(), values)
        out = self.guided.start(state, understood=progress)
        note = NoticeReply(text=f"I understood: {summary(read)}. {_CORRECTING}")
        return Outcome((note, *out.replies), out.state)

    def offer(self, state: ConversationState, read: Understanding) -> Outcome:
        """Keep what was understood for a selection the user can start with one click."""
        values = {f.criterion: f.values for f in read.found}
        progress = self.guided.with_understood(self.guided.fresh(), values)
        note = NoticeReply(
            text=f"You also told me about your situation ({summary(read)}). I can recommend "
            "methods for it.",
            buttons=(RECOMMEND_BUTTON,),
        )
        return Outcome((note,), state.model_copy(update={"suggested": progress}))

    # --- inside one -------------------------------------------------------------------------------

    def answer_pending(
        self, state: ConversationState, step: Step, read: Understanding
    ) -> PendingAnswer | None:
        """The pending question's answer from a sentence, or None when it gives none."""
        options = self.guided.options_for(step, read.get(step.criterion))
        if not options:
            return None
        others = {f.criterion: f.values for f in read.found if f.criterion is not step.criterion}
        return PendingAnswer(options, self._keep(state, others), _words(read, step.criterion))

    def note_others(self, state: ConversationState, read: Understanding) -> Outcome | None:
        """Keep the answers a sentence gives to questions still to come; None when it gives
        none (the pending question is asked again by the caller)."""
        assert state.flow is not None
        pending = self.guided.current_step(state)
        others = {
            f.criterion: f.values
            for f in read.found
            if pending is None or f.criterion is not pending.criterion
        }
        kept = self._keep(state, others)
        if kept == state:
            return None
        note = NoticeReply(text=f"Noted: {_words(read, pending.criterion if pending else None)}.")
        return Outcome((note,), kept)

    def _keep(
        self, state: ConversationState, values: dict[Criterion, frozenset[str]]
    ) -> ConversationState:
        if not values or state.flow is None:
            return state
        progress = self.guided.with_understood(state.flow, values, pending=state.flow.step)
        return state.model_copy(update={"flow": progress})


def _words(read: Understanding, leaving_out: Criterion | None) -> str:
    kept = tuple(f for f in read.found if f.criterion is not leaving_out)
    return summary(Understanding(kept, read.personal)) if kept else ""


def names_an_entry(result: LookupResult) -> bool:
    """The lookup found a method or approach the text names outright (by its name or another
    name, not by words it happens to share with the description, nor an example in passing)."""
    best = result.best
    return (
        result.outcome is LookupOutcome.CONFIDENT
        and best is not None
        and _field(best) in (FieldKind.NAME, FieldKind.ALIAS)
    )


def asks_about_an_entry(result: LookupResult) -> bool:
    """The lookup confidently found an entry by a name, example or acronym: the text is a
    question about the catalogue ("is social franchising national?"), not an answer."""
    best = result.best
    return (
        result.outcome is LookupOutcome.CONFIDENT
        and best is not None
        and best.kind in (TargetKind.METHOD, TargetKind.APPROACH)
        and _field(best) is not None
    )


def _field(match: Match) -> FieldKind | None:
    """Which kind of field matched, read from the match's explanation ("alias 'franchising'",
    "acronym GIRFT", "3 words"); None for a match on shared words."""
    head = match.why.split(" ", 1)[0]
    if head == "acronym":
        return FieldKind.EXAMPLE
    try:
        return FieldKind(head)
    except ValueError:
        return None
