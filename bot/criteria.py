"""The guided criteria, declared once: their values, labels, CLI flag, and how a method is judged.

Adding a criterion means a step in the flow YAML, whatever the catalogue schema must record for
it, and one `CriterionSpec` in `CRITERIA` below; flow validation, typed answers, the CLI flags,
situation understanding and ranking all read this registry. Imports: bot.replies, catalogue and
stdlib only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from bot.replies import Evidence, Verdict
from catalogue.schema import Approach, Barrier, Method, ResourceKind, Scale, Stage


class Criterion(StrEnum):
    STAGE = "stage"
    SCALE = "scale"
    TIMEFRAME = "timeframe"
    RESOURCES = "resources"
    BARRIERS = "barriers"


class TimeWindow(StrEnum):
    """The timeframe answers, each a window in months (upper bound None: open-ended)."""

    UNDER_6_MONTHS = "under-6-months"
    SIX_TO_18_MONTHS = "6-18-months"
    ONE_TO_3_YEARS = "1-3-years"
    OVER_3_YEARS = "over-3-years"

    @property
    def months(self) -> tuple[int, int | None]:
        return _WINDOWS[self]

    @property
    def label(self) -> str:
        return _WINDOW_LABELS[self]


_WINDOWS: dict[TimeWindow, tuple[int, int | None]] = {
    TimeWindow.UNDER_6_MONTHS: (0, 6),
    TimeWindow.SIX_TO_18_MONTHS: (6, 18),
    TimeWindow.ONE_TO_3_YEARS: (12, 36),
    TimeWindow.OVER_3_YEARS: (36, None),
}
_WINDOW_LABELS = {
    TimeWindow.UNDER_6_MONTHS: "under 6 months",
    TimeWindow.SIX_TO_18_MONTHS: "6 to 18 months",
    TimeWindow.ONE_TO_3_YEARS: "1 to 3 years",
    TimeWindow.OVER_3_YEARS: "over 3 years",
}


def window_for(months: float) -> TimeWindow:
    """The window a length of time (in months) falls in; each window includes its upper bound,
    so "within 6 months" is under 6 months and "18 months" is 6 to 18 months."""
    if months <= 6:
        return TimeWindow.UNDER_6_MONTHS
    if months <= 18:
        return TimeWindow.SIX_TO_18_MONTHS
    if months <= 36:
        return TimeWindow.ONE_TO_3_YEARS
    return TimeWindow.OVER_3_YEARS


@dataclass(frozen=True)
class Judgement:
    """How one answer bears on one method: the verdict, a short reason, and what it rests on."""

    criterion: Criterion
    verdict: Verdict
    reason: str
    evidence: Evidence
    sources: tuple[str, ...] = ()  # the recorded catalogue text the verdict rests on
    topic: str | None = None  # what a compact card names it by, e.g. "the costs of adopting it"


Judge = Callable[[Method, Approach, frozenset[str]], tuple[Judgement, ...]]


@dataclass(frozen=True)
class CriterionSpec:
    criterion: Criterion
    title: str  # "Stage of development", as the practical considerations name it
    flag: str  # the `spreadbot recommend` option, without the dashes
    labels: Mapping[str, str]  # value id -> short label, in the order the values are offered
    multiple: bool  # several answers at once (a set), or exactly one
    evidence: Evidence  # where the catalogue records what this criterion is judged on
    judge: Judge
    # Words that name the criterion itself, for corrections such as "change the timeframe".
    names: tuple[str, ...] = ()
    # A single-answer criterion read from a sentence that says two answers equally: the one
    # listed first is taken (the furthest stage, the widest scale, the longest time).
    prefer: tuple[str, ...] = ()
    # Read from a sentence, `prefer` decides even between answers stated unequally: the widest
    # scale mentioned is the one aimed at ("tested on our wards, now want the whole ICS").
    prefer_first: bool = False

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def describe(self, values: Iterable[str]) -> str:
        """The answers in words, in the registry's order: "funding, evaluation support"."""
        chosen = set(values)
        return ", ".join(label for value, label in self.labels.items() if value in chosen)


# --- judging ------------------------------------------------------------------------------------


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _method(criterion: Criterion, verdict: Verdict, reason: str, *source: str) -> Judgement:
    return Judgement(criterion, verdict, reason, Evidence.METHOD, tuple(source))


