"""The conversation core: (incoming message, state, catalogue) -> (replies, new state).

Routing order, written down once: an answer to the pending question, then global commands
(help, back, restart, cancel), then flow entry (guide me), then catalogue lookup, then "not
understood" with suggestions. Imports: bot.*, catalogue.* and stdlib only; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.answers import match_options
from bot.flow import Flow, Option, Step
from bot.guided import GuidedSelection, Outcome
from bot.intents import Intent, IntentKind, parse_intent
from bot.messages import (
    AnswerAction,
    AnswerMode,
    Command,
    CommandAction,
    IncomingMessage,
    ShowAction,
)
from bot.replies import Matched, MatchedKind, NoticeReply, QuestionReply, Reply
from bot.state import ConversationState
from bot.views import (
    GUIDE_BUTTON,
    LIST_BUTTON,
    START_AGAIN,
    approach_view,
    catalogue_list,
    comparison,
    did_you_mean,
    help_reply,
    method_card,
    no_match,
    question_help,
    quote,
)
from catalogue.schema import Catalogue, Method
from catalogue.search import LookupResult, Match, SearchIndex, TargetKind
from catalogue.search import Outcome as LookupOutcome

# What a flow control would have done, for "there is nothing to ..." outside a flow.
_NOTHING_TO = {Command.BACK: "go back to", Command.RESTART: "restart", Command.CANCEL: "cancel"}


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

    def lookup(self, text: str) -> LookupResult:
        return self.index.lookup(text)

    # --- the turn -------------------------------------------------------------------------------

    def handle(self, message: IncomingMessage, state: ConversationState | None) -> TurnResult:
        state = state or ConversationState(catalogue_version=self.catalogue.version)
        prelude, state, paused = self._check_stranded(message, state)
        action = message.action
        if paused and (isinstance(action, AnswerAction) or self._answers_paused(message, state)):
            return TurnResult(prelude, state)  # the pause notice already says where things stand
        if isinstance(action, AnswerAction):
            result = self._on_answer_click(action, state)
        elif isinstance(action, ShowAction):
            result = self._with_reask(self._show(action), state)
        elif isinstance(action, CommandAction):
            result = self._on_command(action.command, state, action.page)
        else:
            result = self._on_text(message.text, state)
        return TurnResult(prelude + result.replies, result.state, result.answered, result.refreshed)

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

    def _on_text(self, text: str, state: ConversationState) -> TurnResult:
        # 1. an answer to the pending question
        step = self.guided.current_step(state)
        if step is not None:
            options = match_options(step, text)
            if options is not None:
                return self._answer(state, step, options)
        intent = parse_intent(text)
        # 2-3. global commands and flow entry
        if intent.kind is IntentKind.COMMAND and intent.command is not None:
            return self._on_command(intent.command, state)
        # 4-5. lookups, and "not understood"
        return self._with_reask(self._respond(intent), state)

    def _on_command(
        self, command: Command, state: ConversationState, page: int | None = None
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
            out = g.start(state)
        elif command is Command.RESUME:
            out = g.resume(state)
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

    def _respond(self, intent: Intent) -> tuple[Reply, ...]:
        if intent.kind is IntentKind.EMPTY:
            return (help_reply(),)
        if intent.kind is IntentKind.GREETING:
            return (help_reply(greeting=True),)
        if intent.kind is IntentKind.COMPARE:
            return self._compare(intent.text, intent.other)
        return self._lookup(intent.text)

    def _lookup(self, text: str) -> tuple[Reply, ...]:
        result = self.lookup(text)
        best = result.best
        if result.outcome is LookupOutcome.CONFIDENT and best is not None:
            target = "approach" if best.kind is TargetKind.APPROACH else "method"
            return self._show(ShowAction(target=target, id=best.id), matched_of(best))
        if result.outcome is LookupOutcome.AMBIGUOUS:
            return (did_you_mean(text, result.matches),)
        return (no_match(text),)

    def _show(self, action: ShowAction, matched: Matched | None = None) -> tuple[Reply, ...]:
        if action.target == "method":
            method = self.catalogue.find_method(action.id)
            if method is not None:
                card = method_card(self.catalogue, method, matched=matched, full=bool(action.full))
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
    """What a lookup matched, read from `Match.why` ("acronym GIRFT", "example 'Q Exchange'"):
    the one place to switch to the structured fields once the search exposes them."""
    kind, _, text = match.why.partition(" ")
    if kind == "acronym" and text:
        return Matched(kind=MatchedKind.ACRONYM, text=text)
    if kind == "example" and len(text) > 2 and text[0] == text[-1] and text[0] in "'\"":
        return Matched(kind=MatchedKind.EXAMPLE, text=text[1:-1])
    return None
