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
from bot.replies import Button, MethodCardReply, MethodListReply, NoticeReply, QuestionReply, Reply

_LEAVE = frozenset({"/quit", "/exit", "quit", "exit", ":q"})
# The console's words for the Helpful / Not helpful buttons; a number picks one of several cards.
_VOTE = re.compile(r"^\s*(not helpful|unhelpful|helpful)\s*(\d+)?\s*[.!]?\s*$", re.IGNORECASE)


def numbered_choices(replies: tuple[Reply, ...]) -> tuple[Button, ...]:
    """Buttons a bare number picks in the terminal. A pending question's numbers belong to the
    core (typed numbers answer questions on every platform), so none are offered then."""
    if any(isinstance(r, QuestionReply) for r in replies):
        return ()
    lists = [r for r in replies if isinstance(r, MethodListReply)]
    if not lists:
        return ()
    return tuple(item.button for item in lists[-1].items if item.button is not None)


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
        self._cards: tuple[MethodCardReply, ...] = ()  # the last answer's cards, to vote on

    async def send(self, text: str) -> tuple[Reply, ...]:
        text = text.strip()
        action: AnyAction | None = None
        if text.isdigit() and self._choices and 1 <= int(text) <= len(self._choices):
            action = self._choices[int(text) - 1].action
        vote = _VOTE.match(text)
        if vote and self._cards:
            found = self._vote(vote)
            if isinstance(found, NoticeReply):
                return (found,)
            action = found
        message = IncomingMessage(key=self.key, text="" if action else text, action=action)
        result = await self.runtime.runner.run_turn(message)
        self._choices = numbered_choices(result.replies)
        cards = tuple(r for r in result.replies if isinstance(r, MethodCardReply))
        if cards:
            self._cards = cards
        return result.replies

    def _vote(self, vote: re.Match[str]) -> FeedbackAction | NoticeReply:
        """The card's own feedback action that `helpful [N]` / `not helpful [N]` stands for."""
        helpful = vote.group(1).lower() == "helpful"
        word = vote.group(1).lower()
        if vote.group(2) is None and len(self._cards) > 1:
            return NoticeReply(
                text=f"Which answer? Type {word} 1 to {word} {len(self._cards)}, in the order shown."
            )
        n = int(vote.group(2) or 1)
        if not 1 <= n <= len(self._cards):
            return NoticeReply(text=f"There are {len(self._cards)} answers to choose from.")
        for button in self._cards[n - 1].buttons:
            if isinstance(button.action, FeedbackAction) and button.action.helpful is helpful:
                return button.action
        return NoticeReply(text="That answer cannot be rated.")

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
