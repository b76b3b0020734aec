"""The schemas the tests use from packages are the ones the team keeps in ../shared/schemas."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.schemas import SHARED, adaptive_card_path, teams_manifest_path


@pytest.mark.parametrize(
    ("found", "shared_name"),
    [
        (adaptive_card_path(), "adaptive-card.v1.5.schema.json"),
        (teams_manifest_path("1.30"), "teams-app-manifest.v1.30.schema.json"),
    ],
)
def test_packaged_schemas_match_the_shared_copies(found: Path | None, shared_name: str) -> None:
    shared = SHARED / shared_name
    if not shared.is_file():
        pytest.skip(f"{SHARED} is not beside this clone: nothing to compare with")
    assert found is not None
    assert found.read_bytes() == shared.read_bytes(), f"{found} differs from {shared}"
