"""Reading YAML data files with line numbers kept, so a validation error can name its place.

Shared by the catalogue loader and the flow loader. Imports: PyYAML and stdlib only; the caller
passes the text in, so nothing here touches the file system.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Base  # type: ignore[assignment]


class _Loader(_Base):
    """Refuses a key given twice in one mapping: YAML would keep the last silently, so an
    author's earlier value would vanish without a word."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


@dataclass(frozen=True)
class DataError:
    """One problem in a data file: which file, where in it, and why."""

    file: str
    place: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        place = f" at {self.place}" if self.place else ""
        return f"{where}{place}: {self.reason}"


class DataFileError(ValueError):
    """Raised when one or more data files are invalid; carries every problem found."""

    def __init__(self, errors: Sequence[DataError]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def listed(head: str, errors: Sequence[object]) -> str:
    """ "HEAD (N problems):" then one indented line per problem, as every command reports them."""
    n = len(errors)
    return f"{head} ({n} problem{'s' if n != 1 else ''}):" + "".join(f"\n  {e}" for e in errors)


@dataclass(frozen=True)
class Document:
    """A parsed YAML document plus a way to find the line of any place in it."""

    file: str
    data: Any
    _root: yaml.Node | None

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        node = self._root
        line = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                found = next((v for k, v in node.value if k.value == part), None)
                if found is None:
                    key = next((k for k, _ in node.value if k.value == part), None)
                    return key.start_mark.line + 1 if key is not None else line
                node = found
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if part >= len(node.value):
                    return line
                node = node.value[part]
            else:
                return line
            line = node.start_mark.line + 1
        return line

    def error(self, loc: Sequence[str | int], reason: str) -> DataError:
        return DataError(self.file, format_place(loc), reason, self.line_of(loc))


def format_place(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_yaml(file: str, text: str, *, keep_lines: bool = True) -> Document:
    """Parse one YAML document; a syntax error becomes a DataFileError naming file and line."""
    try:
        root = yaml.compose(text, Loader=_Loader) if keep_lines else None
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        reason = f"not valid YAML: {exc.problem or exc}"
        raise DataFileError([DataError(file, "", reason, line)]) from None
    except yaml.YAMLError as exc:
        raise DataFileError([DataError(file, "", f"not valid YAML: {exc}")]) from None
    return Document(file, data, root)
