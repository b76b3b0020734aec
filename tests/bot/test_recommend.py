"""Guided ranking, checked against the toolkit's practical-considerations table for approach 4
and the barrier links each approach's recorded strengths and limitations support.

The seed table (RAND Europe, via NHS Horizons) records, for the three methods of approach 4:
  central co-ordination: proof of concept to spread; national; central resource; 1-3 years
  competition and crowdsourcing: ideation and proof of concept; any scale; central resource;
      6-18 months
  social franchising and licensing: spread; national; some funding; months to years
The other methods record no practical considerations, except demonstrator sites (approach 3).
"""

from __future__ import annotations

import pytest

from bot.core import Bot
from bot.criteria import Answers, Criterion, TimeWindow
from bot.recommend import Ranked, rank
from bot.replies import Evidence, RecommendationsReply, Verdict
from bot.views import recommendations
from catalogue.schema import Barrier, ResourceKind, Scale, Stage
from tests.bot.transcript import Transcript

CENTRAL = "central-coordination-and-national-programmes"
COMPETITION = "competition-and-crowdsourcing"
FRANCHISING = "social-franchising-and-licensing"


def ranking(bot: Bot, **answers: str | list[str]) -> tuple[Ranked, ...]:
    values = {Criterion(k): [v] if isinstance(v, str) else v for k, v in answers.items()}
    return rank(bot.catalogue, Answers.of(values))


def of(ranked: tuple[Ranked, ...], method_id: str) -> Ranked:
    return next(r for r in ranked if r.method.id == method_id)


def verdict(ranked: tuple[Ranked, ...], method_id: str, criterion: Criterion) -> Verdict:
    r = of(ranked, method_id)
    return next(j.verdict for j in r.judgements if j.criterion is criterion)


def position(ranked: tuple[Ranked, ...], method_id: str) -> int:
    return [r.method.id for r in ranked].index(method_id)


def test_spread_and_national_fits_franchising_and_central_coordination(bot: Bot) -> None:
    ranked = ranking(bot, stage="spread", scale="national")
    top = [r.method.id for r in ranked[:3]]
    assert CENTRAL in top and FRANCHISING in top
    for method_id in (CENTRAL, FRANCHISING):
        r = of(ranked, method_id)
        assert (r.fits, r.misses, r.score, r.position, r.joint) == (2, 0, 100, 1, True)
        assert any("spread stage" in reason for reason in r.reasons(Verdict.FITS))
        assert "works at national scale" in r.reasons(Verdict.FITS)
    assert verdict(ranked, COMPETITION, Criterion.STAGE) is Verdict.MISSES


def test_ideation_fits_competition_and_names_franchising_as_not_fitting(bot: Bot) -> None:
    ranked = ranking(bot, stage="ideation")
    assert ranked[0].method.id == COMPETITION
    assert ranked[0].reasons(Verdict.FITS) == (
        "suits the ideation stage (ideation and proof of concept)",
    )
    franchising = of(ranked, FRANCHISING)
    assert franchising.fits == 0
    assert franchising.reasons(Verdict.MISSES) == ("meant for spread, not ideation",)
    assert verdict(ranked, CENTRAL, Criterion.STAGE) is Verdict.MISSES


@pytest.mark.parametrize(
    ("stage", "fits"),
    [
        (Stage.IDEATION, False),
        (Stage.PROOF_OF_CONCEPT, True),
        (Stage.PROTOTYPE_TESTING, True),  # inside the recorded range "proof of concept to spread"
        (Stage.SPREAD, True),
    ],
)
def test_central_coordination_stage_range_is_respected(bot: Bot, stage: Stage, fits: bool) -> None:
    ranked = ranking(bot, stage=stage.value)
    expected = Verdict.FITS if fits else Verdict.MISSES
    assert verdict(ranked, CENTRAL, Criterion.STAGE) is expected


# Which timeframe windows each method's recorded timeframe fits.
TIMEFRAME_FITS = {
    FRANCHISING: set(TimeWindow),  # "months to years" fits every window
    CENTRAL: set(TimeWindow) - {TimeWindow.UNDER_6_MONTHS},  # 1-3 years
    COMPETITION: set(TimeWindow) - {TimeWindow.UNDER_6_MONTHS},  # 6-18 months
    "demonstrator-sites": set(TimeWindow),  # variable
}


