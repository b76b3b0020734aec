"""Ranks every method against the guided selection's answers: one function for every surface.

Each answer is judged per method through the criteria registry (bot.criteria): fits, does not
fit, not recorded, or a warning. Evidence from the method's own practical considerations weighs
more than what the toolkit says about its whole approach:

    method-level   fits +3   does not fit -3
    approach-level fits +2   warning      -1      (per barrier chosen)

The score is those points as a share of the most the answers allow (0-100, whole numbers; no
float is ever summed, so the order never depends on summation order). Equal points are equal:
they share a position ("joint first"). Where they must be ordered the rule is: more recorded
criteria that fit, then fewer unknowns, then catalogue order.
Imports: bot.criteria, bot.replies, catalogue and stdlib only.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.criteria import CRITERIA, Answers, Criterion, CriterionSpec, Judgement
from bot.replies import Evidence, Verdict
from catalogue.schema import Catalogue, Method

POINTS: dict[tuple[Evidence, Verdict], int] = {
    (Evidence.METHOD, Verdict.FITS): 3,
    (Evidence.METHOD, Verdict.MISSES): -3,
    (Evidence.APPROACH, Verdict.FITS): 2,
    (Evidence.APPROACH, Verdict.WARNING): -1,
}
# The most one answer can add: a fit, at each level of evidence.
BEST: dict[Evidence, int] = {Evidence.METHOD: 3, Evidence.APPROACH: 2}


@dataclass(frozen=True)
class Ranked:
    method: Method
    points: int
    score: int  # 0-100: points as a share of the most these answers allow
    position: int  # 1 + the number of methods with more points
    joint: bool  # another method has the same points
    judgements: tuple[Judgement, ...] = ()

    def reasons(self, verdict: Verdict) -> tuple[str, ...]:
        return tuple(j.reason for j in self.judgements if j.verdict is verdict)

    def count(self, verdict: Verdict) -> int:
        return sum(j.verdict is verdict for j in self.judgements)

    @property
    def fits(self) -> int:
        return self.count(Verdict.FITS)

    @property
    def misses(self) -> int:
        return self.count(Verdict.MISSES)

    @property
    def unknowns(self) -> int:
        return self.count(Verdict.UNKNOWN)

    @property
    def judged(self) -> bool:
        """Something recorded bears on it (a fit, a miss or a warning), so it can be ranked."""
        return any(j.verdict is not Verdict.UNKNOWN for j in self.judgements)

    @property
    def recommendable(self) -> bool:
        return self.points > 0 and self.fits > 0


def best_possible(answers: Answers) -> int:
    """The points a method fitting every answer would get."""
    total = 0
    for s in CRITERIA:
        chosen = answers.get(s.criterion)
        if chosen:
            # A set answered at method level is judged once; each barrier is judged on its own.
            total += BEST[s.evidence] * (len(chosen) if s.evidence is Evidence.APPROACH else 1)
    return total


@dataclass(frozen=True)
class _Judged:
    """One method's judgements on one answer, with what ranking needs of them."""

    judgements: tuple[Judgement, ...]
    points: int
    fits: int
    unknowns: int

    @classmethod
    def of(cls, judgements: tuple[Judgement, ...]) -> _Judged:
        return cls(
            judgements,
            sum(POINTS.get((j.evidence, j.verdict), 0) for j in judgements),
            sum(j.verdict is Verdict.FITS for j in judgements),
            sum(j.verdict is Verdict.UNKNOWN for j in judgements),
        )


class Ranker:
    """Ranks one catalogue's methods. A method's judgement on one answer never changes, so each
    is worked out once and remembered (approach-level ones once per approach): the same answers
    recur in every conversation, and ranking stays well under a millisecond."""

    _LIMIT = 100_000  # remembered judgements before the memory is cleared

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._order = {m.id: i for i, m in enumerate(catalogue.methods)}
        self._judged: dict[tuple[str, Criterion, frozenset[str]], _Judged] = {}

    def _judge(self, method: Method, s: CriterionSpec, chosen: frozenset[str]) -> _Judged:
        owner = method.approach if s.evidence is Evidence.APPROACH else method.id
        key = (owner, s.criterion, chosen)
        found = self._judged.get(key)
        if found is None:
            if len(self._judged) >= self._LIMIT:
                self._judged.clear()
            approach = self.catalogue.approach(method.approach)
            found = self._judged[key] = _Judged.of(s.judge(method, approach, chosen))
        return found

    def rank(self, answers: Answers) -> tuple[Ranked, ...]:
        """Every method, best first, by the rule in the module docstring."""
        asked = [(s, answers.get(s.criterion)) for s in CRITERIA if answers.get(s.criterion)]
        scored: list[tuple[tuple[int, int, int, int], Method, int, tuple[Judgement, ...]]] = []
        for method in self.catalogue.methods:
            parts = [self._judge(method, s, chosen) for s, chosen in asked]
            judgements = tuple(j for part in parts for j in part.judgements)
            points = sum(part.points for part in parts)
            fits = sum(part.fits for part in parts)
            unknowns = sum(part.unknowns for part in parts)
            key = (-points, -fits, unknowns, self._order[method.id])
            scored.append((key, method, points, judgements))
        scored.sort(key=lambda item: item[0])
        most = best_possible(answers)
        counts: dict[int, int] = {}
        for _, _, points, _ in scored:
            counts[points] = counts.get(points, 0) + 1
        out: list[Ranked] = []
        ahead = 0
        for i, (_, method, points, judgements) in enumerate(scored):
            if i and points != scored[i - 1][2]:
                ahead = i
            out.append(
                Ranked(
                    method=method,
                    points=points,
                    score=_share(points, most),
                    position=ahead + 1,
                    joint=counts[points] > 1,
                    judgements=judgements,
                )
            )
        return tuple(out)


def rank(catalogue: Catalogue, answers: Answers) -> tuple[Ranked, ...]:
    """`Ranker(catalogue).rank(answers)`, for a one-off ranking."""
    return Ranker(catalogue).rank(answers)


def _share(points: int, most: int) -> int:
    """round(100 * points / most), halves up, in whole numbers; 0 when nothing was asked."""
    if most <= 0 or points <= 0:
        return 0
    return min(100, (200 * points + most) // (2 * most))


def shortlist(ranked: tuple[Ranked, ...], limit: int) -> tuple[Ranked, ...]:
    """The best `limit` methods worth recommending: some recorded evidence fits, on balance."""
    return tuple(r for r in ranked if r.recommendable)[:limit]


def near_misses(ranked: tuple[Ranked, ...], exclude: set[str], limit: int = 3) -> list[Ranked]:
    """Methods not already recommended whose recorded considerations fit all answers but one."""
    out = []
    for r in ranked:
        method_level = [j for j in r.judgements if j.evidence is Evidence.METHOD]
        misses = sum(j.verdict is Verdict.MISSES for j in method_level)
        fits = sum(j.verdict is Verdict.FITS for j in method_level)
        if misses == 1 and fits >= 1 and r.method.id not in exclude:
            out.append(r)
    return out[:limit]
