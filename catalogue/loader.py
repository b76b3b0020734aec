"""Builds a validated Catalogue from catalogue files' texts, reporting every error with its place.

Pure: takes (file name, text) pairs, so it can be tested without a disk; `catalogue.files` reads
folders. A file holds one approach and/or a list of methods, and may add words to methods of other files:

    approach: {id: ..., number: ..., name: ..., ...}   # optional
    methods: [{id: ..., name: ..., approach: ..., ...}, ...]
    extend: [{method: ..., aliases: [...], keywords: [...]}, ...]   # optional
    thesaurus: [{terms: [go-between, intermediary, broker]}, ...]   # optional, any file
    context: [trust, ICB, ward, ...]   # optional, any file

Imports: pydantic, PyYAML (through catalogue.yamlfile) and stdlib only.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from catalogue.schema import Approach, Catalogue, ContextTerm, Extension, Method, TermGroup
from catalogue.text import alias_key, fold
from catalogue.thesaurus import Thesaurus, term_forms, term_key
from catalogue.yamlfile import DataError, DataFileError, Document, format_place, parse_yaml

M = TypeVar("M", bound=BaseModel)

_TOP_KEYS = {"approach", "methods", "extend", "thesaurus", "context"}
T = TypeVar("T")
Placed = tuple["Source", tuple[str | int, ...], T]  # a thing read, its file and its place there


class Source:
    """One file's data. Line numbers cost a second pass over the YAML, so they are found only
    when an error in this file needs them: valid files, nearly all of them, are parsed once."""

    def __init__(self, file: str, text: str, data: Any, keep_lines: bool) -> None:
        self.file = file
        self.data = data
        self._text = text if keep_lines else None
        self._placed: Document | None = None

    def error(self, loc: Sequence[str | int], reason: str) -> DataError:
        if self._placed is None:
            # the text parsed once already, so this second parse cannot fail
            self._placed = (
                parse_yaml(self.file, self._text, keep_lines=True)
                if self._text is not None
                else Document(self.file, self.data, None)
            )
        return self._placed.error(loc, reason)


@contextmanager
def _collector_paused() -> Iterator[None]:
    # Parsing builds millions of small objects that all live on; the cyclic collector would
    # re-scan them again and again as they pile up, which made a 10,000-entry register load 3x
    # slower. Any cyclic garbage made meanwhile is collected once the collector is back.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_catalogue(files: Iterable[tuple[str, str]], *, keep_lines: bool = True) -> Catalogue:
    """Parse and validate every file; raise DataFileError listing all problems found.

    `keep_lines=False` leaves line numbers out of error reports (they are never needed when
    the files are valid, which is the only case where it saves time)."""
    errors: list[DataError] = []
    approaches: list[tuple[Source, tuple[str | int, ...], Approach]] = []
    methods: list[tuple[Source, tuple[str | int, ...], Method]] = []
    extensions: list[tuple[Source, tuple[str | int, ...], Extension]] = []
    groups: list[Placed[TermGroup]] = []
    context: list[Placed[str]] = []
    digest = hashlib.sha256()
    with _collector_paused():
        for name, text in files:
            digest.update(name.encode() + b"\0" + text.encode() + b"\0")
            try:
                parsed = parse_yaml(name, text, keep_lines=False)
            except DataFileError as exc:
                errors.extend(exc.errors)
                continue
            doc = Source(name, text, parsed.data, keep_lines)
            _read_document(doc, approaches, methods, errors)
            _read_extensions(doc, extensions, errors)
            _read_thesaurus(doc, groups, context, errors)
        if not errors:
            errors.extend(_cross_check(approaches, methods, extensions))
        # With the words `extend:` adds, as lookup searches them.
        extended = (
            ()
            if errors
            else _extended(tuple(m for _, _, m in methods), [e for _, _, e in extensions])
        )
        if not errors:
            errors.extend(_check_thesaurus(groups, context, approaches, extended))
    if errors:
        raise DataFileError(errors)
    return Catalogue(
        approaches=tuple(sorted((a for _, _, a in approaches), key=lambda a: (a.number, a.id))),
        methods=extended,
        thesaurus=tuple(g for _, _, g in groups),
        context=tuple(ContextTerm(term=t) for _, _, t in context),
        version=digest.hexdigest()[:16],
    )


def _read_extensions(
    doc: Source,
    extensions: list[tuple[Source, tuple[str | int, ...], Extension]],
    errors: list[DataError],
) -> None:
    data = doc.data
    if not isinstance(data, dict) or "extend" not in data:
        return
    if not isinstance(data["extend"], list):
        errors.append(doc.error(("extend",), "expected a list of {method: ..., aliases: [...]}"))
        return
    for i, raw in enumerate(data["extend"]):
        extension = _validate(doc, ("extend", i), Extension, raw, errors)
        if extension is not None:
            extensions.append((doc, ("extend", i), extension))


def _extended(methods: tuple[Method, ...], extensions: list[Extension]) -> tuple[Method, ...]:
    """The methods with the extensions' words added (a word a method already has is skipped)."""
    if not extensions:
        return methods
    by_id = {m.id: m for m in methods}
    for ext in extensions:
        method = by_id[ext.method]
        update: dict[str, tuple[str, ...]] = {}
        for name, words in ext.additions().items():
            have: tuple[str, ...] = getattr(method, name)
            seen = {w.casefold() for w in have}
            new = tuple(w for w in words if w.casefold() not in seen)
            if new:
                update[name] = have + new
        by_id[ext.method] = method.model_copy(update=update)
    return tuple(by_id[m.id] for m in methods)


