"""Builds neutral replies from catalogue entries (method cards, lists, comparisons) and holds the
one vocabulary every platform uses: button labels, help, welcome.

Imports: bot.intents, bot.messages, bot.replies, catalogue and stdlib only.
"""

from __future__ import annotations

import re

from bot.criteria import CRITERIA, Answers, Criterion, Judgement
from bot.intents import SmallTalk
from bot.messages import Command, CommandAction, FeedbackAction, ShowAction
from bot.recommend import Ranked, near_misses, shortlist
from bot.replies import (
    Button,
    ButtonStyle,
    ComparisonReply,
    ComparisonRow,
    Evidence,
    ExampleRow,
    FactRow,
    HelpLine,
    HelpReply,
    ListItem,
    ListPurpose,
    Matched,
    MatchedKind,
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
from catalogue.schema import Approach, Catalogue, Example, Method, Reference
from catalogue.search import Match, TargetKind
from catalogue.text import fold

# -- one vocabulary: every platform's buttons and help come from here -------------------------
# Labels stay short (about 20 characters at most) so a phone does not cut them off.

GUIDE_BUTTON = Button(
    label="Help me choose", action=CommandAction(command=Command.GUIDE), style=ButtonStyle.PRIMARY
)
LIST_BUTTON = Button(label="List all methods", action=CommandAction(command=Command.LIST))
HELP_BUTTON = Button(label="Help", action=CommandAction(command=Command.HELP))
START_AGAIN = Button(
    label="Start again", action=CommandAction(command=Command.GUIDE), style=ButtonStyle.PRIMARY
)
DETAILS_LABEL = "Details"
APPROACH_LABEL = "See the approach"
MORE_LABEL = "More methods"
OPEN_LABEL = "Open"  # a list row's button, where the row's own title names what it opens
PICK_LABEL = "Open a method"  # a menu of every entry in a list
SHORTENED = "Shortened to fit here; ask again in other words for the rest."
SOURCE_LABEL = "Read the source"  # a link to where the catalogue's text comes from
HELP_TOGGLE_LABEL = "What these mean"  # shows a question's help where it is folded away

ABOUT = (
    "I help health and care teams choose how to spread and scale an innovation or improvement, "
    "using NHS Horizons' toolkit Approaches to Spread and Scale: seven approaches, their "
    "methods, examples and practical considerations."
)
HELP_LINES = (
    HelpLine(command="guide", text="answer five questions and get methods that fit"),
    HelpLine(command="list", text="every approach and its methods"),
    HelpLine(command="find TEXT", text='look something up, or just type it, e.g. "GIRFT"'),
    HelpLine(command="compare A and B", text="two methods side by side"),
    HelpLine(command="back, restart, cancel", text="move around the guided selection"),
    HelpLine(command="help", text="this list; in the guided selection, help on the question"),
)
FLOW_LINES = (
    HelpLine(command="back", text="the previous question"),
    HelpLine(command="restart", text="start the questions again"),
    HelpLine(command="cancel", text="stop and clear your answers"),
)
SHARED_NOTE = "In channels and group chats, mention me first, for example: @Spreadbot guide"
ANSWER_NOTE = "Answer with a button, the option's number, or in your own words."


def help_reply(greeting: bool = False) -> HelpReply:
    return HelpReply(
        title="Hello! I'm Spreadbot" if greeting else "What I can do",
        intro=ABOUT,
        lines=HELP_LINES,
        buttons=(GUIDE_BUTTON, LIST_BUTTON),
    )


def welcome(*, shared: bool) -> HelpReply:
    """The greeting when Spreadbot is added to a chat (shared: a channel or group chat)."""
    return help_reply(greeting=True).model_copy(update={"note": SHARED_NOTE if shared else None})


def question_help(step_help: str | None) -> HelpReply:
    """Help during the guided selection: what the question means and how to move around."""
    return HelpReply(
        title="Help with this question",
        intro=step_help,
        lines=FLOW_LINES,
        note=ANSWER_NOTE + " You can also ask about any method.",
    )


# A query carried in a button is cut to this, so the encoded value stays far below the 2000
# characters a platform allows even when every character needs an escape.
QUERY_IN_BUTTON = 100


def show_button(
    kind: TargetKind, target_id: str, label: str, *, full: bool = False, query: str = ""
) -> Button:
    target = "method" if kind is TargetKind.METHOD else "approach"
    action = ShowAction(
        target=target,
        id=target_id,
        full=True if full else None,
        query=_clip(query, QUERY_IN_BUTTON),
    )
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


def details_button(method_id: str) -> Button:
    """Shows a method's whole reference card."""
    return show_button(TargetKind.METHOD, method_id, DETAILS_LABEL, full=True)


def quote(user_text: str, limit: int = 200) -> str:
    """Words a user typed, quoted back: clipped, and with the invisible controls that would
    reorder the text around them (right-to-left overrides and the like) taken out."""
    return "\u201c" + _clip(_BIDI_CONTROLS.sub("", user_text), limit) + "\u201d"


_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# The practical consideration each method-level criterion is judged on, as the facts name it.
FACT_LABELS = {
    Criterion.STAGE: "Stage",
    Criterion.SCALE: "Scale",
    Criterion.RESOURCES: "Resources",
    Criterion.TIMEFRAME: "Timeframe",
}


FOCUS_LABEL = "Focus"  # what the method is targeted by, where the source records it
_FACT_ORDER = (
    FACT_LABELS[Criterion.STAGE],
    FACT_LABELS[Criterion.SCALE],
    FOCUS_LABEL,
    FACT_LABELS[Criterion.RESOURCES],
    FACT_LABELS[Criterion.TIMEFRAME],
)


def method_facts(method: Method) -> tuple[FactRow, ...]:
    p = method.practical
    targeting = ", ".join(t.label for t in p.targeting) if p.targeting else None
    # Short labels: on a phone a long label squeezes the value into a narrow column.
    rows = [
        FactRow(label=FACT_LABELS[Criterion.STAGE], value=p.stages_shown),
        FactRow(label=FACT_LABELS[Criterion.SCALE], value=p.audience),
    ]
    if targeting:
        rows.append(FactRow(label=FOCUS_LABEL, value=targeting))
    rows += [
        FactRow(label=FACT_LABELS[Criterion.RESOURCES], value=p.resources),
        FactRow(
            label=FACT_LABELS[Criterion.TIMEFRAME],
            value=p.timeframe.label if p.timeframe else None,
        ),
    ]
    return tuple(rows)


def _reference(ref: Reference) -> str:
    parts = [ref.publisher, ref.title]
    text = ". ".join(p for p in parts if p)
    if ref.year:
        text += f" ({ref.year})"
    return f"{text}: {ref.url}" if ref.url else text


def _acronym(example: Example) -> str | None:
    return next((a for a in example.aliases if a.isupper() and len(a) <= 8), None)


def example_rows(method: Method) -> tuple[ExampleRow, ...]:
    out = []
    for ex in method.examples:
        short = _acronym(ex)
        name = f"{ex.name} ({short})" if short and short != ex.name else ex.name
        out.append(ExampleRow(name=name, note=ex.note))
    return tuple(out)


def resolve_match(method: Method, found: Matched | None) -> Matched | None:
    """What a lookup matched, said in the catalogue's words: an example's name with its acronym
    (or an acronym with the example's name), or an acronym of the method; None for anything the
    card's own name already says."""
    if found is None:
        return None
    wanted = fold(found.text)
    for ex in method.examples:
        if fold(ex.name) == wanted:
            return Matched(kind=MatchedKind.EXAMPLE, text=ex.name, meaning=_acronym(ex))
        alias = next((a for a in ex.aliases if fold(a) == wanted), None)
        if alias is not None:
            return Matched(kind=MatchedKind.EXAMPLE, text=alias, meaning=ex.name)
    if found.kind is MatchedKind.ACRONYM:
        alias = next((a for a in method.aliases if fold(a) == wanted), None)
        if alias is not None:
            return Matched(kind=MatchedKind.ACRONYM, text=alias)
    return None


def method_card(
    catalogue: Catalogue,
    method: Method,
    *,
    matched: Matched | None = None,
    full: bool = False,
    query: str = "",
) -> MethodCardReply:
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
        matched=resolve_match(method, matched),
        full=full,
        summary=summary,
        description=method.description,
        facts=method_facts(method),
        examples=example_rows(method),
        strengths=approach.strengths,
        limitations=approach.limitations,
        source_url=approach.source,
        references=tuple(_reference(r) for r in approach.references),
        method_limitations=method.limitations,
        details=None if full else details_button(method.id),
        buttons=(
            show_button(TargetKind.APPROACH, approach.id, APPROACH_LABEL),
            GUIDE_BUTTON,
            *feedback_buttons(method.id, query),
        ),
    )


