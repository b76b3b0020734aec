"""The thesaurus and context terms: how terms are found in text, and how broken ones are rejected.

Validation errors name file, line, place and reason, like every other catalogue error; the shipped
thesaurus loads with the shipped catalogue, and an organisation's own file can add groups.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.loader import load_catalogue
from catalogue.schema import TermGroup
from catalogue.search import SearchIndex
from catalogue.text import fold
from catalogue.thesaurus import Thesaurus
from catalogue.yamlfile import DataFileError
from tests.catalogue.test_loader import GOOD, shipped

DATA = Path(__file__).resolve().parents[2] / "catalogue" / "data"


def found(thesaurus: Thesaurus, text: str) -> list[tuple[str, str]]:
    words = fold(text).split()
    return [(" ".join(words[o.start : o.end]), o.term) for o in thesaurus.find(words)]


def test_terms_are_found_by_stems_across_stopwords_and_hyphens() -> None:
    t = Thesaurus(
        [
            TermGroup(terms=("broker", "go-between", "intermediary")),
            TermGroup(terms=("roll out", "scale up", "co-design")),
            TermGroup(terms=("idea", "proposal")),
        ]
    )
    assert found(t, "a neutral go-between") == [("go between", "go-between")]
    assert found(t, "brokers and intermediaries") == [
        ("brokers", "broker"),
        ("intermediaries", "intermediary"),
    ]
    assert found(t, "we rolled it out, then scaled up") == [
        ("rolled it out", "roll out"),
        ("scaled up", "scale up"),
    ]
    # a hyphenated term, written solid, apart or hyphenated
    for text in ("codesign", "co design", "co-design"):
        assert found(t, text) == [(fold(text), "co-design")], text
    # a stopword alone is no term, and phrase words may not be far apart
    assert found(t, "roll the big new trolley out") == []


def test_the_longest_term_wins_and_context_terms_are_marked() -> None:
    t = Thesaurus(
        [TermGroup(terms=("nhs england", "nhse")), TermGroup(terms=("trial", "pilot"))],
        context=("nhs", "trust"),
    )
    words = fold("NHS England asked our NHS trust to pilot it").split()
    occurrences = t.find(words)
    assert [(" ".join(words[o.start : o.end]), o.context) for o in occurrences] == [
        ("nhs england", False),
        ("nhs", True),
        ("trust", True),
        ("pilot", False),
    ]


def test_the_shipped_thesaurus_loads_with_the_shipped_catalogue() -> None:
    catalogue = load_catalogue(shipped())
    assert len(catalogue.thesaurus) >= 30
    assert {"trust", "icb", "ward"} <= {c.term for c in catalogue.context}
    terms = {t for g in catalogue.thesaurus for t in g.terms}
    assert {"go-between", "intermediary", "broker", "licence", "franchise", "co-design"} <= terms
    assert all(m.phrasings for m in catalogue.methods)


def test_the_thesaurus_file_alone_names_nothing() -> None:
    path = DATA / "thesaurus.yaml"
    with pytest.raises(DataFileError) as info:
        load_catalogue([(str(path), path.read_text(encoding="utf-8"))])
    assert all("no term of this group is in the catalogue" in e.reason for e in info.value.errors)


OWN_GROUPS = """\
thesaurus:
  - terms: [first, opening, initial]
  - terms: [testing, trying]
context:
  - ward
"""

# (case, the organisation's file, place, words in the reason, line)
BROKEN: list[tuple[str, str, str, str, int]] = [
    (
        "a term in two groups",
        "thesaurus:\n  - terms: [first, opening]\n  - terms: [initial, openings]\n",
        "thesaurus[1].terms[1]",
        "'openings' is already in another group, as 'opening'",
        3,
    ),
    (
        "a term also a context term",
        "thesaurus:\n  - terms: [first, opening]\ncontext:\n  - opening\n",
        "context[0]",
        "already in another group",
        4,
    ),
    (
        "a group that names nothing",
        "thesaurus:\n  - terms: [first, opening]\n  - terms: [zebra, giraffe]\n",
        "thesaurus[1].terms",
        "no term of this group is in the catalogue: 'zebra', 'giraffe'",
        3,
    ),
    (
        "a group of one",
        "thesaurus:\n  - terms: [first]\n",
        "thesaurus[0].terms",
        "at least 2",
        2,
    ),
    (
        "a term repeated in its group",
        "thesaurus:\n  - terms: [first, First]\n",
        "thesaurus[0].terms",
        "'First' is repeated",
        2,
    ),
    (
        "an unknown key in a group",
        "thesaurus:\n  - terms: [first, opening]\n    colour: red\n",
        "thesaurus[0].colour",
        "unknown key",
        3,
    ),
    ("not a list of groups", "thesaurus: first\n", "thesaurus", "expected a list", 1),
    ("an empty context term", "context:\n  - '!!'\n", "context[0]", "letters or digits", 2),
]


@pytest.mark.parametrize(
    ("case", "own", "place", "reason", "line"), BROKEN, ids=[b[0] for b in BROKEN]
)
def test_broken_groups_are_rejected_with_their_place(
    case: str, own: str, place: str, reason: str, line: int
) -> None:
    with pytest.raises(DataFileError) as info:
        load_catalogue([("good.yaml", GOOD), ("own.yaml", own)])
    errors = [e for e in info.value.errors if e.file == "own.yaml"]
    assert [(e.place, e.line) for e in errors] == [(place, line)], str(info.value)
    assert reason in errors[0].reason


def test_a_shipped_term_cannot_join_an_organisations_group() -> None:
    own = "thesaurus:\n  - terms: [first, intermediary]\n"
    with pytest.raises(DataFileError) as info:
        load_catalogue([*shipped(), ("own.yaml", GOOD), ("own-words.yaml", own)])
    (error,) = info.value.errors
    assert error.file == "own-words.yaml" and error.place == "thesaurus[0].terms[1]"
    assert "thesaurus.yaml" in error.reason


def test_an_organisations_groups_and_context_find_its_own_method() -> None:
    catalogue = load_catalogue([("good.yaml", GOOD), ("own.yaml", OWN_GROUPS)])
    index = SearchIndex(catalogue)
    # "initial" is not in the catalogue: its group names "first"
    best = index.lookup("the initial method").best
    assert best is not None and best.id == "first-method"
    # a context term alone answers nothing
    assert not index.lookup("ward").matches


def test_a_group_may_name_words_another_file_adds_with_extend() -> None:
    """Lookup searches the words `extend:` adds, so a group naming only those names something."""
    own = (
        "extend:\n  - method: first-method\n    aliases: [frobnicator scheme]\n"
        "thesaurus:\n  - terms: [frobnicator, widgetiser]\n"
    )
    catalogue = load_catalogue([("good.yaml", GOOD), ("own.yaml", own)])
    best = SearchIndex(catalogue).lookup("widgetiser scheme").best
    assert best is not None and best.id == "first-method"


def test_phrasings_must_be_text() -> None:
    broken = GOOD.replace("    aliases: [first]\n", "    aliases: [first]\n    phrasings: ['']\n")
    with pytest.raises(DataFileError) as info:
        load_catalogue([("good.yaml", broken)])
    assert [e.place for e in info.value.errors] == ["methods[0].phrasings[0]"]
