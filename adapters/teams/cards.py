"""Adaptive Cards 1.5 (the highest Teams renders) for the core's replies: one pure function each,
laid out for a phone first (320 px) and checked against Teams' size limit.

Buttons become Action.Submit whose `data` is {"spreadbot": <the typed action as a JSON object>}, so a
click comes back as a message whose `value` names flow, step, option and turn, never a label.
Wording comes from bot.views and bot.plaintext, the same on every platform.
Imports: stdlib, adapters.teams.layout, bot.core (AnsweredQuestion), bot.plaintext, bot.replies,
bot.views only.
"""

from __future__ import annotations

from typing import assert_never

from adapters.teams.layout import (
    ACTION_KEY,
    CARD_BUDGET,
    CARD_CONTENT_TYPE,
    CARD_VERSION,
    Card,
    Element,
    action_data,
    buttons,
    card,
    facts,
    heading,
    labelled,
    link,
    plain,
    rich,
    rows,
    run,
    size,
    submit,
    text_block,
    titled,
    toggle,
)
from bot.core import AnsweredQuestion
from bot.plaintext import (
    BOTH,
    NEAR_MISSES,
    answers_line,
    approach_line,
    matched_line,
    near_miss_names,
    not_shown_line,
    rank_line,
    render_plain,
    selected_words,
    unjudged_line,
    verdict_groups,
)
from bot.replies import (
    NOT_RECORDED,
    ComparisonReply,
    HelpReply,
    ListItem,
    ListPurpose,
    MethodCardReply,
    MethodListReply,
    NoticeLevel,
    NoticeReply,
    QuestionReply,
    Recommendation,
    RecommendationsReply,
    Reply,
    TextReply,
)
from bot.views import HELP_TOGGLE_LABEL, SOURCE_LABEL, welcome

__all__ = [
    "ACTION_KEY",
    "CARD_BUDGET",
    "CARD_CONTENT_TYPE",
    "CARD_VERSION",
    "Card",
    "action_data",
    "render_answered",
    "render_card",
    "render_welcome",
    "size",
    "welcome_plain",
]

# The core pages its lists well below this; a longer one is cut here rather than refused by Teams.
MAX_ITEMS = 30
_DETAILS_ID = "details"
_HELP_ID = "help"


def render_text(reply: TextReply) -> Card:
    """Text is normally sent as a plain message; this card form exists for uniformity."""
    return card(plain(reply.text), render_plain(reply))


def render_help(reply: HelpReply) -> Card:
    body: list[Element] = [heading(reply.title)]
    if reply.intro:
        body += plain(reply.intro)
    for i, line in enumerate(reply.lines):
        body.append(
            rich(
                run(line.command, weight="Bolder"),
                run(f" \u2013 {line.text}"),
                spacing="Medium" if i == 0 else "Small",
            )
        )
    if reply.note:
        body += plain(reply.note, isSubtle=True, spacing="Medium")
    body += buttons(reply.buttons, spacing="Medium")
    return card(body, render_plain(reply))


def render_notice(reply: NoticeReply) -> Card:
    style = "warning" if reply.level is NoticeLevel.WARNING else "emphasis"
    items = [heading(reply.title, "Medium")] if reply.title else []
    items += plain(reply.text)
    body: list[Element] = [{"type": "Container", "style": style, "items": items}]
    body += buttons(reply.buttons)
    return card(body, render_plain(reply))


