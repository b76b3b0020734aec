"""The code stays lint-clean (ruff) and the core stays type-clean (mypy strict on bot/ and catalogue/)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing() -> None:
    result = run("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_is_mypy_clean() -> None:
    result = run("mypy", "--no-incremental", "bot", "catalogue")
    assert result.returncode == 0, result.stdout + result.stderr


# The platform renderers: exhaustive over the reply kinds (typing.assert_never), so a new kind
# fails here until every platform draws it. The rest of adapters/ waits on typed Teams SDK imports.
RENDERERS = (
    "adapters/teams/cards.py",
    "adapters/teams/layout.py",
    "adapters/slack/render.py",
    "adapters/slack/layout.py",
    "scripts/dump_cards.py",
)


def test_renderers_are_mypy_clean() -> None:
    result = run("mypy", "--no-incremental", *RENDERERS)
    assert result.returncode == 0, result.stdout + result.stderr
