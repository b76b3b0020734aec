"""The Microsoft 365 Agents SDK is imported only inside adapters/teams/, botbuilder nowhere, and
the adapters type-check against the SDKs."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("adapters", "bot", "catalogue", "storage", "tests", "bench")


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_sdk_imports_stay_in_the_teams_adapter() -> None:
    outside = [
        path.relative_to(ROOT).as_posix()
        for package in SOURCES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "microsoft_agents" in imported_roots(path)
        and not path.is_relative_to(ROOT / "adapters" / "teams")
    ]
    assert outside == []


def test_no_bot_framework_sdk_is_left() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *sum(project["optional-dependencies"].values(), [])]
    pinned = (ROOT / "constraints.txt").read_text(encoding="utf-8").lower().splitlines()
    assert not [d for d in declared if d.lower().startswith(("botbuilder", "botframework"))]
    assert not [p for p in pinned if p.startswith(("botbuilder", "botframework", "msrest"))]
    for path in (ROOT / "adapters").rglob("*.py"):
        assert not imported_roots(path) & {"botbuilder", "botframework", "msrest"}, path


@pytest.mark.slow  # ~10 s: mypy reads the whole SDK; run by CI (.ci/run)
def test_the_adapters_and_stores_are_mypy_clean() -> None:
    """The SDKs ship type hints: every adapter (Teams, Slack, the shared turn service and
    serving) and every store is checked against them (mypy strict)."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "adapters", "storage"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