def render_question(reply: QuestionReply) -> Card:
    body: list[Element] = [
        *plain(f"Question {reply.number} of {reply.total}", isSubtle=True, size="Small"),
        heading(reply.prompt, "Medium", spacing="Small"),
    ]
    if reply.help:
        # Folded away: the options come first on a small screen.
        body += rows([toggle(HELP_TOGGLE_LABEL, _HELP_ID)], spacing="Small")
        help_box = plain(reply.help, isSubtle=True)
        body.append({"type": "Container", "id": _HELP_ID, "isVisible": False, "items": help_box})
    if reply.multiple:
        body.append(labelled("Selected", selected_words(reply)))
    # One answer a row: full-width buttons keep long answer labels readable.
    answers = reply.options + ((reply.submit,) if reply.submit else ())
    for i, option in enumerate(answers):
        body.append(
            {
                "type": "ActionSet",
                "actions": [submit(option)],
                "spacing": "Medium" if i == 0 else "Small",
            }
        )
    # Back, restart and cancel are kept apart from the answers, under a rule.
    body += plain("You can also type your answer.", isSubtle=True, size="Small", spacing="Large")
    body += buttons(reply.controls, spacing="Small", separator=True)
    return card(body, render_plain(reply))


def render_answered(answered: AnsweredQuestion) -> Card:
    """What a question card becomes once answered: the choice shown in words, the buttons gone."""
    body = [heading(answered.prompt, "Default"), labelled("Answered", answered.answer_label)]
    return card(body, f"{answered.prompt} Answered: {answered.answer_label}")


# -- method card -----------------------------------------------------------------------------


def _examples_line(reply: MethodCardReply) -> Element:
    names = "; ".join(e.name for e in reply.examples) if reply.examples else NOT_RECORDED
    return labelled("Examples", names)


def _method_details(reply: MethodCardReply) -> list[Element]:
    """Everything past the summary: description, the examples' notes (every example, when the
    card is shown in full), limitations, strengths, references and a link to the source."""
    out: list[Element] = []
    if reply.description:
        out += plain(reply.description)
    examples = [
        f"{e.name}: {e.note}" if e.note else e.name for e in reply.examples if reply.full or e.note
    ]
    out += titled("Examples" if reply.full else "About the examples", examples)
    out += titled("Limitations of this method", reply.method_limitations)
    out += titled("Strengths of the approach", reply.strengths)
    out += titled("Limitations of the approach", reply.limitations)
    if reply.references:
        out.append(heading("References", "Default", spacing="Medium"))
        # A TextBlock, not rich text: a reference's long address must wrap on a phone.
        for ref in reply.references:
            out.append(text_block(ref, isSubtle=True, size="Small", spacing="Small"))
    if reply.source_url:
        out.append(link(SOURCE_LABEL, reply.source_url, spacing="Medium"))
    return out


def render_method_card(reply: MethodCardReply) -> Card:
    body: list[Element] = []
    if reply.matched:
        body += plain(matched_line(reply.matched), isSubtle=True)
    body.append(heading(reply.name, **({"spacing": "Small"} if reply.matched else {})))
    body += plain(approach_line(reply.approach_name), isSubtle=True, spacing="None")
    if reply.summary:
        body += plain(reply.summary)
    if reply.facts:
        body.append(facts(reply.facts))
    if not reply.full or not reply.examples:
        body.append(_examples_line(reply))
    details = _method_details(reply)
    actions: list[Element] = []
    if details and reply.full:
        body += details
    elif details and reply.details is not None:
        body.append({"type": "Container", "id": _DETAILS_ID, "isVisible": False, "items": details})
        actions.append(toggle(reply.details.label, _DETAILS_ID))
    actions += [submit(b) for b in reply.buttons]
    body += rows(actions, spacing="Medium")
    return card(body, render_plain(reply))


# -- lists -----------------------------------------------------------------------------------


def _item(item: ListItem, purpose: ListPurpose) -> Element:
    items: list[Element] = [text_block(item.title, weight="Bolder", color="Accent")]
    if item.detail and purpose is not ListPurpose.CATALOGUE:
        items += plain(item.detail, isSubtle=True, spacing="None")
    row: Element = {"type": "Container", "items": items, "spacing": "Small"}
    if item.button is not None:
        # The whole row opens the entry: a method's name is too long for a button on a phone.
        # Its title is what screen readers announce for the row.
        row["selectAction"] = submit(item.button)
    return row


