"""Neutral replies out: one pure function per reply type -> Block Kit blocks + plain-text fallback.

Also the answered-question card, the "Share in channel" variant and the App Home view. No I/O.
Imports: slack_sdk.models, adapters.slack.layout/parse and bot.* only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any, assert_never

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DividerBlock,
    Option,
    OptionGroup,
    PlainTextObject,
    StaticSelectElement,
)

from adapters.slack import layout as L
from adapters.slack.parse import ACTION_ID_PREFIX, SHARE_ACTION_ID
from bot.core import AnsweredQuestion
from bot.messages import encode_action
from bot.plaintext import (
    BOTH,
    NEAR_MISSES,
    answers_line,
    approach_line,
    matched_line,
    near_miss_names,
    rank_line,
    render_plain,
    selected_words,
    unjudged_line,
    verdict_groups,
)
from bot.replies import (
    NOT_RECORDED,
    ComparisonReply,
    FactRow,
    HelpReply,
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
from bot.views import OPEN_LABEL, PICK_LABEL, SOURCE_LABEL, welcome


@dataclass(frozen=True)
class Rendered:
    blocks: list[dict[str, Any]]
    text: str  # plain-text fallback, escaped: Slack parses it as mrkdwn in notifications
    shareable: bool = False  # an answer worth a "Share in channel" button when sent privately


def render_reply(reply: Reply) -> Rendered:
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


def render_text(reply: TextReply) -> Rendered:
    blocks = L.finish([L.plain_section(p) for p in _paragraphs(reply.text)], [])
    return Rendered(blocks, L.fallback(render_plain(reply)))


def _help_blocks(reply: HelpReply) -> list[Block]:
    content: list[Block] = [L.header(reply.title)]
    if reply.intro:
        content.append(L.plain_section(reply.intro))
    if reply.lines:
        items = [[(line.command, True), (f" \u2013 {line.text}", False)] for line in reply.lines]
        content.append(L.rich_list(None, items))
    if reply.note:
        content.append(L.plain_context(reply.note))
    return content


def render_help(reply: HelpReply) -> Rendered:
    blocks = L.finish(_help_blocks(reply), L.action_rows(reply.buttons, "h"))
    return Rendered(blocks, L.fallback(render_plain(reply)))


def render_notice(reply: NoticeReply) -> Rendered:
    icon = ":warning:" if reply.level == NoticeLevel.WARNING else ":information_source:"
    title = f" *{L.lit(reply.title)}*" if reply.title else ""
    content: list[Block] = []
    if title:
        content += L.section(icon + title)
    # The text may quote the user's own words: plain text, never formatting or mentions.
    content += [L.plain_section(p) for p in _paragraphs(reply.text)]
    blocks = L.finish(content, L.action_rows(reply.buttons, "n"))
    return Rendered(blocks, L.fallback(render_plain(reply)))


def render_question(reply: QuestionReply) -> Rendered:
    content: list[Block] = [
        L.context(f"Question {reply.number} of {reply.total}"),
        L.rich([[(reply.prompt, True)]]),
    ]
    if reply.help:
        content.append(L.plain_context(reply.help))
    if reply.multiple:
        content.append(L.rich([L.labelled("Selected", selected_words(reply))]))
    answers = reply.options + ((reply.submit,) if reply.submit else ())
    actions = L.action_rows(answers, "o")
    if reply.controls:
        # Back, restart and cancel are kept apart from the answers.
        actions += [L.context("You can also type your answer."), DividerBlock()]
        actions += L.action_rows(reply.controls, "c")
    return Rendered(L.finish(content, actions), L.fallback(render_plain(reply)))


def render_answered(answered: AnsweredQuestion) -> Rendered:
    """The question card once answered: the choice shown in words, the buttons gone."""
    content: list[Block] = [
        L.rich([[(answered.prompt, True)], L.labelled("Answered", answered.answer_label)])
    ]
    text = L.fallback(f"{answered.prompt} Answered: {answered.answer_label}")
    return Rendered(L.finish(content, []), text)


# -- method card -----------------------------------------------------------------------------


def _fact_lines(rows: Sequence[FactRow]) -> list[list[L.Part]]:
    return [L.labelled(row.label, row.shown) for row in rows]


def _method_details(reply: MethodCardReply) -> list[Block]:
    content: list[Block] = [L.plain_section(p) for p in _paragraphs(reply.description or "")]
    examples = [[(e.name, True), (f": {e.note}" if e.note else "", False)] for e in reply.examples]
    for title, items in (
        ("Examples", examples),
        ("Limitations of this method", [[(x, False)] for x in reply.method_limitations]),
        ("Strengths of the approach", [[(x, False)] for x in reply.strengths]),
        ("Limitations of the approach", [[(x, False)] for x in reply.limitations]),
        ("References", [[(x, False)] for x in reply.references]),
    ):
        if items:
            content.append(L.rich_list(title, items))
    if reply.source_url:
        content.append(L.context(_link(reply.source_url, SOURCE_LABEL)))
    return content


def render_method_card(reply: MethodCardReply) -> Rendered:
    content: list[Block] = []
    if reply.matched:
        content.append(L.plain_context(matched_line(reply.matched)))
    content += [L.header(reply.name), L.plain_context(approach_line(reply.approach_name))]
    if reply.summary:
        content.append(L.plain_section(reply.summary))
    lines = _fact_lines(reply.facts)
    if not reply.full or not reply.examples:
        names = "; ".join(e.name for e in reply.examples) if reply.examples else NOT_RECORDED
        lines.append(L.labelled("Examples", names))
    content.append(L.rich(lines))
    buttons = reply.buttons
    if reply.full:
        content += _method_details(reply)
    elif reply.details is not None:
        # Slack has no folding: Details posts the whole card.
        buttons = (reply.details, *buttons)
    blocks = L.finish(content, L.action_rows(buttons, "m"))
    return Rendered(blocks, L.fallback(render_plain(reply)), shareable=True)


# -- lists -----------------------------------------------------------------------------------


def render_method_list(reply: MethodListReply) -> Rendered:
    content: list[Block] = [L.header(reply.title)]
    if reply.intro:
        content.append(L.plain_section(reply.intro))
    for sec in reply.sections:
        content.append(L.rich_list(sec.label, [[(line, False)] for line in sec.lines]))
    actions: list[Block] = []
    if reply.purpose is ListPurpose.CATALOGUE:
        content += _items_compact(reply)
        if any(i.button for i in reply.items):
            actions.append(_picker(reply))
    else:
        content += _items_one_by_one(reply)
    actions += L.action_rows(reply.buttons, "l")
    if reply.source_url:
        content.append(L.context(_link(reply.source_url, SOURCE_LABEL)))
    shareable = reply.purpose not in {ListPurpose.DID_YOU_MEAN, ListPurpose.NEAR_MISSES}
    return Rendered(L.finish(content, actions), L.fallback(render_plain(reply)), shareable)


def _items_one_by_one(reply: MethodListReply) -> list[Block]:
    """A few items: each a section with an Open button beside it (a name is too long for a
    button on a phone; screen readers still hear it), under its group's name."""
    blocks: list[Block] = []
    group: str | None = None
    for i, item in enumerate(reply.items[: L.MAX_BLOCKS]):
        if item.group and item.group != group:
            group = item.group
            blocks.append(L.rich([[(group, True)]]))
        detail = f"\n{L.lit(item.detail)}" if item.detail else ""
        accessory = (
            L.button(item.button, f"{ACTION_ID_PREFIX}i:{i}", OPEN_LABEL) if item.button else None
        )
        blocks += L.section(f"*{L.lit(item.title)}*{detail}", accessory)[:1]
    return blocks


