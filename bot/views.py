"""Builds neutral replies from catalogue entries: method cards, lists, comparisons, help.

Imports: bot.intents, bot.messages, bot.replies, catalogue and stdlib only.
"""

from __future__ import annotations

from bot.criteria import CRITERIA, Answers
from bot.intents import SmallTalk
from bot.messages import Command, CommandAction, FeedbackAction, ShowAction
from bot.recommend import Ranked, near_misses, shortlist
from bot.replies import (
    Button,
    ButtonStyle,
    ComparisonReply,
    ComparisonRow,
    FactRow,
    ListItem,
    ListPurpose,
    MethodCardReply,
    MethodListReply,
    NoticeReply,
    Reason,
    Recommendation,
    RecommendationsReply,
    Section,
    TextReply,
    Verdict,
)
from catalogue.schema import Approach, Catalogue, Method, Reference
from catalogue.search import Match, TargetKind

GUIDE_BUTTON = Button(
    label="Help me choose", action=CommandAction(command=Command.GUIDE), style=ButtonStyle.PRIMARY
)
LIST_BUTTON = Button(label="List all methods", action=CommandAction(command=Command.LIST))
HELP_BUTTON = Button(label="Help", action=CommandAction(command=Command.HELP))
START_AGAIN = Button(
    label="Start again", action=CommandAction(command=Command.GUIDE), style=ButtonStyle.PRIMARY
)

HELP_TEXT = (
    "I help health and care teams choose how to spread and scale an innovation or improvement, "
    "using NHS Horizons' toolkit Approaches to Spread and Scale.\n"
    '• Ask about a method or example in your own words, e.g. "what is social franchising?" '
    'or "GIRFT".\n'
    "• guide: answer five questions and get ranked recommendations.\n"
    "• list: every approach and its methods.\n"
    "• find TEXT: look something up.\n"
    "• compare A and B: two methods side by side.\n"
    "• During the guided selection: back, restart, cancel or help at any time."
)


# A query carried in a button is cut to this, so the encoded value stays far below the 2000
# characters a platform allows even when every character needs an escape.
QUERY_IN_BUTTON = 100


def show_button(kind: TargetKind, target_id: str, label: str, query: str = "") -> Button:
    target = "method" if kind is TargetKind.METHOD else "approach"
    action = ShowAction(target=target, id=target_id, query=_clip(query, QUERY_IN_BUTTON))
    return Button(label=_clip(label, 75), action=action)


def feedback_buttons(method_id: str, query: str = "") -> tuple[Button, Button]:
    """ "Helpful" / "Not helpful" on a method's card or recommendation."""
    query = _clip(query, QUERY_IN_BUTTON)
    return (
        Button(label="Helpful", action=FeedbackAction(method=method_id, helpful=True, query=query)),
        Button(
            label="Not helpful", action=FeedbackAction(method=method_id, helpful=False, query=query)
        ),
    )


