"""Neutral replies out: one pure function per reply type -> Block Kit blocks + plain-text fallback.

Also the answered-question card, the "Share in channel" variant and the App Home view. No I/O.
Imports: slack_sdk.models, adapters.slack.layout/parse and bot.* only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DividerBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from adapters.slack import layout as L
from adapters.slack.parse import ACTION_ID_PREFIX, SHARE_ACTION_ID
from bot.core import AnsweredQuestion
from bot.messages import Command, CommandAction
from bot.plaintext import VERDICT_WORDS, position_words, render_plain
from bot.replies import (
    NOT_RECORDED,
    Button,
    ButtonStyle,
    ComparisonReply,
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


@dataclass(frozen=True)
class Rendered:
    blocks: list[dict[str, Any]]
    text: str  # plain-text fallback, escaped: Slack parses it as mrkdwn in notifications
    shareable: bool = False  # an answer worth a "Share in channel" button when sent privately


def render_reply(reply: Reply) -> Rendered:
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
    raise TypeError(f"no Slack rendering for {type(reply).__name__}")


def render_text(reply: TextReply) -> Rendered:
    blocks = L.finish(L.section(L.esc(reply.text)), [])
    return Rendered(blocks, L.fallback(render_plain(reply)))


def render_notice(reply: NoticeReply) -> Rendered:
    icon = ":warning:" if reply.level == NoticeLevel.WARNING else ":information_source:"
    title = f"*{L.esc(reply.title)}*\n" if reply.title else ""
    content = L.section(f"{icon} {title}{L.esc(reply.text)}")
    blocks = L.finish(content, L.action_rows(reply.buttons, "n"))
    return Rendered(blocks, L.fallback(render_plain(reply)))


def render_question(reply: QuestionReply) -> Rendered:
    content: list[Block] = [L.context(f"Question {reply.number} of {reply.total}")]
    content += L.section(f"*{L.esc(reply.prompt)}*")
    if reply.help:
        content.append(L.context(L.esc(reply.help)))
    if reply.multiple:
        chosen = ", ".join(reply.selected) if reply.selected else "nothing yet"
        content.append(L.context(f"Selected: *{L.esc(chosen)}*. Pick all that apply, then Done."))
    answers = reply.options + ((reply.submit,) if reply.submit else ())
    actions = L.action_rows(answers, "o") + L.action_rows(reply.controls, "c")
    return Rendered(L.finish(content, actions), L.fallback(render_plain(reply)))


def render_answered(answered: AnsweredQuestion) -> Rendered:
    """The question card once answered: the choice shown, the buttons gone."""
    content: list[Block] = L.section(f"*{L.esc(answered.prompt)}*")
    content.append(L.context(f":white_check_mark: Answered: *{L.esc(answered.answer_label)}*"))
    text = L.fallback(f"{answered.prompt} Answered: {answered.answer_label}")
    return Rendered(L.finish(content, []), text)


def render_method_card(reply: MethodCardReply) -> Rendered:
    content: list[Block] = [
        L.header(reply.name),
        L.context(f"Approach: *{L.esc(reply.approach_name)}*"),
    ]
    if reply.summary:
        content += L.section(L.esc(reply.summary))
    if reply.description:
        content += L.section(L.esc(reply.description))
    facts = "\n".join(f"• *{L.esc(f.label)}:* {L.esc(f.shown)}" for f in reply.facts)
    content += L.titled("Practical considerations", facts)
    content += L.titled("Examples", L.bullets(reply.examples) or f"_{NOT_RECORDED}_")
    content += L.titled(f"Strengths of {reply.approach_name}", L.bullets(reply.strengths))
    content += L.titled("Limitations of this method", L.bullets(reply.method_limitations))
    content += L.titled(f"Limitations of {reply.approach_name}", L.bullets(reply.limitations))
    content += L.titled("References", L.bullets(reply.references))
    if reply.source_url:
        content.append(L.context(_link(reply.source_url, "Source: NHS Horizons")))
    blocks = L.finish(content, L.action_rows(reply.buttons, "m"))
    return Rendered(blocks, L.fallback(render_plain(reply)), shareable=True)


def render_method_list(reply: MethodListReply) -> Rendered:
    content: list[Block] = [L.header(reply.title)]
    if reply.intro:
        content += L.section(L.esc(reply.intro))
    for sec in reply.sections:
        content += L.titled(sec.label, L.bullets(sec.lines))
    actions = L.action_rows(reply.buttons, "l")
    item_blocks = _items_one_by_one(reply)
    if len(content) + len(item_blocks) + len(actions) + 1 > L.MAX_BLOCKS:
        item_blocks = _items_compact(reply)
    content += item_blocks
    if reply.source_url:
        content.append(L.context(_link(reply.source_url, "Source: NHS Horizons")))
    shareable = reply.purpose not in {ListPurpose.DID_YOU_MEAN, ListPurpose.NEAR_MISSES}
    return Rendered(L.finish(content, actions), L.fallback(render_plain(reply)), shareable)


def _items_one_by_one(reply: MethodListReply) -> list[Block]:
    """Each item a section with its button beside it; groups get a bold heading."""
    blocks: list[Block] = []
    for group, items in groupby(enumerate(reply.items), key=lambda pair: pair[1].group):
        if group:
            blocks += L.section(f"*{L.esc(group)}*")
        for i, item in items:
            detail = f"\n{L.esc(item.detail)}" if item.detail else ""
            accessory = L.button(item.button, f"{ACTION_ID_PREFIX}i:{i}") if item.button else None
            blocks += L.section(f"*{L.esc(item.title)}*{detail}", accessory)[:1]
    return blocks


def _items_compact(reply: MethodListReply) -> list[Block]:
    """Too many items for one section each: a text list per group, then rows of buttons."""
    blocks: list[Block] = []
    for group, items in groupby(reply.items, key=lambda item: item.group):
        lines = "\n".join(
            f"• *{L.esc(it.title)}*" + (f" – {L.esc(it.detail)}" if it.detail else "")
            for it in items
        )
        blocks += L.titled(group, lines) if group else L.section(lines)
    blocks += L.action_rows(tuple(it.button for it in reply.items if it.button), "i")
    return blocks


def render_recommendations(reply: RecommendationsReply) -> Rendered:
    content: list[Block] = [L.header(reply.title)]
    if reply.understood:
        answers = " · ".join(L.esc(f.shown) for f in reply.understood)
        content.append(L.context(f"Your answers: {answers}"))
    if reply.intro:
        content += L.section(L.esc(reply.intro))
    for i, item in enumerate(reply.items):
        lines = [
            f"*{position_words(item.position, item.joint)}. {L.esc(item.name)}* "
            f"({item.score}% fit)"
        ]
        lines += [
            f"{VERDICT_WORDS[r.verdict]}: {L.esc(r.text)}"
            for r in item.reasons
            if r.verdict is not Verdict.UNKNOWN
        ]
        accessory = L.button(item.details, f"{ACTION_ID_PREFIX}d:{i}") if item.details else None
        content += L.section("\n".join(lines), accessory)
    if reply.near_misses:
        near = "; ".join(L.esc(m.title) for m in reply.near_misses)
        content.append(L.context(f"Near misses: {near}"))
    if reply.unjudged:
        content.append(
            L.context(f"{reply.unjudged} other methods could not be judged against your answers.")
        )
    blocks = L.finish(content, L.action_rows(reply.buttons, "r"))
    return Rendered(blocks, L.fallback(render_plain(reply)), shareable=True)


def render_comparison(reply: ComparisonReply) -> Rendered:
    content: list[Block] = [
        L.header(f"{reply.left_name} and {reply.right_name}"),
        SectionBlock(
            fields=[_field(f"*{L.esc(reply.left_name)}*"), _field(f"*{L.esc(reply.right_name)}*")]
        ),
        DividerBlock(),
    ]
    for row in reply.rows:
        content.append(
            SectionBlock(
                text=MarkdownTextObject(text=f"*{L.cut(row.label, L.SECTION_CHARS - 2)}*"),
                fields=[_field(L.esc(row.left or "—")), _field(L.esc(row.right or "—"))],
            )
        )
    blocks = L.finish(content, L.action_rows(reply.buttons, "x"))
    return Rendered(blocks, L.fallback(render_plain(reply)), shareable=True)


def _field(escaped: str) -> MarkdownTextObject:
    text = escaped if len(escaped) <= L.FIELD_CHARS else escaped[: L.FIELD_CHARS - 1] + "…"
    return MarkdownTextObject(text=text or " ")


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
    """The App Home tab: what Spreadbot does and a button to start the guided selection."""
    start = Button(
        label="Start the guided selection",
        action=CommandAction(command=Command.GUIDE),
        style=ButtonStyle.PRIMARY,
    )
    content: list[Block] = [
        L.header("Spreadbot"),
        *L.section(
            "Spreadbot helps NHS teams choose how to spread and scale an innovation, using NHS "
            "Horizons' *Approaches to Spread and Scale*: seven approaches, their methods, examples "
            "and practical considerations."
        ),
        *L.section(
            "*Ways to ask*\n"
            "• Mention me in a channel: `@Spreadbot what is GIRFT?` (I answer in a thread)\n"
            "• Send me a direct message\n"
            "• `/spread TEXT` to look something up, `/spread guide`, `/spread list`, `/spread help`"
        ),
    ]
    blocks = L.finish(content, L.action_rows((start,), "h"))
    # private_metadata carries the direct chat id, so the guided selection runs there.
    return {"type": "home", "blocks": blocks, "private_metadata": dm_channel or ""}