def approach_view(catalogue: Catalogue, approach: Approach, page: int = 1) -> MethodListReply:
    methods = catalogue.methods_of(approach.id)
    items = tuple(
        ListItem(
            id=m.id,
            title=m.name,
            detail=m.summary,
            group="Its methods",
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
    number, split = _page(items, page)
    more = ShowAction(target="approach", id=approach.id, page=number + 1)
    return MethodListReply(
        purpose=ListPurpose.APPROACH,
        title=f"Approach {approach.number}: {approach.name}",
        intro=_paged(approach.summary, number, len(split)),
        # The approach's strengths and limitations are said on its first page only.
        sections=tuple(s for s in sections if s.lines) if number == 1 else (),
        items=split[number - 1],
        source_url=approach.source,
        buttons=_more(number, len(split), more) + (GUIDE_BUTTON, LIST_BUTTON),
    )


# A long list is shown a page at a time: at most this many entries, or this many characters of
# names and summaries, whichever comes first, so every platform's message stays well inside its
# size limits.
PAGE_ITEMS = 25
PAGE_CHARS = 2000


def pages(items: tuple[ListItem, ...]) -> list[tuple[ListItem, ...]]:
    """`items` cut into pages by the budget above (never an empty page)."""
    out: list[tuple[ListItem, ...]] = []
    page: list[ListItem] = []
    used = 0
    for item in items:
        size = len(item.title) + len(item.detail or "")
        if not page or item.group != page[-1].group:
            size += len(item.group or "")  # a group's heading is said once a page
        if page and (len(page) >= PAGE_ITEMS or used + size > PAGE_CHARS):
            out.append(tuple(page))
            page, used = [], len(item.group or "")
        page.append(item)
        used += size
    if page or not out:
        out.append(tuple(page))
    return out


def _page(items: tuple[ListItem, ...], page: int) -> tuple[int, list[tuple[ListItem, ...]]]:
    """The page number actually shown (within range) and all the pages."""
    split = pages(items)
    return min(max(page, 1), len(split)), split


def _paged(intro: str | None, number: int, count: int) -> str | None:
    if count <= 1:
        return intro
    where = f"Page {number} of {count}."
    return f"{intro} {where}" if intro else where


def _more(number: int, count: int, action: ShowAction | CommandAction) -> tuple[Button, ...]:
    return (Button(label=MORE_LABEL, action=action),) if number < count else ()


def catalogue_list(catalogue: Catalogue, page: int = 1) -> MethodListReply:
    items = tuple(
        ListItem(
            id=m.id,
            title=m.name,
            group=f"{approach.number}. {approach.name}",
            button=show_button(TargetKind.METHOD, m.id, m.name),
        )
        for approach in catalogue.approaches
        for m in catalogue.methods_of(approach.id)
    )
    number, split = _page(items, page)
    intro = (
        f"{len(catalogue.approaches)} approaches and {len(catalogue.methods)} recorded "
        "methods. Open one, or ask about any of them by name."
    )
    more = CommandAction(command=Command.LIST, page=number + 1)
    return MethodListReply(
        purpose=ListPurpose.CATALOGUE,
        title="Approaches to spread and scale",
        intro=_paged(intro, number, len(split)),
        items=split[number - 1],
        buttons=_more(number, len(split), more) + (GUIDE_BUTTON,),
    )


def did_you_mean(query: str, matches: tuple[Match, ...]) -> MethodListReply:
    return MethodListReply(
        purpose=ListPurpose.DID_YOU_MEAN,
        title="Did you mean one of these?",
        intro=f"I'm not sure which one you mean by {quote(query)}.",
        items=tuple(
            ListItem(
                id=m.id,
                title=m.name,
                detail=("Approach" if m.kind is TargetKind.APPROACH else m.approach_name),
                button=show_button(m.kind, m.id, m.name, query=query),
            )
            for m in matches
        ),
        buttons=(GUIDE_BUTTON, LIST_BUTTON),
    )


def no_match(query: str) -> NoticeReply:
    return NoticeReply(
        title="Nothing in the catalogue fits",
        text=(
            f"I couldn't find a method or example that matches {quote(query)}. "
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
    lf = {f.label: f.value for f in method_facts(left)}
    rf = {f.label: f.value for f in method_facts(right)}
    labels = [label for label in _FACT_ORDER if label in lf or label in rf]
    rows += [
        ComparisonRow(label=label, left=lf.get(label), right=rf.get(label)) for label in labels
    ]
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
        left_details=details_button(left.id),
        right_details=details_button(right.id),
        buttons=(GUIDE_BUTTON,),
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


def _topic(judgement: Judgement) -> str | None:
    if judgement.topic is not None:
        return judgement.topic
    if judgement.evidence is not Evidence.METHOD or judgement.criterion not in FACT_LABELS:
        return None
    return FACT_LABELS[judgement.criterion].lower()


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
            Reason(
                verdict=j.verdict,
                text=j.reason,
                evidence=j.evidence,
                sources=j.sources,
                topic=_topic(j),
            )
            for j in reasons
        ),
        facts=method_facts(r.method),
        source_url=approach.source,
        details=details_button(r.method.id),
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
    mentioned = {r.method.id for r in top} | {r.method.id for r in misses}
    fit_less = sum(1 for r in ranked if r.judged and r.method.id not in mentioned)
    fit_less = fit_less if understood else 0
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
        fit_less=fit_less,
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