def _judge_stage(method: Method, _: Approach, values: frozenset[str]) -> tuple[Judgement, ...]:
    stages = method.practical.stages
    out = []
    for value in sorted(values):
        label = Stage(value).label.lower()
        if stages is None:
            out.append(
                _method(Criterion.STAGE, Verdict.UNKNOWN, "stage of development not recorded")
            )
            continue
        recorded = _and([s.label.lower() for s in stages])
        source = f"Stage of development: {method.practical.stages_shown}"
        if Stage(value) in stages:
            reason = f"suits the {label} stage ({recorded})"
            out.append(_method(Criterion.STAGE, Verdict.FITS, reason, source))
        else:
            reason = f"meant for {recorded}, not {label}"
            out.append(_method(Criterion.STAGE, Verdict.MISSES, reason, source))
    return tuple(out)


def _judge_scale(method: Method, _: Approach, values: frozenset[str]) -> tuple[Judgement, ...]:
    scales = method.practical.scales
    out = []
    for value in sorted(values):
        if scales is None:
            out.append(_method(Criterion.SCALE, Verdict.UNKNOWN, "audience and scale not recorded"))
            continue
        source = f"Audience and scale: {method.practical.audience}"
        if Scale(value) in scales:
            out.append(_method(Criterion.SCALE, Verdict.FITS, f"works at {value} scale", source))
        else:
            aimed = ", ".join(s.value for s in scales)
            reason = f"aimed at {aimed} scale, not {value}"
            out.append(_method(Criterion.SCALE, Verdict.MISSES, reason, source))
    return tuple(out)


def _judge_timeframe(method: Method, _: Approach, values: frozenset[str]) -> tuple[Judgement, ...]:
    tf = method.practical.timeframe
    out = []
    for value in sorted(values):
        if tf is None:
            out.append(_method(Criterion.TIMEFRAME, Verdict.UNKNOWN, "timeframe not recorded"))
            continue
        source = f"Timeframe: {tf.label}"
        user_max = TimeWindow(value).months[1]
        # It fits when its shortest run can be completed inside the user's window.
        if user_max is None or tf.min_months < user_max:
            reason = f"its timeframe ({tf.label.lower()}) fits your window"
            out.append(_method(Criterion.TIMEFRAME, Verdict.FITS, reason, source))
        else:
            reason = f"usually takes {tf.label.lower()}, longer than your window"
            out.append(_method(Criterion.TIMEFRAME, Verdict.MISSES, reason, source))
    return tuple(out)


def _judge_resources(method: Method, _: Approach, values: frozenset[str]) -> tuple[Judgement, ...]:
    p = method.practical
    if p.needs is None or p.resources is None:
        return (_method(Criterion.RESOURCES, Verdict.UNKNOWN, "resources needed not recorded"),)
    source = f"Resources needed: {p.resources}"
    missing = [kind for kind in ResourceKind if kind in p.needs and kind.value not in values]
    if missing:
        names = _and([kind.label for kind in missing])
        reason = f"needs {names}, which you did not pick"
        return (_method(Criterion.RESOURCES, Verdict.MISSES, reason, source),)
    needed = _and([kind.label for kind in ResourceKind if kind in p.needs])
    reason = f"you can draw on what it needs ({needed})"
    return (_method(Criterion.RESOURCES, Verdict.FITS, reason, source),)


def _judge_barriers(_: Method, approach: Approach, values: frozenset[str]) -> tuple[Judgement, ...]:
    out: list[Judgement] = []
    for barrier in Barrier:
        if barrier.value not in values:
            continue
        helps, warns = approach.addressing(barrier), approach.warning(barrier)
        # Each says what the toolkit says, so a fit and a warning on one barrier read as two
        # sides of the approach rather than a contradiction.
        if helps:
            reason = f"the approach helps with {barrier.label}: {_quoted(helps)}"
            out.append(
                Judgement(
                    Criterion.BARRIERS,
                    Verdict.FITS,
                    reason,
                    Evidence.APPROACH,
                    helps,
                    f"{barrier.label} (a strength of the approach)",
                )
            )
        if warns:
            also = " also" if helps else ""
            reason = f"on {barrier.label}, the toolkit{also} warns: {_quoted(warns)}"
            out.append(
                Judgement(
                    Criterion.BARRIERS,
                    Verdict.WARNING,
                    reason,
                    Evidence.APPROACH,
                    warns,
                    f"{barrier.label} (a limitation of the approach)",
                )
            )
        if not helps and not warns:
            reason = f"the toolkit says nothing about {barrier.label} for this approach"
            out.append(Judgement(Criterion.BARRIERS, Verdict.UNKNOWN, reason, Evidence.APPROACH))
    return tuple(out)