def feedback_thanks(method_name: str, helpful: bool) -> NoticeReply:
    if helpful:
        return NoticeReply(text=f"Thank you: noted that {method_name} helped.")
    return NoticeReply(
        text=f"Thank you: noted that {method_name} did not help. Try other words, or answer a "
        "few questions and I'll suggest methods.",
        buttons=(GUIDE_BUTTON, LIST_BUTTON),
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def method_facts(method: Method) -> tuple[FactRow, ...]:
    p = method.practical
    stages = ", ".join(s.label for s in p.stages) if p.stages else None
    if p.audience_note:
        audience: str | None = p.audience_note
    elif p.scales:
        audience = ", ".join(s.label for s in p.scales)
    else:
        audience = None
    targeting = ", ".join(t.label for t in p.targeting) if p.targeting else None
    rows = [
        FactRow(label="Stage of development", value=stages),
        FactRow(label="Audience and scale", value=audience),
    ]
    if targeting:
        rows.append(FactRow(label="Targeted by", value=targeting))
    rows += [
        FactRow(label="Resources needed", value=p.resources),
        FactRow(label="Timeframe", value=p.timeframe.label if p.timeframe else None),
    ]
    return tuple(rows)


def _reference(ref: Reference) -> str:
    parts = [ref.publisher, ref.title]
    text = ". ".join(p for p in parts if p)
    if ref.year:
        text += f" ({ref.year})"
    return f"{text}: {ref.url}" if ref.url else text


def example_lines(method: Method) -> tuple[str, ...]:
    out = []
    for ex in method.examples:
        short = [a for a in ex.aliases if a.isupper() and len(a) <= 8]
        name = f"{ex.name} ({short[0]})" if short and short[0] != ex.name else ex.name
        out.append(f"{name}: {ex.note}" if ex.note else name)
    return tuple(out)


def method_card(catalogue: Catalogue, method: Method, query: str = "") -> MethodCardReply:
    """The method's card; `query` is what the person asked that led here (for feedback)."""
    approach = catalogue.approach(method.approach)
    summary = method.summary
    if summary is None and method.name_source:
        summary = f"Only the name is recorded (it comes from {method.name_source})."
    return MethodCardReply(
        method_id=method.id,
        name=method.name,
        approach_id=approach.id,
        approach_name=approach.name,
        summary=summary,
        description=method.description,
        facts=method_facts(method),
        examples=example_lines(method),
        strengths=approach.strengths,
        limitations=approach.limitations,
        source_url=approach.source,
        references=tuple(_reference(r) for r in approach.references),
        method_limitations=method.limitations,
        buttons=(
            show_button(TargetKind.APPROACH, approach.id, "About this approach"),
            GUIDE_BUTTON,
            *feedback_buttons(method.id, query),
        ),
    )


def approach_view(catalogue: Catalogue, approach: Approach) -> MethodListReply:
    methods = catalogue.methods_of(approach.id)
    items = tuple(
        ListItem(
            id=m.id,
            title=m.name,
            detail=m.summary,
            button=show_button(TargetKind.METHOD, m.id, m.name),
        )
        for m in methods
    )
    sections = [
        Section(label="Strengths", lines=approach.strengths),
        Section(label="Limitations", lines=approach.limitations),
    ]
    missing = approach.method_count - len(methods)
    if missing > 0:
        sections.append(
            Section(
                label="Not recorded",
                lines=(
                    f"The toolkit counts {approach.method_count} methods here; the names of {missing} "
                    "are not recorded in our sources.",
                ),
            )
        )
    return MethodListReply(
        purpose=ListPurpose.APPROACH,
        title=f"Approach {approach.number}: {approach.name}",
        intro=approach.summary,
        sections=tuple(s for s in sections if s.lines),
        items=items,
        source_url=approach.source,
        buttons=(GUIDE_BUTTON, LIST_BUTTON),
    )


def catalogue_list(catalogue: Catalogue) -> MethodListReply:
    items = []
    for approach in catalogue.approaches:
        group = f"{approach.number}. {approach.name}"
        for m in catalogue.methods_of(approach.id):
            items.append(
                ListItem(
                    id=m.id,
                    title=m.name,
                    detail=m.summary,
                    group=group,
                    button=show_button(TargetKind.METHOD, m.id, m.name),
                )
            )
    return MethodListReply(
        purpose=ListPurpose.CATALOGUE,
        title="Approaches to spread and scale",
        intro=(
            f"{len(catalogue.approaches)} approaches and {len(catalogue.methods)} recorded "
            "methods. Ask about any of them by name."
        ),
        items=tuple(items),
        buttons=(GUIDE_BUTTON,),
    )


def did_you_mean(query: str, matches: tuple[Match, ...]) -> MethodListReply:
    return MethodListReply(
        purpose=ListPurpose.DID_YOU_MEAN,
        title="Did you mean one of these?",
        intro=f"I'm not sure which one you mean by \u201c{_clip(query, 200)}\u201d.",
        items=tuple(
            ListItem(
                id=m.id,
                title=m.name,
                detail=("Approach" if m.kind is TargetKind.APPROACH else m.approach_name),
                button=show_button(m.kind, m.id, m.name, query),
            )
            for m in matches
        ),
        buttons=(GUIDE_BUTTON, LIST_BUTTON),
    )


def no_match(query: str) -> NoticeReply:
    return NoticeReply(
        title="Nothing in the catalogue fits",
        text=(
            f"I couldn't find a method or example that matches \u201c{_clip(query, 200)}\u201d. "
            "Try other words, see the full list, or answer a few questions and I'll suggest "
            "methods."
        ),
        buttons=(GUIDE_BUTTON, LIST_BUTTON),
    )


def comparison(catalogue: Catalogue, left: Method, right: Method) -> ComparisonReply:
    la, ra = catalogue.approach(left.approach), catalogue.approach(right.approach)
    rows = [
        ComparisonRow(label="Approach", left=la.name, right=ra.name),
        ComparisonRow(label="Summary", left=left.summary, right=right.summary),
    ]
    for lf, rf in zip(method_facts(left), method_facts(right), strict=False):
        if lf.label == rf.label:
            rows.append(ComparisonRow(label=lf.label, left=lf.value, right=rf.value))
    rows.append(
        ComparisonRow(
            label="Examples",
            left="; ".join(e.name for e in left.examples) or None,
            right="; ".join(e.name for e in right.examples) or None,
        )
    )
    return ComparisonReply(
        left_id=left.id,
        left_name=left.name,
        right_id=right.id,
        right_name=right.name,
        rows=tuple(rows),
        buttons=(
            show_button(TargetKind.METHOD, left.id, left.name),
            show_button(TargetKind.METHOD, right.id, right.name),
        ),
    )


RECOMMENDATIONS_SHOWN = 3
# The order reasons are listed in: what fits first, then what does not, then what is unknown.
_REASON_ORDER = {Verdict.FITS: 0, Verdict.MISSES: 1, Verdict.WARNING: 2, Verdict.UNKNOWN: 3}


def understood_rows(answers: Answers) -> tuple[FactRow, ...]:
    """The answers as short rows: ("Stage of development", "ready to spread")."""
    return tuple(
        FactRow(label=s.title, value=s.describe(answers.get(s.criterion)))
        for s in CRITERIA
        if answers.get(s.criterion)
    )


def recommendation(catalogue: Catalogue, r: Ranked) -> Recommendation:
    approach = catalogue.approach(r.method.approach)
    reasons = sorted(r.judgements, key=lambda j: _REASON_ORDER[j.verdict])
    return Recommendation(
        method_id=r.method.id,
        name=r.method.name,
        approach_id=approach.id,
        approach_name=approach.name,
        summary=r.method.summary,
        position=r.position,
        joint=r.joint,
        score=r.score,
        reasons=tuple(
            Reason(verdict=j.verdict, text=j.reason, evidence=j.evidence, sources=j.sources)
            for j in reasons
        ),
        facts=method_facts(r.method),
        source_url=approach.source,
        details=show_button(TargetKind.METHOD, r.method.id, "Details"),
        feedback=feedback_buttons(r.method.id),
    )


def recommendations(
    catalogue: Catalogue, answers: Answers, ranked: tuple[Ranked, ...]
) -> RecommendationsReply:
    """The guided selection's result as one reply: the best few, near misses, what is unknown."""
    top = shortlist(ranked, RECOMMENDATIONS_SHOWN)
    understood = understood_rows(answers)
    misses = near_misses(ranked, exclude={r.method.id for r in top}) if understood else []
    unjudged = sum(1 for r in ranked if not r.judged) if understood else 0
    if not understood:
        intro = (
            "You weren't sure of any answer, so there is nothing to rank the methods by. "
            "Browse the list, or start again with your best guesses."
        )
    elif top:
        intro = "These methods fit your answers best."
    else:
        intro = "None of the methods has recorded evidence that fits your answers on balance."
    return RecommendationsReply(
        title="Recommended methods",
        understood=understood,
        intro=intro,
        items=tuple(recommendation(catalogue, r) for r in top),
        near_misses=tuple(
            ListItem(
                id=r.method.id,
                title=r.method.name,
                detail="Does not fit: " + "; ".join(r.reasons(Verdict.MISSES)),
                button=show_button(TargetKind.METHOD, r.method.id, r.method.name),
            )
            for r in misses
        ),
        unjudged=unjudged,
        buttons=(START_AGAIN, LIST_BUTTON),
    )


# --- Small talk: a short friendly reply, never "nothing fits" ----------------------------------

_SMALL_TALK_REPLIES: dict[SmallTalk, str] = {
    SmallTalk.THANKS: "You're welcome! Ask about any method, or say guide to get recommendations.",
    SmallTalk.WHO: (
        "I'm Spreadbot. I help health and care teams choose how to spread and scale an "
        "innovation, using NHS Horizons' toolkit Approaches to Spread and Scale. Say help to "
        "see what I can do."
    ),
    SmallTalk.HOW: "All good here, thanks. What would you like to know about spreading your work?",
    SmallTalk.PRAISE: "Glad it helped!",
    SmallTalk.BYE: "Bye for now. Come back any time.",
    SmallTalk.ACK: "Anything else? Ask about a method, or say guide to get recommendations.",
}


def small_talk_reply(kind: SmallTalk) -> TextReply:
    return TextReply(text=_SMALL_TALK_REPLIES[kind])
