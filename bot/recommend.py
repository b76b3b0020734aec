"""Ranks methods against the guided selection's answers, saying why each fits and what does not.

Each criterion is judged fits, does not fit, or not recorded for that method. Methods whose
recorded evidence fits rank above methods whose considerations are not recorded.
Imports: catalogue, bot.flow and stdlib only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.flow import Criterion, TimeWindow
from catalogue.schema import Catalogue, Method, ResourceLevel, Scale, Stage


class Verdict(StrEnum):
    FITS = "fits"
    MISSES = "misses"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Answers:
    """The user's answers; None where they said "not sure" or were not asked."""

    stage: Stage | None = None
    scale: Scale | None = None
    timeframe: TimeWindow | None = None
    resources: ResourceLevel | None = None

    @classmethod
    def from_values(cls, values: dict[Criterion, str]) -> Answers:
        stage, scale = values.get(Criterion.STAGE), values.get(Criterion.SCALE)
        tf, res = values.get(Criterion.TIMEFRAME), values.get(Criterion.RESOURCES)
        return cls(
            stage=Stage(stage) if stage else None,
            scale=Scale(scale) if scale else None,
            timeframe=TimeWindow(tf) if tf else None,
            resources=ResourceLevel(res) if res else None,
        )

    def asked(self) -> int:
        return sum(v is not None for v in (self.stage, self.scale, self.timeframe, self.resources))


@dataclass(frozen=True)
class Judgement:
    criterion: Criterion
    verdict: Verdict
    reason: str


@dataclass(frozen=True)
class Ranked:
    method: Method
    score: int  # 0-100
    judgements: tuple[Judgement, ...] = field(default=())

    def reasons(self, verdict: Verdict) -> tuple[str, ...]:
        return tuple(j.reason for j in self.judgements if j.verdict is verdict)

    @property
    def fits(self) -> int:
        return sum(j.verdict is Verdict.FITS for j in self.judgements)

    @property
    def misses(self) -> int:
        return sum(j.verdict is Verdict.MISSES for j in self.judgements)

    @property
    def unknowns(self) -> int:
        return sum(j.verdict is Verdict.UNKNOWN for j in self.judgements)


def judge(method: Method, answers: Answers) -> tuple[Judgement, ...]:
    p = method.practical
    out: list[Judgement] = []
    if answers.stage is not None:
        label = answers.stage.label.lower()
        if p.stages is None:
            out.append(
                Judgement(Criterion.STAGE, Verdict.UNKNOWN, "stage of development not recorded")
            )
        elif answers.stage in p.stages:
            out.append(
                Judgement(
                    Criterion.STAGE, Verdict.FITS, f"suits the {label} stage ({_stages(p.stages)})"
                )
            )
        else:
            out.append(
                Judgement(
                    Criterion.STAGE, Verdict.MISSES, f"meant for {_stages(p.stages)}, not {label}"
                )
            )
    if answers.scale is not None:
        label = answers.scale.value
        if p.scales is None:
            out.append(
                Judgement(Criterion.SCALE, Verdict.UNKNOWN, "audience and scale not recorded")
            )
        elif answers.scale in p.scales:
            out.append(Judgement(Criterion.SCALE, Verdict.FITS, f"works at {label} scale"))
        else:
            scales = ", ".join(s.value for s in p.scales)
            out.append(
                Judgement(Criterion.SCALE, Verdict.MISSES, f"aimed at {scales} scale, not {label}")
            )
    if answers.timeframe is not None:
        out.append(_judge_time(method, answers.timeframe))
    if answers.resources is not None:
        out.append(_judge_resources(method, answers.resources))
    return tuple(out)


def _judge_time(method: Method, window: TimeWindow) -> Judgement:
    tf = method.practical.timeframe
    if tf is None:
        return Judgement(Criterion.TIMEFRAME, Verdict.UNKNOWN, "timeframe not recorded")
    _, user_max = window.months
    # The method fits when its shortest run can be completed inside the user's window.
    if user_max is None or tf.min_months < user_max:
        return Judgement(
            Criterion.TIMEFRAME,
            Verdict.FITS,
            f"its timeframe ({tf.label.lower()}) fits your window",
        )
    return Judgement(
        Criterion.TIMEFRAME,
        Verdict.MISSES,
        f"usually takes {tf.label.lower()}, longer than your window",
    )


def _judge_resources(method: Method, have: ResourceLevel) -> Judgement:
    p = method.practical
    if p.resource_level is None:
        return Judgement(Criterion.RESOURCES, Verdict.UNKNOWN, "resources needed not recorded")
    need = p.resource_level
    if have.rank >= need.rank:
        return Judgement(
            Criterion.RESOURCES, Verdict.FITS, f"your resources cover its needs ({p.resources})"
        )
    return Judgement(
        Criterion.RESOURCES, Verdict.MISSES, f"needs more than you have: {p.resources}"
    )


def _stages(stages: tuple[Stage, ...]) -> str:
    labels = [s.label.lower() for s in stages]
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def rank(catalogue: Catalogue, answers: Answers) -> list[Ranked]:
    """Every method, best first. Ties break on catalogue order, so the ranking is stable."""
    asked = answers.asked()
    ranked: list[Ranked] = []
    for method in catalogue.methods:
        judgements = judge(method, answers)
        fits = sum(j.verdict is Verdict.FITS for j in judgements)
        misses = sum(j.verdict is Verdict.MISSES for j in judgements)
        recorded = method.practical.recorded
        if asked:
            score = round(100 * (fits + 0.35 * (asked - fits - misses)) / asked)
            if not recorded:
                score = min(score, 35)  # nothing to go on: below any method with fitting evidence
        else:
            score = 50 if recorded else 35
        ranked.append(Ranked(method, max(0, min(100, score)), judgements))
    order = {m.id: i for i, m in enumerate(catalogue.methods)}
    ranked.sort(key=lambda r: (_group(r), -r.score, r.misses, order[r.method.id]))
    return ranked


def _group(r: Ranked) -> int:
    """0: recorded evidence that mostly fits; 1: nothing recorded to judge by; 2: mostly misses."""
    if r.fits == 0 and r.misses == 0:
        return 1
    return 0 if r.fits >= r.misses else 2


def near_misses(ranked: list[Ranked], exclude: set[str], limit: int = 3) -> list[Ranked]:
    """Methods not already recommended that fit on everything recorded but one criterion."""
    return [r for r in ranked if r.misses == 1 and r.fits >= 1 and r.method.id not in exclude][
        :limit
    ]
