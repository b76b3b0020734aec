"""The conversation core: (incoming message, state, catalogue) -> (replies, new state).

Routing order, written down once: an answer to the pending question, then global commands
(help, back, restart, cancel), then flow entry (guide me), then catalogue lookup, then "not
understood" with suggestions. Imports: bot.*, catalogue.* and stdlib only; no I/O.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from bot.answers import match_options
from bot.criteria import Criterion
from bot.events import TurnEvent, Unanswered, action_events, shown_events
from bot.flow import Flow, Option, Step
from bot.guided import GuidedSelection, Outcome
from bot.intents import Intent, IntentKind, parse_intent
from bot.messages import (
    AnswerAction,
    AnswerMode,
    Command,
    CommandAction,
    FeedbackAction,
    IncomingMessage,
    ShowAction,
)
from bot.replies import Matched, MatchedKind, NoticeReply, QuestionReply, Reply
from bot.situation import Situations, asks_about_an_entry, names_an_entry
from bot.state import ConversationState, FlowProgress
from bot.understand import Understander, Understanding
from bot.views import (
    GUIDE_BUTTON,
    LIST_BUTTON,
    START_AGAIN,
    approach_view,
    catalogue_list,
    comparison,
    did_you_mean,
    feedback_thanks,
    help_reply,
    method_card,
    no_match,
    question_help,
    quote,
    small_talk_reply,
)
from catalogue.matches import MatchKind
from catalogue.schema import Catalogue, Method
from catalogue.search import LookupResult, Match, SearchIndex, TargetKind
from catalogue.search import Outcome as LookupOutcome

# What a flow control would have done, for "there is nothing to ..." outside a flow.
_NOTHING_TO = {Command.BACK: "go back to", Command.CANCEL: "cancel"}


@dataclass(frozen=True)
class BotConfig:
    idle_timeout_seconds: float = 24 * 3600


@dataclass(frozen=True)
class AnsweredQuestion:
    """The question a turn answered, so an adapter can update that card to show the choice."""

    flow: str
    step: str
    turn: int
    prompt: str
    answer_label: str


@dataclass(frozen=True)
class TurnResult:
    replies: tuple[Reply, ...]
    state: ConversationState
    answered: AnsweredQuestion | None = None
    # The pending question redrawn in place (its selection changed): adapters update the card
    # that was clicked, or show it as a new message where they cannot.
    refreshed: QuestionReply | None = None
    events: tuple[TurnEvent, ...] = ()  # what happened, for the owners' report (bot.events)


class Bot:
    """Everything a turn needs, built once: catalogue, search index, flow engine."""

    def __init__(
        self,
        catalogue: Catalogue,
        flow: Flow,
        config: BotConfig | None = None,
        index: SearchIndex | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.flow = flow
        self.config = config or BotConfig()
        self.index = index or SearchIndex(catalogue)
        self.guided = GuidedSelection(flow, catalogue)
        self.situations = Situations(self.guided)

    @functools.cached_property
    def understander(self) -> Understander:
        """Built on first use: a one-off lookup (`spreadbot ask`) never needs it."""
        return Understander(self.flow)

    def lookup(self, text: str) -> LookupResult:
        return self.index.lookup(text)

    # --- the turn -------------------------------------------------------------------------------

    def handle(self, message: IncomingMessage, state: ConversationState | None) -> TurnResult:
        state = state or ConversationState(catalogue_version=self.catalogue.version)
        # Answers understood last turn wait one turn for a "Recommend methods" click.
        suggested = state.suggested
        if suggested is not None:
            state = state.model_copy(update={"suggested": None})
        prelude, state, paused = self._check_stranded(message, state)
        action = message.action
        if paused and (isinstance(action, AnswerAction) or self._answers_paused(message, state)):
            return TurnResult(prelude, state)  # the pause notice already says where things stand
        if isinstance(action, AnswerAction):
            result = self._on_answer_click(action, state)
        elif isinstance(action, ShowAction):
            result = self._with_reask(self._show(action), state)
        elif isinstance(action, CommandAction):
            result = self._on_command(action.command, state, suggested, action.page)
        elif isinstance(action, FeedbackAction):
            result = TurnResult(self._thank(action), state)
        else:
            result = self._on_text(message, state, suggested)
        events = action_events(action) + result.events + shown_events(result.replies)
        return TurnResult(
            prelude + result.replies, result.state, result.answered, result.refreshed, events
        )

    def _check_stranded(
        self, message: IncomingMessage, state: ConversationState
    ) -> tuple[tuple[Reply, ...], ConversationState, bool]:
        """Pause a flow that expired or whose flow or catalogue changed under it."""
        reason: str | None = None
        f = state.flow
        if f is not None:
            idle = message.received_at - state.updated_at
            if state.updated_at and message.received_at and idle > self.config.idle_timeout_seconds:
                reason = "expired"
            elif (
                f.flow != self.flow.id
                or f.version != self.flow.version
                or not self.flow.step(f.step)
            ):
                reason = "flow_changed"
            elif state.catalogue_version and state.catalogue_version != self.catalogue.version:
                reason = "catalogue_changed"
        state = state.model_copy(update={"catalogue_version": self.catalogue.version})
        if reason is None:
            return (), state, False
        out = self.guided.pause(state, reason)
        return out.replies, out.state, True

    def _answers_paused(self, message: IncomingMessage, state: ConversationState) -> bool:
        """Typed text that answers the paused question: not a lookup ("two years" finds nothing)."""
        paused = state.paused_flow
        step = self.flow.step(paused.step) if paused and message.action is None else None
        return step is not None and match_options(step, message.text) is not None

    def _on_answer_click(self, action: AnswerAction, state: ConversationState) -> TurnResult:
        step = self.guided.current_step(state)
        if step is None or not self.guided.is_current(state, action):
            return TurnResult(self._stale(state), state)
        if action.mode is AnswerMode.DONE and step.multiple:
            chosen = self.guided.selection(state, step)
            if not chosen:
                note = NoticeReply(text="Pick one or more answers first, or choose Not sure.")
                return TurnResult((note, *self.guided.reask(state)), state)
            return self._answer(state, step, chosen)
        option = step.option(action.option)
        if option is None or action.mode is AnswerMode.DONE:
            return TurnResult(self._stale(state), state)
        if step.multiple and not option.unsure and action.mode is not AnswerMode.PICK:
            out = self.guided.select(state, step, option, add=action.mode is AnswerMode.ADD)
            return TurnResult(out.replies, out.state, refreshed=out.refreshed)
        return self._answer(state, step, (option,))

    def _stale(self, state: ConversationState) -> tuple[Reply, ...]:
        if state.flow is None:
            return (
                NoticeReply(
                    text="That question belongs to a guided selection that has already finished.",
                    buttons=(START_AGAIN, LIST_BUTTON),
                ),
            )
        note = NoticeReply(text="That question has moved on. Here is where we are now.")
        return (note, *self.guided.reask(state))

    def _answer(
        self, state: ConversationState, step: Step, options: tuple[Option, ...]
    ) -> TurnResult:
        label = ", ".join(o.label for o in options)
        answered = AnsweredQuestion(self.flow.id, step.id, state.turn, step.prompt, label)
        out = self.guided.answer(state, step, options)
        return TurnResult(out.replies, out.state, answered)

    def _on_text(
        self,
        message: IncomingMessage,
        state: ConversationState,
        suggested: FlowProgress | None = None,
    ) -> TurnResult:
        text = message.text
        # 1. an answer to the pending question, in its own words
        step = self.guided.current_step(state)
        if step is not None:
            options = match_options(step, text)
            if options is not None:
                return self._answer(state, step, options)
            if text.strip().isdigit():
                # A number that is none of the options: say which numbers there are.
                count = len(step.options)
                note = NoticeReply(
                    text=f"There are {count} answers here: type a number from 1 to {count}, or "
                    "say it in your own words."
                )
                return self._with_reask((note,), state)
        intent = parse_intent(text)
        # 2-3. global commands, corrections and flow entry
        if intent.kind is IntentKind.COMMAND and intent.command is not None:
            return self._on_command(intent.command, state, suggested)
        if intent.kind is IntentKind.CORRECT and intent.criterion is not None:
            return self._correct(intent.criterion, state)
        # 4. a description of the user's situation, or a sentence answering the question
        looked_up: LookupResult | None = None  # every path from here looks it up: once
        if intent.kind is IntentKind.LOOKUP:
            pending = step.criterion if step is not None else None
            read = self.understander.read(text, message.received_at, pending)
            if read.found:
                looked_up = self.lookup(text)
                taken = self._take(read, text, looked_up, state, step)
                if taken is not None:
                    return taken
        # 5-6. lookups, and "not understood"
        replies, events = self._respond(intent, looked_up)
        return replace(self._with_reask(replies, state), events=events)

    def _take(
        self,
        read: Understanding,
        text: str,
        looked_up: LookupResult,
        state: ConversationState,
        step: Step | None,
    ) -> TurnResult | None:
        """Use what a sentence says of the user's situation, or None to treat it as a lookup
        (`looked_up`: the catalogue lookup of the same text)."""
        s = self.situations
        if step is not None:
            if asks_about_an_entry(looked_up):
                return None  # "is social franchising national?" asks, it does not answer
            found = s.answer_pending(state, step, read)
            if found is not None:
                result = self._answer(found.state, step, found.options)
                note = (NoticeReply(text=f"Also noted: {found.also}."),) if found.also else ()
                return replace(result, replies=note + result.replies)
            # Other answers said while this question waits ("NHSE will fund a central team").
            kept = s.note_others(state, read)
            if kept is not None:
                return self._with_reask(kept.replies, kept.state)
            return None
        if not read.situation:
            return None
        if not read.personal and asks_about_an_entry(looked_up):
            return None  # a name ("National Demand and Capacity Team"), not a situation
        ambiguous = looked_up.outcome is LookupOutcome.AMBIGUOUS and len(read.found) <= 1
        if names_an_entry(looked_up, read, self.catalogue, text) or ambiguous:
            # The message asks about a method as well as describing a situation: answer it (or
            # offer the likely ones), then offer recommendations for the situation.
            replies, events = self._lookup(text, looked_up)
            offer = s.offer(state, read)
            return TurnResult(replies + offer.replies, offer.state, events=events)
        out = s.start(state, read)
        return TurnResult(out.replies, out.state)

    def _correct(self, criterion: Criterion, state: ConversationState) -> TurnResult:
        out = self.guided.revisit(state, criterion)
        if out is None:
            note = NoticeReply(
                text="There are no answers to change yet. Say guide to start, or describe your "
                "situation and I'll work out what I can.",
                buttons=(GUIDE_BUTTON,),
            )
            return self._with_reask((note,), state)
        return TurnResult(out.replies, out.state)

    def _on_command(
        self,
        command: Command,
        state: ConversationState,
        suggested: FlowProgress | None = None,
        page: int | None = None,
    ) -> TurnResult:
        g = self.guided
        in_flow = state.flow is not None
        out: Outcome
        if command is Command.HELP:
            return self._with_reask(self._help(state), state)
        if command is Command.LIST:
            return self._with_reask((catalogue_list(self.catalogue, page or 1),), state)
        if command is Command.GUIDE:
            if in_flow:
                note = NoticeReply(
                    text="You are already in the guided selection; here is the "
                    "current question. Say restart to begin again."
                )
                return TurnResult((note, *g.reask(state)), state)
            out = g.start(state, understood=suggested)
        elif command is Command.RESUME:
            out = g.resume(state)
        elif command is Command.BACK and not in_flow and state.finished is not None:
            # Back from the recommendations reopens the last question answered.
            last = self.flow.step(state.finished.history[-1]) if state.finished.history else None
            reopened = g.revisit(state, last.criterion) if last is not None else None
            if reopened is None:
                return self._with_reask(self._stale(state), state)
            out = reopened
        elif command is Command.RESTART and not in_flow:
            # "Start again" after the recommendations (or out of the blue): begin the questions.
            out = g.start(state)
        elif not in_flow:
            note = NoticeReply(
                text="There is no guided selection running, so there is nothing to "
                f"{_NOTHING_TO[command]}.",
                buttons=(GUIDE_BUTTON, LIST_BUTTON),
            )
            return TurnResult((note,), state)
        elif command is Command.BACK:
            out = g.back(state)
        elif command is Command.RESTART:
            out = g.restart(state)
        else:
            out = g.cancel(state)
        return TurnResult(out.replies, out.state)

    def _with_reask(self, replies: tuple[Reply, ...], state: ConversationState) -> TurnResult:
        """Answer, then ask the pending question again so the user never loses their place."""
        return TurnResult(replies + self.guided.reask(state), state)

    def _help(self, state: ConversationState) -> tuple[Reply, ...]:
        step = self.guided.current_step(state)
        if step is None:
            return (help_reply(),)
        return (question_help(step.help),)

    # --- lookups --------------------------------------------------------------------------------

    def _respond(
        self, intent: Intent, looked_up: LookupResult | None = None
    ) -> tuple[tuple[Reply, ...], tuple[TurnEvent, ...]]:
        """The reply to anything but a command; `looked_up` is the text's lookup when the turn
        has made it already."""
        if intent.kind is IntentKind.EMPTY:
            return (help_reply(),), ()
        if intent.kind is IntentKind.GREETING:
            return (help_reply(greeting=True),), ()
        if intent.kind is IntentKind.SMALL_TALK and intent.small_talk is not None:
            return (small_talk_reply(intent.small_talk),), ()
        if intent.kind is IntentKind.COMPARE:
            return self._compare(intent.text, intent.other), ()
        return self._lookup(intent.text, looked_up)

    def _lookup(
        self, text: str, result: LookupResult | None = None
    ) -> tuple[tuple[Reply, ...], tuple[TurnEvent, ...]]:
        result = result if result is not None else self.lookup(text)
        best = result.best
        if result.outcome is LookupOutcome.CONFIDENT and best is not None:
            target = "approach" if best.kind is TargetKind.APPROACH else "method"
            return self._show(ShowAction(target=target, id=best.id), matched_of(best), text), ()
        if result.outcome is LookupOutcome.AMBIGUOUS:
            offered = Unanswered(text, tuple(m.id for m in result.matches))
            return (did_you_mean(text, result.matches),), (offered,)
        return (no_match(text),), (Unanswered(text),)

    def _thank(self, action: FeedbackAction) -> tuple[Reply, ...]:
        method = self.catalogue.find_method(action.method)
        return (feedback_thanks(method.name if method else "that answer", action.helpful),)

    def _show(
        self, action: ShowAction, matched: Matched | None = None, query: str = ""
    ) -> tuple[Reply, ...]:
        if action.target == "method":
            method = self.catalogue.find_method(action.id)
            if method is not None:
                card = method_card(
                    self.catalogue,
                    method,
                    matched=matched,
                    full=bool(action.full),
                    query=query or action.query,
                )
                return (card,)
        else:
            approach = self.catalogue.find_approach(action.id)
            if approach is not None:
                return (approach_view(self.catalogue, approach, action.page or 1),)
        return (
            NoticeReply(text="That entry is no longer in the catalogue.", buttons=(LIST_BUTTON,)),
        )

    def _best_method(self, text: str) -> Method | None:
        result = self.lookup(text)
        best = next((m for m in result.matches if m.kind is TargetKind.METHOD), None)
        if best is None or result.outcome is LookupOutcome.NONE:
            return None
        return self.catalogue.method(best.id)

    def _compare(self, left_text: str, right_text: str) -> tuple[Reply, ...]:
        left, right = self._best_method(left_text), self._best_method(right_text)
        missing = [t for t, m in ((left_text, left), (right_text, right)) if m is None]
        if left is None or right is None:
            names = " or ".join(quote(t, 100) for t in missing)
            return (
                NoticeReply(
                    text=f"I couldn't find a method for {names} to compare.", buttons=(LIST_BUTTON,)
                ),
            )
        if left.id == right.id:
            return (
                NoticeReply(text=f"Both of those are {left.name}."),
                method_card(self.catalogue, left),
            )
        return (comparison(self.catalogue, left, right),)


def matched_of(match: Match) -> Matched | None:
    """What a lookup matched, when it was an example or an acronym the query named: the card
    then starts with it ("GIRFT (Getting It Right First Time) is an example of ...")."""
    if match.acronym:
        return Matched(kind=MatchedKind.ACRONYM, text=match.acronym)
    if match.example:
        return Matched(kind=MatchedKind.EXAMPLE, text=match.example)
    if match.via is MatchKind.ACRONYM and match.matched:
        return Matched(kind=MatchedKind.ACRONYM, text=match.matched)
    return None
