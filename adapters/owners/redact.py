"""Redaction of what people typed, before any of it is stored for the owners' report.

Personal details become placeholders: `[url]`, `[email]`, `[mention]`, `[nhs-number]`, `[phone]`,
`[postcode]` and `[number]` (a long run of digits). It errs towards removing too much: a report
with a few extra placeholders is fine, a stored phone number is not. Pure; imports phonenumbers
and stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import phonenumbers

_URL = re.compile(
    r"<(?:https?|mailto|tel):[^>]*>|\b(?:https?://|ftp://|www\.)[^\s<>\"']+", re.IGNORECASE
)
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Chat markup (<@U123>, <@U123|alice>, <!here>, <!subteam^S1|@team>, <#C123|general>, the
# other platform's <at>Name</at>) and typed @names.
_MENTION = re.compile(
    r"<[@!#][^>]*>|<at\b[^>]*>.*?</at>|(?<![\w@.])@[\w][\w.'-]*", re.IGNORECASE | re.DOTALL
)
# Ten digits as an NHS number is written: 943 476 5919, 943-476-5919 or 9434765919.
_TEN_DIGITS = re.compile(r"(?<![\d-])\d{3}([ -]?)\d{3}\1\d{4}(?![\d-])")
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE
)
# Six or more digits in a row, or eight or more in groups split by single spaces or hyphens.
_DIGITS = re.compile(r"\d{6,}|(?<!\d)\d+(?:[ -]\d+)+(?!\d)")
_MIN_PHONE_DIGITS = 9  # fewer is a year, a ward or a bed, not a phone number
_MIN_GROUPED_DIGITS = 8


def nhs_number_valid(digits: str) -> bool:
    """True when ten digits pass the NHS number's modulus-11 check (weights 10 down to 2)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    remainder = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    check = 11 - remainder
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return "[nhs-number]" if nhs_number_valid(digits) else match.group(0)


def _phones(text: str) -> str:
    """Phone numbers in any common form (UK first), found by Google's libphonenumber matcher.

    Only numbers written as numbers are dialled (a leading 0, +, 00 or bracket): a bare run of
    ten digits is left to the digit-run rule, and so never called a phone by accident."""
    out, last = [], 0
    matcher = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        raw = match.raw_string
        digits = sum(c.isdigit() for c in raw)
        if digits < _MIN_PHONE_DIGITS or not raw.startswith(("0", "+", "(")):
            continue
        out.append(text[last : match.start] + "[phone]")
        last = match.end
    return "".join(out) + text[last:]


def _digit_run(match: re.Match[str]) -> str:
    run = match.group(0)
    digits = sum(c.isdigit() for c in run)
    grouped = not run.isdigit()
    if grouped and digits < _MIN_GROUPED_DIGITS:
        return run
    return "[number]"


_STEPS: tuple[Callable[[str], str], ...] = (
    lambda t: _URL.sub("[url]", t),
    lambda t: _EMAIL.sub("[email]", t),
    lambda t: _MENTION.sub("[mention]", t),
    lambda t: _TEN_DIGITS.sub(_nhs, t),
    _phones,
    lambda t: _POSTCODE.sub("[postcode]", t),
    lambda t: _DIGITS.sub(_digit_run, t),
)


def redact(text: str) -> str:
    """`text` with personal details replaced by placeholders and whitespace tidied.

    The order matters: links and addresses go first (they hold @ signs and digits), NHS numbers
    before phone numbers (both are ten digits), long digit runs last."""
    for step in _STEPS:
        text = step(text)
    return " ".join(text.split())