def _read_document(
    doc: Source,
    approaches: list[tuple[Source, tuple[str | int, ...], Approach]],
    methods: list[tuple[Source, tuple[str | int, ...], Method]],
    errors: list[DataError],
) -> None:
    data = doc.data
    if not isinstance(data, dict):
        errors.append(
            doc.error(
                (),
                "expected a mapping with one or more of 'approach', 'methods', 'extend', "
                "'thesaurus' and 'context'",
            )
        )
        return
    for key in data:
        if key not in _TOP_KEYS:
            errors.append(
                doc.error(
                    (key,),
                    f"unknown key {key!r}; expected 'approach', 'methods', 'extend', "
                    "'thesaurus' or 'context'",
                )
            )
    if "approach" in data:
        approach = _validate(doc, ("approach",), Approach, data["approach"], errors)
        if approach is not None:
            approaches.append((doc, ("approach",), approach))
    raw_methods = data.get("methods", [])
    if not isinstance(raw_methods, list):
        errors.append(doc.error(("methods",), "expected a list of methods"))
        return
    default_approach = (
        data.get("approach", {}).get("id") if isinstance(data.get("approach"), dict) else None
    )
    for i, raw in enumerate(raw_methods):
        if isinstance(raw, dict) and "approach" not in raw and default_approach is not None:
            raw = {**raw, "approach": default_approach}
        method = _validate(doc, ("methods", i), Method, raw, errors)
        if method is not None:
            methods.append((doc, ("methods", i), method))


def _validate(
    doc: Source, at: tuple[str | int, ...], model: type[M], raw: Any, errors: list[DataError]
) -> M | None:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = at + tuple(p for p in err["loc"] if not _is_internal(p))
            errors.append(doc.error(loc, _reason(err)))
        return None


def _is_internal(part: Any) -> bool:
    # pydantic adds union/function tags such as "function-after[...]" to locations
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def _reason(err: Any) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key"
    if err["type"] == "missing":
        return "required but missing"
    msg = str(err["msg"])
    return msg.removeprefix("Value error, ")


def _cross_check(
    approaches: list[tuple[Source, tuple[str | int, ...], Approach]],
    methods: list[tuple[Source, tuple[str | int, ...], Method]],
    extensions: list[tuple[Source, tuple[str | int, ...], Extension]],
) -> list[DataError]:
    errors: list[DataError] = []
    seen_ids: dict[str, str] = {}
    seen_numbers: dict[int, str] = {}
    seen_aliases: dict[str, tuple[str, str]] = {}
    approach_ids = {a.id for _, _, a in approaches}

    def claim_id(doc: Source, loc: tuple[str | int, ...], ident: str) -> None:
        if ident in seen_ids:
            errors.append(
                doc.error(loc + ("id",), f"duplicate id {ident!r} (first in {seen_ids[ident]})")
            )
        else:
            seen_ids[ident] = doc.file

    def claim_alias(doc: Source, loc: tuple[str | int, ...], owner: str, alias: str) -> None:
        key = alias_key(alias)
        prev = seen_aliases.get(key)
        if prev is not None and prev[0] != owner:
            errors.append(
                doc.error(loc, f"alias {alias!r} is already used by {prev[0]!r} (in {prev[1]})")
            )
        elif prev is None:
            seen_aliases[key] = (owner, doc.file)

    for doc, loc, a in approaches:
        errors.extend(_check_barrier_links(doc, loc, a))
        claim_id(doc, loc, a.id)
        if a.number in seen_numbers:
            errors.append(doc.error(loc + ("number",), f"approach number {a.number} is used twice"))
        seen_numbers[a.number] = a.id
        for name in (a.name, *a.aliases):
            claim_alias(doc, loc + ("aliases",), a.id, name)
    for doc, loc, m in methods:
        claim_id(doc, loc, m.id)
        if m.approach not in approach_ids:
            errors.append(doc.error(loc + ("approach",), f"unknown approach {m.approach!r}"))
        for name in (m.name, *m.aliases):
            claim_alias(doc, loc + ("aliases",), m.id, name)
        for i, ex in enumerate(m.examples):
            for name in (ex.name, *ex.aliases):
                # one example may illustrate several methods, so examples are not claimed globally
                if name.casefold() == m.name.casefold():
                    errors.append(
                        doc.error(loc + ("examples", i), "example repeats the method's name")
                    )
    method_ids = {m.id for _, _, m in methods}
    for doc, loc, ext in extensions:
        if ext.method not in method_ids:
            errors.append(doc.error(loc + ("method",), f"unknown method {ext.method!r}"))
            continue
        for i, alias in enumerate(ext.aliases):
            claim_alias(doc, loc + ("aliases", i), ext.method, alias)
    for doc, loc, a in approaches:
        # method_count is the toolkit's own count: methods another file adds (an organisation's,
        # to a shipped approach) are not among them.
        count = sum(1 for mdoc, _, m in methods if m.approach == a.id and mdoc is doc)
        if count > a.method_count:
            errors.append(
                doc.error(
                    loc + ("method_count",),
                    f"the approach lists {count} methods but method_count says {a.method_count}",
                )
            )
    return errors


