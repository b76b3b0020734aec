"""Lengths of time and dates in what people write, as months still to come.

"six weeks", "2-3 months", "a couple of years", "a five year horizon", "by next spring", "end of
Q4 27/28": number words are converted by the text2num library; the idioms it leaves alone ("a
couple of", "a year and a half") and dates are read here. A length counts only when it looks
ahead: not "running for two years" nor "a 12 month pilot". Imports: text2num and stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

from text_to_num import alpha2digit  # type: ignore[import-untyped]

_UNIT_MONTHS = {"week": 12 / 52, "month": 1.0, "year": 12.0}
# "6 weeks", "2-3 months", "2 to 3 years", "a 5 year horizon", "5-year", "18mths"
_LENGTH = re.compile(
    r"\b(?P<low>\d+(?:\.\d+)?)(?:\s*(?:-|to|or)\s*(?P<high>\d+(?:\.\d+)?))?\s*-?\s*"
    r"(?P<unit>week|wk|month|mth|year|yr)s?\b"
)
# Quantities that are idioms rather than number words, which text2num leaves alone.
_IDIOMS = (
    (re.compile(r"\b(\d+) and a half\b"), lambda m: f"{m.group(1)}.5"),
    (re.compile(r"\ba (?:year|yr) and a half\b"), lambda m: "18 months"),
    (re.compile(r"\bhalf an? (year|yr)\b"), lambda m: "6 months"),
    (re.compile(r"\ba couple of\b"), lambda m: "2"),
    (re.compile(r"\ba few\b"), lambda m: "3"),
    (re.compile(r"\b(?:a|an|one) (?=(?:week|month|year|yr)s?\b)"), lambda m: "1 "),
    (
        re.compile(r"\b(\d+)\s*(?:yrs?|years?)\s*(?:-|to)\s*(\d+)\s*(?=(?:yrs?|years?)\b)"),
        lambda m: f"{m.group(1)}-{m.group(2)} ",
    ),
)
# A length of time is the time still to come unless it is the past ("running for two years",
# "six months ago") or the length of something else ("a 12 month pilot").
_BEHIND = frozenset("ago past since been already running ran previous previously after".split())
_OF_SOMETHING_ELSE = frozenset(
    """pilot pilots trial trials study studies evaluation rct project secondment contract
    contracts old""".split()
)

_MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(),
        start=1,
    )
}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())} | {"sept": 9})
_SEASONS = {
    "spring": 3,
    "summer": 6,
    "autumn": 9,
    "fall": 9,
    "winter": 12,
    "christmas": 12,
    "xmas": 12,
}
_BY = r"(?:by|before|until|till|til|for|in time for|ready for|deadline(?: is)?|end of|within)"
_DATE = re.compile(
    rf"\b{_BY}\s+(?:the\s+)?(?:end\s+of\s+|start\s+of\s+|early\s+|late\s+|mid\s+)?"
    r"(next\s+|this\s+)?"
    r"(spring|summer|autumn|fall|winter|christmas|xmas|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
    r"(?:\s+(20\d\d))?\b"
)
_YEAR_ONLY = re.compile(
    rf"\b(?:{_BY}|in)\s+(?:the\s+)?(end\s+of\s+|early\s+|late\s+|mid\s+)?(20\d\d)\b"
)
# Which month of a year "early 2029", "mid 2029", "end of 2029" or plain "2029" means.
_PART_OF_YEAR = {"early": 3, "mid": 6, "late": 12, "end of": 12, "": 12}
_FINANCIAL_YEAR_END = re.compile(
    r"\b(?:end\s+of\s+(?:the\s+)?(?:financial\s+year|fy)|(?:financial\s+)?year\s*-?\s*end)\b"
)
# A date just after these is one in the past: "finished in march", "since june".
_PAST = frozenset(
    "since finished ended started began begun last ago launched went running run runs".split()
)
_THIS_NEXT_YEAR = re.compile(
    r"\b(?:by|before|within|during|in|over|for|end of)\s+(?:the\s+)?(?:end\s+of\s+)?"
    r"(this|next)\s+(financial\s+)?year\b"
)
# NHS financial quarters: Q1 ends in June ... Q4 in March; "Q4 27/28" is March 2028.
_QUARTER = re.compile(
    rf"\b{_BY}\s+(?:the\s+)?(?:end\s+of\s+)?q([1-4])(?:\s+(?:20)?(\d\d)\s*/\s*(?:20)?(\d\d))?\b"
)
_QUARTER_ENDS = {1: 6, 2: 9, 3: 12, 4: 3}


def lengths_of_time(text: str, now: float, asked: bool) -> list[float]:
    """Every length of time (in months) the text gives for what is still to do: lengths
    ("within 2 years", "a 5 year horizon", "six weeks") and dates ("by next spring", "end of
    Q4"), counted from `now` (epoch seconds; dates are left unread without it). `asked`: the
    timeframe question is pending, so a length is taken even where its context is unclear."""
    lowered = " ".join(text.lower().replace("–", "-").replace("~", " ").split())
    for pattern, replace in _IDIOMS:
        lowered = pattern.sub(replace, lowered)
    digits = alpha2digit(lowered, "en", threshold=0)
    out = list(_lengths(digits, asked))
    if now:
        out += list(_dates(digits, datetime.fromtimestamp(now, UTC)))
    return out


def _in_brackets(text: str, start: int) -> bool:
    """Inside "( ... )": an aside with background ("(12 residents, no falls in 3 months)")."""
    return text.rfind("(", 0, start) > text.rfind(")", 0, start)


def _lengths(text: str, asked: bool) -> Iterator[float]:
    for m in _LENGTH.finditer(text):
        before = re.findall(r"[a-z]+", text[: m.start()])[-5:]
        after = re.findall(r"[a-z]+", text[m.end() :])[:2]
        if not asked and (
            any(w in _BEHIND for w in before)
            or after[:1] == ["ago"]
            or any(w in _OF_SOMETHING_ELSE for w in after)
            or _in_brackets(text, m.start())
        ):
            continue
        amount = float(m.group("high") or m.group("low"))
        unit = {"wk": "week", "mth": "month", "yr": "year"}.get(m.group("unit"), m.group("unit"))
        yield amount * _UNIT_MONTHS[unit]


def _in_past(text: str, start: int) -> bool:
    return any(w in _PAST for w in re.findall(r"[a-z]+", text[:start])[-2:])


def _dates(text: str, today: datetime) -> Iterator[float]:
    for m in _DATE.finditer(text):
        if _in_past(text, m.start()):
            continue
        which, name, year = m.group(1), m.group(2), m.group(3)
        month = _MONTHS.get(name) or _SEASONS[name]
        if year:
            target = int(year)
        else:
            # "by March" in November is next March; "by next spring" too.
            target = today.year + (1 if month <= today.month else 0)
            if which and which.strip() == "next" and month > today.month:
                target += 1 if month - today.month < 6 else 0
        yield _months_between(today, target, month)
    for m in _YEAR_ONLY.finditer(text):
        part = " ".join((m.group(1) or "").split())
        yield _months_between(today, int(m.group(2)), _PART_OF_YEAR[part])
    for _ in _FINANCIAL_YEAR_END.finditer(text):
        yield _months_between(today, today.year + (1 if today.month > 3 else 0), 3)
    for m in _THIS_NEXT_YEAR.finditer(text):
        which, financial = m.group(1), bool(m.group(2))
        if financial:  # the financial year ends in March
            year = today.year + (1 if today.month > 3 else 0) + (1 if which == "next" else 0)
            yield _months_between(today, year, 3)
        else:
            yield _months_between(today, today.year + (1 if which == "next" else 0), 12)
    for m in _QUARTER.finditer(text):
        quarter, end_month = int(m.group(1)), _QUARTER_ENDS[int(m.group(1))]
        if m.group(2):
            first, second = 2000 + int(m.group(2)), 2000 + int(m.group(3))
            year = second if quarter == 4 else first
        else:
            year = today.year + (1 if end_month <= today.month else 0)
        yield _months_between(today, year, end_month)


def _months_between(today: datetime, year: int, month: int) -> float:
    return max(0.5, (year - today.year) * 12 + (month - today.month))
