"""The generic engine that runs a flow: ask, answer, back, restart, cancel, resume, finish.

Each operation takes the state and returns replies plus the new state; nothing here routes.
A step whose criterion takes several answers keeps a selection that the user changes with
toggling buttons and sends with Done. Steps already answered from what the user wrote are
passed over (they stay in the history, so back returns to them).
Imports: bot.*, catalogue and stdlib only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.criteria import Answers, Criterion
from bot.flow import END, Flow, Option, Step
from bot.messages import AnswerAction, AnswerMode, Command, CommandAction
from bot.recommend import Ranker
from bot.replies import (
    Button,
    ButtonStyle,
    NoticeReply,
    QuestionReply,
    Reply,
    TextReply,
)
from bot.state import ConversationState, FlowProgress
from bot.views import LIST_BUTTON, START_AGAIN, recommendations
from catalogue.schema import Catalogue

_CONTROLS = (
    Button(label="Back", action=CommandAction(command=Command.BACK)),
    Button(label="Restart", action=CommandAction(command=Command.RESTART)),
    Button(label="Cancel", action=CommandAction(command=Command.CANCEL), style=ButtonStyle.DANGER),
)
RESUME = Button(
    label="Resume", action=CommandAction(command=Command.RESUME), style=ButtonStyle.PRIMARY
)


@dataclass(frozen=True)
class Outcome:
    replies: tuple[Reply, ...]
    state: ConversationState
    # The pending question, redrawn after its selection changed: adapters update the card the
    # user clicked instead of posting a new one.
    refreshed: QuestionReply | None = None


def answers_of(flow: Flow, progress: FlowProgress) -> Answers:
    """The criterion values a flow's answers stand for ("not sure" stands for none)."""
    values: dict[Criterion, set[str]] = {}
    taken = set(progress.history)  # answers off the path the user took do not count
    for step_id, option_ids in progress.answers:
        step = flow.step(step_id)
        if step is None or step_id not in taken:
            continue
        for option_id in option_ids:
            option = step.option(option_id)
            if option is not None and option.value is not None:
                values.setdefault(step.criterion, set()).add(option.value)
    return Answers.of(values)