def _check_barrier_links(
    doc: Source, loc: tuple[str | int, ...], approach: Approach
) -> list[DataError]:
    """Each barrier link must cite a strength or limitation the approach records, once."""
    errors: list[DataError] = []
    seen: set[tuple[str, str, int]] = set()
    for i, link in enumerate(approach.barriers):
        kind, cited, pool = (
            ("strength", link.strength, approach.strengths)
            if link.strength is not None
            else ("limitation", link.limitation, approach.limitations)
        )
        assert cited is not None  # the model requires exactly one citation
        at = loc + ("barriers", i, kind)
        if cited > len(pool):
            plural = "" if len(pool) == 1 else "s"
            errors.append(
                doc.error(
                    at,
                    f"cites {kind} {cited}, but the approach records {len(pool)} {kind}{plural}",
                )
            )
        key = (link.barrier.value, kind, cited)
        if key in seen:
            errors.append(doc.error(at, f"the same link to {link.barrier.value!r} is given twice"))
        seen.add(key)
    return errors


# --- Thesaurus ------------------------------------------------------------------------------------


def _read_thesaurus(
    doc: Source,
    groups: list[Placed[TermGroup]],
    context: list[Placed[str]],
    errors: list[DataError],
) -> None:
    data = doc.data
    if not isinstance(data, dict):
        return
    raw_groups = data.get("thesaurus", [])
    if not isinstance(raw_groups, list):
        errors.append(doc.error(("thesaurus",), "expected a list of groups, each with 'terms'"))
    else:
        for i, raw in enumerate(raw_groups):
            group = _validate(doc, ("thesaurus", i), TermGroup, raw, errors)
            if group is not None:
                groups.append((doc, ("thesaurus", i), group))
    raw_context = data.get("context", [])
    if not isinstance(raw_context, list):
        errors.append(doc.error(("context",), "expected a list of terms"))
        return
    for i, term in enumerate(raw_context):
        if isinstance(term, dict) and set(term) == {"term"}:
            term = term["term"]  # the long form, as a workbook import writes it
        if not isinstance(term, str) or not fold(term):
            errors.append(doc.error(("context", i), "expected a term with letters or digits"))
        else:
            context.append((doc, ("context", i), term))


def _check_thesaurus(
    groups: list[Placed[TermGroup]],
    context: list[Placed[str]],
    approaches: list[Placed[Approach]],
    methods: Sequence[Method],
) -> list[DataError]:
    """A term may be in one group only, and not also a context term (compared as lookup compares
    them: by word stems); every group must name something in the catalogue, or it could never
    help a lookup (context terms need not: they weigh down words the catalogue may lack)."""
    errors: list[DataError] = []
    # term's key -> (term, its file, where its group or context list is)
    seen: dict[tuple[str, ...], tuple[str, Source, tuple[str | int, ...]]] = {}
    placed: list[tuple[Source, tuple[str | int, ...], tuple[str | int, ...], str]] = [
        (doc, loc, loc + ("terms", j), term)
        for doc, loc, group in groups
        for j, term in enumerate(group.terms)
    ]
    placed += [(doc, ("context",), loc, term) for doc, loc, term in context]
    for doc, owner, at, term in placed:
        for words in term_forms(term):
            first, first_doc, first_owner = seen.setdefault(term_key(words), (term, doc, owner))
            if first_owner != owner or first_doc is not doc:
                kind = "a context term" if first_owner == ("context",) else "in another group"
                where = f"{first_doc.file} at {format_place(first_owner)}"
                errors.append(
                    doc.error(at, f"term {term!r} is already {kind}, as {first!r} ({where})")
                )
                break
    if errors or not groups:
        return errors
    thesaurus = Thesaurus([g for _, _, g in groups])
    for g in thesaurus.unnamed(_texts(approaches, methods)):
        doc, loc, group = groups[g]
        terms = ", ".join(repr(t) for t in group.terms)
        errors.append(
            doc.error(loc + ("terms",), f"no term of this group is in the catalogue: {terms}")
        )
    return errors


def _texts(approaches: list[Placed[Approach]], methods: Sequence[Method]) -> Iterator[str]:
    """Every text lookup searches, entry by entry, shipped entries first (files come in order)."""
    for _, _, a in approaches:
        yield from (a.name, *a.aliases, *a.keywords, *a.phrasings, a.summary)
    for m in methods:
        yield from (m.name, *m.aliases, *m.keywords, *m.phrasings)
        for ex in m.examples:
            yield from (ex.name, *ex.aliases)
        yield from (t for t in (m.summary, m.description) if t)
