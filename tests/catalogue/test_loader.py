"""Catalogue validation: broken files fail with file, place, reason and line; the shipped data loads.

Uses the pure `load_catalogue((name, text), ...)`; reading folders is tested in test_files.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.loader import load_catalogue
from catalogue.schema import Barrier, ResourceKind, Scale, Stage, Targeting
from catalogue.yamlfile import DataFileError

DATA = Path(__file__).resolve().parents[2] / "catalogue" / "data"

GOOD = """\
approach:
  id: test-approach
  number: 8
  name: Testing approach
  summary: A made-up approach.
  source: https://example.org/approach
  method_count: 2
methods:
  - id: first-method
    name: First method
    summary: Made up.
    aliases: [first]
    practical:
      stages: ideation to spread
      scales: [local]
      resources: A little staff time
      needs: [local]
      timeframe: 6-18 months
  - id: second-method
    name: Second method
    aliases: [second]
"""


def shipped() -> list[tuple[str, str]]:
    return [(str(p), p.read_text(encoding="utf-8")) for p in sorted(DATA.glob("*.yaml"))]


def test_the_good_file_loads() -> None:
    catalogue = load_catalogue([("good.yaml", GOOD)])
    method = catalogue.method("first-method")
    assert method.approach == "test-approach"  # methods default to the file's approach
    assert method.practical.stages == tuple(Stage)
    assert method.practical.timeframe is not None
    assert (method.practical.timeframe.min_months, method.practical.timeframe.max_months) == (6, 18)
    assert not catalogue.method("second-method").practical.recorded


def edit(*edits: tuple[str, str]) -> str:
    text = GOOD
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# (name, text, place, words in the reason, line or None)
BROKEN = [
    (
        "unknown key",
        edit(("    summary: Made up.\n", "    summary: Made up.\n    colour: red\n")),
        "methods[0].colour",
        "unknown key",
        12,
    ),
    (
        "unknown top-level key",
        edit(("approach:\n", "colour: red\napproach:\n")),
        "colour",
        "unknown key",
        1,
    ),
    (
        "bad stage value",
        edit(("stages: ideation to spread", "stages: [ideation, launch]")),
        "methods[0].practical.stages[1]",
        "ideation",
        14,
    ),
    (
        "bad stage word",
        edit(("stages: ideation to spread", "stages: launch")),
        "methods[0].practical.stages",
        "launch",
        14,
    ),
    (
        "backwards stage range",
        edit(("stages: ideation to spread", "stages: spread to ideation")),
        "methods[0].practical.stages",
        "runs backwards",
        14,
    ),
    (
        "bad timeframe wording",
        edit(("timeframe: 6-18 months", "timeframe: a good while")),
        "methods[0].practical.timeframe",
        "is not a range",
        18,
    ),
    (
        "backwards timeframe",
        edit(("timeframe: 6-18 months", "timeframe: 18-6 months")),
        "methods[0].practical.timeframe",
        "below",
        18,
    ),
    (
        "unknown scale",
        edit(("scales: [local]", "scales: [planetary]")),
        "methods[0].practical.scales[0]",
        "national",
        15,
    ),
    (
        "repeated scale",
        edit(("scales: [local]", "scales: [local, local]")),
        "methods[0].practical.scales",
        "repeated",
        15,
    ),
    (
        "resource level without the recorded text",
        edit(("      resources: A little staff time\n", "")),
        "methods[0].practical",
        "resources",
        14,
    ),
    (
        "duplicate method id",
        edit(("  - id: second-method", "  - id: first-method")),
        "methods[1].id",
        "duplicate id 'first-method'",
        19,
    ),
    (
        "duplicate alias across methods",
        edit(("aliases: [second]", "aliases: [First]")),
        "methods[1].aliases",
        "already used by 'first-method'",
        21,
    ),
    (
        "alias repeating another method's name",
        edit(("aliases: [second]", "aliases: [first method]")),
        "methods[1].aliases",
        "already used",
        21,
    ),
    (
        "method pointing at an unknown approach",
        edit(("    name: Second method\n", "    name: Second method\n    approach: nowhere\n")),
        "methods[1].approach",
        "unknown approach 'nowhere'",
        21,
    ),
    (
        "more methods than method_count",
        edit(("method_count: 2", "method_count: 1")),
        "approach.method_count",
        "lists 2 methods but method_count says 1",
        7,
    ),
    (
        "missing required field",
        edit(("  source: https://example.org/approach\n", "")),
        "approach.source",
        "required but missing",
        2,
    ),
    (
        "bad id",
        edit(("  - id: first-method", "  - id: First Method")),
        "methods[0].id",
        "pattern",
        9,
    ),
    (
        "methods not a list",
        "approach:\n  id: x\nmethods: {id: y}\n",
        "methods",
        "expected a list",
        3,
    ),
    (
        "YAML syntax error",
        edit(("name: First method", "name: [First method")),
        "",
        "not valid YAML",
        None,
    ),
    ("empty file", "", "", "expected a mapping", None),
    ("a list, not a mapping", "- id: x\n", "", "expected a mapping", 1),
]


@pytest.mark.parametrize(
    ("text", "place", "reason", "line"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN]
)
def test_broken_file_is_reported_with_file_place_reason_and_line(
    text: str, place: str, reason: str, line: int | None
) -> None:
    with pytest.raises(DataFileError) as caught:
        load_catalogue([("org/broken.yaml", text)])
    errors = caught.value.errors
    assert errors
    assert all(e.file == "org/broken.yaml" and e.reason for e in errors)
    hits = [e for e in errors if e.place == place and reason.lower() in e.reason.lower()]
    assert hits, f"no error at {place!r} with {reason!r}: {[str(e) for e in errors]}"
    if line is not None:
        assert hits[0].line == line, str(hits[0])
    message = str(caught.value)
    assert "org/broken.yaml" in message and (place in message)


def test_yaml_syntax_error_names_its_line() -> None:
    with pytest.raises(DataFileError) as caught:
        load_catalogue([("bad.yaml", edit(("name: First method", "name: [First method")))])
    (error,) = caught.value.errors
    assert error.line is not None and 10 <= error.line <= 13


def test_every_problem_in_every_file_is_reported_together() -> None:
    one = edit(("timeframe: 6-18 months", "timeframe: soon"))
    two = GOOD.replace("test-approach", "other-approach").replace("number: 8", "number: 9")
    two = two.replace("first-method", "third").replace("second-method", "fourth")
    two = two.replace("[first]", "[third]").replace("[second]", "[fourth]")
    two = two.replace("stages: ideation to spread", "stages: spread to ideation")
    with pytest.raises(DataFileError) as caught:
        load_catalogue([("one.yaml", one), ("two.yaml", two), ("three.yaml", "a: [")])
    files = {e.file for e in caught.value.errors}
    assert files == {"one.yaml", "two.yaml", "three.yaml"}


def test_a_duplicate_across_files_names_the_first_file() -> None:
    other = "methods:\n  - id: first-method\n    name: Another\n    approach: test-approach\n"
    with pytest.raises(DataFileError) as caught:
        load_catalogue([("a.yaml", GOOD), ("b.yaml", other)])
    (error,) = [e for e in caught.value.errors if e.file == "b.yaml"]
    assert error.place == "methods[0].id" and "first in a.yaml" in error.reason


def test_the_same_approach_number_twice_is_an_error() -> None:
    with pytest.raises(DataFileError, match="approach number 4 is used twice"):
        load_catalogue([*shipped(), ("x.yaml", edit(("number: 8", "number: 4")))])


# --- the shipped catalogue ---------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(DATA.glob("0*.yaml")), ids=lambda p: p.name)
def test_every_shipped_approach_file_loads_on_its_own(path: Path) -> None:
    catalogue = load_catalogue([(str(path), path.read_text(encoding="utf-8"))])
    (approach,) = catalogue.approaches
    assert len(catalogue.methods_of(approach.id)) <= approach.method_count
    assert approach.source.startswith("https://horizonsnhs.com/")
    assert approach.strengths and approach.limitations


def test_the_shipped_catalogue_has_seven_approaches() -> None:
    catalogue = load_catalogue(shipped())
    assert [a.number for a in catalogue.approaches] == [1, 2, 3, 4, 5, 6, 7]
    assert len({a.id for a in catalogue.approaches}) == 7
    for method in catalogue.methods:
        assert catalogue.find_approach(method.approach) is not None
    assert catalogue.version and catalogue.version == load_catalogue(shipped()).version


def test_the_catalogue_version_changes_with_the_files() -> None:
    files = shipped()
    name, text = files[0]
    changed = [(name, text + "\n# edited\n"), *files[1:]]
    assert load_catalogue(files).version != load_catalogue(changed).version


def test_approach_four_matches_the_seed_table() -> None:
    catalogue = load_catalogue(shipped())
    approach = next(a for a in catalogue.approaches if a.number == 4)
    methods = {m.id: m.practical for m in catalogue.methods_of(approach.id)}
    assert approach.method_count == 3 and len(methods) == 3

    central = methods["central-coordination-and-national-programmes"]
    assert central.stages == (Stage.PROOF_OF_CONCEPT, Stage.PROTOTYPE_TESTING, Stage.SPREAD)
    assert central.scales == (Scale.NATIONAL,) and central.targeting == (Targeting.SPECIALITY,)
    assert central.needs == (ResourceKind.CENTRAL, ResourceKind.LOCAL)
    assert central.resources and "central" in central.resources.lower()
    assert central.timeframe is not None and central.timeframe.label == "1-3 years"
    assert (central.timeframe.min_months, central.timeframe.max_months) == (12, 36)

    competition = methods["competition-and-crowdsourcing"]
    assert competition.stages == (Stage.IDEATION, Stage.PROOF_OF_CONCEPT)
    assert competition.scales == (Scale.NATIONAL, Scale.REGIONAL, Scale.LOCAL)
    assert competition.targeting == (Targeting.PROBLEM,)
    assert competition.needs == (ResourceKind.CENTRAL, ResourceKind.LOCAL)
    assert competition.timeframe is not None and competition.timeframe.label == "6-18 months"

    franchising = methods["social-franchising-and-licensing"]
    assert franchising.stages == (Stage.SPREAD,)
    assert franchising.scales == (Scale.NATIONAL,)
    assert franchising.needs == (ResourceKind.FUNDING, ResourceKind.LOCAL)
    assert franchising.resources and "funding" in franchising.resources.lower()
    assert franchising.timeframe is not None and franchising.timeframe.label == "Months to years"
    assert franchising.timeframe.max_months is None

    (ref,) = approach.references
    assert ref.publisher == "RAND Europe" and ref.title == "Galvanising the NHS to adopt innovation"
    assert ref.url and ref.url.endswith("/509629/nhs-adoption.pdf")


def test_unrecorded_practical_considerations_stay_unrecorded() -> None:
    """Only the methods the sources give a table for carry practical considerations."""
    catalogue = load_catalogue(shipped())
    recorded = {m.id for m in catalogue.methods if m.practical.recorded}
    assert {
        "central-coordination-and-national-programmes",
        "competition-and-crowdsourcing",
        "social-franchising-and-licensing",
    } <= recorded
    assert len(recorded) < len(catalogue.methods)


# --- barrier links and resource needs ----------------------------------------------------------

LINKED = """\
approach:
  id: linked
  number: 9
  name: Linked approach
  summary: An approach whose text speaks to barriers.
  source: https://example.org/linked
  method_count: 1
  strengths:
    - Pays the up-front costs.
    - Builds skills.
  limitations:
    - Money runs out.
  barriers:
    - {barrier: costs, strength: 1}
    - {barrier: skills, strength: 2}
    - {barrier: costs, limitation: 1}