class GuidedSelection:
    def __init__(self, flow: Flow, catalogue: Catalogue, ranker: Ranker | None = None) -> None:
        self.flow = flow
        self.catalogue = catalogue
        self.ranker = ranker or Ranker(catalogue)

    # --- questions ------------------------------------------------------------------------------

    def current_step(self, state: ConversationState) -> Step | None:
        return self.flow.step(state.flow.step) if state.flow else None

    def question(self, state: ConversationState) -> QuestionReply:
        """The pending question as it stands (same turn: a re-ask, not a new question)."""
        assert state.flow is not None
        progress = state.flow
        step = self.flow.step(progress.step)
        assert step is not None
        number = len(progress.history) + 1

        def action(option: str, mode: AnswerMode) -> AnswerAction:
            return AnswerAction(
                flow=self.flow.id,
                step=step.id,
                option=option,
                version=self.flow.version,
                turn=state.turn,
                mode=mode,
            )

        selected = set(progress.selected)
        options = []
        for o in step.options:
            if not step.multiple or o.unsure:
                mode = AnswerMode.PICK
            else:
                mode = AnswerMode.REMOVE if o.id in selected else AnswerMode.ADD
            label = ("✓ " + o.label) if o.id in selected else o.label
            options.append(Button(label=label, action=action(o.id, mode)))
        submit = None
        if step.multiple:
            submit = Button(
                label="Done", action=action("", AnswerMode.DONE), style=ButtonStyle.PRIMARY
            )
        return QuestionReply(
            flow=self.flow.id,
            step=step.id,
            turn=state.turn,
            number=number,
            total=len(progress.history) + self.flow.remaining(step.id),
            prompt=step.prompt,
            help=step.help,
            options=tuple(options),
            controls=_CONTROLS if progress.history else _CONTROLS[1:],
            multiple=step.multiple,
            selected=tuple(o.label for o in step.options if o.id in selected),
            submit=submit,
        )

    def _ask(self, state: ConversationState, progress: FlowProgress) -> Outcome:
        """Move to `progress.step` (passing over steps already understood) and ask it."""
        progress = self._pass_understood(progress)
        if progress.step == END:
            return self.finish(state.model_copy(update={"flow": progress}))
        step = self.flow.step(progress.step)
        assert step is not None
        # Returning to a several-answer step shows what was chosen there before.
        earlier = progress.selected or progress.answer_for(step.id) or () if step.multiple else ()
        keep = tuple(o for o in earlier if (opt := step.option(o)) and not opt.unsure)
        progress = progress.model_copy(update={"selected": keep})
        state = state.model_copy(
            update={
                "flow": progress,
                "turn": state.turn + 1,
                "paused_flow": None,
                "paused_reason": None,
            }
        )
        return Outcome((self.question(state),), state)

    def _pass_understood(self, progress: FlowProgress) -> FlowProgress:
        """Skip forward over steps answered from the user's own words."""
        seen: set[str] = set()
        while progress.step != END and progress.step in progress.understood:
            if progress.step in seen:  # a loop in the flow cannot hold us here
                break
            seen.add(progress.step)
            step = self.flow.step(progress.step)
            chosen = progress.answer_for(progress.step)
            if step is None or not chosen:
                break
            target = self._next(step, chosen)
            progress = progress.model_copy(
                update={"step": target, "history": progress.history + (step.id,)}
            )
        return progress

    def _next(self, step: Step, option_ids: Iterable[str]) -> str:
        ids = list(option_ids)
        if step.multiple or len(ids) != 1:
            return step.next
        option = step.option(ids[0])
        return step.leads_to(option) if option is not None else step.next

    def start(self, state: ConversationState, understood: FlowProgress | None = None) -> Outcome:
        """Begin the flow; `understood` carries answers already taken from the user's words."""
        progress = understood or self.fresh()
        out = self._ask(state, progress)
        intro = (TextReply(text=self.flow.intro),) if self.flow.intro and not understood else ()
        return Outcome(intro + out.replies, out.state)

    def reask(self, state: ConversationState) -> tuple[Reply, ...]:
        return (self.question(state),) if state.flow else ()

    # --- answering ------------------------------------------------------------------------------

    def is_current(self, state: ConversationState, action: AnswerAction) -> bool:
        f = state.flow
        return (
            f is not None
            and action.flow == f.flow == self.flow.id
            and action.version == f.version == self.flow.version
            and action.step == f.step
            and action.turn == state.turn
        )

    def answer(self, state: ConversationState, step: Step, options: tuple[Option, ...]) -> Outcome:
        assert state.flow is not None
        f = state.flow
        ids = tuple(o.id for o in options)
        answers = tuple((s, o) for s, o in f.answers if s != step.id) + ((step.id, ids),)
        history = f.history + (step.id,)
        understood = tuple(s for s in f.understood if s != step.id)
        target = self._next(step, ids)
        progress = f.model_copy(
            update={
                "step": target,
                "answers": answers,
                "history": history,
                "selected": (),
                "understood": understood,
            }
        )
        return self._ask(state, progress)

    def select(self, state: ConversationState, step: Step, option: Option, add: bool) -> Outcome:
        """Change the pending several-answer question's selection; the same turn goes on."""
        assert state.flow is not None
        chosen = set(state.flow.selected)
        if add:
            chosen.add(option.id)
        else:
            chosen.discard(option.id)
        ordered = tuple(o.id for o in step.options if o.id in chosen)
        if ordered == state.flow.selected:  # a repeated click: nothing changes
            return Outcome((), state)
        state = state.model_copy(
            update={"flow": state.flow.model_copy(update={"selected": ordered})}
        )
        return Outcome((), state, refreshed=self.question(state))

    def selection(self, state: ConversationState, step: Step) -> tuple[Option, ...]:
        assert state.flow is not None
        return tuple(o for o in step.options if o.id in state.flow.selected)

    def back(self, state: ConversationState) -> Outcome:
        assert state.flow is not None
        f = state.flow
        if not f.history:
            note = NoticeReply(
                text="This is the first question, so there is nothing to go back to."
            )
            return Outcome((note, self.question(state)), state)
        previous = f.history[-1]
        step = self.flow.step(previous)
        earlier = f.answer_for(previous) or ()
        # Going back to a question lets the user change it: it is no longer taken as understood.
        # A several-answer question shows what was chosen before.
        progress = f.model_copy(
            update={
                "step": previous,
                "answers": tuple((s, o) for s, o in f.answers if s not in (previous, f.step)),
                "history": f.history[:-1],
                "understood": tuple(s for s in f.understood if s != previous),
                "selected": earlier if step is not None and step.multiple else (),
            }
        )
        return self._ask(state, progress)

    def restart(self, state: ConversationState) -> Outcome:
        # No intro this time: the user has seen it, and a flow may not have one at all.
        out = self._ask(state, self.fresh())
        note = NoticeReply(text="Starting again from the first question.")
        return Outcome((note, *out.replies), out.state)

    def cancel(self, state: ConversationState) -> Outcome:
        state = state.model_copy(update={"flow": None, "turn": state.turn + 1})
        note = NoticeReply(
            title="Guided selection cancelled",
            text="Your answers have been cleared. Ask me about any method, or start again.",
            buttons=(START_AGAIN, LIST_BUTTON),
        )
        return Outcome((note,), state)

    # --- pausing and resuming -------------------------------------------------------------------

    def pause(self, state: ConversationState, reason: str) -> Outcome:
        """Set a stranded flow aside and tell the user, offering to resume or start again."""
        texts = {
            "expired": "Your guided selection from earlier expired after a long pause.",
            "flow_changed": "The guided questions have changed since you started.",
            "catalogue_changed": "The catalogue has been updated since you started.",
        }
        state = state.model_copy(
            update={
                "paused_flow": state.flow,
                "paused_reason": reason,
                "flow": None,
                "turn": state.turn + 1,
            }
        )
        # Offer to resume only when some answers carry over; otherwise it is just starting again.
        kept = self._restorable(state.paused_flow)
        resumable = kept is not None and bool(kept.answers)
        note = NoticeReply(
            title="Picking up where you left off",
            text=texts[reason]
            + (
                " You can resume with the answers that still apply, or start again."
                if resumable
                else " Please start again."
            ),
            buttons=(RESUME, START_AGAIN) if resumable else (START_AGAIN,),
        )
        return Outcome((note,), state)

    def _restorable(self, paused: FlowProgress | None) -> FlowProgress | None:
        """The paused answers that still fit the current flow, positioned at the next question."""
        if paused is None or paused.flow != self.flow.id:
            return None
        chosen: dict[str, tuple[str, ...]] = {}
        for s, opts in paused.answers:
            step = self.flow.step(s)
            if step is None or not opts or any(step.option(o) is None for o in opts):
                continue
            if len(opts) > 1 and not step.multiple:
                continue
            chosen[s] = opts
        step_id, history = self.flow.start, []
        while step_id != END and step_id in chosen and step_id not in history:
            step = self.flow.step(step_id)
            assert step is not None
            history.append(step_id)
            step_id = self._next(step, chosen[step_id])
        kept = tuple((s, chosen[s]) for s in history)
        if step_id == END:
            # Every question still answered: resume at the last one so the user can confirm.
            step_id = history.pop()
            kept = kept[:-1]
        return FlowProgress(
            flow=self.flow.id,
            version=self.flow.version,
            step=step_id,
            answers=kept,
            history=tuple(history),
        )

    def resume(self, state: ConversationState) -> Outcome:
        if state.flow is not None:
            return Outcome(self.reask(state), state)
        progress = self._restorable(state.paused_flow)
        if progress is None:
            note = NoticeReply(
                text="There is no guided selection to resume.", buttons=(START_AGAIN,)
            )
            return Outcome((note,), state)
        return self._ask(state, progress)

    # --- results --------------------------------------------------------------------------------

    def finish(self, state: ConversationState) -> Outcome:
        assert state.flow is not None
        answers = answers_of(self.flow, state.flow)
        reply = recommendations(self.catalogue, answers, self.ranker.rank(answers))
        return Outcome((reply,), state.model_copy(update={"flow": None, "finished": state.flow}))

    # --- answers taken from what the user wrote -------------------------------------------------

    def with_understood(
        self,
        progress: FlowProgress,
        values: Mapping[Criterion, frozenset[str]],
        pending: str | None = None,
    ) -> FlowProgress:
        """`progress` with each step whose criterion `values` gives, and which is neither
        behind the user nor `pending` (being asked), answered and marked understood (so it is
        passed over, not asked)."""
        answers = dict(progress.answers)
        understood = list(progress.understood)
        for step in self.flow.steps:
            chosen = values.get(step.criterion)
            if not chosen or step.id in progress.history or step.id == pending:
                continue
            options = self.options_for(step, chosen)
            if options:
                answers[step.id] = tuple(o.id for o in options)
                if step.id not in understood:
                    understood.append(step.id)
        return progress.model_copy(
            update={"answers": tuple(answers.items()), "understood": tuple(understood)}
        )

    def fresh(self) -> FlowProgress:
        """Progress at the first question, nothing answered."""
        return FlowProgress(flow=self.flow.id, version=self.flow.version, step=self.flow.start)

    def options_for(self, step: Step, values: frozenset[str]) -> tuple[Option, ...]:
        """The step's options standing for `values` (empty when they cannot answer it)."""
        options = tuple(o for o in step.options if o.value in values)
        return options if step.multiple or len(options) == 1 else ()

    def revisit(self, state: ConversationState, criterion: Criterion) -> Outcome | None:
        """Go back to the question of `criterion` to change its answer; every other answer
        stands. Works in a running selection and on the last finished one; None when there is
        no such question to go back to."""
        progress = state.flow or state.finished
        target = next((s for s in self.flow.steps if s.criterion is criterion), None)
        if progress is None or target is None:
            return None
        answered = [s for s, _ in progress.answers if s != target.id]
        path, step_id = [], self.flow.start
        while step_id != END and step_id != target.id and step_id not in path:
            step = self.flow.step(step_id)
            if step is None:
                return None
            path.append(step_id)
            step_id = self._next(step, progress.answer_for(step_id) or ())
        if step_id != target.id:
            return None
        earlier = progress.answer_for(target.id) or ()
        moved = progress.model_copy(
            update={
                "step": target.id,
                "history": tuple(path),
                "answers": tuple((s, o) for s, o in progress.answers if s != target.id),
                "understood": tuple(s for s in answered if s not in path),
                "selected": earlier if target.multiple else (),
            }
        )
        state = state.model_copy(update={"finished": None})
        return self._ask(state, moved)
