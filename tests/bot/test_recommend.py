"""Guided ranking, checked against the toolkit's practical-considerations table for approach 4.

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
from bot.flow import Criterion, TimeWindow
from bot.recommend import Answers, Ranked, Verdict, rank
from bot.replies import ListPurpose, MethodCardReply
from catalogue.schema import ResourceLevel, Scale, Stage
from tests.bot.transcript import Transcript

CENTRAL = "central-coordination-and-national-programmes"
COMPETITION = "competition-and-crowdsourcing"
FRANCHISING = "social-franchising-and-licensing"


def ranking(bot: Bot, **answers: str) -> list[Ranked]:
    values = {Criterion(k): v for k, v in answers.items()}
    return rank(bot.catalogue, Answers.from_values(values))


def of(ranked: list[Ranked], method_id: str) -> Ranked:
    return next(r for r in ranked if r.method.id == method_id)


def verdict(ranked: list[Ranked], method_id: str, criterion: Criterion) -> Verdict:
    r = of(ranked, method_id)
    return next(j.verdict for j in r.judgements if j.criterion is criterion)


def position(ranked: list[Ranked], method_id: str) -> int:
    return [r.method.id for r in ranked].index(method_id)


def test_spread_and_national_fits_franchising_and_central_coordination(bot: Bot) -> None:
    ranked = ranking(bot, stage="spread", scale="national")
    top = [r.method.id for r in ranked[:3]]
    assert CENTRAL in top and FRANCHISING in top
    for method_id in (CENTRAL, FRANCHISING):
        r = of(ranked, method_id)
        assert (r.fits, r.misses, r.score) == (2, 0, 100)
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


# Which resource levels cover each method's recorded needs.
RESOURCE_FITS = {
    CENTRAL: {ResourceLevel.CENTRAL},
    COMPETITION: {ResourceLevel.CENTRAL},
    FRANCHISING: {ResourceLevel.FUNDING, ResourceLevel.CENTRAL},
}


@pytest.mark.parametrize("have", list(ResourceLevel))
@pytest.mark.parametrize("method_id", list(RESOURCE_FITS))
def test_resources(bot: Bot, method_id: str, have: ResourceLevel) -> None:
    ranked = ranking(bot, resources=have.value)
    expected = Verdict.FITS if have in RESOURCE_FITS[method_id] else Verdict.MISSES
    assert verdict(ranked, method_id, Criterion.RESOURCES) is expected


def test_only_local_resources_miss_central_needs_with_the_recorded_text(bot: Bot) -> None:
    r = of(ranking(bot, resources="local"), CENTRAL)
    (reason,) = r.reasons(Verdict.MISSES)
    assert "central resource to coordinate" in reason


@pytest.mark.parametrize("scale", list(Scale))
def test_competition_works_at_every_scale_franchising_only_national(bot: Bot, scale: Scale) -> None:
    ranked = ranking(bot, scale=scale.value)
    assert verdict(ranked, COMPETITION, Criterion.SCALE) is Verdict.FITS
    expected = Verdict.FITS if scale is Scale.NATIONAL else Verdict.MISSES
    assert verdict(ranked, FRANCHISING, Criterion.SCALE) is expected


ANSWER_SETS = [
    {"stage": "ideation"},
    {"stage": "spread", "scale": "national"},
    {"stage": "prototype-testing", "scale": "local", "timeframe": "under-6-months"},
    {
        "stage": "proof-of-concept",
        "scale": "national",
        "timeframe": "1-3-years",
        "resources": "central",
    },
    {"resources": "funding"},
]


@pytest.mark.parametrize("answers", ANSWER_SETS, ids=lambda a: ",".join(a.values()))
def test_recorded_fitting_evidence_ranks_above_unrecorded_methods(
    bot: Bot, answers: dict[str, str]
) -> None:
    ranked = ranking(bot, **answers)
    fitting = [i for i, r in enumerate(ranked) if r.fits and r.fits >= r.misses]
    unrecorded = [i for i, r in enumerate(ranked) if not r.method.practical.recorded]
    assert fitting and unrecorded
    assert max(fitting) < min(unrecorded)
    # Nothing is claimed about unrecorded methods: every criterion is "not recorded".
    for i in unrecorded:
        assert ranked[i].unknowns == len(answers) and ranked[i].fits == ranked[i].misses == 0
        assert all(r.score <= ranked[i].score for r in ranked[i:])


@pytest.mark.parametrize("answers", ANSWER_SETS, ids=lambda a: ",".join(a.values()))
def test_ranking_is_deterministic_and_best_first(bot: Bot, answers: dict[str, str]) -> None:
    first = ranking(bot, **answers)
    second = ranking(bot, **answers)
    assert [r.method.id for r in first] == [r.method.id for r in second]
    assert len(first) == len(bot.catalogue.methods)
    assert all(0 <= r.score <= 100 for r in first)


def test_no_answers_ranks_recorded_methods_first_in_catalogue_order(bot: Bot) -> None:
    ranked = rank(bot.catalogue, Answers())
    recorded = [m.id for m in bot.catalogue.methods if m.practical.recorded]
    assert [r.method.id for r in ranked[: len(recorded)]] == recorded


# --- through the conversation ------------------------------------------------------------------


def finish(chat: Transcript, *typed: str) -> list[MethodCardReply]:
    chat.send("guide")
    for text in typed:
        chat.send(text)
    return [r for r in chat.replies if isinstance(r, MethodCardReply)]


def test_recommendation_cards_carry_reasons_examples_and_the_source(chat: Transcript) -> None:
    shown = finish(chat, "ideation", "national", "6 to 18 months", "central support")
    assert shown[0].method_id == COMPETITION
    for rank_no, card in enumerate(shown, start=1):
        assert card.fit is not None and card.fit.rank == rank_no
        assert card.fit.fits, card.method_id
        assert card.examples and card.strengths and card.limitations
        assert card.source_url and card.source_url.startswith("https://horizonsnhs.com/")
        assert card.facts and all(f.value for f in card.facts)
    assert shown[0].fit is not None and shown[0].fit.score == 100 and not shown[0].fit.misses
    # The runners-up do not fit the ideation stage, and say so.
    for card in shown[1:]:
        assert card.fit is not None and card.fit.misses
        assert any("not ideation" in m for m in card.fit.misses)
    scores = [c.fit.score for c in shown if c.fit]
    assert scores == sorted(scores, reverse=True)
    # Approach 4 cards cite the RAND Europe report the table comes from.
    central = next((c for c in shown if c.method_id == CENTRAL), None)
    if central is not None:
        assert any("RAND Europe" in ref for ref in central.references)


def test_near_misses_are_named_with_what_does_not_fit(chat: Transcript) -> None:
    finish(chat, "ideation", "national", "6 to 18 months", "central support")
    misses = chat.expect_list(ListPurpose.NEAR_MISSES)
    shown = {r.method_id for r in chat.replies if isinstance(r, MethodCardReply)}
    ids = [i.id for i in misses.items]
    assert FRANCHISING in ids and not shown & set(ids)
    item = misses.items[ids.index(FRANCHISING)]
    assert item.detail == "Does not fit: meant for spread, not ideation"
    assert item.button is not None
    chat.click(item.button.label)
    chat.expect_card(FRANCHISING)


def test_the_same_answers_give_the_same_recommendations(bot: Bot) -> None:
    typed = ("spread", "national", "two years", "funding")
    runs = [[c.method_id for c in finish(Transcript(bot), *typed)] for _ in range(2)]
    assert runs[0] == runs[1] and len(runs[0]) == 3
    assert FRANCHISING in runs[0]
