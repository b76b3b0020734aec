"""`spreadbot teams package`: writes the Teams app zip (manifest.json and the two icons).

The manifest template in manifest/teams/ names the bot's app id as ${{MICROSOFT_APP_ID}}; this fills
it in (the Teams app id and the bot id are the same GUID). Imports: stdlib only.
"""

from __future__ import annotations

import json
import os
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

MANIFEST_DIR = Path(__file__).resolve().parents[2] / "manifest" / "teams"
APP_ID_PLACEHOLDER = "${{MICROSOFT_APP_ID}}"
PACKAGE_FILES = ("manifest.json", "color.png", "outline.png")
DEFAULT_PACKAGE_NAME = "spreadbot-teams.zip"
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
# A fixed timestamp makes the zip byte-for-byte reproducible.
_ZIP_TIME = (2025, 1, 1, 0, 0, 0)


class PackageError(ValueError):
    """The package cannot be built; the message says why."""


def render_manifest(template: str, app_id: str) -> dict[str, Any]:
    if not _GUID.match(app_id):
        raise PackageError(
            f"the app id must be a GUID (the Azure Bot's Microsoft App ID), not {app_id!r}"
        )
    manifest: dict[str, Any] = json.loads(template.replace(APP_ID_PLACEHOLDER, app_id))
    return manifest


def build_package(out: Path, app_id: str, source: Path = MANIFEST_DIR) -> Path:
    """Writes the zip (into `out`, or as `out` when it names a file) and returns its path."""
    missing = [name for name in PACKAGE_FILES if not (source / name).is_file()]
    if missing:
        raise PackageError(f"{source} lacks {', '.join(missing)}")
    manifest = render_manifest((source / "manifest.json").read_text(encoding="utf-8"), app_id)
    target = out / DEFAULT_PACKAGE_NAME if out.is_dir() else out
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in PACKAGE_FILES:
            data = (
                json.dumps(manifest, indent=2).encode("utf-8")
                if name == "manifest.json"
                else (source / name).read_bytes()
            )
            archive.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return target


def package(out: Path, app_id: str | None) -> int:
    """CLI hook: 0 and the path on stdout, or 2 and a message naming what is missing."""
    app_id = (app_id or os.environ.get("MICROSOFT_APP_ID", "")).strip()
    if not app_id:
        print(
            "spreadbot teams package: no app id: pass --app-id or set MICROSOFT_APP_ID",
            file=sys.stderr,
        )
        return 2
    try:
        target = build_package(out, app_id)
    except (PackageError, OSError) as exc:
        print(f"spreadbot teams package: {exc}", file=sys.stderr)
        return 2
    print(target)
    return 0
