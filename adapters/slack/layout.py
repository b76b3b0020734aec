"""Block Kit building bricks: escaping, cutting text to Slack's limits, buttons, the 50-block cap.

Every string that reaches mrkdwn or plain text goes through `esc`, so text a user typed cannot
become a mention, a broadcast or a link. mrkdwn has no escape for its formatting characters, so
text that may hold a user's words goes out as plain text or rich text (which Slack never formats),
and catalogue text set in our own mrkdwn goes through `lit`. Imports: slack_sdk.models and bot.*.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    RichTextBlock,
    RichTextElementParts,
    RichTextListElement,
    RichTextSectionElement,
    SectionBlock,
)

from adapters.slack.parse import ACTION_ID_PREFIX
from bot.messages import encode_action
from bot.replies import Button, ButtonStyle
from bot.views import SHORTENED

MAX_BLOCKS = 50
SECTION_CHARS = 3000
HEADER_CHARS = 150
BUTTON_CHARS = 75
CONTEXT_CHARS = 2000
BUTTONS_PER_BLOCK = 25
FALLBACK_CHARS = 3000
_MAX_PIECES = 4  # a longer text is cut rather than spread over more sections
_ELLIPSIS = "…"


def esc(text: str) -> str:
    """Slack's three control characters as entities (its documented escaping)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# mrkdwn's formatting characters, where they could open or close formatting, swapped for the
