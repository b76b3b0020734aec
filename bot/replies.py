"""What the core says: a small closed set of neutral reply types that every adapter renders.

Text, question with options, method card, method list, comparison, notice. Adapters render each
with one pure function; `bot.plaintext` gives the plain-text fallback every platform needs.
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
    number: int  # 1-based position of this question in the flow
    total: int
    prompt: str
    help: str | None = None
    options: tuple[Button, ...]
    controls: tuple[Button, ...] = ()  # back, restart, cancel


class FactRow(Frozen):
    label: str
    value: str | None = None  # None: the source does not record it

    @property
    def shown(self) -> str:
        return self.value if self.value is not None else NOT_RECORDED


class Fit(Frozen):
    """Why a recommended method fits the user's answers, and what does not fit."""

    rank: int
    score: int = Field(ge=0, le=100)
    fits: tuple[str, ...] = ()
    misses: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()


class MethodCardReply(Frozen):
    kind: Literal["method_card"] = "method_card"
    method_id: str
    name: str
    approach_id: str
    approach_name: str
    summary: str | None = None
    description: str | None = None
    facts: tuple[FactRow, ...] = ()  # practical considerations
    examples: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()  # of the approach
    limitations: tuple[str, ...] = ()
    source_url: str | None = None
    references: tuple[str, ...] = ()
    fit: Fit | None = None  # set when the card is a recommendation
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


class ComparisonRow(Frozen):
    label: str
    left: str | None = None
    right: str | None = None


class ComparisonReply(Frozen):
    kind: Literal["comparison"] = "comparison"
    left_id: str
    left_name: str
    right_id: str
    right_name: str
    rows: tuple[ComparisonRow, ...]
    buttons: tuple[Button, ...] = ()


Reply = Annotated[
    TextReply | NoticeReply | QuestionReply | MethodCardReply | MethodListReply | ComparisonReply,
    Field(discriminator="kind"),
]
