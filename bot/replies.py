"""What the core says: a small closed set of neutral reply types that every adapter renders.

Text, help, question with options, method card, method list, recommendations, comparison, notice.
Adapters render each with one pure function; `bot.plaintext` gives the plain-text fallback every
platform needs.
Imports: pydantic, stdlib and bot.messages only.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from bot.messages import AnyAction, Frozen

NOT_RECORDED = "Not recorded in the source"


class ButtonStyle(StrEnum):
    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


class Button(Frozen):
    label: str = Field(max_length=75)
    action: AnyAction = Field(discriminator="kind")
    style: ButtonStyle = ButtonStyle.DEFAULT


class TextReply(Frozen):
    kind: Literal["text"] = "text"
    text: str


class HelpLine(Frozen):
    command: str  # what to type: "guide", "compare A and B"
    text: str  # what it does


class HelpReply(Frozen):
    """What Spreadbot does and what to type: help, the greeting, a platform's welcome."""

    kind: Literal["help"] = "help"
    title: str
    intro: str | None = None
    lines: tuple[HelpLine, ...] = ()  # kept as separate lines on every platform
    note: str | None = None
    buttons: tuple[Button, ...] = ()


class NoticeLevel(StrEnum):
    INFO = "info"
    WARNING = "warning"


class NoticeReply(Frozen):
    """Something about the conversation itself: no match, an old card, an expired conversation."""

    kind: Literal["notice"] = "notice"
    level: NoticeLevel = NoticeLevel.INFO
    title: str | None = None
    text: str
    buttons: tuple[Button, ...] = ()


class QuestionReply(Frozen):
    kind: Literal["question"] = "question"
    flow: str
    step: str
    turn: int
    number: int  # 1-based position of this question along the path the answers take
    total: int
    prompt: str
    help: str | None = None
    options: tuple[Button, ...]
    controls: tuple[Button, ...] = ()  # back, restart, cancel
    # Several answers at once: `options` toggle (each says whether it adds or removes), the
    # labels of those chosen so far are listed, and `submit` sends the choice.
    multiple: bool = False
    selected: tuple[str, ...] = ()
    submit: Button | None = None


class FactRow(Frozen):
    label: str
    value: str | None = None  # None: the source does not record it

    @property
    def shown(self) -> str:
        return self.value if self.value is not None else NOT_RECORDED


class Verdict(StrEnum):
    """How one answer bears on one method."""

    FITS = "fits"
    MISSES = "misses"  # shown as "does not fit"
    UNKNOWN = "unknown"  # shown as "not recorded"
    WARNING = "warning"  # a recorded limitation that speaks against it for the user's barrier


class Evidence(StrEnum):
    """Where a judgement comes from: the method's own practical considerations, or what the
    toolkit says about its whole approach (strengths and limitations)."""

    METHOD = "method"
    APPROACH = "approach"

    @property
    def phrase(self) -> str:
        return (
            "from the method's practical considerations"
            if self is Evidence.METHOD
            else "from what the toolkit says about the approach"
        )


class Reason(Frozen):
    verdict: Verdict
    text: str  # "suits the spread stage (prototype/testing and spread)"
    evidence: Evidence
    sources: tuple[str, ...] = ()  # the recorded catalogue text it rests on
    # The practical consideration it rests on, as the facts shown with it name it ("stage"): a
    # compact answer says "Fits: stage" and lets those facts say the rest. None: say `text`.
    topic: str | None = None


class Recommendation(Frozen):
    method_id: str
    name: str
    approach_id: str
    approach_name: str
    summary: str | None = None
    position: int = Field(ge=1)  # 1 + how many rank strictly higher: equals share a position
    joint: bool = False  # another shown or unshown method has the same score
    score: int = Field(ge=0, le=100)
    reasons: tuple[Reason, ...] = ()
    facts: tuple[FactRow, ...] = ()  # practical considerations
    source_url: str | None = None
    details: Button | None = None  # shows the full method card
    feedback: tuple[Button, ...] = ()  # "Helpful" / "Not helpful"

    @property
    def buttons(self) -> tuple[Button, ...]:
        """Its own buttons, in the order every surface shows them: Details, then feedback."""
        return ((self.details,) if self.details is not None else ()) + self.feedback


class MatchedKind(StrEnum):
    EXAMPLE = "example"  # one of the method's examples, by its name, another name or acronym
    # An acronym. From a lookup: any acronym; on a card (bot.views.resolve_match), one of the
    # method itself, as an acronym of an example is said as that example.
    ACRONYM = "acronym"


