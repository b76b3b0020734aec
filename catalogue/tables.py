"""The catalogue as tables and back, for editing in a spreadsheet: one table per kind.

A kind is every list-valued field of `Catalogue` (approaches, methods, and whatever list the
schema grows, such as a thesaurus) plus `extend`. Each model's fields become columns, derived
from the pydantic models, never listed by hand: a nested model is flattened into dotted columns
(`practical.timeframe.label`), a list of words or values is one cell with one per line, and a list
of models (a method's examples, an approach's references) is a table of its own whose first
column names its parent. Tables back into catalogue-file data report each problem with its table,
row, column and reason. Pure: the workbook and CSV files are read and written by the adapters.
Imports: pydantic, catalogue.schema, catalogue.yamlfile and stdlib only.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Union

import yaml
from pydantic import BaseModel, ValidationError

from catalogue.loader import _is_internal, _reason  # the same wording as YAML errors
from catalogue.schema import Catalogue, Extension
from catalogue.yamlfile import DataError

Cell = str | int | float | bool | None
EXTEND = "extend"  # the kind that adds words to methods defined elsewhere
HEADER_ROW = 1  # rows are numbered as a spreadsheet shows them: the header is row 1


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class TableError:
    """One problem in an edited table: which table, which row and column, and why."""

    table: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        # Row 0: a problem with the table (or the whole file) rather than one of its rows.
        where = self.table + (f", row {self.row}" if self.row else "")
        where += f", column {self.column}" if self.column else ""
        return f"{where}: {self.reason}"


class TablesError(ValueError):
    """Raised when edited tables cannot become a catalogue; carries every problem found."""

    def __init__(self, errors: Sequence[TableError]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


# --- the shape, from the models --------------------------------------------------------------


def _bare(annotation: Any) -> Any:
    """The type inside Optional[...] and Annotated[...]."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _list_item(annotation: Any) -> Any | None:
    """X for tuple[X, ...] or list[X] (bare), else None."""
    bare = _bare(annotation)
    if typing.get_origin(bare) in (tuple, list):
        args = [a for a in typing.get_args(bare) if a is not Ellipsis]
        if len(args) == 1:
            return _bare(args[0])
    return None


@dataclass(frozen=True)
class Column:
    path: tuple[str, ...]
    is_list: bool  # one value per line in the cell
    is_text: bool = False  # a number typed into it (a name such as 2020) is read as text

    @property
    def name(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True)
class Shape:
    """How one model is laid out: its columns, and its lists of models as child tables."""

    model: type[BaseModel]
    columns: tuple[Column, ...]
    children: tuple[tuple[str, Shape], ...]  # (field name = child table name, child shape)

    @property
    def key(self) -> str | None:
        """The field a child row names its parent by; None: by the parent's row number."""
        return "id" if "id" in self.model.model_fields else None

    @property
    def parent_column(self) -> str:
        return self.model.__name__.lower()


def shape_of(model: type[BaseModel]) -> Shape:
    columns: list[Column] = []
    children: list[tuple[str, Shape]] = []

    def visit(m: type[BaseModel], prefix: tuple[str, ...]) -> None:
        for name, info in m.model_fields.items():
            path = prefix + (name,)
            bare, item = _bare(info.annotation), _list_item(info.annotation)
            if _is_model(bare):
                visit(bare, path)
            elif item is not None and _is_model(item):
                children.append((".".join(path), shape_of(item)))
            else:
                columns.append(Column(path, is_list=item is not None, is_text=bare is str))

    visit(model, ())
    return Shape(model, tuple(columns), tuple(children))


def kinds() -> tuple[tuple[str, Shape], ...]:
    """Every list-valued kind of the catalogue, in the schema's order, then `extend`."""
    found = [
        (name, shape_of(item))
        for name, info in Catalogue.model_fields.items()
        if (item := _list_item(info.annotation)) is not None and _is_model(item)
    ]
    return (*found, (EXTEND, shape_of(Extension)))


