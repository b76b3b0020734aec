"""The generic engine that runs a flow: ask, answer, back, restart, cancel, resume, finish.

Each operation takes the state and returns replies plus the new state; nothing here routes.
Imports: bot.*, catalogue and stdlib only.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.flow import END, Criterion, Flow, Option, Step
from bot.messages import AnswerAction, Command, CommandAction
from bot.recommend import Answers, Ranked, Verdict, near_misses, rank
from bot.replies import (
    Button,
    ButtonStyle,
    Fit,
    ListItem,
    ListPurpose,
    MethodListReply,
    NoticeReply,
    QuestionReply,
    Reply,
    TextReply,
)
from bot.state import ConversationState, FlowProgress
from bot.views import LIST_BUTTON, method_card, show_button
from catalogue.schema import Catalogue
from catalogue.search import TargetKind

RECOMMENDATIONS_SHOWN = 3

_CONTROLS = (
    Button(label="Back", action=CommandAction(command=Command.BACK)),
    Button(label="Restart", action=CommandAction(command=Command.RESTART)),
    Button(label="Cancel", action=CommandAction(command=Command.CANCEL), style=ButtonStyle.DANGER),
)
START_AGAIN = Button(
    label="Start again", action=CommandAction(command=Command.GUIDE), style=ButtonStyle.PRIMARY
)
RESUME = Button(
    label="Resume", action=CommandAction(command=Command.RESUME), style=ButtonStyle.PRIMARY
)


@dataclass(frozen=True)
class Outcome:
    replies: tuple[Reply, ...]
    state: ConversationState


class GuidedSelection:
    def __init__(self, flow: Flow, catalogue: Catalogue) -> None:
        self.flow = flow
        self.catalogue = catalogue

    # --- questions ------------------------------------------------------------------------------

    def current_step(self, state: ConversationState) -> Step | None:
        return self.flow.step(state.flow.step) if state.flow else None

    def question(self, state: ConversationState) -> QuestionReply:
        """The pending question as it stands (same turn: a re-ask, not a new question)."""
        assert state.flow is not None
        step = self.flow.step(state.flow.step)
        assert step is not None
        return QuestionReply(
            flow=self.flow.id,
            step=step.id,
            turn=state.turn,
            number=self.flow.position(step.id),
            total=len(self.flow.steps),
            prompt=step.prompt,
            help=step.help,
            options=tuple(
                Button(
                    label=o.label,
                    action=AnswerAction(
                        flow=self.flow.id,
                        step=step.id,
                        option=o.id,
                        version=self.flow.version,
                        turn=state.turn,
                    ),
                )
                for o in step.options
            ),
            controls=_CONTROLS if state.flow.history else _CONTROLS[1:],
        )

    def _ask(self, state: ConversationState, progress: FlowProgress) -> Outcome:
        state = state.model_copy(
            update={
                "flow": progress,
                "turn": state.turn + 1,
                "paused_flow": None,
                "paused_reason": None,
            }
        )
        return Outcome((self.question(state),), state)

    def start(self, state: ConversationState) -> Outcome:
        progress = FlowProgress(flow=self.flow.id, version=self.flow.version, step=self.flow.start)
        out = self._ask(state, progress)
        intro = (TextReply(text=self.flow.intro),) if self.flow.intro else ()
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

    def answer(self, state: ConversationState, step: Step, option: Option) -> Outcome:
        assert state.flow is not None
        f = state.flow
        answers = tuple((s, o) for s, o in f.answers if s != step.id) + ((step.id, option.id),)
        history = f.history + (step.id,)
        target = step.leads_to(option)
        if target == END:
            done = f.model_copy(update={"answers": answers, "history": history})
            return self.finish(state.model_copy(update={"flow": done}))
        progress = f.model_copy(update={"step": target, "answers": answers, "history": history})
        return self._ask(state, progress)

    def back(self, state: ConversationState) -> Outcome:
        assert state.flow is not None
        f = state.flow
        if not f.history:
            note = NoticeReply(
                text="This is the first question, so there is nothing to go back to."
            )
            return Outcome((note, self.question(state)), state)
        previous = f.history[-1]
        answers = tuple((s, o) for s, o in f.answers if s not in (previous, f.step))
        progress = f.model_copy(
            update={"step": previous, "answers": answers, "history": f.history[:-1]}
        )
        return self._ask(state, progress)

    def restart(self, state: ConversationState) -> Outcome:
        # No intro this time: the user has seen it, and a flow may not have one at all.
        progress = FlowProgress(flow=self.flow.id, version=self.flow.version, step=self.flow.start)
        out = self._ask(state, progress)
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
        valid = [
            (s, o)
            for s, o in paused.answers
            if (st := self.flow.step(s)) is not None and st.option(o) is not None
        ]
        chosen = dict(valid)
        step_id, history = self.flow.start, []
        while step_id != END and step_id in chosen:
            step = self.flow.step(step_id)
            assert step is not None
            option = step.option(chosen[step_id])
            assert option is not None
            history.append(step_id)
            step_id = step.leads_to(option)
        kept = tuple((s, o) for s, o in valid if s in history)
        if step_id == END:
            # Every question still answered: resume at the last one so the user can confirm.
            step_id = history.pop()
            kept = tuple((s, o) for s, o in kept if s != step_id)
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
        values: dict[Criterion, str] = {}
        chosen: list[str] = []
        for step_id, option_id in state.flow.answers:
            step = self.flow.step(step_id)
            option = step.option(option_id) if step else None
            if step is None or option is None:
                continue
            chosen.append(f"{step.criterion.value.capitalize()}: {option.label}")
            if option.value is not None:
                values[step.criterion] = option.value
        answers = Answers.from_values(values)
        ranked = rank(self.catalogue, answers)
        top = [r for r in ranked if r.fits > 0 and r.fits >= r.misses][:RECOMMENDATIONS_SHOWN]
        summary = "; ".join(chosen)
        replies: list[Reply] = []
        if not answers.asked():
            replies.append(
                NoticeReply(
                    text=f"You weren't sure of any answer ({summary}), so there is nothing to rank "
                    "the methods by. Browse the list, or start again with your best guesses."
                )
            )
        elif top:
            replies.append(
                TextReply(text=f"Here are the methods that best fit your answers ({summary}).")
            )
        else:
            replies.append(
                NoticeReply(
                    text=f"None of the methods with recorded practical considerations fits your "
                    f"answers ({summary}) on most counts."
                )
            )
        for i, r in enumerate(top, start=1):
            replies.append(method_card(self.catalogue, r.method, _fit(i, r)))
        misses = near_misses(ranked, exclude={r.method.id for r in top})
        if misses and answers.asked():
            replies.append(
                MethodListReply(
                    purpose=ListPurpose.NEAR_MISSES,
                    title="Near misses",
                    intro="These fit all but one of your answers.",
                    items=tuple(
                        ListItem(
                            id=r.method.id,
                            title=r.method.name,
                            detail="Does not fit: " + "; ".join(r.reasons(Verdict.MISSES)),
                            button=show_button(TargetKind.METHOD, r.method.id, r.method.name),
                        )
                        for r in misses
                    ),
                )
            )
        unjudged = sum(1 for r in ranked if not r.method.practical.recorded)
        if unjudged and answers.asked():
            replies.append(
                TextReply(
                    text=f"{unjudged} other methods have no recorded practical considerations, so I "
                    "can't judge them against your answers; say list to browse them."
                )
            )
        replies.append(
            NoticeReply(
                text="That's the end of the guided selection. Start again to try other answers.",
                buttons=(START_AGAIN, LIST_BUTTON),
            )
        )
        return Outcome(tuple(replies), state.model_copy(update={"flow": None}))


def _fit(position: int, r: Ranked) -> Fit:
    return Fit(
        rank=position,
        score=r.score,
        fits=r.reasons(Verdict.FITS),
        misses=r.reasons(Verdict.MISSES),
        unknown=r.reasons(Verdict.UNKNOWN),
    )
