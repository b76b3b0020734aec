"""`spreadbot catalogue export` and `import`: the catalogue as an Excel workbook (openpyxl) or a
folder of CSV files, and an edited one back into YAML catalogue files.

The tables themselves (which sheets, which columns) come from catalogue.tables, derived from the
schema; this module only reads and writes files. An import is validated in full, as the catalogue
will be loaded, before anything is written; every problem names sheet, row, column and reason.
Imports: openpyxl, catalogue and stdlib.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from pydantic import BaseModel

from catalogue.files import (
    SHIPPED_DIR,
    catalogue_files,
    holds_every_shipped_approach,
    read_texts,
)
from catalogue.loader import load_catalogue
from catalogue.schema import Catalogue, Extension
from catalogue.tables import (
    EXTEND,
    Cell,
    Table,
    TableError,
    TablesError,
    from_tables,
    kinds,
    to_files,
    to_tables,
)
from catalogue.yamlfile import DataError, DataFileError

_WIDTH = 60  # characters: wide enough to read a summary, narrow enough to see several columns


class Format(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


def catalogue_entries(catalogue: Catalogue) -> dict[str, Sequence[BaseModel]]:
    """Every entry of each kind, for a full export."""
    return {name: getattr(catalogue, name) for name, _ in kinds() if name != EXTEND}


def extension_entries(full: Catalogue, shipped: Catalogue) -> dict[str, Sequence[BaseModel]]:
    """Only what the organisation's folders add to the shipped catalogue: their own entries,
    and (as `extend` rows) the words they add to shipped methods."""
    out: dict[str, Sequence[BaseModel]] = {}
    for name, _ in kinds():
        if name == EXTEND:
            continue
        theirs: list[BaseModel] = list(getattr(full, name))
        ours: list[BaseModel] = list(getattr(shipped, name))
        ids = {getattr(e, "id", None) for e in ours} - {None}
        out[name] = [e for e in theirs if getattr(e, "id", None) not in ids and e not in ours]
    extensions = []
    for method in shipped.methods:
        grown = full.find_method(method.id)
        if grown is None or grown == method:
            continue
        words = {
            field: tuple(w for w in getattr(grown, field) if w not in getattr(method, field))
            for field in Extension.model_fields
            if field != "method"
        }
        extensions.append(Extension(method=method.id, **words))
    out[EXTEND] = extensions
    return out


# --- writing ----------------------------------------------------------------------------------


def export(entries: dict[str, Sequence[BaseModel]], fmt: Format, out: Path) -> list[Path]:
    """Write the tables as one workbook (`out` is the file) or CSV files (`out` is a folder);
    returns what was written."""
    tables = to_tables(entries)
    if fmt is Format.XLSX:
        _write_xlsx(tables, out)
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        path = out / f"{table.name}.csv"
        # utf-8-sig: Excel reads a CSV as UTF-8 only when it starts with the byte-order mark.
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(table.columns)
            writer.writerows(["" if v is None else v for v in row] for row in table.rows)
        written.append(path)
    return written


def _write_xlsx(tables: list[Table], out: Path) -> None:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]  # a new workbook has one empty sheet
    for table in tables:
        sheet = book.create_sheet(table.name)
        sheet.append(list(table.columns))
        for row in table.rows:
            sheet.append(list(row))
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text that starts with "=" stays text, not a formula
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for i, name in enumerate(table.columns, start=1):
            longest = max([len(name), *(_longest_line(r[i - 1]) for r in table.rows)])
            sheet.column_dimensions[get_column_letter(i)].width = min(_WIDTH, longest + 2)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)


def _longest_line(value: Cell) -> int:
    return max((len(line) for line in str(value or "").splitlines()), default=0)


# --- reading ----------------------------------------------------------------------------------


def read_tables(path: Path) -> list[Table]:
    """An .xlsx workbook, or a folder of CSV files (one per table, named after it)."""
    if path.is_dir():
        return [_read_csv(p) for p in sorted(path.glob("*.csv"))]
    if path.suffix.lower() == ".csv":
        return [_read_csv(path)]
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise DataFileError(
            [DataError(str(path), "", f"cannot be read as a workbook: {exc}")]
        ) from None
    try:
        tables = []
        for sheet in book.worksheets:
            rows = [tuple(map(_plain, row)) for row in sheet.iter_rows(values_only=True)]
            # Keep every header cell in place (a gap in the middle is reported, not skipped over,
            # which would shift the columns after it); only empty cells at the end are dropped.
            header = tuple("" if c is None else str(c).strip() for c in rows[0]) if rows else ()
            while header and not header[-1]:
                header = header[:-1]
            tables.append(Table(sheet.title, header, tuple(r[: len(header)] for r in rows[1:])))
        return tables
    finally:
        book.close()


def _plain(value: object) -> Cell:
    """A workbook cell as text or a number (dates and rich text become their text)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _read_csv(path: Path) -> Table:
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataFileError([DataError(str(path), "", f"cannot be read as CSV: {exc}")]) from None
    header = tuple(c.strip() for c in rows[0]) if rows else ()
    return Table(path.stem, header, tuple(tuple(r) for r in rows[1:]))


def import_tables(
    path: Path, out: Path, *, with_shipped: bool, replace: bool = False
) -> list[Path]:
    """Turn an edited workbook or CSV folder into YAML catalogue files in `out`.

    Validated first, as `spreadbot catalogue validate` would (with the shipped catalogue unless
    `with_shipped` is False); raises TablesError naming sheet, row, column and reason, and writes
    nothing. YAML files already in `out` are kept unless `replace`; then they are removed."""
    rows = from_tables(read_tables(path))
    files = to_files(rows)
    existing = catalogue_files([out]) if out.is_dir() else []
    if existing and not replace:
        raise TablesError(
            [
                TableError(
                    str(path),
                    0,
                    "",
                    f"{out} already holds catalogue files ({', '.join(p.name for p in existing)}); "
                    "give an empty folder, or --replace to remove them",
                )
            ]
        )
    shipped = read_texts(catalogue_files([SHIPPED_DIR])) if with_shipped else []
    try:
        load_catalogue([*shipped, *files.texts])
    except DataFileError as exc:
        ours = (getattr(row.entry, "id", "") for row in rows.get("approaches", []))
        if shipped and holds_every_shipped_approach(ours, shipped):
            raise TablesError([TableError("approaches", 0, "", WHOLE_CATALOGUE)]) from None
        raise TablesError([_table_error(files.place(e), e) for e in exc.errors]) from None
    out.mkdir(parents=True, exist_ok=True)
    for old in existing:
        old.unlink()
    written = []
    for name, text in files.texts:
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    return written


WHOLE_CATALOGUE = (
    "this workbook holds the whole catalogue, the shipped approaches included (as `catalogue "
    "export` without --only-extensions writes it): import it with --no-shipped-catalogue and "
    "serve it with SPREADBOT_CATALOGUE_REPLACE=1, or export only your additions with "
    "--only-extensions"
)


def _table_error(placed: TableError | None, error: DataError) -> TableError:
    # A problem with no row behind it (it lies in the shipped catalogue) keeps its own place.
    return placed or TableError(error.file, error.line or 0, error.place, error.reason)
