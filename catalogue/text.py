"""Text normalisation shared by lookup and typed-answer matching: folding, words, light stemming.

Imports: stdlib only.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")

# Words that carry no meaning for lookup. Kept short on purpose: a word here can never match.
STOPWORDS = frozenset(
    """a an the is are was were be been being am of to for and or in on at by with from into onto
    about as it its this that these those there their them they we our us you your i me my mine
    what whats which who whom how why when where does do did can could would should will shall may
    might must tell show explain describe give me please know want like need info information more
    mean means meaning some any anything something thing things get got let lets also just than then
    so such very much many hi hello hey thanks thank use used using work works if not no yes ok okay
    under over up down out make makes made happen happens find help go going start try way ways
    good best new come coming bring put take see look able lot lots really well one ones kind sort
    stuff idea""".split()
)

_SUFFIXES = (
    "ational",
    "ations",
    "ation",
    "ments",
    "ment",
    "ings",
    "ing",
    "ised",
    "ized",
    "ises",
    "izes",
    "ise",
    "ize",
    "ed",
    "ies",
    "es",
    "s",
    "ly",
)


def fold(text: str) -> str:
    """Lower-case, strip accents, turn '&' into 'and', and keep only letters, digits and spaces."""
    if not text.isascii():  # the accent pass is most of the cost, and ASCII text has none
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("&", " and ").replace("'", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def words(text: str) -> list[str]:
    return fold(text).split()


def stem(word: str) -> str:
    """A deliberately light stemmer: enough to join franchise/franchising, agreed/agreement."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            base = word[: -len(suffix)]
            if suffix == "ies":
                base += "y"
            return base[:-1] if base.endswith("e") and len(base) > 4 else base
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def content_stems(text: str) -> list[str]:
    """Stems of the meaningful words, in order, without repeats."""
    out: list[str] = []
    for w in words(text):
        if w in STOPWORDS or len(w) < 2:
            continue
        s = stem(w)
        if s not in out:
            out.append(s)
    return out