def render_method_list(reply: MethodListReply) -> Card:
    body: list[Element] = [heading(reply.title)]
    if reply.intro:
        body += plain(reply.intro)
    for section in reply.sections:
        body += titled(section.label, section.lines)
    group: str | None = None
    for item in reply.items[:MAX_ITEMS]:
        if item.group and item.group != group:
            group = item.group
            body.append(heading(group, "Default", spacing="Large", separator=True))
        body.append(_item(item, reply.purpose))
    if len(reply.items) > MAX_ITEMS:
        body += plain(not_shown_line(len(reply.items) - MAX_ITEMS), isSubtle=True)
    if reply.source_url:
        body.append(link(SOURCE_LABEL, reply.source_url, spacing="Medium"))
    body += buttons(reply.buttons, spacing="Large")
    return card(body, render_plain(reply))


# -- recommendations ------------------------------------------------------------------------


def _recommendation(item: Recommendation, first: bool) -> Element:
    items: list[Element] = [
        *plain(rank_line(item.position, item.joint, item.score), isSubtle=True, size="Small"),
        heading(item.name, "Medium", spacing="None"),
    ]
    why: list[Element] = []
    for label, said in verdict_groups(item.reasons):
        why += [run(f"{label}: ", weight="Bolder"), run(f"{said}. ")]
    if why:
        items.append(rich(*why, spacing="Small"))
    if item.facts:
        items.append(facts(item.facts, spacing="Small"))
    if item.buttons:
        items += buttons(item.buttons, spacing="Small")
    return {
        "type": "Container",
        "items": items,
        "separator": not first,
        "spacing": "Medium" if first else "Large",
    }


def render_recommendations(reply: RecommendationsReply) -> Card:
    body: list[Element] = [heading(reply.title)]
    answers = answers_line(reply)
    if answers:
        body += plain(answers, isSubtle=True, spacing="Small")
    if reply.intro:
        body += plain(reply.intro, spacing="Small")
    body += [_recommendation(item, i == 0) for i, item in enumerate(reply.items)]
    near = near_miss_names(reply)
    if near:
        body.append(labelled(NEAR_MISSES, near, spacing="Large", separator=True))
    unjudged = unjudged_line(reply)
    if unjudged:
        body += plain(unjudged, isSubtle=True, spacing="Medium" if reply.near_misses else "Large")
    body += buttons(reply.buttons, spacing="Medium")
    return card(body, render_plain(reply))


# -- comparison ------------------------------------------------------------------------------


def render_comparison(reply: ComparisonReply) -> Card:
    """Stacked, not side by side: a phone has no room for columns. Rows that are the same for
    both methods are stated once."""
    body: list[Element] = [heading(reply.title)]
    shared = reply.shared()
    if shared:
        body += [heading(BOTH, "Default", spacing="Medium"), facts(shared, spacing="Small")]
    for side in reply.sides():
        items: list[Element] = [heading(side.name, "Medium")]
        if side.rows:
            items.append(facts(side.rows, spacing="Small"))
        if side.details is not None:
            items += buttons((side.details,), spacing="Small")
        body.append({"type": "Container", "items": items, "separator": True, "spacing": "Large"})
    body += buttons(reply.buttons, spacing="Medium")
    return card(body, render_plain(reply))


# -- welcome ---------------------------------------------------------------------------------


def render_welcome(*, shared: bool = True) -> Card:
    """The install greeting: what Spreadbot does and how to start. Teams sends it only where
    prompt starters cannot show (a team or group chat), so `shared` is the usual case."""
    return render_help(welcome(shared=shared))


def welcome_plain(*, shared: bool = True) -> str:
    return render_plain(welcome(shared=shared))


def render_card(reply: Reply) -> Card:
    """The card for any reply type (exhaustive over the closed set)."""
    match reply:
        case TextReply():
            return render_text(reply)
        case HelpReply():
            return render_help(reply)
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
        case _:
            assert_never(reply)
