"""Plain-text rendering of every reply type: the console's output and every platform's fallback.

Imports: bot.replies and stdlib only.
"""

from __future__ import annotations

from typing import assert_never

from bot.replies import (
    NOT_RECORDED,
    Button,
    ComparisonReply,
    HelpReply,
    Matched,
    MatchedKind,
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
    """Every reply kind as text (exhaustive: a new kind fails the type check until it is here)."""
    match reply:
        case TextReply():
            return _text(reply)
        case HelpReply():
            return _help(reply)
        case NoticeReply():
            return _notice(reply)
        case QuestionReply():
            return _question(reply)
        case MethodCardReply():
            return _method_card(reply)
        case MethodListReply():
            return _method_list(reply)
        case RecommendationsReply():
            return _recommendations(reply)
        case ComparisonReply():
            return _comparison(reply)
        case _:
            assert_never(reply)


def _buttons(buttons: tuple[Button, ...]) -> str:
    return ("\n[" + "] [".join(b.label for b in buttons) + "]") if buttons else ""


def _text(reply: TextReply) -> str:
    return reply.text


def _help(reply: HelpReply) -> str:
    lines = [reply.title]
    if reply.intro:
        lines.append(reply.intro)
    lines += [f"• {line.command}: {line.text}" for line in reply.lines]
    if reply.note:
        lines.append(reply.note)
    return "\n".join(lines) + _buttons(reply.buttons)


def _notice(reply: NoticeReply) -> str:
    head = f"{reply.title}\n" if reply.title else ""
    return head + reply.text + _buttons(reply.buttons)


def selected_words(reply: QuestionReply) -> str:
    """What a several-answer question has chosen so far."""
    return ", ".join(reply.selected) if reply.selected else "nothing yet"


def _question(reply: QuestionReply) -> str:
    lines = [f"Question {reply.number} of {reply.total}: {reply.prompt}"]
    lines += [f"  {i}. {b.label}" for i, b in enumerate(reply.options, start=1)]
    if reply.multiple:
        if reply.selected:
            lines.append("Selected: " + selected_words(reply))
        lines.append("(pick several: type their numbers or words, e.g. 1 and 3)")
    if reply.controls:
        lines.append("(" + ", ".join(b.label.lower() for b in reply.controls) + ", or help)")
    return "\n".join(lines)


def not_shown_line(count: int) -> str:
    """Where a platform had to leave entries out of a list (the core's pages never need it)."""
    return f"{count} more not shown here: ask for any of them by name."


def matched_line(matched: Matched) -> str:
    """ "GIRFT (Getting It Right First Time) is an example of", said before the method's name."""
    said = f"{matched.text} ({matched.meaning})" if matched.meaning else matched.text
    if matched.kind is MatchedKind.EXAMPLE:
        return f"{said} is an example of"
    return f"{said} is another name for"


def approach_line(name: str) -> str:
    return f"Approach: {name}"


def _method_card(reply: MethodCardReply) -> str:
    lines: list[str] = [matched_line(reply.matched)] if reply.matched else []
    lines.append(reply.name)
    lines.append(approach_line(reply.approach_name))
    if reply.summary:
        lines.append(reply.summary)
    if reply.description:
        lines.append(reply.description)
    lines.append("Practical considerations:")
    lines += [f"  {f.label}: {f.shown}" for f in reply.facts]
    if reply.examples:
        lines.append("Examples:")
        lines += [f"  • {e.name}: {e.note}" if e.note else f"  • {e.name}" for e in reply.examples]
    else:
        lines.append(f"Examples: {NOT_RECORDED}")
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


def _method_list(reply: MethodListReply) -> str:
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


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def rank_line(position: int, joint: bool, score: int) -> str:
    """ "1st · 75% fit", or "Joint 1st · 50% fit" where another method has the same score."""
    place = f"Joint {ordinal(position)}" if joint else ordinal(position)
    return f"{place} · {score}% fit"


# What a recommendation says, in this order; unknowns are counted, not listed.
SHOWN_VERDICTS = (Verdict.FITS, Verdict.MISSES, Verdict.WARNING)


def verdict_groups(reasons: tuple[Reason, ...]) -> list[tuple[str, str]]:
    """The compact why: ("Fits", "stage, scale, timeframe"), ("Does not fit", "resources"), each
    reason by its topic where it has one (the facts shown with it say the rest)."""
    out = []
    for verdict in SHOWN_VERDICTS:
        said = [r.topic or r.text for r in reasons if r.verdict is verdict]
        if said:
            out.append((VERDICT_WORDS[verdict], ", ".join(dict.fromkeys(said))))
    return out


NEAR_MISSES = "Near misses (one answer does not fit)"


def near_miss_names(reply: RecommendationsReply) -> str | None:
    """The compact near misses: their names in one line (each card says what does not fit)."""
    return "; ".join(i.title for i in reply.near_misses) or None


def near_misses_line(reply: RecommendationsReply) -> str | None:
    if not reply.near_misses:
        return None
    return "Near misses: " + "; ".join(
        f"{i.title} ({i.detail})" if i.detail else i.title for i in reply.near_misses
    )


def unjudged_line(reply: RecommendationsReply) -> str | None:
    """The methods the reply does not show, counted, so none is silently left out: those that
    fit less well, and those nothing recorded lets us judge."""
    other = "other " if reply.items or reply.near_misses else ""
    parts = []
    if reply.fit_less:
        verb = "fits" if reply.fit_less == 1 else "fit"
        parts.append(f"{_methods(reply.fit_less, other)} {verb} your answers less well")
    if reply.unjudged:
        count = str(reply.unjudged) if parts else _methods(reply.unjudged, other)
        parts.append(f"{count} could not be judged: nothing recorded bears on your answers")
    return "; ".join(parts) + "." if parts else None


def _methods(count: int, other: str) -> str:
    return f"{count} {other}method{'s' if count != 1 else ''}"


def answers_line(reply: RecommendationsReply) -> str | None:
    if not reply.understood:
        return None
    return "Your answers: " + " · ".join(f.shown for f in reply.understood)


def _recommendations(reply: RecommendationsReply) -> str:
    lines = [reply.title]
    lines += [line for line in (answers_line(reply), reply.intro) if line]
    for item in reply.items:
        lines.append("")
        lines.append(f"{rank_line(item.position, item.joint, item.score)}: {item.name}")
        lines.append(f"  {approach_line(item.approach_name)}")
        if item.summary:
            lines.append(f"  {item.summary}")
        lines += [f"  {reason_line(r)}" for r in item.reasons if r.verdict in SHOWN_VERDICTS]
        lines += [f"  {f.label}: {f.shown}" for f in item.facts]
        if item.buttons:
            lines.append("  " + _buttons(item.buttons).strip())
    extra = [line for line in (near_misses_line(reply), unjudged_line(reply)) if line]
    if extra:
        lines += ["", *extra]
    return "\n".join(lines) + _buttons(reply.buttons)


BOTH = "Same for both"  # the heading over what two compared methods share


def _comparison(reply: ComparisonReply) -> str:
    lines = [f"{reply.left_name}  vs  {reply.right_name}"]
    shared = reply.shared()
    if shared:
        lines.append(f"{BOTH}:")
        lines += [f"  {row.label}: {row.shown}" for row in shared]
    for side in reply.sides():
        lines.append(f"{side.name}:")
        lines += [f"  {row.label}: {row.shown}" for row in side.rows]
    return "\n".join(lines) + _buttons(reply.buttons)
