"""`spreadbot report`: what people asked that went unanswered, what they picked, what helped.

Reads the `records` log from the state store (every instance's, when the store is shared) and
counts each thing once per conversation. Unanswered questions are grouped by similarity with
rapidfuzz. Imports: rapidfuzz, adapters.owners, catalogue, storage and stdlib.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from rapidfuzz import fuzz, process

from adapters.owners.recorder import RECORD_FORMAT, RECORDS_LOG, RecordKind
from catalogue.schema import Catalogue
from catalogue.text import content_stems, fold
from storage.base import StateStore

# token_sort_ratio: word order does not matter, but a one-word query is not swallowed by every
# longer question that contains it (as token_set_ratio or WRatio would).
SIMILAR = 80.0
EXAMPLES = 3
TOP = 10
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_since(text: str, now: float) -> float:
    """`7d`, `12h`, `30m`, `2w` before `now`, or an ISO date/time; ValueError otherwise."""
    m = _DURATION.match(text)
    if m:
        return now - float(m.group(1)) * _UNIT_SECONDS[m.group(2).lower()]
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"--since {text!r}: give a duration such as 7d, 12h, 30m or 2w, or a date such as "
            "2025-01-31"
        ) from None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


@dataclass(frozen=True)
class Group:
    text: str  # the most asked wording
    count: int  # conversations
    examples: tuple[str, ...]


@dataclass(frozen=True)
class PickCount:
    query: str
    method: str  # the id picked (a method, or now and then an approach)
    count: int


@dataclass(frozen=True)
class Votes:
    method: str
    helpful: int
    not_helpful: int


@dataclass(frozen=True)
class Report:
    since: float
    unanswered: tuple[Group, ...] = ()
    picked: tuple[PickCount, ...] = ()
    feedback: tuple[Votes, ...] = ()
    top: tuple[tuple[str, int], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The stable shape `spreadbot report --json` prints."""
        return {
            "since": datetime.fromtimestamp(self.since, UTC).isoformat(timespec="seconds"),
            "unanswered": [
                {"text": g.text, "count": g.count, "examples": list(g.examples)}
                for g in self.unanswered
            ],
            "picked": [
                {"query": p.query, "method": p.method, "count": p.count} for p in self.picked
            ],
            "feedback": [
                {"method": v.method, "helpful": v.helpful, "not_helpful": v.not_helpful}
                for v in self.feedback
            ],
            "top": [{"method": m, "count": n} for m, n in self.top],
        }


_PLACEHOLDER = re.compile(r"\[[a-z-]+\]")


def _norm(text: str) -> str:
    """The key two wordings share when they are the same question: the meaningful words,
    lightly stemmed ("How do we spread virtual wards?" and "spreading virtual ward" meet),
    without redaction placeholders."""
    text = _PLACEHOLDER.sub(" ", text)
    return " ".join(content_stems(text)) or fold(text)


@dataclass
class _Tally:
    """Conversations per normalised wording, and how each wording was written."""

    conversations: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    written: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, text: str, conversation: str) -> None:
        key = _norm(text)
        if key:
            self.conversations[key].add(conversation)
            self.written[key][text] += 1


async def build_report(store: StateStore, since: float) -> Report:
    """Read the records since `since` (epoch seconds) and count them; see the module docstring."""
    records = [r for e in await store.scan(RECORDS_LOG, since=since) if (r := _read(e.data))]
    picks = {
        (r["conversation"], _norm(r["query"])) for r in records if r["kind"] == RecordKind.PICKED
    }
    unanswered = _Tally()
    picked: dict[tuple[str, str], set[str]] = defaultdict(set)
    picked_text: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    votes: dict[tuple[str, str], bool] = {}
    shown: dict[str, set[str]] = defaultdict(set)
    for r in records:  # oldest first, so a later vote replaces an earlier one
        conv, kind = r["conversation"], r["kind"]
        if kind == RecordKind.UNANSWERED:
            # A "did you mean" the person then answered by picking is not unanswered.
            if not r.get("suggestions") or (conv, _norm(r["query"])) not in picks:
                unanswered.add(r["query"], conv)
        elif kind == RecordKind.PICKED:
            key = (_norm(r["query"]), r["id"])
            picked[key].add(conv)
            picked_text[key][r["query"]] += 1
        elif kind == RecordKind.VOTE:
            votes[(conv, r["method"])] = bool(r["helpful"])
        elif kind == RecordKind.SHOWN and not r.get("recommended"):
            shown[r["method"]].add(conv)
    return Report(
        since=since,
        unanswered=group_similar(unanswered),
        picked=tuple(
            sorted(
                (
                    PickCount(picked_text[k].most_common(1)[0][0], k[1], len(convs))
                    for k, convs in picked.items()
                ),
                key=lambda p: (-p.count, p.query.casefold(), p.method),
            )
        ),
        feedback=_votes(votes),
        top=tuple(
            sorted(((m, len(c)) for m, c in shown.items()), key=lambda t: (-t[1], t[0]))[:TOP]
        ),
    )


