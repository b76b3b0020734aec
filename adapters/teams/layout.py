"""Adaptive Card building bricks: escaping, text, facts, rows of buttons, and the size budget.

Text that may hold a user's words goes out as a RichTextBlock of TextRuns, which Teams never reads
as markdown; catalogue text in TextBlocks and FactSets (which are markdown) is escaped only where a
character would really start formatting, because some Teams clients show a needless backslash.
Pure functions over dicts. Imports: stdlib, bot.messages, bot.replies and bot.views only.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from bot.messages import AnyAction, encode_action
from bot.replies import Button, ButtonStyle, FactRow
from bot.views import SHORTENED

Card = dict[str, Any]
Element = dict[str, Any]

CARD_VERSION = "1.5"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
ACTION_KEY = "spreadbot"
SCHEMA_URL = "http://adaptivecards.io/schemas/adaptive-card.json"
# Teams takes cards up to about 40 KB; keep well inside, counted as Teams counts (UTF-16).
CARD_BUDGET = 28_000
FALLBACK_CHARS = 300
_STYLES = {ButtonStyle.PRIMARY: "positive", ButtonStyle.DANGER: "destructive"}

# -- markdown --------------------------------------------------------------------------------

# A backslash goes only before a character that would start formatting here.
_ALWAYS = re.compile(r"[\\`*\[]")
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_TILDES = re.compile(r"~~")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_QUOTE_OR_TITLE = re.compile(r"^([ \t]*)([#>])", re.MULTILINE)
# "1. " or "- " at the start of a line would make a list: a no-break space after the marker
# keeps it text, and looks the same.
_LIST_MARK = re.compile(r"^([ \t]*)([-+*]|\d{1,9}[.)])[ \t]", re.MULTILINE)


@functools.lru_cache(maxsize=4096)
def md(text: str) -> str:
    """Catalogue text for a TextBlock or FactSet (markdown) shown exactly as written. (Cached:
    the same catalogue texts are escaped on every turn.)"""
    text = _ALWAYS.sub(lambda m: "\\" + m.group(0), text)
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _TILDES.sub(r"\\~\\~", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _TAG.sub(r"\\<", text)
    text = _QUOTE_OR_TITLE.sub(r"\1\\\2", text)
    return _LIST_MARK.sub("\\1\\2\u00a0", text)


# -- text ------------------------------------------------------------------------------------


def heading(text: str, size: str = "Large", **style: Any) -> Element:
    """A title screen readers announce as a heading."""
    return {
        "type": "TextBlock",
        "text": md(text),
        "style": "heading",
        "size": size,
        "weight": "Bolder",
        "wrap": True,
        **style,
    }


def text_block(text: str, **style: Any) -> Element:
    """Catalogue text in a TextBlock (escaped markdown)."""
    return {"type": "TextBlock", "text": md(text), "wrap": True, **style}


def run(text: str, **style: Any) -> Element:
    return {"type": "TextRun", "text": text, **style}


def rich(*runs: Element, **style: Any) -> Element:
    return {"type": "RichTextBlock", "inlines": list(runs), **style}


_LONG_WORD = re.compile(r"\S{40,}")
_BREAK_AFTER = re.compile(r"([/?&=._-])")


def _breakable(word: re.Match[str]) -> str:
    """A long unbroken word (a pasted address) gets invisible break points, so a phone wraps
    it instead of cutting it off: rich text, unlike a TextBlock, never breaks inside a word."""
    pieces = _BREAK_AFTER.sub("\\1\u200b", word.group(0)).split("\u200b")
    return "\u200b".join("\u200b".join(p[i : i + 30] for i in range(0, len(p), 30)) for p in pieces)


def plain(text: str, **style: Any) -> list[Element]:
    """Text shown exactly as written, never as markdown: one block per paragraph, so line breaks
    are kept on every client. `style` applies to the runs (isSubtle, size, weight)."""
    text = _LONG_WORD.sub(_breakable, text)
    paragraphs = [p for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    spacing = style.pop("spacing", None)
    out = [rich(run(p, **style)) for p in paragraphs]
    if out and spacing:
        out[0]["spacing"] = spacing
    for block in out[1:]:
        block["spacing"] = "Small"
    return out


_URL_UNSAFE = re.compile(r"[\s()<>\[\]\\]")


def link(label: str, url: str, **style: Any) -> Element:
    """Our own words linking to a catalogue source (http and https only; otherwise shown)."""
    if not url.startswith(("https://", "http://")):
        return text_block(f"{label}: {url}", **style)
    safe = _URL_UNSAFE.sub(lambda m: f"%{ord(m.group(0)):02X}", url)
    return {"type": "TextBlock", "text": f"[{md(label)}]({safe})", "wrap": True, **style}


def labelled(label: str, text: str, **style: Any) -> Element:
    """ "Fits: ..." with the label in bold, so the meaning is in the words, not a glyph."""
    return rich(run(f"{label}: ", weight="Bolder"), run(text), **style)


def facts(rows: Iterable[FactRow], **style: Any) -> Element:
    return {
        "type": "FactSet",
        "facts": [{"title": md(r.label), "value": md(r.shown)} for r in rows],
        **style,
    }


def bullets(lines: Iterable[str], **style: Any) -> Element:
    text = "\n".join(f"- {md(line)}" for line in lines)
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def titled(title: str, lines: Sequence[str]) -> list[Element]:
    if not lines:
        return []
    return [heading(title, "Default", spacing="Medium"), bullets(lines, spacing="Small")]


# -- actions ---------------------------------------------------------------------------------


def action_data(action: AnyAction) -> dict[str, Any]:
    return {ACTION_KEY: json.loads(encode_action(action))}


def submit(button: Button) -> Element:
    result: Element = {
        "type": "Action.Submit",
        "title": button.label,
        "data": action_data(button.action),
    }
    if button.style in _STYLES:
        result["style"] = _STYLES[button.style]
    return result


def toggle(title: str, target: str) -> Element:
    return {"type": "Action.ToggleVisibility", "title": title, "targetElements": [target]}


# Measured with the preview of Teams' renderer at 320 px (Open Sans, a little wider than Segoe UI):
# two buttons fit side by side while their labels need at most ~216 px together.
_ROW_PX = 216
_MAX_PER_ROW = 3
_NARROW = frozenset("ijltfrI.,:;'!()-|")


def _label_px(action: Element) -> float:
    """About how wide a button's label is drawn, in px, from the shapes of its letters."""
    width = 4.0
    for ch in str(action.get("title", "")):
        if ch in _NARROW:
            width += 4.0
        elif ch == " ":
            width += 3.7
        elif ch in "mwMW":
            width += 11.5
        elif ch.isupper():
            width += 9.0
        else:
            width += 8.0
    return width


