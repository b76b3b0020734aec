"""The lookup table: free text against the shipped catalogue, across every kind of query."""

from __future__ import annotations

import pytest

from catalogue.files import load_from
from catalogue.search import Outcome, SearchIndex

CONFIDENT, AMBIGUOUS, NONE = Outcome.CONFIDENT, Outcome.AMBIGUOUS, Outcome.NONE

# (kind, query, expected outcome, expected id: the answer, or one of the choices offered)
CASES: list[tuple[str, str, Outcome, str | None]] = [
    # exact names
    ("name", "Social franchising and licensing", CONFIDENT, "social-franchising-and-licensing"),
    ("name", "Horizon scanning", CONFIDENT, "horizon-scanning"),
    ("name", "Honest broker", CONFIDENT, "honest-broker"),
    ("name", "Demonstrator sites", CONFIDENT, "demonstrator-sites"),
    ("name", "Competition and crowdsourcing", CONFIDENT, "competition-and-crowdsourcing"),
    ("name", "performance related funding", CONFIDENT, "performance-related-funding"),
    ("name", "Contractual obligation", CONFIDENT, "contractual-obligation"),
    ("name", "Local needs identification", CONFIDENT, "local-needs-identification"),
    ("name", "Investing and incentivising", CONFIDENT, "investing-and-incentivising"),
    ("name", "Governing and assuring", CONFIDENT, "governing-and-assuring"),
    # typos
    ("typo", "franchize", CONFIDENT, "social-franchising-and-licensing"),
    ("typo", "crowdsorcing", CONFIDENT, "competition-and-crowdsourcing"),
    ("typo", "horizon scaning", CONFIDENT, "horizon-scanning"),
    ("typo", "demonstater sites", CONFIDENT, "demonstrator-sites"),
    ("typo", "honest brokr", CONFIDENT, "honest-broker"),
    ("typo", "co-prodction with end users", CONFIDENT, "co-production-with-end-users"),
    # acronyms, any case
    ("acronym", "GIRFT", CONFIDENT, "central-coordination-and-national-programmes"),
    ("acronym", "girft", CONFIDENT, "central-coordination-and-national-programmes"),
    ("acronym", "CQUIN", CONFIDENT, "performance-related-funding"),
    ("acronym", "qof", CONFIDENT, "performance-related-funding"),
    ("acronym", "SBRI", CONFIDENT, "competition-and-crowdsourcing"),
    ("acronym", "CQC", CONFIDENT, "regulation-inspection-and-clinical-audit"),
    ("acronym", "AHSN", AMBIGUOUS, "dedicated-resource-provision"),
    # examples by name
    (
        "example",
        "Getting It Right First Time",
        CONFIDENT,
        "central-coordination-and-national-programmes",
    ),
    ("example", "test beds", CONFIDENT, "demonstrator-sites"),
    ("example", "best practice tariffs", CONFIDENT, "performance-related-funding"),
    ("example", "inclisiran", CONFIDENT, "flexible-commercial-deals"),
    ("example", "Longitude Prize", CONFIDENT, "competition-and-crowdsourcing"),
    ("example", "NHS Standard Contract", CONFIDENT, "contractual-obligation"),
    (
        "example",
        "Clinical Entrepreneur Programme",
        CONFIDENT,
        "national-skills-and-coaching-programmes",
    ),
    # questions
    ("question", "what is social franchising?", CONFIDENT, "social-franchising-and-licensing"),
    ("question", "tell me about horizon scanning", CONFIDENT, "horizon-scanning"),
    ("question", "What is GIRFT?", CONFIDENT, "central-coordination-and-national-programmes"),
    ("question", "how does crowdsourcing work?", CONFIDENT, "competition-and-crowdsourcing"),
    ("question", "what are demonstrator sites", CONFIDENT, "demonstrator-sites"),
    ("question", "can you explain patient pull?", CONFIDENT, "patient-voice-enablement"),
    # paraphrases built from the methods' own ideas
    (
        "paraphrase",
        "let another organisation deliver our proven model under agreement",
        CONFIDENT,
        "social-franchising-and-licensing",
    ),
    (
        "paraphrase",
        "use inspections to make it happen",
        CONFIDENT,
        "regulation-inspection-and-clinical-audit",
    ),
    ("paraphrase", "set up a challenge prize", CONFIDENT, "competition-and-crowdsourcing"),
    ("paraphrase", "write it into the standard contract", CONFIDENT, "contractual-obligation"),
    ("paraphrase", "pay a bonus linked to uptake", CONFIDENT, "performance-related-funding"),
    (
        "paraphrase",
        "patients pushing their local system to adopt",
        CONFIDENT,
        "patient-voice-enablement",
    ),
    # ambiguous on purpose: several entries share the word
    ("ambiguous", "national", AMBIGUOUS, "national-skills-and-coaching-programmes"),
    # noise
    ("noise", "what's the weather", NONE, None),
    ("noise", "asdf", NONE, None),
    ("noise", "the", NONE, None),
    ("noise", "qwertyuiop zxcv", NONE, None),
    ("noise", "what time is lunch?", NONE, None),
    ("noise", "hello there how are you", NONE, None),
    ("noise", "!!!???", NONE, None),
    ("noise", "", NONE, None),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_from())


@pytest.mark.parametrize(
    ("kind", "query", "outcome", "expected"), CASES, ids=[f"{k}:{q[:40]}" for k, q, _, _ in CASES]
)
def test_lookup_table(
    index: SearchIndex, kind: str, query: str, outcome: Outcome, expected: str | None
) -> None:
    result = index.lookup(query)
    got = [(m.id, m.score, m.why) for m in result.matches]
    assert result.outcome is outcome, got
    if expected is None:
        return
    if outcome is CONFIDENT:
        assert result.matches[0].id == expected, got
    else:
        assert expected in [m.id for m in result.matches], got
        assert 2 <= len(result.matches) <= 3 or outcome is NONE, got


def test_table_covers_every_kind() -> None:
    kinds = {k for k, *_ in CASES}
    assert kinds >= {"name", "typo", "acronym", "example", "question", "paraphrase", "noise"}
    assert len(CASES) >= 40


def test_no_noise_query_is_ever_confident(index: SearchIndex) -> None:
    noise = [
        "weather",
        "lunch menu",
        "football scores",
        "my password expired",
        "printer broken",
        "xyz",
        "ok",
        "yes",
        "no",
        "thanks",
        "a b c",
        "1234",
        "lorem ipsum dolor",
    ]
    for q in noise:
        assert not index.lookup(q).confident, q


def test_short_acronyms_match_exactly_not_fuzzily(index: SearchIndex) -> None:
    assert index.lookup("GIRFT").confident
    for near in ("GIRF", "GIRFTT", "GRIFT", "CQUN", "QOFF"):
        result = index.lookup(near)
        assert not any(m.why.startswith("acronym") for m in result.matches), near


def test_scores_are_0_to_100_and_ties_break_deterministically(index: SearchIndex) -> None:
    for q in ("AHSN", "network", "national", "funding", "social franchising"):
        first = index.lookup(q)
        again = SearchIndex(load_from()).lookup(q)
        assert [(m.id, m.score) for m in first.matches] == [(m.id, m.score) for m in again.matches]
        assert all(0 <= m.score <= 100 for m in first.matches)
        scores = [m.score for m in first.matches]
        assert scores == sorted(scores, reverse=True)