def _items_compact(reply: MethodListReply) -> list[Block]:
    """The catalogue: the names under their approach; one menu opens any of them."""
    blocks: list[Block] = []
    for group, items in groupby(reply.items, key=lambda item: item.group):
        names = [[(item.title, False)] for item in items]
        blocks += L.rich_lists(group, names)
    return blocks


_MENU_OPTIONS = 100  # Slack's limit for one select menu


def _picker(reply: MethodListReply) -> ActionsBlock:
    groups: list[OptionGroup] = []
    left = _MENU_OPTIONS
    for group, items in groupby(reply.items, key=lambda item: item.group):
        options = [
            Option(text=L.plain(i.title, 75), value=encode_action(i.button.action))
            for i in items
            if i.button is not None
        ][:left]
        left -= len(options)
        if options:
            groups.append(OptionGroup(label=L.plain(group or reply.title, 75), options=options))
    return ActionsBlock(
        elements=[
            StaticSelectElement(
                placeholder=L.plain(PICK_LABEL),
                action_id=f"{ACTION_ID_PREFIX}pick",
                option_groups=groups,
            )
        ]
    )


# -- recommendations ------------------------------------------------------------------------


def _recommendation(item: Recommendation, i: int) -> list[Block]:
    why: list[L.Part] = []
    for label, said in verdict_groups(item.reasons):
        why += [(f"{label}: ", True), (f"{said}. ", False)]
    lines = ([why] if why else []) + _fact_lines(item.facts)
    blocks: list[Block] = [
        DividerBlock(),
        L.context(f"*{rank_line(item.position, item.joint, item.score)}*"),
        *L.section(f"*{L.lit(item.name)}*"),
    ]
    if lines:
        blocks.append(L.rich(lines))
    if item.buttons:
        blocks += L.action_rows(item.buttons, f"d{i}")
    return blocks