# --- catalogue -> tables ---------------------------------------------------------------------


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _cell(value: Any, column: Column) -> Cell:
    if value is None or value == [] or value == ():
        return None
    if column.is_list:
        return "\n".join(str(v) for v in value)
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def to_tables(
    entries: dict[str, Sequence[BaseModel]],
) -> list[Table]:
    """Tables for the given entries of each kind (a kind missing from `entries` is empty), and
    the child tables under them, every table present even when it has no rows."""
    tables: list[Table] = []

    def emit(
        name: str,
        shape: Shape,
        items: Sequence[dict[str, Any]],
        parents: list[Cell],
        parent: Shape | None = None,
    ) -> None:
        is_child = parent is not None
        columns = ((parent.parent_column,) if parent else ()) + tuple(c.name for c in shape.columns)
        rows: list[tuple[Cell, ...]] = []
        nested: dict[str, tuple[list[dict[str, Any]], list[Cell]]] = {
            child: ([], []) for child, _ in shape.children
        }
        for i, data in enumerate(items):
            head: tuple[Cell, ...] = (parents[i],) if is_child else ()
            rows.append(head + tuple(_cell(_get(data, c.path), c) for c in shape.columns))
            key: Cell = data.get(shape.key) if shape.key else len(rows) + HEADER_ROW
            for child, _ in shape.children:
                for sub in _get(data, tuple(child.split("."))) or ():
                    nested[child][0].append(sub)
                    nested[child][1].append(key)
        tables.append(Table(name, columns, tuple(rows)))
        for child, child_shape in shape.children:
            emit(child, child_shape, *nested[child], parent=shape)

    for name, shape in kinds():
        dumped = [e.model_dump(mode="json") for e in entries.get(name, ())]
        emit(name, shape, dumped, [])
    return tables


# --- tables -> catalogue-file data -------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    table: str
    row: int


@dataclass(frozen=True)
class Row:
    """One validated entry, the row it came from and the rows of its child tables."""

    entry: BaseModel
    origin: Origin
    children: dict[str, list[Origin]]


def _split(value: Cell) -> list[str]:
    return [line.strip() for line in str(value).splitlines() if line.strip()]


def _blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = value


class _Reader:
    def __init__(self, tables: dict[str, Table]) -> None:
        self.tables = tables
        self.errors: list[TableError] = []
        self.used: set[str] = set()

    def read(
        self, name: str, shape: Shape, parent: Shape | None
    ) -> list[tuple[Any, dict[str, Any], Origin]]:
        """(parent key or None, raw data with children attached, origin) for each data row."""
        self.used.add(name)
        table = self.tables.get(name)
        if table is None:
            return []
        expected = ((parent.parent_column,) if parent else ()) + tuple(
            c.name for c in shape.columns
        )
        by_name = {c.name: c for c in shape.columns}
        for col in table.columns:
            if col not in expected:
                self.errors.append(
                    TableError(
                        name, HEADER_ROW, col, f"unknown column; expected {', '.join(expected)}"
                    )
                )
        out: list[tuple[Any, dict[str, Any], Origin]] = []
        for n, row in enumerate(table.rows, start=HEADER_ROW + 1):
            if all(_blank(v) for v in row):
                continue
            data: dict[str, Any] = {}
            parent_key: Any = None
            for col, value in zip(table.columns, row, strict=False):
                if _blank(value):
                    continue
                if parent is not None and col == parent.parent_column:
                    parent_key = value.strip() if isinstance(value, str) else value
                elif col in by_name:
                    column = by_name[col]
                    if column.is_text and isinstance(value, int | float):
                        value = str(int(value) if float(value).is_integer() else value)
                    cleaned = _split(value) if column.is_list else value
                    _set(
                        data, column.path, cleaned.strip() if isinstance(cleaned, str) else cleaned
                    )
            if parent is not None and parent_key is None:
                self.errors.append(
                    TableError(name, n, parent.parent_column, "required but missing")
                )
                continue
            out.append((parent_key, data, Origin(name, n)))
        for child, child_shape in shape.children:
            self._attach(out, child, child_shape, shape)
        return out

    def _attach(
        self,
        parents: list[tuple[Any, dict[str, Any], Origin]],
        child: str,
        shape: Shape,
        parent: Shape,
    ) -> None:
        rows = self.read(child, shape, parent)
        if parent.key:
            index = {str(d.get(parent.key)): d for _, d, _ in parents}
        else:
            index = {str(o.row): d for _, d, o in parents}
        for key, data, origin in rows:
            target = index.get(str(key))
            if target is None:
                self.errors.append(
                    TableError(
                        child,
                        origin.row,
                        parent.parent_column,
                        f"no {parent.parent_column} {key!r} in the table above it",
                    )
                )
                continue
            target.setdefault("_rows", {}).setdefault(child, []).append(origin)
            path = tuple(child.split("."))
            existing = _get(target, path)
            _set(target, path, [*(existing or []), data])


