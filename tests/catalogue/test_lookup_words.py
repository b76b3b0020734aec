"""Lookup in people's words: paraphrases, questions and situations, against the shipped catalogue.

The table (tests/catalogue/lookup_table.py) is held to the issue's targets as a whole, since it
stands for queries nobody has written yet: top-1 >= 90% overall, >= 80% on paraphrases and
situations. Noise is held case by case: none may ever be answered or offered as "did you mean".
Then the kinds of behaviour behind those figures, each on its own: what a Match says matched, an
acronym or organisation type in passing, and ties that never depend on float summation order.
"""

from __future__ import annotations

import pytest

from catalogue.files import load_from
from catalogue.matches import MatchKind, Outcome
from catalogue.search import SearchIndex
from tests.catalogue.lookup_table import CASES, Tier


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_from())


def right(index: SearchIndex, query: str, expected: str) -> bool:
    result = index.lookup(query)
    return result.confident and result.best is not None and result.best.id == expected


def misses(index: SearchIndex, tiers: set[Tier]) -> tuple[int, list[str]]:
    cases = [(q, e) for t, q, e in CASES if t in tiers and e is not None]
    wrong = [
        f"{q!r} -> {[(m.id, m.score, m.words) for m in index.lookup(q).matches[:2]]}"
        for q, e in cases
        if not right(index, q, e)
    ]
    return len(cases), wrong


def test_the_table_is_large_and_covers_every_tier() -> None:
    counts = {tier: sum(1 for t, *_ in CASES if t is tier) for tier in Tier}
    assert all(counts.values()), counts
    assert counts[Tier.QUESTION] + counts[Tier.PARAPHRASE] + counts[Tier.SITUATION] >= 40
    assert len({q for _, q, _ in CASES}) == len(CASES)  # no case twice


def test_lookups_reach_90_percent_top_1(index: SearchIndex) -> None:
    n, wrong = misses(index, set(Tier) - {Tier.NOISE})
    assert len(wrong) <= 0.10 * n, "\n".join(wrong)


def test_paraphrases_and_situations_reach_80_percent(index: SearchIndex) -> None:
    n, wrong = misses(index, {Tier.PARAPHRASE, Tier.SITUATION})
    assert len(wrong) <= 0.20 * n, "\n".join(wrong)


NOISE = [q for t, q, _ in CASES if t is Tier.NOISE] + [
    "that would be nice",
    "our trust",
    "the icb",
    "ward 7 handover",
]


@pytest.mark.parametrize("query", NOISE)
def test_noise_is_never_answered_nor_suggested(index: SearchIndex, query: str) -> None:
    result = index.lookup(query)
    assert result.outcome is Outcome.NONE, [(m.id, m.score, m.words) for m in result.matches]


# --- what matched ------------------------------------------------------------------------------


def test_an_example_acronym_says_which_example_it_is(index: SearchIndex) -> None:
    best = index.lookup("GIRFT").best
    assert best is not None and best.id == "central-coordination-and-national-programmes"
    assert (best.via, best.matched) == (MatchKind.ACRONYM, "GIRFT")
    assert (best.example, best.acronym) == ("Getting It Right First Time", "GIRFT")


def test_the_example_is_named_when_words_gave_the_score(index: SearchIndex) -> None:
    result = index.lookup("does cquin count as an incentive")
    best = result.best
    assert result.confident and best is not None and best.id == "performance-related-funding"
    assert best.via is MatchKind.WORDS
    assert (best.example, best.acronym) == ("Commissioning for Quality and Innovation", "CQUIN")


@pytest.mark.parametrize(
    ("query", "via", "matched", "example"),
    [
        (
            "Social franchising and licensing",
            MatchKind.NAME,
            "Social franchising and licensing",
            None,
        ),
        ("co-production", MatchKind.ALIAS, "co-production", None),
        (
            "Longitude Prize",
            MatchKind.EXAMPLE,
            "Longitude Prize",
            "Longitude Prize on antimicrobial resistance",
        ),
        (
            "pay providers a bonus linked to uptake",
            MatchKind.PHRASING,
            "pay providers a bonus linked to uptake",
            None,
        ),
        ("a neutral go-between", MatchKind.WORDS, "", None),
    ],
)
def test_each_match_says_how_it_was_found(
    index: SearchIndex, query: str, via: MatchKind, matched: str, example: str | None
) -> None:
    best = index.lookup(query).best
    assert best is not None
    assert (best.via, best.matched, best.example, best.acronym) == (via, matched, example, None)


# --- one word in passing never takes a message over --------------------------------------------


@pytest.mark.parametrize(
    ("message", "not_this"),
    [
        (
            "we got SBRI funding for our app and now want every trust in the region to use it",
            "competition-and-crowdsourcing",
        ),
        (
            "the CQC rated our ward outstanding and we want other trusts to copy what we did",
            "regulation-inspection-and-clinical-audit",
        ),
        (
            "our HIN helped us evaluate the app and now we want it across the ICS",
            "dedicated-resource-provision",
        ),
    ],
)
def test_an_acronym_or_organisation_in_passing_does_not_answer(
    index: SearchIndex, message: str, not_this: str
) -> None:
    result = index.lookup(message)
    assert not (result.confident and result.best is not None and result.best.id == not_this)


def test_a_short_question_about_an_acronym_still_answers(index: SearchIndex) -> None:
    for query in ("how does GIRFT work in orthopaedics", "what does GIRFT stand for"):
        assert right(index, query, "central-coordination-and-national-programmes"), query


def test_context_terms_weigh_little_and_answer_nothing(index: SearchIndex) -> None:
    # "trust" is also a word of the honest broker's description ("lack trust"): as the kind of
    # organisation staff name in every other message, it must not pull lookups there
    result = index.lookup("our trust wants to spread it")
    assert not result.matches or result.best is None or result.best.id != "honest-broker"
    # the same sentence with and without the organisations named answers the same
    plain = index.lookup("we want to pay extra for each patient who gets it")
    named = index.lookup("our icb and two trusts want to pay extra for each patient who gets it")
    assert plain.confident and named.confident
    assert plain.best is not None and named.best is not None
    assert plain.best.id == named.best.id == "performance-related-funding"


def test_a_method_close_behind_its_own_approach_answers_instead(index: SearchIndex) -> None:
    result = index.lookup("we want to pay gp practices extra for each patient they sign up")
    assert result.best is not None and result.best.id == "performance-related-funding"