@pytest.mark.parametrize("window", list(TimeWindow))
@pytest.mark.parametrize("method_id", list(TIMEFRAME_FITS))
def test_timeframes(bot: Bot, method_id: str, window: TimeWindow) -> None:
    ranked = ranking(bot, timeframe=window.value)
    expected = Verdict.FITS if window in TIMEFRAME_FITS[method_id] else Verdict.MISSES
    assert verdict(ranked, method_id, Criterion.TIMEFRAME) is expected


def test_a_timeframe_miss_says_why(bot: Bot) -> None:
    r = of(ranking(bot, timeframe="under-6-months"), CENTRAL)
    assert r.reasons(Verdict.MISSES) == ("usually takes 1-3 years, longer than your window",)


# Which sets of resources cover each method's recorded needs (no kind ranks above another).
NEEDS = {
    CENTRAL: {ResourceKind.CENTRAL, ResourceKind.LOCAL},
    COMPETITION: {ResourceKind.CENTRAL, ResourceKind.LOCAL},
    FRANCHISING: {ResourceKind.FUNDING, ResourceKind.LOCAL},
    "demonstrator-sites": {ResourceKind.FUNDING, ResourceKind.LOCAL, ResourceKind.EVALUATION},
}
RESOURCE_SETS = [
    {ResourceKind.CENTRAL},
    {ResourceKind.FUNDING},
    {ResourceKind.LOCAL},
    {ResourceKind.CENTRAL, ResourceKind.LOCAL},
    {ResourceKind.FUNDING, ResourceKind.LOCAL},
    {ResourceKind.FUNDING, ResourceKind.LOCAL, ResourceKind.EVALUATION},
    set(ResourceKind),
]


@pytest.mark.parametrize("have", RESOURCE_SETS, ids=lambda h: "+".join(sorted(h)))
@pytest.mark.parametrize("method_id", list(NEEDS))
def test_resources_fit_when_everything_needed_is_available(
    bot: Bot, method_id: str, have: set[ResourceKind]
) -> None:
    ranked = ranking(bot, resources=[k.value for k in have])
    expected = Verdict.FITS if NEEDS[method_id] <= have else Verdict.MISSES
    assert verdict(ranked, method_id, Criterion.RESOURCES) is expected


def test_central_support_alone_is_not_money_nor_local_capacity(bot: Bot) -> None:
    """A regression: central support used to "cover" demonstrator sites' funding needs."""
    ranked = ranking(bot, resources="central")
    demo = of(ranked, "demonstrator-sites")
    assert demo.reasons(Verdict.MISSES) == (
        "needs funding, local staff time and partners and evaluation support, "
        "which you did not pick",
    )
    assert of(ranked, CENTRAL).reasons(Verdict.MISSES) == (
        "needs local staff time and partners, which you did not pick",
    )


def test_the_missing_kind_is_named_and_what_fits_says_what_it_needs(bot: Bot) -> None:
    ranked = ranking(bot, resources=["funding", "local"])
    assert of(ranked, FRANCHISING).reasons(Verdict.FITS) == (
        "you can draw on what it needs (funding and local staff time and partners)",
    )
    assert of(ranked, "demonstrator-sites").reasons(Verdict.MISSES) == (
        "needs evaluation support, which you did not pick",
    )


@pytest.mark.parametrize("scale", list(Scale))
def test_competition_works_at_every_scale_franchising_only_national(bot: Bot, scale: Scale) -> None:
    ranked = ranking(bot, scale=scale.value)
    assert verdict(ranked, COMPETITION, Criterion.SCALE) is Verdict.FITS
    expected = Verdict.FITS if scale is Scale.NATIONAL else Verdict.MISSES
    assert verdict(ranked, FRANCHISING, Criterion.SCALE) is expected


ANSWER_SETS: list[dict[str, str | list[str]]] = [
    {"stage": "ideation"},
    {"stage": "spread", "scale": "national"},
    {"stage": "prototype-testing", "scale": "local", "timeframe": "under-6-months"},
    {
        "stage": "proof-of-concept",
        "scale": "national",
        "timeframe": "1-3-years",
        "resources": ["central", "local"],
    },
    {"resources": ["funding", "local"]},
]


