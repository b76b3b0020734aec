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
    Reason,
    RecommendationsReply,
    Reply,
    TextReply,
    Verdict,
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
    if reply.multiple:
        if reply.selected:
            lines.append("Selected: " + ", ".join(reply.selected))
        lines.append("(pick several: type their numbers or words, e.g. 1 and 3)")
    if reply.controls:
        lines.append("(" + ", ".join(b.label.lower() for b in reply.controls) + ", or help)")
    return "\n".join(lines)


@_render.register
def _(reply: MethodCardReply) -> str:
    lines: list[str] = [reply.name]
    lines.append(f"Approach: {reply.approach_name}")
    if reply.summary:
        lines.append(reply.summary)
    if reply.description:
        lines.append(reply.description)
    lines.append("Practical considerations:")
    lines += [f"  {f.label}: {f.shown}" for f in reply.facts]
    lines.append("Examples: " + ("; ".join(reply.examples) if reply.examples else NOT_RECORDED))
    if reply.strengths:
        lines.append("Strengths of the approach:")
        lines += [f"  + {s}" for s in reply.strengths]
    if reply.method_limitations:
        lines.append("Limitations of this method:")
        lines += [f"  - {s}" for s in reply.method_limitations]
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


VERDICT_WORDS = {
    Verdict.FITS: "Fits",
    Verdict.MISSES: "Does not fit",
    Verdict.UNKNOWN: "Not recorded",
    Verdict.WARNING: "Warning",
}


def reason_line(reason: Reason, *, lower: bool = False) -> str:
    """ "Fits: suits the spread stage (from the method's practical considerations)";
    `lower` gives the verdict in lower case, as `spreadbot recommend --json` prints it."""
    verdict = VERDICT_WORDS[reason.verdict]
    return f"{verdict.lower() if lower else verdict}: {reason.text} ({reason.evidence.phrase})"


def position_words(position: int, joint: bool) -> str:
    """ "1", or "joint 1" where another method has the same score. """
    return f"joint {position}" if joint else str(position)


@_render.register
def _(reply: RecommendationsReply) -> str:
    lines = [reply.title]
    if reply.understood:
        lines.append("Your answers: " + " · ".join(f.shown for f in reply.understood))
    if reply.intro:
        lines.append(reply.intro)
    for item in reply.items:
        lines.append("")
        lines.append(
            f"{position_words(item.position, item.joint)}. {item.name} "
            f"({item.score}% fit; {item.approach_name})"
        )
        if item.summary:
            lines.append(f"  {item.summary}")
        lines += [f"  {reason_line(r)}" for r in item.reasons if r.verdict is not Verdict.UNKNOWN]
        lines += [f"  {f.label}: {f.shown}" for f in item.facts]
    if reply.near_misses:
        lines.append("")
        lines.append(
            "Near misses: "
            + "; ".join(f"{i.title} ({i.detail})" if i.detail else i.title for i in reply.near_misses)
        )
    if reply.unjudged:
        lines.append(
            f"{reply.unjudged} other methods could not be judged: nothing recorded bears on your "
            "answers. Say list to browse them."
        )
    return "\n".join(lines) + _buttons(reply.buttons)


@_render.register
def _(reply: ComparisonReply) -> str:
    lines = [f"{reply.left_name}  vs  {reply.right_name}"]
    for row in reply.rows:
        lines.append(f"{row.label}:")
        lines.append(f"  A: {row.left if row.left is not None else NOT_RECORDED}")
        lines.append(f"  B: {row.right if row.right is not None else NOT_RECORDED}")
    return "\n".join(lines) + _buttons(reply.buttons)
