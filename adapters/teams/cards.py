"""Adaptive Cards 1.5 (the highest Teams renders) for the core's replies: one pure function each.

Buttons become Action.Submit whose `data` is {"spreadbot": <the typed action as a JSON object>}, so a
click comes back as a message whose `value` names flow, step, option and turn, never a label.
Imports: stdlib, bot.messages, bot.replies, bot.core (AnsweredQuestion) only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from bot.core import AnsweredQuestion
from bot.messages import AnyAction, Command, CommandAction, FeedbackAction, encode_action
from bot.plaintext import VERDICT_WORDS, position_words
from bot.replies import (
    NOT_RECORDED,
    Button,
    ButtonStyle,
    ComparisonReply,
    ListItem,
    ListPurpose,
    MethodCardReply,
    MethodListReply,
    NoticeLevel,
    NoticeReply,
    QuestionReply,
    RecommendationsReply,
    Reply,
    TextReply,
    Verdict,
)

Card = dict[str, Any]
Element = dict[str, Any]

CARD_VERSION = "1.5"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
ACTION_KEY = "spreadbot"
_SCHEMA_URL = "http://adaptivecards.io/schemas/adaptive-card.json"
# Teams shows at most 6 actions in one row (its host config's maxActions); longer sets are cut off.
_MAX_ACTIONS_PER_ROW = 5
WELCOME_ABOUT = (
    "I help NHS teams choose how to spread and scale an innovation, using NHS Horizons' "
    "Approaches to Spread and Scale: seven approaches, their methods, examples and practical "
    "considerations."
)
WELCOME_STEPS = (
    "guide: answer a few questions and get methods that fit your situation",
    "list: see every approach and its methods",
    "find WORDS: look up a method, or just type what you are after",
    "help: everything I understand",
)
WELCOME_SHARED = "In channels and group chats, @mention me first, for example: @Spreadbot guide"
_STYLES = {ButtonStyle.PRIMARY: "positive", ButtonStyle.DANGER: "destructive"}


# -- building blocks ---------------------------------------------------------------------------


def card(body: Sequence[Element], actions: Sequence[Element] = ()) -> Card:
    result: Card = {
        "type": "AdaptiveCard",
        "$schema": _SCHEMA_URL,
        "version": CARD_VERSION,
        "body": list(body),
        # Teams-only: use the chat's full width (dropped before schema validation in tests).
        "msteams": {"width": "Full"},
    }
    if actions:
        result["actions"] = list(actions)
    return result


_MARKDOWN = re.compile(r"([\\`*_\[\]()#>~|!])")
_LIST_MARK = re.compile(r"^(\s*)([-+]|\d+\.)(\s)", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """TextBlocks render markdown, and some text comes from users (quoted back in notices):
    escape it so "[Verify your login](https://…)" shows as typed, never as a link."""
    return _LIST_MARK.sub(r"\1\\\2\3", _MARKDOWN.sub(r"\\\1", text))


def text_block(text: str, **style: Any) -> Element:
    return {"type": "TextBlock", "text": escape_markdown(text), "wrap": True, **style}


def heading(text: str, size: str = "Medium") -> Element:
    return text_block(text, weight="Bolder", size=size)


def subtle(text: str, **style: Any) -> Element:
    return text_block(text, isSubtle=True, **style)


def bullets(lines: Iterable[str]) -> Element:
    # TextBlock markdown: one "- " line per item renders as a list in Teams.
    text = "\n".join(f"- {escape_markdown(line)}" for line in lines)
    return {"type": "TextBlock", "text": text, "wrap": True}


def action_data(action: AnyAction) -> dict[str, Any]:
    return {ACTION_KEY: json.loads(encode_action(action))}


def submit(button: Button) -> Element:
    result: Element = {
        "type": "Action.Submit",
        "title": button.label,
        "data": action_data(button.action),
    }
    if button.style in _STYLES:
        result["style"] = _STYLES[button.style]
    return result


def open_url(title: str, url: str) -> Element:
    return {"type": "Action.OpenUrl", "title": title, "url": url}


def action_rows(buttons: Sequence[Button]) -> list[Element]:
    """ActionSets of at most a row's worth of buttons each, so Teams never hides any."""
    return [
        {"type": "ActionSet", "actions": [submit(b) for b in buttons[i : i + _MAX_ACTIONS_PER_ROW]]}
        for i in range(0, len(buttons), _MAX_ACTIONS_PER_ROW)
    ]