def _id(answers: dict[str, str | list[str]]) -> str:
    return ",".join(v if isinstance(v, str) else "+".join(v) for v in answers.values())


@pytest.mark.parametrize("answers", ANSWER_SETS, ids=_id)
def test_recorded_fitting_evidence_ranks_above_unrecorded_methods(
    bot: Bot, answers: dict[str, str | list[str]]
) -> None:
    ranked = ranking(bot, **answers)
    fitting = [i for i, r in enumerate(ranked) if r.fits and r.points > 0]
    unrecorded = [i for i, r in enumerate(ranked) if not r.method.practical.recorded]
    assert fitting and unrecorded
    assert max(fitting) < min(unrecorded)
    # Nothing is claimed about unrecorded methods: every criterion is "not recorded".
    for i in unrecorded:
        assert ranked[i].unknowns == len(answers) and ranked[i].fits == ranked[i].misses == 0
        assert ranked[i].score == 0 and not ranked[i].judged


@pytest.mark.parametrize("answers", ANSWER_SETS, ids=_id)
def test_ranking_is_deterministic_and_best_first(
    bot: Bot, answers: dict[str, str | list[str]]
) -> None:
    first = ranking(bot, **answers)
    second = ranking(bot, **answers)
    assert [r.method.id for r in first] == [r.method.id for r in second]
    assert len(first) == len(bot.catalogue.methods)
    assert all(0 <= r.score <= 100 for r in first)
    assert [r.points for r in first] == sorted((r.points for r in first), reverse=True)


def test_no_answers_ranks_nothing(bot: Bot) -> None:
    ranked = rank(bot.catalogue, Answers())
    assert [r.method.id for r in ranked] == [m.id for m in bot.catalogue.methods]
    assert {(r.score, r.position, r.joint) for r in ranked} == {(0, 1, True)}


# --- barriers: approach-level evidence from the recorded strengths and limitations -------------

# Which approaches' recorded strengths address each barrier (by hand, from the strengths).
ADDRESSED_BY = {
    Barrier.COSTS: {"investing-and-incentivising"},
    Barrier.EVIDENCE: {"piloting-and-rolling-out"},
    Barrier.SKILLS: {"building-capacity-and-capability"},
    Barrier.COMPLEX: {"coordinating-national-programmes"},
    Barrier.ENGAGEMENT: {"networking-peer-learning-and-collaboration"},
    Barrier.CONSISTENCY: {"governing-and-assuring"},
    Barrier.PRIORITY: {"investing-and-incentivising", "identifying-and-communicating-priorities"},
}


@pytest.mark.parametrize("barrier", list(Barrier))
def test_each_barrier_alone_puts_its_approachs_methods_first(bot: Bot, barrier: Barrier) -> None:
    ranked = ranking(bot, barriers=barrier.value)
    first = {r.method.approach for r in ranked if r.position == 1}
    assert first == ADDRESSED_BY[barrier]
    expected = {m.id for m in bot.catalogue.methods if m.approach in ADDRESSED_BY[barrier]}
    assert {r.method.id for r in ranked if r.position == 1} == expected
    for r in ranked[: len(expected)]:
        (fit,) = [j for j in r.judgements if j.verdict is Verdict.FITS]
        assert fit.evidence is Evidence.APPROACH and fit.sources
        approach = bot.catalogue.approach(r.method.approach)
        assert set(fit.sources) <= set(approach.strengths)


def test_a_warning_is_shown_lowers_the_rank_and_never_hides(bot: Bot) -> None:
    """Incentives do not change clinicians' beliefs about whether something works."""
    ranked = ranking(bot, barriers="evidence")
    pay = of(ranked, "performance-related-funding")
    (warning,) = [j for j in pay.judgements if j.verdict is Verdict.WARNING]
    assert "clinicians believe" in warning.sources[0]
    assert pay.points < 0 and pay.score == 0
    neutral = of(ranked, "network")
    assert position(ranked, "performance-related-funding") > position(ranked, "network")
    assert neutral.points == 0
    assert len(ranked) == len(bot.catalogue.methods)


def test_a_method_limitation_belongs_to_the_method_not_the_approach(bot: Bot) -> None:
    franchising = bot.catalogue.method(FRANCHISING)
    approach = bot.catalogue.approach(franchising.approach)
    assert any("social franchise" in text for text in franchising.limitations)
    assert not any("franchise" in text for text in approach.limitations)


