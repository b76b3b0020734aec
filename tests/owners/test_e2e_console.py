"""End to end on the console: people chat (unanswered lookups, a "did you mean" pick, votes),
then `spreadbot report --json` shows it grouped, redacted and counted once per conversation;
records past their expiry are gone; with recording off nothing is stored.

Runs the real `spreadbot` entry point in-process on a SQLite state file. Imports: pytest,
adapters, storage and stdlib.
"""

from __future__ import annotations

import io
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from adapters.console.cli import main

DEDICATED = "dedicated-resource-provision"
CENTRAL = "central-coordination-and-national-programmes"


@pytest.fixture
def state_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import os

    for name in [k for k in os.environ if k.startswith("SPREADBOT_")]:
        monkeypatch.delenv(name)
    path = tmp_path / "state.sqlite3"
    monkeypatch.setenv("SPREADBOT_STATE_URL", f"sqlite:///{path}")
    return path


def chat(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], user: str, typed: str
) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    assert main(["chat", "--user", user]) == 0
    return capsys.readouterr().out


def report(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main(["report", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_console_session_shows_up_in_the_report(
    state_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = chat(
        monkeypatch,
        capsys,
        "alice",
        "How do we spread virtual wards? ring 07700 900123\n"
        "how do we spread virtual wards?\n"  # asked again: still one conversation
        "AHSN\n"
        "1\n"  # the first "did you mean" choice
        "helpful\n"
        "what is GIRFT\n"
        "not helpful\n",
    )
    assert "Did you mean" in out and out.count("Thank you: noted") == 2
    chat(monkeypatch, capsys, "bob", "spreading virtual ward for jane@nhs.net\nGIRFT\nhelpful\n")
    data = report(capsys)
    assert set(data) == {"since", "unanswered", "picked", "feedback", "top"}
    (wards,) = data["unanswered"]
    assert wards["count"] == 2  # alice twice and bob once: two conversations
    assert "07700" not in json.dumps(data) and "jane" not in json.dumps(data)
    assert "How do we spread virtual wards? ring [phone]" in wards["examples"]
    assert "spreading virtual ward for [email]" in wards["examples"]
    assert data["picked"] == [{"query": "AHSN", "method": DEDICATED, "count": 1}]
    assert {"method": CENTRAL, "helpful": 1, "not_helpful": 1} in data["feedback"]
    assert {"method": DEDICATED, "helpful": 1, "not_helpful": 0} in data["feedback"]
    assert data["top"][0] == {"method": CENTRAL, "count": 2}
    # No user name or id anywhere in the stored records.
    with sqlite3.connect(state_file) as db:
        stored = " ".join(row[0] for row in db.execute("SELECT data FROM log"))
    assert stored and "alice" not in stored and "bob" not in stored


def test_the_text_report_and_suggestions(
    state_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    chat(monkeypatch, capsys, "alice", "peer network help\n1\nzzqxv\n")
    suggested = tmp_path / "suggested.yaml"
    assert main(["report", "--since", "1h", "--suggest", str(suggested)]) == 0
    out = capsys.readouterr().out
    assert "zzqxv" in out and "peer network help  ->  " in out
    assert main(["catalogue", "validate", str(suggested)]) == 0
    assert '"peer network help"' in suggested.read_text(encoding="utf-8")


def test_records_past_their_expiry_are_gone(
    state_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SPREADBOT_RECORD_DAYS", str(0.3 / 86400))  # 0.3 seconds
    chat(monkeypatch, capsys, "alice", "zzqxv\n")
    started = time.monotonic()
    while report(capsys)["unanswered"]:
        assert time.monotonic() - started < 5, "the record never expired"
        time.sleep(0.05)
    assert time.monotonic() - started >= 0.0


def test_with_recording_off_nothing_is_stored(
    state_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SPREADBOT_RECORD_QUESTIONS", "off")
    chat(monkeypatch, capsys, "alice", "zzqxv\nAHSN\n1\nhelpful\n")
    data = report(capsys)
    assert (data["unanswered"], data["picked"], data["feedback"], data["top"]) == ([], [], [], [])
    with sqlite3.connect(state_file) as db:
        assert db.execute("SELECT count(*) FROM log").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM state WHERE key LIKE 'records:%'").fetchone() == (
            0,
        )


def test_a_bad_since_exits_2(state_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--since", "last tuesday"]) == 2
    assert "--since 'last tuesday'" in capsys.readouterr().err


def test_votes_and_buttons_typed_on_the_console_reach_the_answer_just_shown(
    state_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each recommendation shows its own buttons; typing a label presses it ("helpful 3",
    "details 1"), a vote never lands on an older card, and labels like "Start again" work."""
    out = chat(
        monkeypatch,
        capsys,
        "carol",
        "GIRFT\n"  # a card with its own votes (central co-ordination), then the questions
        "guide\n4\n1\n3\n2\n5\n"
        "helpful\n"  # three recommendations: which one?
        "helpful 3\n"
        "details 1\n"  # still pressable after the thanks
        "start again\n",
    )
    assert "[Details] [Helpful] [Not helpful]" in out
    assert "Which one? Type helpful 1 to helpful 3" in out
    names = [part.split(":", 2)[1].split("\n")[0].strip() for part in out.split("Joint 1st")[1:]]
    assert len(names) == 3 and names[1] != names[2]
    assert f"Thank you: noted that {names[2]} helped." in out
    after_thanks = out.split(" helped.")[1]
    assert "Strengths of the approach" in after_thanks.split("Question 1 of 5")[0], "Details"
    assert out.count("Question 1 of 5") == 2, "start again began the questions again"
    (vote,) = report(capsys)["feedback"]
    assert vote["helpful"] == 1 and vote["method"] != CENTRAL, "not on the older GIRFT card"


def test_a_vote_with_nothing_to_rate_says_so(
    state_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = chat(monkeypatch, capsys, "dan", "not helpful\nhelpful 2\n")
    assert out.count("There is nothing here to rate") == 2
    assert report(capsys)["feedback"] == []