class Matched(Frozen):
    """What a lookup's words matched on the way to a card when it was not the card's own name,
    so the answer can start with it: "GIRFT (Getting It Right First Time) is an example of"."""

    kind: MatchedKind
    text: str  # as the catalogue writes it: "GIRFT"
    meaning: str | None = None  # its full name, or its acronym: "Getting It Right First Time"


class ExampleRow(Frozen):
    name: str  # "Getting It Right First Time (GIRFT)"
    note: str | None = None


class MethodCardReply(Frozen):
    """A method's reference card. Platforms show the summary, the practical considerations and
    the example names first, and the rest behind `details` (or all of it when `full`)."""

    kind: Literal["method_card"] = "method_card"
    method_id: str
    name: str
    approach_id: str
    approach_name: str
    matched: Matched | None = None
    full: bool = False  # the user asked for the details: show everything at once
    summary: str | None = None
    description: str | None = None
    facts: tuple[FactRow, ...] = ()  # practical considerations
    examples: tuple[ExampleRow, ...] = ()
    strengths: tuple[str, ...] = ()  # of the approach
    limitations: tuple[str, ...] = ()
    source_url: str | None = None
    references: tuple[str, ...] = ()
    method_limitations: tuple[str, ...] = ()  # limitations of this method alone
    details: Button | None = None  # shows the whole card (None when it is already `full`)
    buttons: tuple[Button, ...] = ()


class ListPurpose(StrEnum):
    CATALOGUE = "catalogue"  # everything, grouped by approach
    APPROACH = "approach"  # one approach and its methods
    DID_YOU_MEAN = "did_you_mean"
    NEAR_MISSES = "near_misses"


class ListItem(Frozen):
    id: str
    title: str
    detail: str | None = None
    group: str | None = None  # approach name, for grouped lists
    button: Button | None = None


class Section(Frozen):
    label: str
    lines: tuple[str, ...]


class MethodListReply(Frozen):
    kind: Literal["method_list"] = "method_list"
    purpose: ListPurpose
    title: str
    intro: str | None = None
    sections: tuple[Section, ...] = ()  # e.g. an approach's strengths and limitations
    items: tuple[ListItem, ...] = ()
    source_url: str | None = None
    buttons: tuple[Button, ...] = ()


class RecommendationsReply(Frozen):
    """The end of a guided selection: the best methods for the answers, in one message."""

    kind: Literal["recommendations"] = "recommendations"
    title: str
    understood: tuple[FactRow, ...] = ()  # the answers the ranking used, e.g. ("Stage", "spread")
    intro: str | None = None
    items: tuple[Recommendation, ...] = ()
    near_misses: tuple[ListItem, ...] = ()
    unjudged: int = 0  # methods nothing recorded lets us judge against these answers
    fit_less: int = 0  # methods judged but neither shown nor a near miss: they fit less well
    buttons: tuple[Button, ...] = ()


class ComparisonRow(Frozen):
    label: str
    left: str | None = None
    right: str | None = None

    @property
    def same(self) -> bool:
        """Both methods have the same value here (both unrecorded counts as the same)."""
        return self.left == self.right


class ComparedSide(Frozen):
    name: str
    rows: tuple[FactRow, ...]  # where it differs from the other method
    details: Button | None = None


class ComparisonReply(Frozen):
    kind: Literal["comparison"] = "comparison"
    title: str = "Comparing two methods"
    left_id: str
    left_name: str
    right_id: str
    right_name: str
    rows: tuple[ComparisonRow, ...]
    left_details: Button | None = None  # shows the left method's card
    right_details: Button | None = None
    buttons: tuple[Button, ...] = ()

    def shared(self) -> tuple[FactRow, ...]:
        """The rows that are the same for both methods, to be said once."""
        return tuple(FactRow(label=r.label, value=r.left) for r in self.rows if r.same)

    def sides(self) -> tuple[ComparedSide, ComparedSide]:
        """Each method with the rows where it differs, for a stacked layout."""
        differ = [r for r in self.rows if not r.same]
        return (
            ComparedSide(
                name=self.left_name,
                rows=tuple(FactRow(label=r.label, value=r.left) for r in differ),
                details=self.left_details,
            ),
            ComparedSide(
                name=self.right_name,
                rows=tuple(FactRow(label=r.label, value=r.right) for r in differ),
                details=self.right_details,
            ),
        )


Reply = Annotated[
    TextReply
    | HelpReply
    | NoticeReply
    | QuestionReply
    | MethodCardReply
    | MethodListReply
    | RecommendationsReply
    | ComparisonReply,
    Field(discriminator="kind"),
]