def test_method_evidence_outweighs_approach_evidence(bot: Bot) -> None:
    # The stage is recorded for four methods; the barrier is about a whole approach.
    ranked = ranking(bot, stage="ideation", barriers="evidence")
    assert ranked[0].method.id == COMPETITION
    assert of(ranked, COMPETITION).points > of(ranked, "rolling-out").points > 0


def test_equal_scores_are_joint_and_ordered_by_the_written_rule(bot: Bot) -> None:
    ranked = ranking(
        bot, stage="spread", scale="national", timeframe="1-3-years", resources="central"
    )
    top = [r for r in ranked if r.position == 1]
    assert {r.method.id for r in top} == {CENTRAL, FRANCHISING, "demonstrator-sites"}
    assert all(r.joint and r.score == 50 for r in top)
    # Same points, same fits and unknowns: catalogue order decides.
    order = [m.id for m in bot.catalogue.methods]
    assert [r.method.id for r in top] == sorted((r.method.id for r in top), key=order.index)


# --- through the conversation ------------------------------------------------------------------


def finish(chat: Transcript, *typed: str) -> RecommendationsReply:
    chat.send("guide")
    for text in typed:
        chat.send(text)
    return next(r for r in chat.replies if isinstance(r, RecommendationsReply))


def test_recommendations_carry_reasons_facts_and_the_source(chat: Transcript) -> None:
    result = finish(
        chat, "ideation", "national", "6 to 18 months", "central and partners", "not sure"
    )
    shown = result.items
    assert shown[0].method_id == COMPETITION
    assert shown[0].score == 100 and shown[0].position == 1 and not shown[0].joint
    for item in shown:
        assert any(r.verdict is Verdict.FITS for r in item.reasons), item.method_id
        assert item.source_url and item.source_url.startswith("https://horizonsnhs.com/")
        assert item.facts and item.details is not None
        for reason in item.reasons:
            assert reason.evidence is Evidence.METHOD and reason.sources
    # The runners-up do not fit the ideation stage, and say so.
    for item in shown[1:]:
        assert any(r.verdict is Verdict.MISSES and "not ideation" in r.text for r in item.reasons)
    scores = [i.score for i in shown]
    assert scores == sorted(scores, reverse=True)
    assert [(f.label, f.value) for f in result.understood] == [
        ("Stage of development", "ideation"),
        ("Audience and scale", "national"),
        ("Timeframe", "6 to 18 months"),
        ("Resources", "central coordination, local staff time and partners"),
    ]


def test_near_misses_are_named_with_what_does_not_fit(chat: Transcript) -> None:
    result = finish(chat, "ideation", "national", "6 to 18 months", "not sure", "not sure")
    shown = {i.method_id for i in result.items}
    ids = [i.id for i in result.near_misses]
    assert FRANCHISING in ids and not shown & set(ids)
    item = result.near_misses[ids.index(FRANCHISING)]
    assert item.detail == "Does not fit: meant for spread, not ideation"
    assert item.button is not None
    chat.click(item.button.label)
    chat.expect_card(FRANCHISING)


def test_the_same_answers_give_the_same_recommendations(bot: Bot) -> None:
    typed = ("spread", "national", "two years", "funding and partners", "costs")
    runs = [[i.method_id for i in finish(Transcript(bot), *typed).items] for _ in range(2)]
    assert runs[0] == runs[1] and len(runs[0]) == 3
    assert FRANCHISING in runs[0]


@pytest.mark.parametrize("stage", [s.value for s in Stage])
@pytest.mark.parametrize("scale", [s.value for s in Scale])
@pytest.mark.parametrize("timeframe", [t.value for t in TimeWindow])
def test_the_result_accounts_for_every_method(
    bot: Bot, stage: str, scale: str, timeframe: str
) -> None:
    """Shown, a near miss, fitting less well or not judged: no method is silently left out."""
    values = {Criterion.STAGE: [stage], Criterion.SCALE: [scale], Criterion.TIMEFRAME: [timeframe]}
    answers = Answers.of(values)
    reply = recommendations(bot.catalogue, answers, rank(bot.catalogue, answers))
    counted = len(reply.items) + len(reply.near_misses) + reply.fit_less + reply.unjudged
    assert counted == len(bot.catalogue.methods)
