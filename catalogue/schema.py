"""The catalogue's data model: approaches to spread and scale and their methods and levers.

Pure pydantic models with no I/O; the loader reads YAML into these. Imports: pydantic and stdlib only.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Stage(StrEnum):
    """Stages of development, in the order an intervention passes through them."""

    IDEATION = "ideation"
    PROOF_OF_CONCEPT = "proof-of-concept"
    PROTOTYPE_TESTING = "prototype-testing"
    SPREAD = "spread"

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]


_STAGE_LABELS = {
    Stage.IDEATION: "Ideation",
    Stage.PROOF_OF_CONCEPT: "Proof of concept",
    Stage.PROTOTYPE_TESTING: "Prototype/testing",
    Stage.SPREAD: "Spread",
}
STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)


class Scale(StrEnum):
    NATIONAL = "national"
    REGIONAL = "regional"
    LOCAL = "local"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Targeting(StrEnum):
    """How a method is aimed: at a clinical speciality, a product, or a problem."""

    SPECIALITY = "speciality"
    PRODUCT = "product"
    PROBLEM = "problem"

    @property
    def label(self) -> str:
        return {"speciality": "Clinical speciality", "product": "Product", "problem": "Problem"}[
            self.value
        ]


class ResourceKind(StrEnum):
    """A kind of resource a method needs, or a user can draw on. No kind ranks above another.

    Each method's needs are derived from its recorded "resources needed" text and kept in the
    catalogue beside it (`Practical.needs`).
    """

    CENTRAL = "central"  # a central or national team or resource to coordinate
    FUNDING = "funding"  # money to implement
    LOCAL = "local"  # local staff time, engagement and partners' resources or goodwill
    EVALUATION = "evaluation"  # help to evaluate

    @property
    def label(self) -> str:
        return _RESOURCE_LABELS[self]


_RESOURCE_LABELS = {
    ResourceKind.CENTRAL: "central coordination",
    ResourceKind.FUNDING: "funding",
    ResourceKind.LOCAL: "local staff time and partners",
    ResourceKind.EVALUATION: "evaluation support",
}


class Barrier(StrEnum):
    """What mainly holds an innovation's spread back: the guided selection's barrier answers.

    The ids are a stable interface (flow options, CLI `--barrier`, JSON).
    """

    COSTS = "costs"  # the money to adopt it, up-front or double-running costs
    EVIDENCE = "evidence"  # proof that it works in real-world settings at scale
    SKILLS = "skills"  # staff lack the skills, capacity or implementation expertise
    COMPLEX = "complex"  # complex barriers across organisations or professions, many partners
    ENGAGEMENT = "engagement"  # little pull or ownership among staff and patients; local adaptation
    CONSISTENCY = "consistency"  # it needs doing the same way everywhere, with clear expectations
    PRIORITY = "priority"  # commissioners and leaders do not see it as a priority

    @property
    def label(self) -> str:
        return _BARRIER_LABELS[self]


_BARRIER_LABELS = {
    Barrier.COSTS: "the costs of adopting it",
    Barrier.EVIDENCE: "evidence that it works at scale",
    Barrier.SKILLS: "skills and capacity",
    Barrier.COMPLEX: "complex barriers across organisations",
    Barrier.ENGAGEMENT: "little pull or ownership locally",
    Barrier.CONSISTENCY: "doing it the same way everywhere",
    Barrier.PRIORITY: "not seen as a priority",
}


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


_RANGE_RE = re.compile(r"^\s*(\d+)\s*(?:-|to|–)\s*(\d+)\s*(months?|years?)\s*$", re.IGNORECASE)


class Timeframe(Frozen):
    """A duration range in months; ``max_months`` None means open-ended."""

    label: Text
    min_months: int = Field(ge=0)
    max_months: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> Timeframe:
        if self.max_months is not None and self.max_months < self.min_months:
            raise ValueError("max_months is below min_months")
        return self

    @classmethod
    def parse(cls, text: str) -> Timeframe:
        """Read the source's wording: "6-18 months", "1-3 years", "months to years", "variable"."""
        cleaned = " ".join(text.split())
        lowered = cleaned.lower()
        if lowered == "variable":
            return cls(label="Variable", min_months=0, max_months=None)
        if lowered == "months to years":
            return cls(label="Months to years", min_months=1, max_months=None)
        m = _RANGE_RE.match(cleaned)
        if m:
            lo, hi, unit = int(m.group(1)), int(m.group(2)), m.group(3).lower()
            factor = 12 if unit.startswith("year") else 1
            return cls(label=f"{lo}-{hi} {unit}", min_months=lo * factor, max_months=hi * factor)
        raise ValueError(
            f"timeframe {text!r} is not a range such as '6-18 months', '1-3 years', "
            "'months to years' or 'variable'"
        )