def _read(data: str) -> dict[str, Any] | None:
    """One stored record, or None for a line this version cannot read (never fails the report)."""
    try:
        record = json.loads(data)
    except ValueError:
        return None
    if not isinstance(record, dict) or record.get("v") != RECORD_FORMAT:
        return None
    if not isinstance(record.get("conversation"), str) or record.get("kind") not in set(RecordKind):
        return None
    return record


def group_similar(tally: _Tally) -> tuple[Group, ...]:
    """Greedy grouping: wordings in order of how many conversations asked them; each joins the
    first group whose leading wording is similar enough, or starts a group. Deterministic: ties
    are broken by the wording itself."""
    order = sorted(tally.conversations, key=lambda k: (-len(tally.conversations[k]), k))
    leaders: list[str] = []
    members: dict[str, list[str]] = {}
    for key in order:
        found = process.extractOne(key, leaders, scorer=fuzz.token_sort_ratio, score_cutoff=SIMILAR)
        leader = found[0] if found else key
        if not found:
            leaders.append(key)
        members.setdefault(leader, []).append(key)
    groups = []
    for keys in members.values():
        conversations = set().union(*(tally.conversations[k] for k in keys))
        written: Counter[str] = Counter()
        for k in keys:
            written.update(tally.written[k])
        texts = [t for t, _ in sorted(written.items(), key=lambda tn: (-tn[1], tn[0]))]
        groups.append(Group(texts[0], len(conversations), tuple(texts[:EXAMPLES])))
    return tuple(sorted(groups, key=lambda g: (-g.count, g.text.casefold())))


def _votes(votes: dict[tuple[str, str], bool]) -> tuple[Votes, ...]:
    helpful: Counter[str] = Counter()
    unhelpful: Counter[str] = Counter()
    for (_, method), good in votes.items():
        (helpful if good else unhelpful)[method] += 1
    methods = set(helpful) | set(unhelpful)
    rows = (Votes(m, helpful[m], unhelpful[m]) for m in methods)
    return tuple(sorted(rows, key=lambda v: (-(v.helpful + v.not_helpful), v.method)))


def render_text(report: Report, catalogue: Catalogue | None = None) -> str:
    """The report for a terminal: plain lines, fit for `head`, `grep` and `less`."""

    def name(entry_id: str) -> str:
        found = catalogue and (catalogue.find_method(entry_id) or catalogue.find_approach(entry_id))
        return f"{found.name} ({entry_id})" if found else entry_id

    since = datetime.fromtimestamp(report.since, UTC).isoformat(timespec="seconds")
    lines = [f"Spreadbot report since {since}", ""]
    lines += _section(
        "Unanswered questions, similar ones grouped (conversations)",
        (
            f"{g.count:>5}  {g.text}"
            + "".join(f"\n         e.g. {ex}" for ex in g.examples if ex != g.text)
            for g in report.unanswered
        ),
    )
    lines += _section(
        '"Did you mean" picks: each a suggested alias (conversations)',
        (f"{p.count:>5}  {p.query}  ->  {name(p.method)}" for p in report.picked),
    )
    lines += _section(
        "Feedback per method (helpful / not helpful)",
        (f"{v.helpful:>5} / {v.not_helpful:<5} {name(v.method)}" for v in report.feedback),
    )
    lines += _section(
        "Most looked-up methods (conversations)",
        (f"{n:>5}  {name(m)}" for m, n in report.top),
    )
    return "\n".join(lines).rstrip() + "\n"


def _section(title: str, rows: Iterable[str]) -> list[str]:
    body = list(rows)
    return [title, *(body or ["    (none)"]), ""]
