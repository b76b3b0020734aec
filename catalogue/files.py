"""Finds and reads catalogue files on disk: the shipped data and any folders an organisation adds.

The only module in `catalogue/` that touches the file system (read-only, local files).
Imports: stdlib and catalogue.loader only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from catalogue.loader import load_catalogue
from catalogue.schema import Catalogue
from catalogue.yamlfile import DataError, DataFileError

SHIPPED_DIR = Path(__file__).resolve().parent / "data"
_SUFFIXES = (".yaml", ".yml")


def catalogue_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their YAML files (sorted); pass files through; reject what is missing."""
    out: list[Path] = []
    errors: list[DataError] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix in _SUFFIXES and p.is_file()))
        elif path.is_file():
            out.append(path)
        else:
            errors.append(DataError(str(path), "", "no such file or folder"))
    if errors:
        raise DataFileError(errors)
    return out


def read_texts(files: Sequence[Path]) -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    errors: list[DataError] = []
    for f in files:
        try:
            texts.append((str(f), f.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(DataError(str(f), "", f"cannot be read: {exc}"))
    if errors:
        raise DataFileError(errors)
    return texts


def load_from(
    extra: Sequence[Path] = (), *, include_shipped: bool = True, keep_lines: bool = True
) -> Catalogue:
    """Load the shipped catalogue plus `extra` folders or files (or only `extra`)."""
    if not include_shipped and not extra:
        raise DataFileError([DataError("(catalogue)", "", "no catalogue files were given")])
    shipped = read_texts(catalogue_files([SHIPPED_DIR])) if include_shipped else []
    own = read_texts(catalogue_files(list(extra))) if extra else []
    try:
        return load_catalogue([*shipped, *own], keep_lines=keep_lines)
    except DataFileError:
        if shipped and own and _whole_catalogue(own, shipped):
            where = ", ".join(str(p) for p in extra)
            raise DataFileError([DataError(where, "", WHOLE_CATALOGUE)]) from None
        raise


WHOLE_CATALOGUE = (
    "these files hold a whole catalogue, every shipped approach included, so they clash with the "
    "shipped one: use them instead of it (SPREADBOT_CATALOGUE_REPLACE=1, or "
    "--no-shipped-catalogue for `catalogue validate`), or keep only your own additions"
)


def _whole_catalogue(own: list[tuple[str, str]], shipped: list[tuple[str, str]]) -> bool:
    """The organisation's files define every shipped approach themselves (and load alone)."""
    try:
        alone = load_catalogue(own, keep_lines=False)
    except DataFileError:
        return False
    return holds_every_shipped_approach((a.id for a in alone.approaches), shipped)


def holds_every_shipped_approach(
    approach_ids: Iterable[str], shipped: list[tuple[str, str]]
) -> bool:
    """Whether these approach ids include every approach of the shipped files' texts (`shipped`,
    as read_texts gives them): a whole catalogue, not an organisation's additions."""
    ids = {a.id for a in load_catalogue(shipped, keep_lines=False).approaches}
    return ids <= set(approach_ids)
