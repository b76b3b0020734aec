"""Typed words to intents: the same command words on every platform.

`guide` (and natural forms such as "help me choose a method"), `list`, `help`, `find TEXT`,
`compare A and B`, and the flow controls; anything else is a lookup.
Imports: bot.messages, catalogue.text and stdlib only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.criteria import CRITERIA, Criterion
from bot.messages import Command
from catalogue.text import fold


class IntentKind(StrEnum):
    EMPTY = "empty"
    GREETING = "greeting"
    COMMAND = "command"
    FIND = "find"
    COMPARE = "compare"
    CORRECT = "correct"  # change one answer of the guided selection: "change the timeframe"
    LOOKUP = "lookup"


@dataclass(frozen=True)
class Intent:
    kind: IntentKind
    command: Command | None = None
    text: str = ""
    other: str = ""  # the second side of a comparison
    criterion: Criterion | None = None  # the answer to change


_COMMAND_FORMS: dict[Command, tuple[str, ...]] = {
    Command.GUIDE: (
        "guide",
        "guide me",
        "guided",
        "start guide",
        "guided selection",
        "start",
        "begin",
        "recommend",
        "recommend a method",
        "recommendations",
        "choose",
        "help me choose",
        "help me choose a method",
        "help me pick",
        "help me pick a method",
        "help me decide",
        "which method",
        "which method should i use",
        "what should i use",
        "choose a method",
        "find a method",
        "find me a method",
        "select a method",
        "method selection",
    ),
    Command.HELP: ("help", "h", "usage", "commands", "what can you do", "how does this work"),
    Command.LIST: (
        "list",
        "list all",
        "list methods",
        "list approaches",
        "list all methods",
        "show all",
        "all methods",
        "methods",
        "approaches",
        "catalogue",
        "show methods",
        "menu",
    ),
    Command.BACK: ("back", "go back", "previous", "undo", "previous question"),
    Command.RESTART: ("restart", "start again", "start over", "reset", "begin again"),
    Command.CANCEL: ("cancel", "stop", "quit", "exit", "end", "never mind", "nevermind"),
    Command.RESUME: ("resume", "continue", "carry on", "pick up where i left off"),
}
_BY_FORM = {form: cmd for cmd, forms in _COMMAND_FORMS.items() for form in forms}
_GREETINGS = frozenset(
    {
        "hi",
        "hello",
        "hey",
        "hiya",
        "good morning",
        "good afternoon",
        "hi there",
        "hello there",
        "morning",
        "yo",
        "greetings",
    }
)
_COMPARE = re.compile(r"^\s*compare\s+(.+?)\s+(?:and|with|to|vs\.?|versus)\s+(.+?)\s*\??$", re.I)
_VERSUS = re.compile(r"^\s*(.+?)\s+(?:vs\.?|versus)\s+(.+?)\s*\??$", re.I)
_NAMES = {fold(name): s.criterion for s in CRITERIA for name in (s.criterion.value, *s.names)}
_NAME = "|".join(sorted((re.escape(n) for n in _NAMES), key=len, reverse=True))
_CORRECT = re.compile(
    rf"^(?:(?:i want to |id like to |can i |let me |please )?(?:change|edit|fix|correct|update|"
    rf"redo|amend|alter|revise)|go back to|back to)\s+(?:the |my |our |that |your )?({_NAME})"
    rf"(?: answer| question)?(?: please)?$"
    rf"|^(?:the |my |our |that )?({_NAME})(?: answer)? (?:is|was) wrong$"
)
_FIND = re.compile(r"^\s*(?:find|search|search for|look up|lookup)\s+(.+)$", re.I)


def parse_intent(text: str) -> Intent:
    raw = text.strip()
    folded = fold(raw)
    if not folded:
        return Intent(IntentKind.EMPTY)
    if folded in _BY_FORM:
        return Intent(IntentKind.COMMAND, command=_BY_FORM[folded])
    if folded in _GREETINGS:
        return Intent(IntentKind.GREETING)
    m = _CORRECT.match(folded)
    if m:
        return Intent(IntentKind.CORRECT, criterion=_NAMES[m.group(1) or m.group(2)])
    m = _COMPARE.match(raw) or _VERSUS.match(raw)
    if m:
        return Intent(IntentKind.COMPARE, text=m.group(1).strip(), other=m.group(2).strip())
    m = _FIND.match(raw)
    if m:
        return Intent(IntentKind.FIND, text=m.group(1).strip())
    return Intent(IntentKind.LOOKUP, text=raw)
