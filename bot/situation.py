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
from catalogue.matches import LookupResult, MatchKind, TargetKind
from catalogue.schema import Approach, Catalogue, Method
from catalogue.text import fold

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
        progress = self.guided.with_understood(self.guided.fresh(), read.values())
        out = self.guided.start(state, understood=progress)
        note = NoticeReply(text=f"I understood: {summary(read)}. {_CORRECTING}")
        return Outcome((note, *out.replies), out.state)

    def offer(self, state: ConversationState, read: Understanding) -> Outcome:
        """Keep what was understood for a selection the user can start with one click."""
        progress = self.guided.with_understood(self.guided.fresh(), read.values())
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
        others = read.values(leaving_out=step.criterion)
        return PendingAnswer(options, self._keep(state, others), _words(read, step.criterion))

    def note_others(self, state: ConversationState, read: Understanding) -> Outcome | None:
        """Keep the answers a sentence gives to questions still to come; None when it gives
        none (the pending question is asked again by the caller)."""
        assert state.flow is not None
        pending = self.guided.current_step(state)
        kept = self._keep(state, read.values(leaving_out=pending.criterion if pending else None))
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


def names_an_entry(
    result: LookupResult, read: Understanding, catalogue: Catalogue, text: str
) -> bool:
    """The message asks about one method or approach as well as describing a situation: the
    lookup is sure of it, and either the message names it (by its name, another name, an
    example or an acronym) or says little about the situation besides (one answer at most), so
    the sentence is more a description of the method than of the user's circumstances."""
    best = result.best
    if not result.confident or best is None:
        return False
    return (
        best.via in _NAMING or mentions(catalogue, best.kind, best.id, text) or len(read.found) <= 1
    )


def mentions(catalogue: Catalogue, kind: TargetKind, entry_id: str, text: str) -> bool:
    """Whether `text` has the entry's name or one of its other names in it, word for word."""
    entry: Method | Approach | None = (
        catalogue.find_method(entry_id)
        if kind is TargetKind.METHOD
        else catalogue.find_approach(entry_id)
    )
    if entry is None:
        return False
    words = f" {fold(text)} "
    return any(f" {fold(name)} " in words for name in (entry.name, *entry.aliases) if fold(name))


def asks_about_an_entry(result: LookupResult) -> bool:
    """The lookup confidently found an entry by a name, example or acronym: the text is a
    question about the catalogue ("is social franchising national?"), not an answer."""
    best = result.best
    return result.confident and best is not None and best.via in _NAMING


_NAMING = frozenset({MatchKind.NAME, MatchKind.ALIAS, MatchKind.EXAMPLE, MatchKind.ACRONYM})