def render_recommendations(reply: RecommendationsReply) -> Rendered:
    content: list[Block] = [L.header(reply.title)]
    answers = answers_line(reply)
    if answers:
        content.append(L.plain_context(answers))
    if reply.intro:
        content.append(L.plain_section(reply.intro))
    for i, item in enumerate(reply.items):
        content += _recommendation(item, i)
    near = near_miss_names(reply)
    if near:
        content += [DividerBlock(), L.rich([L.labelled(NEAR_MISSES, near)])]
    unjudged = unjudged_line(reply)
    if unjudged:
        content.append(L.plain_context(unjudged))
    blocks = L.finish(content, L.action_rows(reply.buttons, "r"))
    return Rendered(blocks, L.fallback(render_plain(reply)), shareable=True)


# -- comparison ------------------------------------------------------------------------------


def render_comparison(reply: ComparisonReply) -> Rendered:
    """Stacked, one method after the other; rows that are the same are stated once."""
    content: list[Block] = [L.header(reply.title)]
    shared = reply.shared()
    if shared:
        content.append(L.rich([[(BOTH, True)], *_fact_lines(shared)]))
    for n, side in enumerate(reply.sides()):
        content += [DividerBlock(), *L.section(f"*{L.lit(side.name)}*")]
        if side.rows:
            content.append(L.rich(_fact_lines(side.rows)))
        if side.details is not None:
            content += L.action_rows((side.details,), f"x{n}")
    blocks = L.finish(content, L.action_rows(reply.buttons, "x"))
    return Rendered(blocks, L.fallback(render_plain(reply)), shareable=True)


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def _link(url: str, label: str) -> str:
    if not url.startswith(("https://", "http://")):
        return L.esc(f"{label}: {url}")
    return f"<{L.esc(url).replace('|', '%7C')}|{L.esc(label)}>"


def merge(parts: Sequence[Rendered]) -> Rendered:
    """Several replies as one message, divided by rules (callers keep it within 50 blocks)."""
    blocks: list[dict[str, Any]] = []
    for i, part in enumerate(parts):
        blocks += ([{"type": "divider"}] if i else []) + part.blocks
    text = L.trim_escaped("\n\n".join(p.text for p in parts), L.FALLBACK_CHARS)
    return Rendered(blocks[: L.MAX_BLOCKS], text, any(p.shareable for p in parts))


def with_share_button(rendered: Rendered, token: str) -> Rendered:
    """The private copy of an answer, with a button that posts it for everyone."""
    share = ActionsBlock(
        elements=[
            ButtonElement(
                text=PlainTextObject(text="Share in channel"),
                action_id=SHARE_ACTION_ID,
                value=token,
            )
        ]
    ).to_dict()
    blocks = rendered.blocks[: L.MAX_BLOCKS - 1] + [share]
    return Rendered(blocks, rendered.text, rendered.shareable)


def without_buttons(rendered: Rendered) -> Rendered:
    """The copy shared with the channel: a snapshot, so nobody else drives the sharer's turn."""
    blocks = [
        {k: v for k, v in b.items() if k != "accessory"}
        for b in rendered.blocks
        if b["type"] != "actions"
    ]
    return Rendered(blocks, rendered.text)


def render_home(dm_channel: str | None) -> dict[str, Any]:
    """The App Home tab: the same welcome as everywhere, the ways to reach Spreadbot in Slack,
    and buttons that start in the direct chat."""
    greeting = welcome(shared=True)
    content = _help_blocks(greeting.model_copy(update={"note": None}))
    content.append(
        L.rich_list(
            "Ways to ask",
            [
                [("Mention me in a channel: ", False), ("@Spreadbot what is GIRFT?", True)],
                [("Send me a direct message", False)],
                [("/spread TEXT", True), (" looks something up; ", False), ("/spread guide", True)],
            ],
        )
    )
    blocks = L.finish(content, L.action_rows(greeting.buttons, "h"))
    # private_metadata carries the direct chat id, so the guided selection runs there.
    return {"type": "home", "blocks": blocks, "private_metadata": dm_channel or ""}
