"""Every global command (help, back, restart, cancel) at every step of the guided selection.

Each is tried typed and, where the question shows it, clicked; the effect on the question shown,
the answers kept and the turn counter is checked.
"""

from __future__ import annotations

import pytest

from bot.core import Bot
from bot.replies import HelpReply, QuestionReply
from tests.bot.transcript import Transcript

STEPS = ("stage", "scale", "timeframe", "resources")
# The answers given on the way to each step (first options), so "back" can be checked precisely.
FIRST_OPTIONS = {"stage": "ideation", "scale": "national", "timeframe": "under-6-months"}


def at_step(bot: Bot, index: int) -> tuple[Transcript, QuestionReply]:
    chat = Transcript(bot)
    chat.send("guide")
    for _ in range(index):
        chat.send("1")
    return chat, chat.expect_question(STEPS[index])


def do(chat: Transcript, command: str, via: str) -> None:
    if via == "typed":
        chat.send(command)
    else:
        chat.click(command.capitalize())


STEP_INDEXES = list(range(len(STEPS)))
VIA = ["typed", "clicked"]


@pytest.mark.parametrize("index", STEP_INDEXES, ids=STEPS)
def test_help_shows_the_step_help_and_reasks_the_same_question(bot: Bot, index: int) -> None:
    chat, q = at_step(bot, index)
    before = chat.state
    chat.send("help")
    assert chat.answered is None
    assert chat.kinds() == ["help", "question"]
    help_reply = chat.replies[0]
    assert isinstance(help_reply, HelpReply)
    step = bot.flow.step(STEPS[index])
    assert step is not None and step.help
    assert help_reply.intro == step.help
    assert [line.command for line in help_reply.lines] == ["back", "restart", "cancel"]
    again = chat.expect_question(STEPS[index])
    assert again.turn == q.turn and again.options == q.options
    assert chat.state is not None and before is not None
    assert chat.state.flow == before.flow and chat.state.turn == before.turn


@pytest.mark.parametrize("via", VIA)
@pytest.mark.parametrize("index", STEP_INDEXES, ids=STEPS)
def test_back(bot: Bot, index: int, via: str) -> None:
    chat, q = at_step(bot, index)
    if index == 0:
        if via == "clicked":
            assert "Back" not in [b.label for b in q.controls]
            return
        chat.send("back")
        chat.expect_notice("nothing to go back to")
        again = chat.expect_question("stage")
        assert again.turn == q.turn
        assert chat.answers == {}
        return
    do(chat, "back", via)
    previous = STEPS[index - 1]
    back = chat.expect_question(previous)
    assert back.turn > q.turn  # a new question: the card it replaced is now stale
    assert chat.answers == {s: FIRST_OPTIONS[s] for s in STEPS[: index - 1]}
    assert previous not in chat.answers
    # The step can be answered afresh, and the flow carries on from there.
    chat.send("2")
    chat.expect_question(STEPS[index])
    assert chat.answers[previous] != FIRST_OPTIONS[previous]


def test_back_repeatedly_walks_to_the_first_question(bot: Bot) -> None:
    chat, _ = at_step(bot, 3)
    for step in reversed(STEPS[:3]):
        chat.send("back")
        chat.expect_question(step)
    assert chat.answers == {}
    chat.send("back")
    chat.expect_notice("nothing to go back to")


@pytest.mark.parametrize("via", VIA)
@pytest.mark.parametrize("index", STEP_INDEXES, ids=STEPS)
def test_restart_goes_to_the_first_question_with_answers_cleared(
    bot: Bot, index: int, via: str
) -> None:
    chat, q = at_step(bot, index)
    do(chat, "restart", via)
    chat.expect_notice("Starting again")
    first = chat.expect_question("stage")
    assert first.turn > q.turn
    assert chat.answers == {}
    assert chat.state is not None and chat.state.flow is not None
    assert chat.state.flow.history == ()


@pytest.mark.parametrize("via", VIA)
@pytest.mark.parametrize("index", STEP_INDEXES, ids=STEPS)
def test_cancel_ends_the_flow(bot: Bot, index: int, via: str) -> None:
    chat, q = at_step(bot, index)
    old = q.options[0].action
    do(chat, "cancel", via)
    notice = chat.expect_notice("cancelled")
    chat.expect_no_question()
    assert chat.state is not None and chat.state.flow is None
    assert "Start again" in [b.label for b in notice.buttons]
    # An old card's button is now stale, and a typed option word is a lookup, not an answer.
    chat.press(old)
    chat.expect_notice("already finished")
    chat.expect_no_question()
    chat.send("1")
    assert chat.answered is None
    chat.expect_no_question()


@pytest.mark.parametrize("command", ["back", "cancel"])
def test_flow_controls_outside_a_flow_say_there_is_nothing_to_do(
    chat: Transcript, command: str
) -> None:
    chat.send(command)
    notice = chat.expect_notice("no guided selection running")
    expected = {"back": "go back to", "cancel": "cancel"}[command]
    assert notice.text.endswith(f"nothing to {expected}.")
    chat.expect_no_question()
    assert chat.state is not None and chat.state.flow is None


@pytest.mark.parametrize("command", ["restart", "start again"])
def test_starting_again_outside_a_flow_starts_the_questions(chat: Transcript, command: str) -> None:
    chat.send(command)
    chat.expect_question("stage")


def test_help_outside_a_flow_lists_the_commands(chat: Transcript) -> None:
    chat.send("help")
    (help_reply,) = chat.replies
    assert isinstance(help_reply, HelpReply)
    commands = " ".join(line.command for line in help_reply.lines)
    for word in ("guide", "list", "find", "compare", "back", "restart", "cancel"):
        assert word in commands
    assert [b.label for b in help_reply.buttons] == ["Help me choose", "List all methods"]
    chat.expect_no_question()


def test_restart_works_for_a_flow_without_an_intro(bot: Bot) -> None:
    flow = bot.flow.model_copy(update={"intro": None})
    chat = Transcript(Bot(bot.catalogue, flow, index=bot.index))
    chat.send("guide")
    chat.expect_question("stage")
    chat.send("1")
    chat.send("restart")
    chat.expect_notice("Starting again")
    chat.expect_question("stage")


@pytest.mark.parametrize("typed", ["0", "9", "42"])
def test_a_number_that_is_no_option_says_which_numbers_there_are(
    chat: Transcript, typed: str
) -> None:
    chat.send("guide")
    chat.send(typed)
    chat.expect_notice("type a number from 1 to 5")
    chat.expect_question("stage")
    assert chat.answered is None
