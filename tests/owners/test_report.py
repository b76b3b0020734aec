"""The report's counting, from records as the recorder writes them: grouping, once per
conversation, picks, latest votes, the most looked-up; and the suggested-aliases file.

Imports: pytest, adapters.owners, catalogue, storage and stdlib.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.owners.recorder import RECORDS_LOG
from adapters.owners.report import Report, build_report, parse_since, render_text
from adapters.owners.suggest import extension_file
from catalogue.files import load_from
from catalogue.schema import Catalogue
from storage.memory import MemoryStore

CENTRAL = "central-coordination-and-national-programmes"
DEDICATED = "dedicated-resource-provision"


async def report_of(*records: tuple[str, dict[str, object]], since: float = 0.0) -> Report:
    store = MemoryStore()
    for at, (conversation, fields) in enumerate(records, start=1):
        data = {"v": 1, "platform": "console", "conversation": conversation, **fields}
        await store.append(RECORDS_LOG, json.dumps(data), at=float(at), ttl_seconds=60)
    await store.append(RECORDS_LOG, "not json", at=99.0, ttl_seconds=60)  # skipped, not fatal
    return await build_report(store, since)


def missed(query: str, *suggestions: str) -> dict[str, object]:
    return {"kind": "unanswered", "query": query, "suggestions": list(suggestions)}


async def test_unanswered_are_grouped_and_counted_once_per_conversation() -> None:
    report = await report_of(
        ("a", missed("How do we spread virtual wards?")),
        ("a", missed("how do we spread virtual wards?")),  # same person again: counted once
        ("b", missed("spreading virtual ward")),
        ("c", missed("how to spread virtual wards [phone]")),
        ("c", missed("social prescribing")),
        ("d", missed("xyzzy")),
    )
    data = report.to_json()
    assert data["unanswered"][0]["count"] == 3
    assert len(data["unanswered"][0]["examples"]) == 3
    assert {g["text"] for g in data["unanswered"][1:]} == {"social prescribing", "xyzzy"}
    assert [g["count"] for g in data["unanswered"]] == [3, 1, 1]


async def test_a_did_you_mean_answered_by_a_pick_is_not_unanswered() -> None:
    report = await report_of(
        ("a", missed("AHSN", DEDICATED, CENTRAL)),
        ("a", {"kind": "picked", "query": "AHSN", "target": "method", "id": DEDICATED}),
        ("b", missed("ahsn?", DEDICATED, CENTRAL)),
        ("b", {"kind": "picked", "query": "ahsn?", "target": "method", "id": DEDICATED}),
        ("c", missed("AHSN", DEDICATED, CENTRAL)),  # offered, nothing picked
    )
    data = report.to_json()
    assert data["picked"] == [{"query": "AHSN", "method": DEDICATED, "count": 2}]
    assert data["unanswered"] == [{"text": "AHSN", "count": 1, "examples": ["AHSN"]}]


async def test_the_latest_vote_per_conversation_counts() -> None:
    def vote(method: str, helpful: bool) -> dict[str, object]:
        return {"kind": "vote", "method": method, "helpful": helpful, "query": ""}

    report = await report_of(
        ("a", vote(CENTRAL, True)),
        ("a", vote(CENTRAL, False)),  # changed their mind
        ("b", vote(CENTRAL, True)),
        ("b", vote(DEDICATED, True)),
    )
    assert report.to_json()["feedback"] == [
        {"method": CENTRAL, "helpful": 1, "not_helpful": 1},
        {"method": DEDICATED, "helpful": 1, "not_helpful": 0},
    ]


async def test_top_counts_looked_up_cards_not_recommendations() -> None:
    def shown(method: str, recommended: bool = False) -> dict[str, object]:
        return {"kind": "shown", "method": method, "recommended": recommended}

    report = await report_of(
        ("a", shown(CENTRAL)),
        ("a", shown(CENTRAL)),
        ("b", shown(CENTRAL)),
        ("b", shown(DEDICATED)),
        ("c", shown(DEDICATED, recommended=True)),
    )
    assert report.to_json()["top"] == [
        {"method": CENTRAL, "count": 2},
        {"method": DEDICATED, "count": 1},
    ]


async def test_since_leaves_out_older_records() -> None:
    report = await report_of(("a", missed("old")), ("b", missed("new")), since=2.0)
    assert [g["text"] for g in report.to_json()["unanswered"]] == ["new"]
    assert report.to_json()["since"] == "1970-01-01T00:00:02+00:00"


def test_parse_since() -> None:
    now = 1_000_000.0
    assert parse_since("7d", now) == now - 7 * 86400
    assert parse_since("12h", now) == now - 12 * 3600
    assert parse_since("30m", now) == now - 1800
    assert parse_since("2w", now) == now - 14 * 86400
    assert parse_since("2025-01-31", now) == datetime(2025, 1, 31, tzinfo=UTC).timestamp()
    with pytest.raises(ValueError, match="7d"):
        parse_since("last week", now)


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return load_from()


async def test_text_report_names_methods(shipped: Catalogue) -> None:
    report = await report_of(
        ("a", {"kind": "picked", "query": "AHSN", "target": "method", "id": DEDICATED}),
    )
    text = render_text(report, shipped)
    assert "AHSN  ->  Dedicated resource provision (dedicated-resource-provision)" in text
    assert "Unanswered questions" in text and "(none)" in text


async def test_suggested_aliases_validate_with_the_catalogue(
    shipped: Catalogue, tmp_path: Path
) -> None:
    def pick(query: str, method: str) -> dict[str, object]:
        return {"kind": "picked", "query": query, "target": "method", "id": method}

    report = await report_of(
        ("a", pick("national rollout team?", CENTRAL)),
        ("b", pick("national rollout team", CENTRAL)),
        ("c", pick("GIRFT", CENTRAL)),  # already an alias: adds nothing
        ("d", pick("call [phone] about it", CENTRAL)),  # still holds a placeholder
        ("e", pick("national rollout team", DEDICATED)),  # fewer picks: the other method keeps it
        ("f", pick("coordinating-national-programmes", "coordinating-national-programmes")),
    )
    text = extension_file(report, shipped)
    path = tmp_path / "suggested.yaml"
    path.write_text(text, encoding="utf-8")
    extended = load_from([path])
    assert "national rollout team" in extended.method(CENTRAL).aliases
    assert "national rollout team" not in extended.method(DEDICATED).aliases
    assert "[phone]" not in text and text.count("- method:") == 1


async def test_no_suggestions_still_validate(shipped: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "suggested.yaml"
    path.write_text(extension_file(await report_of(), shipped), encoding="utf-8")
    assert load_from([path]).methods == shipped.methods


async def test_longer_wordings_are_suggested_as_phrasings(
    shipped: Catalogue, tmp_path: Path
) -> None:
    def pick(query: str, method: str) -> dict[str, object]:
        return {"kind": "picked", "query": query, "target": "method", "id": method}

    report = await report_of(
        ("a", pick("how do we get a central team to run the national rollout?", CENTRAL)),
        ("b", pick("rollout hub", CENTRAL)),
    )
    text = extension_file(report, shipped)
    path = tmp_path / "suggested.yaml"
    path.write_text(text, encoding="utf-8")
    method = load_from([path]).method(CENTRAL)
    assert "rollout hub" in method.aliases
    assert "how do we get a central team to run the national rollout?" in method.phrasings
    assert "    phrasings:" in text and "    aliases:" in text


async def test_a_wording_naming_an_example_several_methods_share_is_not_suggested(
    shipped: Catalogue,
) -> None:
    """AHSNs illustrate several methods: "what is an AHSN" picked once for one of them asks
    about all of them, and as an alias it would hide the others."""
    shared = next(
        ex.aliases[0]
        for m in shipped.methods
        for ex in m.examples
        if ex.aliases
        and sum(ex.aliases[0] in e.aliases for o in shipped.methods for e in o.examples) > 1
    )

    def pick(query: str) -> dict[str, object]:
        return {"kind": "picked", "query": query, "target": "method", "id": DEDICATED}

    report = await report_of(("a", pick(f"what is an {shared}")), ("b", pick("spread helpers")))
    text = extension_file(report, shipped)
    assert shared not in text and "spread helpers" in text