def _quoted(texts: tuple[str, ...]) -> str:
    return " ".join(f"\u201c{t}\u201d" for t in texts)


CRITERIA: tuple[CriterionSpec, ...] = (
    CriterionSpec(
        Criterion.STAGE,
        "Stage of development",
        "stage",
        {
            Stage.IDEATION.value: "ideation",
            Stage.PROOF_OF_CONCEPT.value: "proof of concept",
            Stage.PROTOTYPE_TESTING.value: "prototype or testing",
            Stage.SPREAD.value: "ready to spread",
        },
        multiple=False,
        evidence=Evidence.METHOD,
        judge=_judge_stage,
        names=("stage", "stage of development", "development stage"),
        prefer=tuple(reversed([s.value for s in Stage])),
    ),
    CriterionSpec(
        Criterion.SCALE,
        "Audience and scale",
        "scale",
        {s.value: s.value for s in Scale},
        multiple=False,
        evidence=Evidence.METHOD,
        judge=_judge_scale,
        names=("scale", "audience", "audience and scale", "reach", "who"),
        prefer=tuple(s.value for s in Scale),
        prefer_first=True,
    ),
    CriterionSpec(
        Criterion.TIMEFRAME,
        "Timeframe",
        "timeframe",
        {w.value: w.label for w in TimeWindow},
        multiple=False,
        evidence=Evidence.METHOD,
        judge=_judge_timeframe,
        names=("timeframe", "time", "timescale", "timescales", "timing", "deadline", "time frame"),
        prefer=tuple(reversed([w.value for w in TimeWindow])),
    ),
    CriterionSpec(
        Criterion.RESOURCES,
        "Resources",
        "resources",
        {k.value: k.label for k in ResourceKind},
        multiple=True,
        evidence=Evidence.METHOD,
        judge=_judge_resources,
        names=("resources", "resource", "support", "what we can draw on"),
    ),
    CriterionSpec(
        Criterion.BARRIERS,
        "Barriers",
        "barrier",
        {b.value: b.label for b in Barrier},
        multiple=True,
        evidence=Evidence.APPROACH,
        judge=_judge_barriers,
        names=("barriers", "barrier", "blockers", "challenges", "what is holding it back"),
    ),
)
_BY_CRITERION = {spec.criterion: spec for spec in CRITERIA}


def spec(criterion: Criterion) -> CriterionSpec:
    return _BY_CRITERION[criterion]


_NOTHING: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Answers:
    """The user's answers, criterion -> chosen values; a criterion left out was not answered (or
    "not sure"). Built through `of`, which checks every value against the registry."""

    chosen: tuple[tuple[Criterion, frozenset[str]], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by", dict(self.chosen))

    @classmethod
    def of(cls, values: Mapping[Criterion, Iterable[str]]) -> Answers:
        """Raises ValueError naming the criterion and the valid values for an unknown value, and
        for several values of a criterion that takes one."""
        chosen = []
        for s in CRITERIA:
            given = frozenset(values.get(s.criterion, ()))
            if not given:
                continue
            unknown = sorted(given - set(s.values))
            if unknown:
                raise ValueError(
                    f"unknown {s.criterion.value} {unknown[0]!r}; expected one of "
                    + ", ".join(s.values)
                )
            if len(given) > 1 and not s.multiple:
                raise ValueError(f"{s.criterion.value} takes one value, not {len(given)}")
            chosen.append((s.criterion, given))
        return cls(tuple(chosen))

    def get(self, criterion: Criterion) -> frozenset[str]:
        by: dict[Criterion, frozenset[str]] = self.__dict__["_by"]
        return by.get(criterion, _NOTHING)

    def asked(self) -> tuple[Criterion, ...]:
        return tuple(c for c, _ in self.chosen)
