"""Reads a typed answer to a flow question: a number, an option's words, or a length of time.

Deliberately strict, so a lookup typed mid-flow ("what is GIRFT?") is not taken for an answer.
Imports: rapidfuzz, bot.*, catalogue.text and stdlib only.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from bot.criteria import Criterion, window_for
from bot.durations import lengths_of_time
from bot.flow import Option, Step
from catalogue.text import fold

# Words around an answer that do not change it: "we're at the proof of concept stage".
_FILLER = frozenset(
    """i we were we re its it s it is at the a an our my about around roughly maybe probably
    think guess say would stage level phase scale just only please in of for within approx
    approximately like ok okay so well um er have has got weve ive""".split()
)
FUZZY_ANSWER = 88.0


def _strip_filler(text: str) -> str:
    return " ".join(w for w in text.split() if w not in _FILLER)


# A list of answers longer than this is a sentence, left to situation understanding.
_MAX_LIST_WORDS = 12


def match_options(step: Step, text: str) -> tuple[Option, ...] | None:
    """The options `text` names, or None when it is not clearly an answer to this step.

    A step that takes one answer gives at most one option. On a step that takes several, the
    text may name several ("costs and skills", "1, 3"); every part must be an option, and
    "not sure" cannot be combined with others."""
    single = match_option(step, text)
    if single is not None or not step.multiple:
        return (single,) if single is not None else None
    words = fold(text).split()
    if not 2 <= len(words) <= _MAX_LIST_WORDS:
        return None
    # Longest runs first: "staff time and partners" is one option, not two answers.
    found: list[Option] = []
    i = 0
    while i < len(words):
        for j in range(len(words), i, -1):
            chunk = " ".join(words[i:j])
            option = None if chunk in _JOINERS else match_option(step, chunk)
            if option is not None:
                if option not in found:
                    found.append(option)
                i = j
                break
        else:
            if words[i] not in _JOINERS:
                return None
            i += 1
    if not found or (len(found) > 1 and any(o.unsure for o in found)):
        return None
    return tuple(o for o in step.options if o in found)


_JOINERS = frozenset({"and", "or", "plus", "also", "both", "as", "well"})


def match_option(step: Step, text: str) -> Option | None:
    """The option `text` names, or None when it is not clearly an answer to this step."""
    folded = fold(text)
    if not folded:
        return None
    if folded.isdigit():
        if len(folded) > 3:  # no flow has that many options; int() of a huge one would raise
            return None
        n = int(folded)
        return step.options[n - 1] if 1 <= n <= len(step.options) else None
    candidates = {folded, _strip_filler(folded)}
    for option in step.options:
        if candidates & option.typed_forms:
            return option
    if step.criterion is Criterion.TIMEFRAME:
        months = parse_months(folded)
        if months is not None:
            window = window_for(months)
            return next((o for o in step.options if o.value == window.value), None)
    stripped = _strip_filler(folded)
    if len(stripped) >= 4:
        best: tuple[float, Option | None] = (0.0, None)
        for option in step.options:
            for form in option.fuzzy_forms:
                score = fuzz.ratio(stripped, form)
                if score > best[0]:
                    best = (score, option)
        if best[0] >= FUZZY_ANSWER:
            return best[1]
    return None


def parse_months(text: str) -> float | None:
    """A length of time in months from words such as "about a year", "18 months" or "six
    weeks" (bot.understand reads them, number words through text2num); the longest when several
    are given, None when there is none."""
    months = lengths_of_time(text, 0.0, asked=True)
    return max(months) if months else None