def expand_stages(value: Any) -> Any:
    """Accept a list of stages or a range written as "proof-of-concept to spread"."""
    if isinstance(value, str):
        parts = [p.strip() for p in re.split(r"\s+to\s+", value.strip())]
        if len(parts) == 2:
            lo, hi = Stage(parts[0]), Stage(parts[1])
            i, j = STAGE_ORDER.index(lo), STAGE_ORDER.index(hi)
            if i > j:
                raise ValueError(f"stage range {value!r} runs backwards")
            return list(STAGE_ORDER[i : j + 1])
        return [Stage(value.strip())]
    return value


class Practical(Frozen):
    """Practical considerations for using a method. None everywhere means "not recorded"."""

    stages: tuple[Stage, ...] | None = None
    scales: tuple[Scale, ...] | None = None
    targeting: tuple[Targeting, ...] | None = None
    audience_note: Text | None = None  # the source's own audience wording, restated
    resources: Text | None = None
    # The kinds of resource the recorded text asks for, read from it; None with no text.
    needs: tuple[ResourceKind, ...] | None = None
    timeframe: Timeframe | None = None

    @field_validator("stages", mode="before")
    @classmethod
    def _stages(cls, value: Any) -> Any:
        return expand_stages(value)

    @field_validator("timeframe", mode="before")
    @classmethod
    def _timeframe(cls, value: Any) -> Any:
        return Timeframe.parse(value) if isinstance(value, str) else value

    @field_validator("stages", "scales", "targeting", "needs")
    @classmethod
    def _no_repeats(cls, value: tuple[Any, ...] | None) -> tuple[Any, ...] | None:
        if value is not None:
            if not value:
                raise ValueError("an empty list; leave the field out when it is not recorded")
            if len(set(value)) != len(value):
                raise ValueError("a value is repeated")
        return value

    @model_validator(mode="after")
    def _needs_go_with_text(self) -> Practical:
        if self.needs is not None and self.resources is None:
            raise ValueError(
                "needs is set but resources (the recorded text it is read from) is not"
            )
        if self.resources is not None and self.needs is None:
            raise ValueError(
                "resources is recorded, so needs (the kinds it asks for) must be given"
            )
        return self

    @property
    def stages_shown(self) -> str | None:
        """The stages as shown to people ("Proof of concept, Spread"); None: not recorded."""
        return ", ".join(s.label for s in self.stages) if self.stages else None

    @property
    def audience(self) -> str | None:
        """Audience and scale as shown to people: the source's own wording where recorded,
        else the scales' labels; None: not recorded."""
        if self.audience_note:
            return self.audience_note
        return ", ".join(s.label for s in self.scales) if self.scales else None

    @property
    def recorded(self) -> bool:
        return any(
            v is not None
            for v in (self.stages, self.scales, self.targeting, self.resources, self.timeframe)
        )


class Example(Frozen):
    name: Text
    aliases: tuple[Text, ...] = ()  # other names and acronyms, e.g. "GIRFT"
    note: Text | None = None


class Reference(Frozen):
    title: Text
    url: Text | None = None
    publisher: Text | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)


class BarrierLink(Frozen):
    """One barrier an approach's recorded text speaks to, citing the strength it addresses it by
    or the limitation that warns against it (1-based positions in the approach's lists)."""

    barrier: Barrier
    strength: int | None = Field(default=None, ge=1)
    limitation: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _one_citation(self) -> BarrierLink:
        if (self.strength is None) == (self.limitation is None):
            raise ValueError("cite exactly one of strength (it addresses) or limitation (it warns)")
        return self


class Method(Frozen):
    id: Id
    name: Text
    approach: Id
    summary: Text | None = None
    description: Text | None = None
    # Limitations the source states for this method alone (the approach's apply to all).
    limitations: tuple[Text, ...] = ()
    examples: tuple[Example, ...] = ()
    aliases: tuple[Text, ...] = ()
    keywords: tuple[Text, ...] = ()
    practical: Practical = Practical()
    name_source: Text | None = (
        None  # e.g. "a secondary summary", where the name is not the toolkit's own
    )
    phrasings: tuple[Text, ...] = ()  # other ways people ask for it (see Phrasings below)


