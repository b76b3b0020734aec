"""Catalogue folders on disk: the shipped data, an organisation's own additions, and broken folders,
through `catalogue.files.load_from` and `spreadbot catalogue validate`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.console.cli import main
from catalogue.files import SHIPPED_DIR, catalogue_files, load_from
from catalogue.yamlfile import DataFileError
from tests.samples import OWN_APPROACH

OWN_METHOD_IN_A_SHIPPED_APPROACH = """\
methods:
  - id: matched-funding
    name: Matched funding pots
    approach: investing-and-incentivising
    summary: Money from two sources, each matching the other.
"""


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SPREADBOT_CATALOGUE", "SPREADBOT_CATALOGUE_REPLACE", "SPREADBOT_FLOW"):
        monkeypatch.delenv(name, raising=False)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_folder_holds_seven_approaches_and_the_thesaurus() -> None:
    files = catalogue_files([SHIPPED_DIR])
    assert [f.suffix for f in files] == [".yaml"] * 8
    assert files[-1].name == "thesaurus.yaml"
    assert files == sorted(files)


def test_extension_folder_adds_to_the_shipped_catalogue(tmp_path: Path) -> None:
    write(tmp_path, "huddles.yaml", OWN_APPROACH)
    write(tmp_path, "funding.yml", OWN_METHOD_IN_A_SHIPPED_APPROACH)
    write(tmp_path, "README.txt", "not a catalogue file, so ignored")
    shipped = load_from()
    extended = load_from([tmp_path])
    assert len(extended.approaches) == len(shipped.approaches) + 1
    assert extended.find_method("spread-huddles") is not None
    assert extended.method("matched-funding").approach == "investing-and-incentivising"
    assert extended.version != shipped.version
    assert [a.number for a in extended.approaches][-1] == 12  # sorted by number


def test_an_organisations_method_in_a_shipped_approach_is_not_held_to_the_toolkits_count(
    tmp_path: Path,
) -> None:
    """method_count is how many methods the toolkit lists for the approach; an organisation adding
    its own method to that approach (the README says it may) does not break it."""
    shipped = load_from()
    full = next(a for a in shipped.approaches if len(shipped.methods_of(a.id)) == a.method_count)
    write(
        tmp_path,
        "ours.yaml",
        f"""methods:
  - id: our-spread-huddles
    name: Our spread huddles
    approach: {full.id}
    summary: Weekly huddles where adopting teams share what worked.
""",
    )
    extended = load_from([tmp_path])
    assert [m.id for m in extended.methods_of(full.id)][-1] == "our-spread-huddles"


def test_replacing_the_shipped_catalogue(tmp_path: Path) -> None:
    write(tmp_path, "huddles.yaml", OWN_APPROACH)
    own = load_from([tmp_path], include_shipped=False)
    assert [a.id for a in own.approaches] == ["huddling"]
    assert [m.id for m in own.methods] == ["spread-huddles"]


def test_a_method_for_a_shipped_approach_needs_the_shipped_catalogue(tmp_path: Path) -> None:
    write(tmp_path, "funding.yaml", OWN_METHOD_IN_A_SHIPPED_APPROACH)
    with pytest.raises(DataFileError, match="unknown approach 'investing-and-incentivising'"):
        load_from([tmp_path], include_shipped=False)


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as caught:
        load_from([tmp_path / "nowhere"])
    (error,) = caught.value.errors
    assert error.file.endswith("nowhere") and "no such file" in error.reason


def test_no_catalogue_at_all_is_an_error() -> None:
    with pytest.raises(DataFileError, match="no catalogue files"):
        load_from([], include_shipped=False)


def test_a_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("approach:\n  name: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataFileError) as caught:
        load_from([bad])
    (error,) = caught.value.errors
    assert error.file == str(bad) and "cannot be read" in error.reason


def test_a_clash_with_the_shipped_catalogue_names_both_files(tmp_path: Path) -> None:
    clash = OWN_APPROACH.replace("id: spread-huddles", "id: social-franchising-and-licensing")
    path = write(tmp_path, "clash.yaml", clash)
    with pytest.raises(DataFileError) as caught:
        load_from([tmp_path])
    (error,) = caught.value.errors
    assert error.file == str(path) and error.place == "methods[0].id"
    assert "04-coordinating" in error.reason and error.line == 9


# --- spreadbot catalogue validate --------------------------------------------------------------


def test_validate_the_shipped_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalogue", "validate"]) == 0
    assert "OK" in capsys.readouterr().out


def test_validate_a_good_folder_and_the_shipped_flow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "huddles.yaml", OWN_APPROACH)
    flow = Path(__file__).resolve().parents[2] / "bot" / "flows" / "guide.yaml"
    assert main(["catalogue", "validate", str(tmp_path), "--flow", str(flow)]) == 0
    out = capsys.readouterr().out
    assert str(tmp_path) in out and str(flow) in out


def test_validate_a_broken_folder_lists_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "a.yaml", OWN_APPROACH.replace("method_count: 1", "method_count: many"))
    write(
        tmp_path,
        "b.yaml",
        "methods:\n  - id: x\n    name: X\n    approach: huddling\n    cost: high\n",
    )
    write(tmp_path, "c.yaml", "approach: [\n")
    assert main(["catalogue", "validate", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    err = captured.err
    assert "Traceback" not in err and "OK" not in captured.out
    assert (
        f"{tmp_path / 'a.yaml'}:7 at approach.method_count: Input should be a valid integer" in err
    )
    assert f"{tmp_path / 'b.yaml'}:5 at methods[0].cost: unknown key" in err
    assert f"{tmp_path / 'c.yaml'}:" in err and "not valid YAML" in err


def test_validate_a_broken_flow(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow = Path(__file__).resolve().parents[2] / "bot" / "flows" / "guide.yaml"
    broken = write(
        tmp_path, "flow.yaml", flow.read_text(encoding="utf-8").replace("next: scale", "next: size")
    )
    assert main(["catalogue", "validate", "--flow", str(broken)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:" in err and "steps[0].next" in err and "unknown step 'size'" in err


def test_validate_an_extension_that_uses_a_shipped_approach(tmp_path: Path) -> None:
    write(tmp_path, "funding.yaml", OWN_METHOD_IN_A_SHIPPED_APPROACH)
    assert main(["catalogue", "validate", str(tmp_path)]) == 0


def test_a_whole_catalogue_given_as_additions_gets_one_clear_problem(tmp_path: Path) -> None:
    """A copy of the whole catalogue (say, imported from a full export) added to the shipped one
    would clash on every id; one problem says what to do instead."""
    for path in catalogue_files([SHIPPED_DIR]):
        write(tmp_path, path.name, path.read_text(encoding="utf-8"))
    with pytest.raises(DataFileError) as caught:
        load_from([tmp_path])
    (problem,) = caught.value.errors
    assert "whole catalogue" in problem.reason and "SPREADBOT_CATALOGUE_REPLACE" in problem.reason
    assert load_from([tmp_path], include_shipped=False).methods == load_from().methods