# look-alikes Slack leaves alone: Slack has no escape for them.
_FORMATTING = re.compile(r"[*~`]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_LOOK_ALIKE = {"*": "\u2217", "~": "\u223c", "`": "\u02cb", "_": "\u02cd"}


def lit(text: str) -> str:
    """Catalogue text placed inside our own mrkdwn (a bold name): escaped, never formatting."""
    return esc(_FORMATTING.sub(lambda m: _LOOK_ALIKE[m.group(0)], text))


def cut(text: str, limit: int) -> str:
    """Escape `text` and shorten it to `limit` characters without splitting an entity."""
    escaped = esc(text)
    if len(escaped) <= limit:
        return escaped
    out: list[str] = []
    used = 0
    for ch in text:
        piece = esc(ch)
        if used + len(piece) > limit - 1:
            break
        out.append(piece)
        used += len(piece)
    return "".join(out).rstrip() + _ELLIPSIS


def trim_escaped(escaped: str, limit: int) -> str:
    """Shorten text that is already escaped, never leaving half an entity at the end."""
    if len(escaped) <= limit:
        return escaped
    head = escaped[: limit - 1]
    amp = head.rfind("&", len(head) - 5)
    if amp != -1 and ";" not in head[amp:]:
        head = head[:amp]
    return head.rstrip() + _ELLIPSIS


def pieces(escaped: str, limit: int = SECTION_CHARS) -> list[str]:
    """Split already escaped mrkdwn at line breaks into at most _MAX_PIECES parts of `limit`."""
    out: list[str] = []
    current = ""
    for line in escaped.split("\n"):
        while len(line) > limit:  # one very long line: hard-cut it
            if current:
                out.append(current)
                current = ""
            out.append(line[: limit - 1] + _ELLIPSIS)
            line = line[limit - 1 :]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            out.append(current)
            current = line
        else:
            current = candidate
    if current:
        out.append(current)
    if len(out) > _MAX_PIECES:
        out = out[:_MAX_PIECES]
        out[-1] = out[-1][: limit - 1] + _ELLIPSIS
    return [p for p in out if p.strip()]


def section(escaped: str, accessory: ButtonElement | None = None) -> list[Block]:
    """One or more sections for escaped mrkdwn; the accessory goes on the first one."""
    blocks: list[Block] = []
    for i, part in enumerate(pieces(escaped)):
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=part), accessory=accessory if i == 0 else None
            )
        )
    return blocks


def plain(text: str, limit: int = SECTION_CHARS) -> PlainTextObject:
    """Text shown exactly as written: no formatting, no emoji codes, no mentions or links."""
    return PlainTextObject(text=cut(text, limit) or " ", emoji=False)


def plain_section(text: str, accessory: ButtonElement | None = None) -> SectionBlock:
    return SectionBlock(text=plain(text), accessory=accessory)


def plain_context(text: str) -> ContextBlock:
    return ContextBlock(elements=[plain(text, CONTEXT_CHARS)])


Part = tuple[str, bool]  # a piece of rich text and whether it is bold
# Slack documents no limit for rich text: hold each block to a section's 3000 characters.
RICH_CHARS = SECTION_CHARS


class _Budget:
    """Characters left in one rich text block; pieces past it are cut with an ellipsis."""

    def __init__(self, chars: int = RICH_CHARS) -> None:
        self.left = chars

    def parts(self, line: Sequence[Part]) -> list[RichTextElementParts.Text]:
        out = []
        for text, bold in line:
            if not text or self.left <= 0:
                continue
            if len(text) > self.left:
                text = text[: max(self.left - 1, 0)].rstrip() + _ELLIPSIS
            self.left -= len(text)
            out.append(RichTextElementParts.Text(text=text, style={"bold": True} if bold else None))
        return out


def rich(lines: Sequence[Sequence[Part]]) -> RichTextBlock:
    """Lines of rich text, bold where asked: Slack shows its text as written (no escaping, and
    no mention, broadcast or link unless one is built as such, which we never do)."""
    budget = _Budget()
    parts: list[RichTextElementParts.Text] = []
    for i, line in enumerate(lines):
        budget.left -= 1 if i else 0  # the line break
        line_parts = budget.parts(line)
        if not line_parts:
            break
        if i:
            parts.append(RichTextElementParts.Text(text="\n"))
        parts += line_parts
    return RichTextBlock(elements=[RichTextSectionElement(elements=parts or _SPACE)])


def rich_list(title: str | None, items: Sequence[Sequence[Part]]) -> RichTextBlock:
    """A bold title over a bulleted list."""
    budget = _Budget()
    elements: list[RichTextSectionElement | RichTextListElement] = []
    if title:
        elements.append(RichTextSectionElement(elements=budget.parts([(title, True)])))
    sections = [RichTextSectionElement(elements=p) for p in map(budget.parts, items) if p]
    if sections:
        elements.append(RichTextListElement(style="bullet", elements=sections))
    return RichTextBlock(elements=elements or [RichTextSectionElement(elements=_SPACE)])


def rich_lists(title: str | None, items: Sequence[Sequence[Part]]) -> list[RichTextBlock]:
    """A long list as as many rich text blocks as it needs, the title over the first."""
    blocks: list[RichTextBlock] = []
    chunk: list[Sequence[Part]] = []
    used = len(title or "")
    for item in items:
        size = sum(len(text) for text, _ in item)
        if chunk and used + size > RICH_CHARS:
            blocks.append(rich_list(None if blocks else title, chunk))
            chunk, used = [], 0
        chunk.append(item)
        used += size
    blocks.append(rich_list(None if blocks else title, chunk))
    return blocks


_SPACE = [RichTextElementParts.Text(text=" ")]


def labelled(label: str, text: str) -> list[Part]:
    """ "Fits: ..." with the label in bold, so the meaning is in the words."""
    return [(f"{label}: ", True), (text, False)]


def header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=cut(text, HEADER_CHARS) or " "))


def context(escaped: str) -> ContextBlock:
    text = escaped if len(escaped) <= CONTEXT_CHARS else escaped[: CONTEXT_CHARS - 1] + _ELLIPSIS
    return ContextBlock(elements=[MarkdownTextObject(text=text)])


def button(b: Button, action_id: str, label: str | None = None) -> ButtonElement:
    """A button; `label` replaces a long one, which screen readers then still hear."""
    style = None if b.style == ButtonStyle.DEFAULT else b.style.value
    shown = label or b.label
    return ButtonElement(
        text=PlainTextObject(text=cut(shown, BUTTON_CHARS) or "?"),
        action_id=action_id,
        value=encode_action(b.action),
        style=style,
        accessibility_label=cut(b.label, BUTTON_CHARS) if shown != b.label else None,
    )


def action_rows(buttons: Sequence[Button], tag: str) -> list[Block]:
    """Buttons in actions blocks of at most 25; action ids are unique within the message."""
    return [
        ActionsBlock(
            elements=[
                button(b, f"{ACTION_ID_PREFIX}{tag}:{start + i}")
                for i, b in enumerate(buttons[start : start + BUTTONS_PER_BLOCK])
            ]
        )
        for start in range(0, len(buttons), BUTTONS_PER_BLOCK)
    ]


def finish(content: list[Block], actions: list[Block]) -> list[dict[str, object]]:
    """Content then actions, cut to Slack's 50 blocks: the buttons are kept, the tail of the
    content gives way, and a note says so. to_dict() runs slack_sdk's own limit checks."""
    actions = actions[: MAX_BLOCKS - 2]
    room = MAX_BLOCKS - len(actions)
    if len(content) > room:
        content = content[: room - 1] + [plain_context(SHORTENED)]
    return [b.to_dict() for b in content + actions]


def fallback(plain: str) -> str:
    """The message's `text`: shown in notifications and where blocks cannot be."""
    return cut(plain, FALLBACK_CHARS) or " "
