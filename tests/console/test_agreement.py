"""The chat and `spreadbot recommend` rank alike, over every combination of answers that can
tell them apart.

Paths through the guided questions are clicked through the core, and the same answers are given
to the command line as flags; the chat's result must be the very reply the command prints, and
the command's JSON must rank the same top five. Walked: every combination of the four
method-level answers (5 stages x 4 scales x 5 timeframes x 16 resource sets, "not sure"
included) with no barrier, each single barrier and all seven (14,400 paths); and every one of
the 128 barrier sets with every resource set (2,048 paths). All 204,800 combinations would take
minutes: each answer is mapped and judged on its own, so these cover every option of every
question, alone and together. The walk shares each question's state with every path below it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from functools import partial

import pytest

from adapters.console.cli import parser, recommend_answers, recommend_json
from bot.core import Bot
from bot.criteria import Criterion, spec
from bot.flow import Step
from bot.messages import AnswerAction, AnswerMode, IncomingMessage
from bot.recommend import rank
from bot.replies import QuestionReply, RecommendationsReply
from bot.state import ConversationState
from bot.views import recommendations
from catalogue.schema import Barrier
from tests.bot.transcript import console_key

KEY = console_key("agreement")


def _press(bot: Bot, state: ConversationState, action: AnswerAction) -> tuple:  # type: ignore[type-arg]
    result = bot.handle(IncomingMessage(key=KEY, action=action, received_at=1.0), state)
    return result.replies, result.state, result.refreshed


Wanted = Callable[[tuple[str, ...], Step, tuple[str, ...]], bool]


def wanted(flags: tuple[str, ...], step: Step, values: tuple[str, ...]) -> bool:
    """Which answers to walk, given the flags of the answers before (see the docstring)."""
    if step.criterion is not Criterion.BARRIERS:
        return True
    method_level_unsure = not any(f in flags for f in ("--stage", "--scale", "--timeframe"))
    return method_level_unsure or len(values) <= 1 or len(values) == len(Barrier)


def _leaves(
    bot: Bot,
    state: ConversationState,
    question: QuestionReply,
    flags: tuple[str, ...],
    want: Wanted,
) -> Iterator[tuple[tuple[str, ...], RecommendationsReply]]:
    """(flags, the chat's result) for every wanted way of answering from `question` on."""
    step = bot.flow.step(question.step)
    assert step is not None
    for values, replies, after in _answers(bot, state, question, step, partial(want, flags)):
        more = tuple(f for v in values for f in (f"--{spec(step.criterion).flag}", v))
        last = replies[-1]
        if isinstance(last, RecommendationsReply):
            yield flags + more, last
        else:
            assert isinstance(last, QuestionReply), replies
            yield from _leaves(bot, after, last, flags + more, want)


def _answers(
    bot: Bot,
    state: ConversationState,
    question: QuestionReply,
    step: Step,
    want: Callable[[Step, tuple[str, ...]], bool],
) -> Iterator[tuple[tuple[str, ...], tuple, ConversationState]]:  # type: ignore[type-arg]
    """The wanted answers to one question: (the values chosen, the replies, the state)."""
    by_option = {b.action.option: b.action for b in question.options}  # type: ignore[union-attr]
    unsure = by_option[step.unsure.id]
    replies, after, _ = _press(bot, state, unsure)  # type: ignore[arg-type]
    yield (), replies, after
    options = [o for o in step.options if not o.unsure]
    if not step.multiple:
        for option in options:
            replies, after, _ = _press(bot, state, by_option[option.id])  # type: ignore[arg-type]
            yield (option.value or "",), replies, after
        return
    # Every wanted non-empty subset, reached by adding its options one at a time; the smaller
    # selections on the way are kept, as other subsets start the same way.
    selections: dict[tuple[str, ...], tuple[ConversationState, QuestionReply]] = {
        (): (state, question)
    }

    def select(ids: tuple[str, ...]) -> tuple[ConversationState, QuestionReply]:
        if ids not in selections:
            base_state, base_question = select(ids[:-1])
            add = next(
                b.action
                for b in base_question.options
                if isinstance(b.action, AnswerAction) and b.action.option == ids[-1]
            )
            assert add.mode is AnswerMode.ADD
            replies, picked, refreshed = _press(bot, base_state, add)
            assert replies == () and refreshed is not None
            selections[ids] = (picked, refreshed)
        return selections[ids]

    for size in range(1, len(options) + 1):
        for subset in itertools.combinations(options, size):
            values = tuple(o.value or "" for o in subset)
            if not want(step, values):
                continue
            picked, refreshed = select(tuple(o.id for o in subset))
            assert refreshed.submit is not None
            done = refreshed.submit.action
            assert isinstance(done, AnswerAction)
            replies, after, _ = _press(bot, picked, done)
            yield values, replies, after


@pytest.mark.slow
def test_every_combination_ranks_the_same_in_the_chat_and_on_the_command_line(bot: Bot) -> None:
    start = bot.handle(IncomingMessage(key=KEY, text="guide", received_at=1.0), None)
    question = start.replies[-1]
    assert isinstance(question, QuestionReply)
    cli = parser()
    checked = 0
    for flags, chat_result in _leaves(bot, start.state, question, (), wanted):
        answers = recommend_answers(cli.parse_args(["recommend", *flags]))
        ranked = rank(bot.catalogue, answers)
        assert chat_result == recommendations(bot.catalogue, answers, ranked), flags
        shown = [(i.method_id, i.score) for i in chat_result.items]
        recommendable = [(r.method.id, r.score) for r in ranked if r.recommendable]
        assert shown == recommendable[: len(shown)], flags
        if "--barrier" not in flags:  # the JSON is dear to build; its order is rank's
            listed = recommend_json(bot.catalogue, answers)["recommendations"]
            assert [(x["id"], x["score"]) for x in listed[:5]] == [
                (r.method.id, r.score) for r in ranked[:5]
            ], flags
        checked += 1
    unsure_prefixes = 16  # stage, scale and timeframe "not sure", every resource set
    assert checked == (5 * 4 * 5 * 16 - unsure_prefixes) * (1 + 7 + 1) + unsure_prefixes * 128