methods:
  - id: linked-method
    name: Linked method
"""


def linked(*edits: tuple[str, str]) -> str:
    text = LINKED
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_barrier_links_cite_the_recorded_text() -> None:
    approach = load_catalogue([("linked.yaml", LINKED)]).approach("linked")
    assert approach.addressing(Barrier.COSTS) == ("Pays the up-front costs.",)
    assert approach.warning(Barrier.COSTS) == ("Money runs out.",)
    assert approach.addressing(Barrier.SKILLS) == ("Builds skills.",)
    assert approach.addressing(Barrier.EVIDENCE) == approach.warning(Barrier.EVIDENCE) == ()


BROKEN_LINKS = [
    (
        "a strength that does not exist",
        linked(("{barrier: skills, strength: 2}", "{barrier: skills, strength: 3}")),
        "approach.barriers[1].strength",
        "cites strength 3, but the approach records 2 strengths",
        15,
    ),
    (
        "a limitation that does not exist",
        linked(("{barrier: costs, limitation: 1}", "{barrier: costs, limitation: 2}")),
        "approach.barriers[2].limitation",
        "records 1 limitation",
        16,
    ),
    (
        "both a strength and a limitation",
        linked(("{barrier: costs, strength: 1}", "{barrier: costs, strength: 1, limitation: 1}")),
        "approach.barriers[0]",
        "exactly one of strength",
        14,
    ),
    (
        "neither",
        linked(("{barrier: costs, strength: 1}", "{barrier: costs}")),
        "approach.barriers[0]",
        "exactly one of strength",
        14,
    ),
    (
        "an unknown barrier",
        linked(("{barrier: skills, strength: 2}", "{barrier: weather, strength: 2}")),
        "approach.barriers[1].barrier",
        "costs",
        15,
    ),
    (
        "the same link twice",
        linked(("{barrier: skills, strength: 2}", "{barrier: costs, strength: 1}")),
        "approach.barriers[1].strength",
        "given twice",
        15,
    ),
    (
        "resources without the kinds it needs",
        edit(("      needs: [local]\n", "")),
        "methods[0].practical",
        "needs (the kinds it asks for) must be given",
        None,
    ),
    (
        "needs without the recorded text",
        edit(("      resources: A little staff time\n", "")),
        "methods[0].practical",
        "resources (the recorded text",
        None,
    ),
    (
        "an unknown kind of resource",
        edit(("needs: [local]", "needs: [local, goodwill]")),
        "methods[0].practical.needs[1]",
        "evaluation",
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "place", "reason", "line"),
    [c[1:] for c in BROKEN_LINKS],
    ids=[c[0] for c in BROKEN_LINKS],
)
def test_broken_barrier_links_and_needs_are_reported_with_their_place(
    text: str, place: str, reason: str, line: int | None
) -> None:
    test_broken_file_is_reported_with_file_place_reason_and_line(text, place, reason, line)


def test_every_shipped_barrier_link_cites_a_recorded_strength_or_limitation() -> None:
    catalogue = load_catalogue(shipped())
    addressed = {b for a in catalogue.approaches for b in Barrier if a.addressing(b)}
    assert addressed == set(Barrier), "every barrier is addressed by some approach"
    for approach in catalogue.approaches:
        for link in approach.barriers:
            pool = approach.strengths if link.strength else approach.limitations
            assert 1 <= (link.strength or link.limitation or 0) <= len(pool)


def test_a_key_given_twice_is_refused_with_its_line() -> None:
    """YAML would keep the second silently; an author's first value must not vanish."""
    text = GOOD.replace(
        "    summary: Made up.\n", "    summary: Made up.\n    summary: Again.\n", 1
    )
    with pytest.raises(DataFileError) as caught:
        load_catalogue([("org/twice.yaml", text)])
    (error,) = caught.value.errors
    assert error.line == 12 and "'summary' is given twice" in error.reason
