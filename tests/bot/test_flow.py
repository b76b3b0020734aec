"""Flow files are validated when loaded: each broken flow fails with its file, place, reason, line.

Also checks the shipped guide flow. Uses `bot.flow.load_flow(file, text)`, so no disk is needed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.criteria import Criterion, spec
from bot.flow import END, load_flow
from catalogue.yamlfile import DataFileError

GUIDE = Path(__file__).resolve().parents[2] / "bot" / "flows" / "guide.yaml"

MINI = """\
id: mini
version: 1
title: Mini
start: stage
steps:
  - id: stage
    criterion: stage
    prompt: How far has it got?
    next: scale
    options:
      - {id: early, label: Early, value: ideation}
      - {id: late, label: Late, value: spread}
      - {id: not-sure, label: Not sure, unsure: true}
  - id: scale
    criterion: scale
    prompt: At what scale?
    next: end
    options:
      - {id: national, label: National, value: national}
      - {id: local, label: Local, value: local}
      - {id: not-sure, label: Not sure, unsure: true}
"""


def test_the_minimal_flow_loads() -> None:
    flow = load_flow("mini.yaml", MINI)
    assert [s.id for s in flow.steps] == ["stage", "scale"]


def broken(*edits: tuple[str, str]) -> str:
    text = MINI
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# (name, text, place, words in the reason, line)
BROKEN = [
    (
        "dangling step next",
        broken(("next: scale", "next: nowhere")),
        "steps[0].next",
        "unknown step 'nowhere'",
        9,
    ),
    (
        "dangling option next",
        broken(
            (
                "{id: late, label: Late, value: spread}",
                "{id: late, label: Late, value: spread, next: gone}",
            )
        ),
        "steps[0].options[1].next",
        "unknown step 'gone'",
        12,
    ),
    (
        "unreachable step",
        MINI
        + """\
  - id: orphan
    criterion: timeframe
    prompt: Never asked
    next: end
    options:
      - {id: soon, label: Soon, value: under-6-months}
      - {id: not-sure, label: Not sure, unsure: true}
""",
        "steps[2]",
        "cannot be reached",
        22,
    ),
    (
        "option value unknown for its criterion",
        broken(("value: spread", "value: national")),
        "steps[0].options[1].value",
        "unknown stage value 'national'",
        12,
    ),
    (
        "missing not sure option",
        broken(
            (
                "      - {id: not-sure, label: Not sure, unsure: true}\n  - id: scale",
                "  - id: scale",
            )
        ),
        "steps[0].options",
        "not sure",
        11,
    ),
    (
        "two not sure options",
        broken(("value: ideation}", "unsure: true}")),
        "steps[0].options",
        "exactly one 'not sure'",
        11,
    ),
    (
        "duplicate option id",
        broken(("{id: late,", "{id: early,")),
        "steps[0].options[1].id",
        "used twice",
        12,
    ),
    (
        "duplicate step id",
        broken(("  - id: scale", "  - id: stage")),
        "steps[1].id",
        "used twice",
        14,
    ),
    (
        "a loop that never ends",
        broken(("next: end", "next: stage")),
        "steps[0]",
        "never leads to the end",
        6,
    ),
    ("unknown start", broken(("start: stage", "start: middle")), "start", "'middle'", 4),
    (
        "unknown key",
        broken(("title: Mini", "title: Mini\ncolour: blue")),
        "colour",
        "unknown key",
        4,
    ),
    (
        "missing prompt",
        broken(("    prompt: At what scale?\n", "")),
        "steps[1].prompt",
        "missing",
        14,
    ),
    (
        "unknown criterion",
        broken(("criterion: scale", "criterion: budget")),
        "steps[1].criterion",
        "stage",
        15,
    ),
    ("version zero", broken(("version: 1", "version: 0")), "version", "greater than", 2),
    (
        "only one option",
        broken(
            ("      - {id: national, label: National, value: national}\n", ""),
            ("      - {id: local, label: Local, value: local}\n", ""),
        ),
        "steps[1].options",
        "at least 2",
        19,
    ),
    ("YAML syntax error", broken(("title: Mini", "title: [Mini")), "", "not valid YAML", None),
    ("empty file", "", "", "expected a mapping", None),
    ("a list, not a mapping", "- id: x\n", "", "expected a mapping", 1),
]


@pytest.mark.parametrize(
    ("text", "place", "reason", "line"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_broken_flow_fails_to_load_naming_file_place_and_reason(
    text: str, place: str, reason: str, line: int | None
) -> None:
    with pytest.raises(DataFileError) as caught:
        load_flow("flows/broken.yaml", text)
    errors = caught.value.errors
    assert errors, "a DataFileError must carry its errors"
    assert all(e.file == "flows/broken.yaml" for e in errors)
    assert all(e.reason for e in errors)
    hits = [e for e in errors if e.place == place and reason.lower() in e.reason.lower()]
    assert hits, f"no error at {place!r} with {reason!r}: {[str(e) for e in errors]}"
    if line is not None:
        assert hits[0].line == line, str(hits[0])
    assert "flows/broken.yaml" in str(caught.value)
    # Each problem is told once.
    assert len({str(e) for e in errors}) == len(errors), [str(e) for e in errors]


def test_yaml_syntax_error_names_the_line() -> None:
    text = broken(("    prompt: At what scale?", "    prompt: [At what scale?"))
    with pytest.raises(DataFileError) as caught:
        load_flow("broken.yaml", text)
    (error,) = caught.value.errors
    assert error.line is not None and 15 <= error.line <= 20


def test_the_shipped_guide_flow_is_sound() -> None:
    flow = load_flow(str(GUIDE), GUIDE.read_text(encoding="utf-8"))
    assert flow.id == "guide" and flow.version >= 1
    assert [s.criterion for s in flow.steps] == list(Criterion)
    for step in flow.steps:
        assert step.help, f"step {step.id} has no help"
        assert sum(o.unsure for o in step.options) == 1
        values = {o.value for o in step.options if not o.unsure}
        assert values == set(spec(step.criterion).values), step.id
        assert step.leads_to(step.options[0]) in {s.id for s in flow.steps} | {END}


SEVERAL = """\
id: several
version: 1
title: Several
start: barriers
steps:
  - id: barriers
    criterion: barriers
    prompt: What holds it back?
    next: end
    options:
      - {id: costs, label: Costs, value: costs}
      - {id: skills, label: Skills, value: skills, next: barriers}
      - {id: not-sure, label: Not sure, unsure: true}
"""


def test_options_of_a_several_answer_step_cannot_lead_elsewhere() -> None:
    with pytest.raises(DataFileError) as caught:
        load_flow("several.yaml", SEVERAL)
    (error,) = [e for e in caught.value.errors if e.place == "steps[0].options[1].next"]
    assert "takes several answers" in error.reason and error.line == 12
    flow = load_flow("several.yaml", SEVERAL.replace(", next: barriers", ""))
    assert flow.steps[0].multiple and not load_flow("mini.yaml", MINI).steps[0].multiple