def card_actions(buttons: Sequence[Button], source_url: str | None = None) -> list[Element]:
    actions = [submit(b) for b in buttons]
    if source_url:
        actions.append(open_url("Read the source", source_url))
    return actions


def _section(label: str, lines: Sequence[str]) -> list[Element]:
    if not lines:
        return []
    return [heading(label, size="Default") | {"spacing": "Medium"}, bullets(lines)]


# -- one render function per reply type --------------------------------------------------------


def render_notice(reply: NoticeReply) -> Card:
    style = "warning" if reply.level is NoticeLevel.WARNING else "emphasis"
    items = [heading(reply.title)] if reply.title else []
    items.append(text_block(reply.text))
    body = [{"type": "Container", "style": style, "items": items}]
    return card(body, card_actions(reply.buttons))


def render_text(reply: TextReply) -> Card:
    """Text is normally sent as a plain message; this card form exists for uniformity."""
    return card([text_block(reply.text)])


def render_question(reply: QuestionReply) -> Card:
    body: list[Element] = [
        subtle(f"Question {reply.number} of {reply.total}", size="Small"),
        heading(reply.prompt),
    ]
    if reply.help:
        body.append(subtle(reply.help))
    if reply.multiple:
        chosen = ", ".join(reply.selected) if reply.selected else "nothing yet"
        body.append(text_block(f"Selected: {chosen}. Pick all that apply, then Done."))
    # One option a row: full-width buttons keep long answer labels readable.
    answers = reply.options + ((reply.submit,) if reply.submit else ())
    body.extend(
        {"type": "ActionSet", "actions": [submit(option)], "spacing": "Small"}
        for option in answers
    )
    body.append(subtle("You can also type your answer.", size="Small", spacing="Medium"))
    return card(body, card_actions(reply.controls))


def render_answered(answered: AnsweredQuestion) -> Card:
    """What a question card becomes once answered: the choice shown, the buttons gone."""
    return card(
        [
            heading(answered.prompt),
            text_block(f"✔ {answered.answer_label}", color="Good", weight="Bolder"),
        ]
    )


def render_method_card(reply: MethodCardReply) -> Card:
    body: list[Element] = [
        heading(reply.name, size="Large"),
        subtle(f"Approach: {reply.approach_name}"),
    ]
    if reply.summary:
        body.append(text_block(reply.summary, weight="Bolder"))
    if reply.description:
        body.append(text_block(reply.description))
    if reply.facts:
        facts = [{"title": row.label, "value": row.shown} for row in reply.facts]
        body += [
            heading("Practical considerations", "Default"),
            {"type": "FactSet", "facts": facts},
        ]
    body += _section("Examples", reply.examples)
    body += _section("Strengths of this approach", reply.strengths)
    body += _section("Limitations of this method", reply.method_limitations)
    body += _section("Limitations of this approach", reply.limitations)
    if reply.references:
        body += [heading("References", "Small"), subtle(_joined(reply.references), size="Small")]
    # Helpful / Not helpful get a row of their own, so the card's other actions keep their room.
    votes = [b for b in reply.buttons if isinstance(b.action, FeedbackAction)]
    others = [b for b in reply.buttons if not isinstance(b.action, FeedbackAction)]
    return card(body + action_rows(votes), card_actions(others, reply.source_url))


def _item(item: ListItem, purpose: ListPurpose) -> Element:
    items: list[Element] = [text_block(item.title, weight="Bolder", color="Accent")]
    if item.detail:
        items.append(subtle(item.detail, spacing="None"))
    container: Element = {"type": "Container", "items": items, "spacing": "Small"}
    if item.button is not None:
        if purpose in (ListPurpose.DID_YOU_MEAN, ListPurpose.NEAR_MISSES):
            items.extend(action_rows([item.button]))
        else:
            # Long lists: the whole row is the button, which keeps the card compact.
            container["selectAction"] = submit(item.button)
    return container


