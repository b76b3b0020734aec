"""A conversation carries on after its process stops and a new one starts on the same SQLite file.

Two separate processes (tests/storage/turn_process.py), one after the other, each building the
runtime from the same sqlite URL. Imports: pytest and stdlib.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_process(state_url: str, *texts: str) -> list[list[str]]:
    """The question step ids each turn asked, in order."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.storage.turn_process", state_url, *texts],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line)["questions"] for line in done.stdout.splitlines()]


def test_a_conversation_survives_a_restart(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'data' / 'state.sqlite3'}"
    assert run_process(url, "guide", "1") == [["stage"], ["scale"]]
    # A fresh process: "1" is still an answer to the pending second question, and "back" still
    # knows the history, so nothing was lost with the first process.
    assert run_process(url, "1", "back", "back") == [["timeframe"], ["scale"], ["stage"]]


def test_without_a_shared_file_nothing_carries_over(tmp_path: Path) -> None:
    # The control: the same two processes on the in-memory store start afresh.
    assert run_process("memory://", "guide", "1") == [["stage"], ["scale"]]
    assert run_process("memory://", "1") == [[]]