def rows(actions: Sequence[Element], **style: Any) -> list[Element]:
    """ActionSets of as many buttons as fit side by side on a phone without cutting a label."""
    out: list[list[Element]] = []
    used = 0.0
    for action in actions:
        need = _label_px(action)
        if out and len(out[-1]) < _MAX_PER_ROW and used + need <= _ROW_PX:
            out[-1].append(action)
            used += need
        else:
            out.append([action])
            used = need
    sets: list[Element] = [{"type": "ActionSet", "actions": row} for row in out]
    if sets:
        sets[0].update(style)
    for later in sets[1:]:
        later["spacing"] = "Small"
    return sets


def buttons(items: Sequence[Button], **style: Any) -> list[Element]:
    return rows([submit(b) for b in items], **style)


# -- the card and its budget -----------------------------------------------------------------


def card(body: Sequence[Element], fallback: str) -> Card:
    result: Card = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA_URL,
        "version": CARD_VERSION,
        "body": list(body),
        # What a client that cannot draw the card shows instead (and screen readers may read).
        "fallbackText": clip(fallback.strip() or " ", FALLBACK_CHARS),
        # Teams-only: use the chat's full width (dropped before schema validation in tests).
        "msteams": {"width": "Full"},
    }
    return fit(result)


def size(content: Card) -> int:
    """The card's size as Teams counts it: compact JSON in UTF-16."""
    return len(json.dumps(content, separators=(",", ":"), ensure_ascii=False).encode("utf-16-le"))


def size_bound(value: Any, separators: tuple[str, str] | None = (",", ":")) -> int:
    """An upper bound on the UTF-16 bytes of `value`'s JSON, cheaper than measuring it: escaped
    to ASCII, every character takes at least the two bytes UTF-16 gives it."""
    return 2 * len(json.dumps(value, separators=separators))


def clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip().rstrip("\\") + "…"


_SHRINKABLE = ("text", "value")
_SHORTEST_CUT = 60


def fit(content: Card, budget: int = CARD_BUDGET) -> Card:
    """Keep the card inside the budget: a reply far larger than any the catalogue holds still
    reaches the user, cut, rather than being refused by Teams. First the longest texts are
    shortened; then, if that is not enough, content before the closing buttons gives way and a
    note says so."""
    if size_bound(content) <= budget:  # most cards stop here
        return content
    over = size(content) - budget
    while over > 0:
        holder, key = _longest_text(content)
        if holder is None or len(holder[key]) <= _SHORTEST_CUT:
            break
        before = len(holder[key])
        holder[key] = clip(holder[key], max(_SHORTEST_CUT, before // 2))
        over -= 2 * (before - len(holder[key]))  # UTF-16: about two bytes a character
        if over <= 0:
            over = size(content) - budget  # escapes and wide characters: measure again
    if over > 0:
        _drop_tail(content, budget)
    return content


def _drop_tail(content: Card, budget: int) -> None:
    body: list[Element] = content["body"]
    buttons_from = len(body)
    while buttons_from > 0 and body[buttons_from - 1].get("type") == "ActionSet":
        buttons_from -= 1
    kept, closing = body[:buttons_from], body[buttons_from:]
    note = rich(run(SHORTENED, isSubtle=True))
    while kept and size(content | {"body": [*kept, note, *closing]}) > budget:
        kept.pop()
    content["body"] = [*kept, note, *closing]


def _longest_text(node: Any) -> tuple[dict[str, Any] | None, str]:
    best: tuple[dict[str, Any] | None, str] = (None, "")
    best_len = 0
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key in _SHRINKABLE:
                value = item.get(key)
                if isinstance(value, str) and len(value) > best_len:
                    best, best_len = (item, key), len(value)
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(item)
    return best
