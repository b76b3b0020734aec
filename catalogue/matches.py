"""What a lookup returns: ranked matches, each saying what matched, and what to do with them.

Kept apart from the search index so that the bot, the confidence rules and the tests can name these
types without the index's machinery. Imports: stdlib only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TargetKind(StrEnum):
    METHOD = "method"
    APPROACH = "approach"


class Outcome(StrEnum):
    CONFIDENT = "confident"  # answer outright
    AMBIGUOUS = "ambiguous"  # offer "did you mean"
    NONE = "none"  # say nothing fits; matches may hold weak hints


class FieldKind(StrEnum):
    """Where in an entry a text comes from; each weighs differently as evidence."""

    NAME = "name"
    ALIAS = "alias"
    EXAMPLE = "example"
    PHRASING = "phrasing"
    KEYWORD = "keyword"
    TEXT = "text"


class MatchKind(StrEnum):
    """How an entry's best score was reached."""

    NAME = "name"  # its name, typed whole or nearly
    ALIAS = "alias"  # another name for it
    EXAMPLE = "example"  # the name of one of its examples
    ACRONYM = "acronym"  # an acronym of it or of one of its examples, typed alone
    PHRASING = "phrasing"  # one of the sentences people ask for it with
    WORDS = "words"  # the query's words, one by one


@dataclass(frozen=True)
class Match:
    kind: TargetKind
    id: str
    name: str
    approach_id: str
    approach_name: str
    score: float
    why: str  # what matched, for explanations and debugging
    words: int = 0  # how many of the query's words (or terms) this entry matched
    via: MatchKind = MatchKind.WORDS
    matched: str = ""  # the catalogue's text that matched whole, as written there ("" for words)
    # When the query names one of the entry's examples (by name, alias or acronym), that example's
    # name and the acronym typed, if any: "GIRFT" -> example "Getting It Right First Time",
    # acronym "GIRFT". Set whatever `via` is, so "how does GIRFT work in orthopaedics" has it too.
    example: str | None = None
    acronym: str | None = None


@dataclass(frozen=True)
class LookupResult:
    query: str
    outcome: Outcome
    matches: tuple[Match, ...]
    units: int = 0  # the query's content words and terms, as lookup counted them

    @property
    def confident(self) -> bool:
        return self.outcome is Outcome.CONFIDENT

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None