def from_tables(tables: Sequence[Table]) -> dict[str, list[Row]]:
    """Kind -> its validated rows, in table order. Raises TablesError naming table, row, column
    and reason for each problem (unknown tables and columns too: nothing typed is dropped)."""
    reader = _Reader({t.name: t for t in tables})
    imported: dict[str, list[Row]] = {}
    for name, shape in kinds():
        imported[name] = []
        for _, data, origin in reader.read(name, shape, None):
            rows = data.pop("_rows", {})
            try:
                imported[name].append(Row(shape.model.model_validate(data), origin, rows))
            except ValidationError as exc:
                for err in exc.errors():
                    reader.errors.append(_placed(shape, origin, rows, tuple(err["loc"]), err))
    for name in reader.tables:
        if name not in reader.used:
            known = ", ".join(sorted(reader.used))
            reader.errors.append(
                TableError(name, HEADER_ROW, "", f"unknown table; expected {known}")
            )
    if reader.errors:
        raise TablesError(reader.errors)
    return imported


def _placed(
    shape: Shape, origin: Origin, rows: dict[str, list[Origin]], loc: tuple[Any, ...], err: Any
) -> TableError:
    """A pydantic error's location as the table, row and column the value came from."""
    reason = _reason(err)
    parts = [p for p in loc if not _is_internal(p)]
    for child, child_shape in shape.children:
        path = tuple(child.split("."))
        if tuple(parts[: len(path)]) == path and len(parts) > len(path):
            index = parts[len(path)]
            if isinstance(index, int) and index < len(rows.get(child, [])):
                rest = tuple(str(p) for p in parts[len(path) + 1 :])
                return _placed(child_shape, rows[child][index], {}, rest, err)
    names = [".".join(str(p) for p in parts[:i]) for i in range(len(parts), 0, -1)]
    columns = {c.name for c in shape.columns}
    column = next((n for n in names if n in columns), ".".join(str(p) for p in parts))
    return TableError(origin.table, origin.row, column, reason)


# --- rows -> catalogue files ------------------------------------------------------------------

_PLACE = re.compile(r"^(?P<key>[a-z_]+)(?:\[(?P<i>\d+)\])?(?:\.(?P<rest>.*))?$")


@dataclass
class Files:
    """Catalogue files made from tables, and where each of their entries came from."""

    texts: list[tuple[str, str]]
    origins: dict[tuple[str, str, int | None], Row]

    def place(self, error: DataError) -> TableError | None:
        """The table, row and column behind a problem the loader found in these files."""
        m = _PLACE.match(error.place)
        if m is None:
            return None
        index = int(m.group("i")) if m.group("i") is not None else None
        row = self.origins.get((error.file, m.group("key"), index))
        if row is None:
            return None
        rest = m.group("rest") or ""
        child = re.match(r"^([a-z_]+)\[(\d+)\](?:\.([a-z_.]+))?", rest)
        if child and child.group(1) in row.children:
            origins = row.children[child.group(1)]
            j = int(child.group(2))
            if j < len(origins):
                return TableError(
                    origins[j].table, origins[j].row, child.group(3) or "", error.reason
                )
        column = re.split(r"\[", rest, maxsplit=1)[0]
        return TableError(row.origin.table, row.origin.row, column, error.reason)


def _dump(entry: BaseModel) -> dict[str, Any]:
    return entry.model_dump(mode="json", exclude_defaults=True)


def _yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def to_files(imported: dict[str, list[Row]]) -> Files:
    """Catalogue files in the shipped layout: one per approach with its methods, `methods.yaml`
    for methods of approaches defined elsewhere, and `KIND.yaml` (`KIND: [...]`) for every other
    kind (e.g. `extend`). File names are relative; the caller puts them in a folder."""
    files = Files([], {})
    approaches = imported.get("approaches", [])
    methods = imported.get("methods", [])
    placed: set[int] = set()
    for row in approaches:
        approach = row.entry
        own = [
            (i, m)
            for i, m in enumerate(methods)
            if getattr(m.entry, "approach", None) == getattr(approach, "id", None)
        ]
        name = f"{getattr(approach, 'number', 0):02d}-{getattr(approach, 'id', 'approach')}.yaml"
        data: dict[str, Any] = {"approach": _dump(approach)}
        if own:
            data["methods"] = [_dump(m.entry) for _, m in own]
        files.texts.append((name, _yaml(data)))
        files.origins[(name, "approach", None)] = row
        for j, (i, m) in enumerate(own):
            files.origins[(name, "methods", j)] = m
            placed.add(i)
    rest = [m for i, m in enumerate(methods) if i not in placed]
    other = [(k, rows) for k, rows in imported.items() if k not in ("approaches", "methods")]
    for key, rows in (("methods", rest), *other):
        if rows:
            name = f"{key}.yaml"
            files.texts.append((name, _yaml({key: [_dump(r.entry) for r in rows]})))
            for j, r in enumerate(rows):
                files.origins[(name, key, j)] = r
    return files