def render_method_list(reply: MethodListReply) -> Card:
    body: list[Element] = [heading(reply.title, size="Large")]
    if reply.intro:
        body.append(text_block(reply.intro))
    for section in reply.sections:
        body += _section(section.label, section.lines)
    group: str | None = None
    for item in reply.items:
        if item.group and item.group != group:
            group = item.group
            body.append(heading(group, "Default") | {"spacing": "Large", "separator": True})
        body.append(_item(item, reply.purpose))
    return card(body, card_actions(reply.buttons, reply.source_url))


def _cell(text: str | None, *, width: int, **style: Any) -> Element:
    shown = text_block(text, **style) if text is not None else subtle(NOT_RECORDED)
    return {"type": "Column", "width": width, "items": [shown]}


def render_recommendations(reply: RecommendationsReply) -> Card:
    body: list[Element] = [heading(reply.title, size="Large")]
    if reply.understood:
        body.append(subtle("Your answers: " + " · ".join(f.shown for f in reply.understood)))
    if reply.intro:
        body.append(text_block(reply.intro))
    for item in reply.items:
        body.append(
            heading(
                f"{position_words(item.position, item.joint)}. {item.name} ({item.score}% fit)",
                "Medium",
            )
        )
        lines = [
            f"{VERDICT_WORDS[r.verdict]}: {r.text}"
            for r in item.reasons
            if r.verdict is not Verdict.UNKNOWN
        ]
        if lines:
            body.append(bullets(lines))
        if item.details is not None:
            body.append({"type": "ActionSet", "actions": [submit(item.details)]})
    if reply.near_misses:
        body.append(subtle("Near misses: " + "; ".join(m.title for m in reply.near_misses)))
    if reply.unjudged:
        body.append(
            subtle(f"{reply.unjudged} other methods could not be judged against your answers.")
        )
    return card(body, card_actions(reply.buttons))


def render_comparison(reply: ComparisonReply) -> Card:
    header = {
        "type": "ColumnSet",
        "columns": [
            _cell("", width=2),
            _cell(reply.left_name, width=3, weight="Bolder"),
            _cell(reply.right_name, width=3, weight="Bolder"),
        ],
    }
    rows = [
        {
            "type": "ColumnSet",
            "separator": True,
            "columns": [
                _cell(row.label, width=2, weight="Bolder"),
                _cell(row.left, width=3),
                _cell(row.right, width=3),
            ],
        }
        for row in reply.rows
    ]
    body = [heading(f"{reply.left_name} compared with {reply.right_name}", "Large"), header, *rows]
    return card(body, card_actions(reply.buttons))


def render_welcome() -> Card:
    """The greeting on install in a team or group chat: what Spreadbot does and how to start.

    Personal chats get none: there Teams shows the manifest's prompt starters instead, and
    Microsoft's guidance is one or the other."""
    body = [heading("Hello, I'm Spreadbot", "Large"), text_block(WELCOME_ABOUT)]
    body += [heading("How to start", "Default"), bullets(WELCOME_STEPS), subtle(WELCOME_SHARED)]
    buttons = [
        Button(
            label="Guide me", action=CommandAction(command=Command.GUIDE), style=ButtonStyle.PRIMARY
        ),
        Button(label="List approaches", action=CommandAction(command=Command.LIST)),
        Button(label="Help", action=CommandAction(command=Command.HELP)),
    ]
    return card(body, card_actions(buttons))


def welcome_plain() -> str:
    lines = ["Hello, I'm Spreadbot.", WELCOME_ABOUT, "How to start:", *WELCOME_STEPS]
    return "\n".join([*lines, WELCOME_SHARED])


def render_card(reply: Reply) -> Card:
    """The card for any reply type (exhaustive over the closed set)."""
    match reply:
        case TextReply():
            return render_text(reply)
        case NoticeReply():
            return render_notice(reply)
        case QuestionReply():
            return render_question(reply)
        case MethodCardReply():
            return render_method_card(reply)
        case MethodListReply():
            return render_method_list(reply)
        case RecommendationsReply():
            return render_recommendations(reply)
        case ComparisonReply():
            return render_comparison(reply)
    raise TypeError(f"no card for reply {type(reply).__name__}")


def _joined(lines: Sequence[str]) -> str:
    return "\n\n".join(lines)
