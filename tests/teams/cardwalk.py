"""Walking an Adaptive Card in tests: every object in it, and every action."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def nodes(node: Any) -> Iterator[dict[str, Any]]:
    """Every object in a card, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from nodes(value)


def actions(card: Any) -> list[dict[str, Any]]:
    return [n for n in nodes(card) if str(n.get("type", "")).startswith("Action.")]