class Extension(Frozen):
    """Words added to a method defined in another file (e.g. a shipped one): an entry of a
    catalogue file's `extend:` list. Lists of words are added to; nothing is replaced."""

    method: Id
    aliases: tuple[Text, ...] = ()
    keywords: tuple[Text, ...] = ()
    phrasings: tuple[Text, ...] = ()  # other ways people ask for it, whole sentences

    def additions(self) -> dict[str, tuple[str, ...]]:
        """Method field name -> the words to add to it (every field here but `method`)."""
        return {name: getattr(self, name) for name in type(self).model_fields if name != "method"}


class Approach(Frozen):
    id: Id
    number: int = Field(ge=1, le=99)
    name: Text
    summary: Text
    strengths: tuple[Text, ...] = ()
    limitations: tuple[Text, ...] = ()
    source: Text
    method_count: int = Field(ge=0)
    aliases: tuple[Text, ...] = ()
    keywords: tuple[Text, ...] = ()
    references: tuple[Reference, ...] = ()
    # Which barriers the recorded strengths address and the recorded limitations warn about;
    # every method of the approach inherits them.
    barriers: tuple[BarrierLink, ...] = ()

    def addressing(self, barrier: Barrier) -> tuple[str, ...]:
        """The recorded strengths by which this approach addresses `barrier`."""
        return tuple(
            self.strengths[link.strength - 1]
            for link in self.barriers
            if link.barrier is barrier and link.strength is not None
        )

    def warning(self, barrier: Barrier) -> tuple[str, ...]:
        """The recorded limitations that warn against this approach for `barrier`."""
        return tuple(
            self.limitations[link.limitation - 1]
            for link in self.barriers
            if link.barrier is barrier and link.limitation is not None
        )

    phrasings: tuple[Text, ...] = ()  # other ways people ask for it (see Phrasings below)


# --- Thesaurus and phrasings: lookup in people's words ------------------------------------------
# Phrasings are whole sentences a person might type for a method or approach (QnA Maker's
# "alternate questions"), written in the project's own words from the facts. A thesaurus group
# lists terms that mean the same here (go-between, intermediary, broker), so that a word in a query
# finds entries written with another. Context terms name where someone works (kinds of
# organisation, places, roles: trust, ICB, ward, PCN); common in messages, they say little about
# which method is meant, so lookup weighs them lightly and never answers on them. All three are
# catalogue data, so an organisation can add its own.


class ContextTerm(Frozen):
    """A term naming where someone works (a kind of organisation, a place, a role)."""

    term: Text


class TermGroup(Frozen):
    """Terms that mean the same for lookup. A term is a word or a phrase; matching folds case
    and accents and compares word stems, so "brokers" finds "broker"."""

    terms: tuple[Text, ...] = Field(min_length=2)
    note: Text | None = None  # why these belong together, for the people who keep the file

    @field_validator("terms")
    @classmethod
    def _words_in_each(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for term in value:
            if not re.search(r"[A-Za-z0-9]", term):
                raise ValueError(f"term {term!r} has no letters or digits")
        folded = [" ".join(re.findall(r"[a-z0-9]+", t.casefold())) for t in value]
        for i, f in enumerate(folded):
            if f in folded[:i]:
                raise ValueError(f"term {value[i]!r} is repeated")
        return value


class Catalogue(Frozen):
    """Every approach and method, validated as a whole (ids, references, aliases)."""

    approaches: tuple[Approach, ...]
    methods: tuple[Method, ...]
    thesaurus: tuple[TermGroup, ...] = ()  # see Thesaurus below
    context: tuple[ContextTerm, ...] = ()  # see Thesaurus below
    version: str = ""  # a digest of the files, so a conversation can notice the catalogue changed

    def approach(self, approach_id: str) -> Approach:
        return self._approaches_by_id()[approach_id]

    def method(self, method_id: str) -> Method:
        return self._methods_by_id()[method_id]

    def find_method(self, method_id: str) -> Method | None:
        return self._methods_by_id().get(method_id)

    def find_approach(self, approach_id: str) -> Approach | None:
        return self._approaches_by_id().get(approach_id)

    def methods_of(self, approach_id: str) -> tuple[Method, ...]:
        return tuple(m for m in self.methods if m.approach == approach_id)

    def _approaches_by_id(self) -> dict[str, Approach]:
        cached: dict[str, Approach] | None = self.__dict__.get("_approach_index")
        if cached is None:
            cached = {a.id: a for a in self.approaches}
            object.__setattr__(self, "_approach_index", cached)
        return cached

    def _methods_by_id(self) -> dict[str, Method]:
        cached: dict[str, Method] | None = self.__dict__.get("_method_index")
        if cached is None:
            cached = {m.id: m for m in self.methods}
            object.__setattr__(self, "_method_index", cached)
        return cached
