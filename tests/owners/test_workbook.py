"""Catalogue export and import: the shipped data survives a round trip through a workbook and
through CSV files; an organisation's own entries and extensions survive an extensions-only round
trip; an edited workbook's mistakes are named by sheet, row, column and reason.

Imports: pytest, openpyxl, adapters, catalogue and the shared samples.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from adapters.console.cli import main
from adapters.owners.workbook import (
    Format,
    catalogue_entries,
    export,
    extension_entries,
    import_tables,
)
from catalogue.files import load_from
from catalogue.schema import Catalogue, Frozen
from catalogue.tables import TablesError, kinds, shape_of
from tests.samples import OWN_APPROACH

EXTRA_METHOD = """\
methods:
  - id: spread-circles
    name: Spread circles
    approach: investing-and-incentivising
    aliases: [learning circles]
    practical: {stages: [spread], timeframe: 6-18 months}
    examples: [{name: Leeds circles, note: Weekly.}]
extend:
  - method: honest-broker
    aliases: [go-between]
"""


def same(a: Catalogue, b: Catalogue) -> bool:
    return a.model_dump(exclude={"version"}) == b.model_dump(exclude={"version"})


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return load_from()


@pytest.mark.parametrize("fmt", list(Format))
def test_the_shipped_catalogue_round_trips(shipped: Catalogue, tmp_path: Path, fmt: Format) -> None:
    out = tmp_path / ("cat.xlsx" if fmt is Format.XLSX else "csv")
    export(catalogue_entries(shipped), fmt, out)
    written = import_tables(out, tmp_path / "yaml", with_shipped=False)
    # a file per approach, then one for the thesaurus and one for the context terms
    assert len(written) == len(shipped.approaches) + 2
    assert same(load_from([tmp_path / "yaml"], include_shipped=False), shipped)


def test_an_organisations_additions_round_trip(shipped: Catalogue, tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "huddles.yaml").write_text(OWN_APPROACH, encoding="utf-8")
    (own / "more.yaml").write_text(EXTRA_METHOD, encoding="utf-8")
    full = load_from([own])
    entries = extension_entries(full, shipped)
    assert [getattr(e, "id", None) for e in entries["methods"]] == [
        "spread-huddles",
        "spread-circles",
    ]
    export(entries, Format.XLSX, tmp_path / "own.xlsx")
    import_tables(tmp_path / "own.xlsx", tmp_path / "back", with_shipped=True)
    assert sorted(p.name for p in (tmp_path / "back").iterdir()) == [
        "12-huddling.yaml",
        "extend.yaml",
        "methods.yaml",
    ]
    assert same(load_from([tmp_path / "back"]), full)


def test_the_workbook_has_a_sheet_per_kind_with_columns_from_the_schema(
    shipped: Catalogue, tmp_path: Path
) -> None:
    export(catalogue_entries(shipped), Format.XLSX, tmp_path / "cat.xlsx")
    book = load_workbook(tmp_path / "cat.xlsx", read_only=True)
    assert {"approaches", "methods", "examples", "references", "extend"} <= set(book.sheetnames)
    header = next(book["methods"].iter_rows(values_only=True))
    assert header[:3] == ("id", "name", "approach")
    assert "practical.timeframe.label" in header and "examples" not in header
    assert next(book["examples"].iter_rows(values_only=True))[0] == "method"


def test_a_new_list_kind_gets_its_own_table() -> None:
    """What a thesaurus of synonym groups would look like: derived, not written by hand."""

    class Group(Frozen):
        words: tuple[str, ...]
        note: str | None = None

    class Thesaurus(Frozen):
        groups: tuple[Group, ...] = ()

    shape = shape_of(Thesaurus)
    ((name, group),) = shape.children
    assert name == "groups" and [(c.name, c.is_list) for c in group.columns] == [
        ("words", True),
        ("note", False),
    ]
    assert [name for name, _ in kinds()][:2] == ["approaches", "methods"]


def edited(tmp_path: Path, shipped: Catalogue, sheet: str, cell: str, value: object) -> Path:
    """The exported workbook with one cell changed. `cell` is "A2", or "column-name:2" for the
    column headed so (columns follow the catalogue schema, so their letters move)."""
    path = tmp_path / "cat.xlsx"
    export(catalogue_entries(shipped), Format.XLSX, path)
    book = load_workbook(path)
    if ":" in cell:
        name, row = cell.split(":")
        header = [c.value for c in book[sheet][1]]
        cell = f"{get_column_letter(header.index(name) + 1)}{row}"
    book[sheet][cell] = value
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "expected"),
    [
        (
            "methods",
            "practical.stages:2",  # of the first method
            "ideation\nsometimes",
            "methods, row 2, column practical.stages: Input should be",
        ),
        ("methods", "A3", "Not An Id", "methods, row 3, column id: String should match pattern"),
        ("methods", "ZZ1", "colour", "methods, row 1, column colour: unknown column"),
        ("examples", "A2", "no-such-method", "examples, row 2, column method: no method"),
        ("approaches", "C2", None, "approaches, row 2, column name: required but missing"),
        # found by the loader's cross-checks, yet still named by sheet and row
        (
            "methods",
            "A4",  # a method with no examples, so none are left without their method
            "national-skills-and-coaching-programmes",
            "methods, row 4, column id: duplicate id",
        ),
        ("methods", "C2", "no-such-approach", "methods, row 2, column approach: unknown approach"),
    ],
)
def test_mistakes_name_sheet_row_column_and_reason(
    shipped: Catalogue, tmp_path: Path, sheet: str, cell: str, value: object, expected: str
) -> None:
    path = edited(tmp_path, shipped, sheet, cell, value)
    with pytest.raises(TablesError) as raised:
        import_tables(path, tmp_path / "out", with_shipped=False)
    assert any(str(e).startswith(expected) for e in raised.value.errors), raised.value.errors
    assert not (tmp_path / "out").exists()  # nothing written


def test_a_number_typed_as_a_name_is_text(shipped: Catalogue, tmp_path: Path) -> None:
    path = edited(tmp_path, shipped, "approaches", "C2", 2020)
    import_tables(path, tmp_path / "out", with_shipped=False)
    assert load_from([tmp_path / "out"], include_shipped=False).approaches[0].name == "2020"


def test_an_unknown_sheet_is_refused(shipped: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "cat.xlsx"
    export(catalogue_entries(shipped), Format.XLSX, path)
    book = load_workbook(path)
    book.create_sheet("notes")["A1"] = "my notes"
    book.save(path)
    with pytest.raises(TablesError, match="notes, row 1: unknown table"):
        import_tables(path, tmp_path / "out", with_shipped=False)


def test_the_command_line(
    shipped: Catalogue, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book, out = tmp_path / "cat.xlsx", str(tmp_path / "y")

    def import_(*extra: str) -> int:
        return main(
            ["catalogue", "import", str(book), "--out", out, "--no-shipped-catalogue", *extra]
        )

    assert main(["catalogue", "export", str(book)]) == 0
    assert import_() == 0
    # A second import into the same folder keeps what is there unless told to replace it.
    assert import_() == 1
    assert "already holds catalogue files" in capsys.readouterr().err
    assert import_("--replace") == 0
    assert main(["catalogue", "validate", "--no-shipped-catalogue", out]) == 0
    bad = edited(tmp_path, shipped, "methods", "A3", "Not An Id")
    assert main(["catalogue", "import", str(bad), "--out", str(tmp_path / "z")]) == 1
    assert "methods, row 3, column id:" in capsys.readouterr().err
    assert main(["catalogue", "export", "--only-extensions", str(book)]) == 2


def test_a_whole_catalogue_workbook_imported_as_additions_says_what_to_do(
    shipped: Catalogue, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`export` without --only-extensions writes the shipped entries too; importing that as an
    organisation's additions would clash on every shipped id. One clear problem instead."""
    book, out = tmp_path / "everything.xlsx", tmp_path / "ours"
    assert main(["catalogue", "export", str(book)]) == 0
    assert main(["catalogue", "import", str(book), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "(1 problem)" in err and "--no-shipped-catalogue" in err and "row 0" not in err
    assert not out.exists(), "nothing is written"
    assert (
        main(["catalogue", "import", str(book), "--out", str(out), "--no-shipped-catalogue"]) == 0
    )
