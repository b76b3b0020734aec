"""Plain-text rendering of every reply type: the console's output and every platform's fallback.

Imports: bot.replies and stdlib only.
"""

from __future__ import annotations

from functools import singledispatch

from bot.replies import (
    NOT_RECORDED,
    Button,
    ComparisonReply,
    MethodCardReply,
    MethodListReply,
    NoticeReply,
    QuestionReply,
    Reply,
    TextReply,
)


def render_plain(reply: Reply) -> str:
    return _render(reply)


def _buttons(buttons: tuple[Button, ...]) -> str:
    return ("\n[" + "] [".join(b.label for b in buttons) + "]") if buttons else ""


@singledispatch
def _render(reply: object) -> str:  # pragma: no cover - the reply set is closed
    raise TypeError(f"no plain-text rendering for {type(reply).__name__}")


@_render.register
def _(reply: TextReply) -> str:
    return reply.text


@_render.register
def _(reply: NoticeReply) -> str:
    head = f"{reply.title}\n" if reply.title else ""
    return head + reply.text + _buttons(reply.buttons)


@_render.register
def _(reply: QuestionReply) -> str:
    lines = [f"Question {reply.number} of {reply.total}: {reply.prompt}"]
    lines += [f"  {i}. {b.label}" for i, b in enumerate(reply.options, start=1)]
    if reply.controls:
        lines.append("(" + ", ".join(b.label.lower() for b in reply.controls) + ", or help)")
    return "\n".join(lines)


@_render.register
def _(reply: MethodCardReply) -> str:
    lines: list[str] = []
    if reply.fit is not None:
        lines.append(f"#{reply.fit.rank} (fit {reply.fit.score}/100)")
    lines.append(reply.name)
    lines.append(f"Approach: {reply.approach_name}")
    if reply.summary:
        lines.append(reply.summary)
    if reply.description:
        lines.append(reply.description)
    if reply.fit is not None:
        lines += [f"  ✓ {r}" for r in reply.fit.fits]
        lines += [f"  ✗ {r}" for r in reply.fit.misses]
        lines += [f"  ? {r}" for r in reply.fit.unknown]
    lines.append("Practical considerations:")
    lines += [f"  {f.label}: {f.shown}" for f in reply.facts]
    lines.append("Examples: " + ("; ".join(reply.examples) if reply.examples else NOT_RECORDED))
    if reply.strengths:
        lines.append("Strengths of the approach:")
        lines += [f"  + {s}" for s in reply.strengths]
    if reply.limitations:
        lines.append("Limitations of the approach:")
        lines += [f"  - {s}" for s in reply.limitations]
    if reply.source_url:
        lines.append(f"Source: {reply.source_url}")
    lines += [f"Reference: {r}" for r in reply.references]
    return "\n".join(lines) + _buttons(reply.buttons)


@_render.register
def _(reply: MethodListReply) -> str:
    lines = [reply.title]
    if reply.intro:
        lines.append(reply.intro)
    for section in reply.sections:
        lines.append(f"{section.label}:")
        lines += [f"  • {line}" for line in section.lines]
    group = None
    for i, item in enumerate(reply.items, start=1):
        if item.group and item.group != group:
            group = item.group
            lines.append(group)
        detail = f" ({item.detail})" if item.detail and reply.purpose.value != "catalogue" else ""
        lines.append(f"  {i}. {item.title}{detail}")
    if reply.source_url:
        lines.append(f"Source: {reply.source_url}")
    return "\n".join(lines) + _buttons(reply.buttons)


@_render.register
def _(reply: ComparisonReply) -> str:
    lines = [f"{reply.left_name}  vs  {reply.right_name}"]
    for row in reply.rows:
        lines.append(f"{row.label}:")
        lines.append(f"  A: {row.left if row.left is not None else NOT_RECORDED}")
        lines.append(f"  B: {row.right if row.right is not None else NOT_RECORDED}")
    return "\n".join(lines) + _buttons(reply.buttons)
