"""Typed words to intents: the same command words on every platform.

`guide` (and natural forms such as "help me choose a method"), `list`, `help`, `find TEXT`,
`compare A and B`, the flow controls, greetings and small talk ("thanks", "who built you");
anything else is a lookup.
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
    SMALL_TALK = "small_talk"


class SmallTalk(StrEnum):
    """Chat that is not a request: it gets a short friendly reply, never "nothing fits"."""

    THANKS = "thanks"
    WHO = "who"  # who built you, what are you, are you a bot
    HOW = "how"  # how are you
    PRAISE = "praise"  # good bot, that helped
    BYE = "bye"
    ACK = "ack"  # ok, cool, got it


@dataclass(frozen=True)
class Intent:
    kind: IntentKind
    command: Command | None = None
    text: str = ""
    other: str = ""  # the second side of a comparison
    criterion: Criterion | None = None  # the answer to change
    small_talk: SmallTalk | None = None


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
# Small talk, as folded text. A message is small talk when it is made only of these pieces (and
# greetings), with the odd filler between them: "ok thanks", "hi, how are you?", "cheers mate".
# Pieces are whole phrases, so "thanks for the franchising info, what about licensing" is not one.
_SMALL_TALK: dict[SmallTalk, str] = {
    SmallTalk.WHO: r"who (?:built|made|created|wrote|designed|developed|owns|runs|programmed|are)"
    r"(?: you| this(?: bot| thing| app)?| spreadbot| the bot)?"
    r"|what (?:are|is) (?:you|this bot|this thing|spreadbot)"
    r"|are you (?:a |an )?(?:real |actual )?(?:bot|robot|human|person|real|ai|chatbot|chatgpt|alive)",
    SmallTalk.HOW: r"how (?:are|r) (?:you|u|things)(?: doing| today)?|hows it going|you ok|you alright",
    SmallTalk.THANKS: r"(?:many |big )?(?:thanks?|thank (?:you|u)|thankyou|thx|ty|ta|cheers|tysm)"
    r"(?: (?:very much|so much|a lot|a million|loads|lots|again|for (?:that|this|the|your)"
    r"(?: help| info| information)?))*|much appreciated|appreciate (?:it|that)",
    SmallTalk.PRAISE: r"(?:good|great|nice|clever|brilliant|lovely) (?:bot|job|one|work|stuff)"
    r"|well done|(?:that|this|you)(?: was| were| is| are)? (?:really |very |so )?"
    r"(?:helpful|useful|brilliant|great|amazing)|(?:very |really |so )?helpful|love it|awesome",
    SmallTalk.BYE: r"(?:good)?bye(?: bye| for now)?|see (?:you|ya)(?: later| soon)?|cya|ttyl"
    r"|cheerio|good ?night|night night|have a (?:good|nice|great) (?:day|evening|weekend)",
    SmallTalk.ACK: r"ok(?:ay)?|cool|great|perfect|lovely|brilliant|fab|nice|grand|sound|got it"
    r"|no worries|fair enough|will do|sure|alright|lol|haha+|hehe|ha",
}
_GREETING = r"hi+|hello|hey+|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening)|morning"
_FILLER = r"mate|bud|buddy|pal|all|folks|spreadbot|bot|there|so|very|much|again|and|x+"
_PIECE = "|".join(f"(?:{p})" for p in (*_SMALL_TALK.values(), _GREETING, _FILLER))
_ONLY_PIECES = re.compile(f"(?:{_PIECE})(?: (?:{_PIECE}))*")  # fullmatch: the whole message
_KIND = {kind: re.compile(f"(?:^| )(?:{p})(?= |$)") for kind, p in _SMALL_TALK.items()}
# Which piece names the message when there are several ("hi, thanks" is thanks).
_PRIORITY = (
    SmallTalk.WHO,
    SmallTalk.HOW,
    SmallTalk.THANKS,
    SmallTalk.PRAISE,
    SmallTalk.BYE,
    SmallTalk.ACK,
)


_GREETED = re.compile(f"(?:^| )(?:{_GREETING})(?= |$)")


def greeting_only(folded: str) -> bool:
    """A greeting with nothing asked: "hello", "hey there", "morning all", "hi bot"."""
    return bool(_ONLY_PIECES.fullmatch(folded)) and _GREETED.search(folded) is not None


def small_talk(folded: str) -> SmallTalk | None:
    """The kind of small talk a folded message is, or None when any of it asks for something."""
    if not _ONLY_PIECES.fullmatch(folded):
        return None
    return next((k for k in _PRIORITY if _KIND[k].search(folded)), None)


_COMPARE = re.compile(r"^\s*compare\s+(.+?)\s+(?:and|with|to|vs\.?|versus)\s+(.+?)\s*\??$", re.I)
_VERSUS = re.compile(r"^\s*(.+?)\s+(?:vs\.?|versus)\s+(.+?)\s*\??$", re.I)
# "what's the difference between A and B", "how does A differ from B", "A compared to B"
_DIFFERENCE = re.compile(
    r"^\s*(?:(?:so\s+)?(?:what(?:'|\u2019)?s|what\s+is|whats)\s+)?(?:the\s+)?"
    r"(?:difference|diff|differences)\s+between\s+(.+?)\s+(?:and|&)\s+(.+?)\s*[?.!]*$",
    re.I,
)
_DIFFER = re.compile(
    r"^\s*(?:how\s+)?(?:does|do|is|are)\s+(.+?)\s+(?:differ(?:ent)?\s+(?:from|to)|"
    r"compare\s+(?:with|to))\s+(.+?)\s*[?.!]*$",
    re.I,
)
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
    chat = small_talk(folded)
    if chat is not None:
        return Intent(IntentKind.SMALL_TALK, small_talk=chat)
    if greeting_only(folded):
        return Intent(IntentKind.GREETING)
    m = _CORRECT.match(folded)
    if m:
        return Intent(IntentKind.CORRECT, criterion=_NAMES[m.group(1) or m.group(2)])
    m = _COMPARE.match(raw) or _VERSUS.match(raw) or _DIFFERENCE.match(raw) or _DIFFER.match(raw)
    if m:
        return Intent(IntentKind.COMPARE, text=m.group(1).strip(), other=m.group(2).strip())
    m = _FIND.match(raw)
    if m:
        return Intent(IntentKind.FIND, text=m.group(1).strip())
    return Intent(IntentKind.LOOKUP, text=raw)
