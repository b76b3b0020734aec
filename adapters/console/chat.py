"""The terminal chat: the whole conversation on the same core, with numbered options.

Reads lines, turns them into IncomingMessages, runs them through the runner (so state is kept in
the configured store and a conversation survives a restart) and prints plain-text replies.
Imports: adapters.runtime, bot, stdlib.
"""

from __future__ import annotations

import asyncio
import getpass
import re
import sys
from collections.abc import Callable
from typing import TextIO

from adapters.platform import Platform
from adapters.runtime import Runtime
from bot.messages import AnyAction, ConversationKey, FeedbackAction, IncomingMessage
from bot.plaintext import render_plain
from bot.replies import (
    Button,
    MethodListReply,
    NoticeReply,
    QuestionReply,
    RecommendationsReply,
    Reply,
)

_LEAVE = frozenset({"/quit", "/exit", "quit", "exit", ":q"})
# A button's label typed as shown presses it; a number after it picks one of several alike
# ("details 2", "helpful 3"), counted in the order shown.
_PRESS = re.compile(r"^\s*(?P<label>.*?[^\d\s])\s*(?P<n>\d+)?\s*[.!]?\s*$")
_SAME_LABEL = {"unhelpful": "not helpful"}
_VOTE = frozenset({"helpful", "not helpful"})


def numbered_choices(replies: tuple[Reply, ...]) -> tuple[Button, ...]:
    """Buttons a bare number picks in the terminal. A pending question's numbers belong to the
    core (typed numbers answer questions on every platform), so none are offered then."""
    if any(isinstance(r, QuestionReply) for r in replies):
        return ()
    lists = [r for r in replies if isinstance(r, MethodListReply)]
    if not lists:
        return ()
    return tuple(item.button for item in lists[-1].items if item.button is not None)


def shown_buttons(replies: tuple[Reply, ...]) -> tuple[Button, ...]:
    """Every button the replies show, in the order shown, except a question's: typed answers to
    a question belong to the core (they work the same on every platform)."""
    out: list[Button] = []
    for reply in replies:
        if isinstance(reply, QuestionReply):
            continue
        if isinstance(reply, RecommendationsReply):
            for item in reply.items:
                out += item.buttons
        out += getattr(reply, "buttons", ())
    return tuple(out)


def _label(text: str) -> str:
    words = " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())
    return _SAME_LABEL.get(words, words)


class ConsoleChat:
    def __init__(
        self, runtime: Runtime, user: str | None = None, out: TextIO | None = None
    ) -> None:
        self.runtime = runtime
        self.out = out or sys.stdout  # looked up now, not at import: tests and tools replace it
        self.key = ConversationKey(
            platform=Platform.CONSOLE, workspace="local", channel="terminal", user=user or _whoami()
        )
        self._choices: tuple[Button, ...] = ()
        self._buttons: tuple[Button, ...] = ()  # the last answer's buttons, pressed by label

    async def send(self, text: str) -> tuple[Reply, ...]:
        text = text.strip()
        action: AnyAction | None = None
        if text.isdigit() and self._choices and 1 <= int(text) <= len(self._choices):
            action = self._choices[int(text) - 1].action
        else:
            pressed = self._press(text)
            if isinstance(pressed, NoticeReply):
                return (pressed,)
            action = pressed
        message = IncomingMessage(key=self.key, text="" if action else text, action=action)
        result = await self.runtime.runner.run_turn(message)
        self._choices = numbered_choices(result.replies)
        shown = shown_buttons(result.replies)
        if isinstance(action, FeedbackAction):
            # A vote's thanks leaves the answer it rated pressable (rate another, see Details).
            self._buttons += shown
        elif shown or not all(isinstance(r, NoticeReply) for r in result.replies):
            self._buttons = shown
        return result.replies

    def _press(self, text: str) -> AnyAction | NoticeReply | None:
        """The action of the shown button whose label was typed (None: it is a message)."""
        typed = _PRESS.match(text)
        if typed is None:
            return None
        label = _label(typed.group("label"))
        alike = [b for b in self._buttons if _label(b.label) == label]
        if not alike:
            if label in _VOTE:
                return NoticeReply(
                    text="There is nothing here to rate: type helpful or not helpful just after "
                    "a method's card or the recommendations."
                )
            return None
        if typed.group("n") is None:
            if len(alike) > 1:
                return NoticeReply(
                    text=f"Which one? Type {label} 1 to {label} {len(alike)}, in the order shown."
                )
            return alike[0].action
        n = int(typed.group("n"))
        if not 1 <= n <= len(alike):
            return NoticeReply(
                text=f"There are {len(alike)} to choose from: {label} 1 to {len(alike)}."
            )
        return alike[n - 1].action

    def show(self, replies: tuple[Reply, ...]) -> None:
        for reply in replies:
            print(render_plain(reply), file=self.out)
            print(file=self.out)

    async def run(self, read_line: Callable[[], str | None]) -> int:
        print(
            "Spreadbot: ask about a method, type guide for help choosing, or help. "
            "Type /quit to leave.\n",
            file=self.out,
        )
        state = await self.runtime.runner.load_state(self.key)
        if state is not None and state.flow is not None:
            print("Welcome back: here is where you left off.\n", file=self.out)
            self.show(await self.send("resume"))
        elif state is not None and state.paused_flow is not None:
            print(
                "You have a paused guided selection: type resume to pick it up, or guide to "
                "start again.\n",
                file=self.out,
            )
        while True:
            line = await asyncio.to_thread(read_line)
            if line is None or line.strip().lower() in _LEAVE:
                print("Goodbye. Your place is kept for next time.", file=self.out)
                return 0
            if not line.strip():
                continue
            self.show(await self.send(line))


def _whoami() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - any failure just means an anonymous local user
        return "local"


def read_stdin_line() -> str | None:
    try:
        if sys.stdin.isatty():
            return input("you> ")
        line = sys.stdin.readline()
        return line if line else None
    except EOFError:
        return None
