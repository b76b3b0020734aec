"""The `spreadbot` command as users and scripts run it: ask, recommend, chat, broken catalogues.

The JSON shapes are a stable interface, so they are checked exactly. A few cases run the real
command in a subprocess (stdin, exit codes, no traceback); the rest call `main(argv)` in-process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from adapters.console.cli import main
from tests.samples import OWN_APPROACH

ROOT = Path(__file__).resolve().parents[2]
CENTRAL = "central-coordination-and-national-programmes"


def env_for(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPREADBOT_")}
    env.update(
        SPREADBOT_STATE_URL="memory://",
        XDG_DATA_HOME=str(tmp_path / "data"),
        PYTHONPATH=str(ROOT),
    )
    return env


def spreadbot(
    tmp_path: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "adapters.console.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env_for(tmp_path),
        timeout=60,
    )


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in [k for k in os.environ if k.startswith("SPREADBOT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("SPREADBOT_STATE_URL", "memory://")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


# --- ask ---------------------------------------------------------------------------------------


def test_ask_json_shape_and_stability(tmp_path: Path) -> None:
    first = spreadbot(tmp_path, "ask", "GIRFT", "--json")
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert set(data) == {"query", "confident", "matches"}
    assert data["query"] == "GIRFT" and data["confident"] is True
    assert data["matches"], data
    for match in data["matches"]:
        assert set(match) == {"id", "name", "approach", "score"}
        assert isinstance(match["score"], int | float)
    assert data["matches"][0]["id"] == CENTRAL
    assert data["matches"][0]["approach"] == "coordinating-national-programmes"
    second = spreadbot(tmp_path, "ask", "GIRFT", "--json")
    assert second.stdout == first.stdout


def test_ask_json_for_a_miss(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "ask", "--json", "xyzzy", "plugh")
    assert data["query"] == "xyzzy plugh" and data["confident"] is False


def test_ask_prints_the_card_text(tmp_path: Path) -> None:
    result = spreadbot(tmp_path, "ask", "what", "is", "GIRFT?")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Central co-ordination and centrally commissioned" in out
    assert "Getting It Right First Time (GIRFT)" in out
    assert "Practical considerations:" in out and "Timeframe: 1-3 years" in out
    assert "Source: https://horizonsnhs.com/" in out
    assert "{" not in out.splitlines()[0]


def test_ask_finds_an_organisations_own_method(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "own").mkdir()
    (tmp_path / "own" / "huddles.yaml").write_text(OWN_APPROACH, encoding="utf-8")
    data = run_json(capsys, "ask", "--catalogue", str(tmp_path / "own"), "--json", "daily huddle")
    assert data["confident"] and data["matches"][0]["id"] == "spread-huddles"
    # The shipped catalogue is still there ...
    data = run_json(capsys, "ask", "--catalogue", str(tmp_path / "own"), "--json", "GIRFT")
    assert data["matches"][0]["id"] == CENTRAL
    # ... unless it is replaced.
    data = run_json(
        capsys,
        "ask",
        "--catalogue",
        str(tmp_path / "own"),
        "--no-shipped-catalogue",
        "--json",
        "GIRFT",
    )
    assert CENTRAL not in [m["id"] for m in data["matches"]] and not data["confident"]


def test_catalogue_folder_from_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "own").mkdir()
    (tmp_path / "own" / "huddles.yaml").write_text(OWN_APPROACH, encoding="utf-8")
    monkeypatch.setenv("SPREADBOT_CATALOGUE", str(tmp_path / "own"))
    data = run_json(capsys, "ask", "--json", "spread huddles")
    assert data["matches"][0]["id"] == "spread-huddles"


# --- recommend ---------------------------------------------------------------------------------


def test_recommend_json_shape_best_first(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "recommend", "--stage", "spread", "--scale", "national", "--json")
    assert set(data) == {"recommendations"}
    recs = data["recommendations"]
    for rec in recs:
        assert set(rec) == {"id", "name", "approach", "score", "reasons"}
        assert isinstance(rec["score"], int) and all(isinstance(r, str) for r in rec["reasons"])
    scores = [r["score"] for r in recs]
    assert scores == sorted(scores, reverse=True)
    top = {r["id"] for r in recs[:3]}
    assert {CENTRAL, "social-franchising-and-licensing"} <= top
    competition = next(r for r in recs if r["id"] == "competition-and-crowdsourcing")
    assert (
        "does not fit: meant for ideation and proof of concept, not spread "
        "(from the method's practical considerations)" in competition["reasons"]
    )
    assert (
        run_json(capsys, "recommend", "--stage", "spread", "--scale", "national", "--json") == data
    )


def test_recommend_text_prints_what_the_chat_says(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recommend", "--stage", "ideation"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Recommended methods\nYour answers: ideation\n")
    assert "1st · 100% fit: Competition and crowdsourcing\n" in out
    assert out.count("% fit: ") == 1  # the only method whose recorded stage fits ideation


def test_recommend_takes_several_resources_and_barriers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = run_json(
        capsys,
        "recommend",
        "--resources",
        "funding",
        "--resources",
        "local",
        "--barrier",
        "costs",
        "--barrier",
        "evidence",
        "--json",
    )
    recs = {r["id"]: r for r in data["recommendations"]}
    franchising = recs["social-franchising-and-licensing"]["reasons"]
    assert any(r.startswith("fits: you can draw on what it needs") for r in franchising)
    pay = recs["performance-related-funding"]["reasons"]
    assert any(r.startswith("fits: the approach helps with the costs") for r in pay)
    assert any(
        r.startswith("warning: on evidence that it works at scale, the toolkit") for r in pay
    )
    assert all(
        r.split(": ")[0] in {"fits", "does not fit", "not recorded", "warning"}
        for rec in data["recommendations"]
        for r in rec["reasons"]
    )


@pytest.mark.parametrize(
    ("flag", "valid"),
    [
        ("--stage", ("ideation", "proof-of-concept", "prototype-testing", "spread")),
        ("--scale", ("national", "regional", "local")),
        ("--timeframe", ("under-6-months", "6-18-months", "1-3-years", "over-3-years")),
        ("--resources", ("local", "funding", "central", "evaluation")),
        ("--barrier", ("costs", "evidence", "skills", "complex", "engagement", "consistency")),
    ],
)
def test_recommend_invalid_value_exits_2_naming_the_valid_ones(
    capsys: pytest.CaptureFixture[str], flag: str, valid: tuple[str, ...]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["recommend", flag, "someday"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "someday" in err and all(v in err for v in valid)


# --- chat --------------------------------------------------------------------------------------


def test_chat_runs_a_full_guided_selection_from_stdin(tmp_path: Path) -> None:
    typed = "guide\n2\nnational\nwhat is GIRFT?\nabout a year\nfunding and partners\ncosts\n/quit\n"
    result = spreadbot(tmp_path, "chat", "--user", "tester", stdin=typed)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    order = [
        "Question 1 of 5",
        "Question 2 of 5",
        "Question 3 of 5",
        "Getting It Right First Time",  # the lookup mid-flow ...
        "Question 3 of 5",  # ... then the same question again
        "Question 4 of 5",
        "Question 5 of 5",
        "Your answers: proof of concept · national · 6 to 18 months · funding, local staff "
        "time and partners · the costs of adopting it",
        "1st · ",
        "Goodbye",
    ]
    at = 0
    for text in order:
        found = out.find(text, at)
        assert found >= 0, f"{text!r} missing after position {at}:\n{out}"
        at = found + len(text)
    assert "Traceback" not in result.stderr


def test_chat_understands_a_description_and_asks_only_what_is_open(tmp_path: Path) -> None:
    typed = (
        "we piloted it in two trusts and want every ICB to adopt it within two years\n"
        "funding and local partners\ncosts\n/quit\n"
    )
    result = spreadbot(tmp_path, "chat", "--user", "tester", stdin=typed)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    order = [
        "I understood: ready to spread · national · 1 to 3 years",
        "Question 4 of 5",
        "Question 5 of 5",
        "Recommended methods",
        "Your answers: ready to spread · national · 1 to 3 years · funding, local staff time and "
        "partners · the costs of adopting it",
    ]
    at = 0
    for text in order:
        found = out.find(text, at)
        assert found >= 0, f"{text!r} missing after position {at}:\n{out}"
        at = found + len(text)


def test_chat_numbers_pick_list_items_outside_a_question(tmp_path: Path) -> None:
    result = spreadbot(tmp_path, "chat", "--user", "tester", stdin="list\n1\n")
    assert result.returncode == 0, result.stderr
    assert "Approaches to spread and scale" in result.stdout
    assert "Practical considerations:" in result.stdout  # item 1's card
    assert "Goodbye" in result.stdout  # end of input leaves politely


# --- broken catalogues -------------------------------------------------------------------------


def broken_catalogue(tmp_path: Path) -> tuple[Path, Path]:
    own = tmp_path / "own"
    own.mkdir()
    broken = own / "huddles.yaml"
    broken.write_text(OWN_APPROACH.replace("method_count: 1", "method_count: 1\n  colour: red"))
    return own, broken


@pytest.mark.parametrize(
    "args",
    [("ask", "GIRFT"), ("ask", "--json", "GIRFT"), ("recommend", "--json"), ("chat",)],
    ids=" ".join,
)
def test_a_broken_catalogue_exits_1_naming_file_place_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    own, broken = broken_catalogue(tmp_path)
    assert main([*args, "--catalogue", str(own)]) == 1
    captured = capsys.readouterr()
    assert f"{broken}:8 at approach.colour: unknown key" in captured.err
    assert captured.out == ""


def test_a_broken_catalogue_gives_no_traceback(tmp_path: Path) -> None:
    own, broken = broken_catalogue(tmp_path)
    result = spreadbot(tmp_path, "chat", "--catalogue", str(own), stdin="hello\n")
    assert result.returncode == 1
    assert f"{broken}:8 at approach.colour: unknown key" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_recommend_describe_json_says_what_was_understood(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = "we piloted it in two trusts and want every ICB to adopt it within two years"
    data = run_json(capsys, "recommend", "--describe", text, "--json")
    assert data["understood"] == {
        "stage": "spread",
        "scale": "national",
        "timeframe": "1-3-years",
        "resources": [],
        "barriers": [],
    }
    assert set(data) == {"understood", "recommendations"}
    # A flag given overrides what the text said; criteria it does not give still come from it.
    data = run_json(
        capsys,
        "recommend",
        "--describe",
        text,
        "--scale",
        "regional",
        "--barrier",
        "costs",
        "--json",
    )
    assert data["understood"]["scale"] == "regional" and data["understood"]["stage"] == "spread"
    assert data["understood"]["barriers"] == ["costs"]


def test_recommend_describe_text_is_what_the_chat_would_say(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["recommend", "--describe", "just an idea so far, no rush"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("I understood: ideation · over 3 years.\n")
    assert "Recommended methods" in out
    assert main(["recommend", "--describe", "thanks"]) == 0
    assert capsys.readouterr().out.startswith("I understood: nothing I can use.")
