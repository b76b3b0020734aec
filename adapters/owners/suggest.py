"""`spreadbot report --suggest FILE`: the "did you mean" picks as a catalogue extension file.

Each wording people used before picking a method becomes a suggestion for that method: a short
one (a name) a suggested alias, a longer one (a question or a sentence) a suggested phrasing, in
a file with an `extend:` list that `spreadbot catalogue validate` accepts, for an author to review
and move into the organisation's catalogue folder. Imports: adapters.owners, catalogue, stdlib.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import UTC, datetime

from adapters.owners.report import Report
from catalogue.schema import Catalogue
from catalogue.text import alias_key

MAX_ALIAS_CHARS = 80  # longer is a sentence, not a name for a method
MAX_ALIAS_WORDS = 4  # more words is a question or a sentence: a phrasing rather than a name
MAX_PHRASING_CHARS = 200


def is_phrasing(wording: str) -> bool:
    """A question or a sentence people ask with, rather than a name for the method."""
    return len(wording.split()) > MAX_ALIAS_WORDS


def suggested_aliases(report: Report, catalogue: Catalogue) -> dict[str, list[tuple[str, int]]]:
    """Method id -> (alias, conversations) to suggest, most picked first.

    Left out: picks of approaches; wordings that still hold a redaction placeholder or are too
    long to be a name; wordings that already name an entry (they would clash or add nothing);
    a wording naming an example that several methods share (it asks about all of them); and a
    wording picked for two methods goes only to the one picked more often."""
    named: list[tuple[str, tuple[str, ...]]] = [(a.name, a.aliases) for a in catalogue.approaches]
    named += [(m.name, m.aliases) for m in catalogue.methods]
    taken = {alias_key(n) for name, aliases in named for n in (name, *aliases)}
    shared = _shared_examples(catalogue)
    best: dict[str, tuple[int, str, str]] = {}
    for pick in report.picked:  # already most picked first
        alias = pick.query.strip().strip("!.,;: ").strip()
        if not is_phrasing(alias):
            alias = alias.strip("?").strip()
        key = alias_key(alias)
        longest = MAX_PHRASING_CHARS if is_phrasing(alias) else MAX_ALIAS_CHARS
        if (
            catalogue.find_method(pick.method) is None
            or not alias
            or "[" in alias
            or len(alias) > longest
            or key in taken
            or key in best
            or shared.search(key) is not None
        ):
            continue
        best[key] = (pick.count, pick.method, alias)
    out: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for count, method, alias in best.values():
        out[method].append((alias, count))
    return dict(sorted(out.items()))


def _shared_examples(catalogue: Catalogue) -> re.Pattern[str]:
    """Example names and aliases that illustrate more than one method ("AHSN"), as whole words:
    a wording that names one asks about all of them, so it is no alias for the method picked."""
    methods_of: dict[str, set[str]] = defaultdict(set)
    for method in catalogue.methods:
        for example in method.examples:
            for name in (example.name, *example.aliases):
                methods_of[alias_key(name)].add(method.id)
    names = sorted((n for n, ids in methods_of.items() if len(ids) > 1), key=len, reverse=True)
    if not names:
        return re.compile(r"(?!)")
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


def extension_file(report: Report, catalogue: Catalogue) -> str:
    """The YAML text of the extension file (strings written as JSON, which YAML reads as is)."""
    since = datetime.fromtimestamp(report.since, UTC).isoformat(timespec="seconds")
    lines = [
        '# Suggested aliases from "did you mean" picks, written by `spreadbot report --suggest`',
        f"# from the records since {since}. Review each one, delete what does not fit, then move",
        "# this file into your catalogue folder and check it with `spreadbot catalogue validate`.",
    ]
    suggestions = suggested_aliases(report, catalogue)
    if not suggestions:
        return "\n".join([*lines, "extend: []", ""])
    lines.append("extend:")
    for method, wordings in suggestions.items():
        lines.append(f"  - method: {method}  # {catalogue.method(method).name}")
        for field, wanted in (("aliases", False), ("phrasings", True)):
            chosen = [(w, n) for w, n in wordings if is_phrasing(w) is wanted]
            if not chosen:
                continue
            lines.append(f"    {field}:")
            for wording, count in chosen:
                times = "conversation" if count == 1 else "conversations"
                lines.append(
                    f"      - {json.dumps(wording, ensure_ascii=False)}  # picked in {count} {times}"
                )
    return "\n".join(lines) + "\n"
