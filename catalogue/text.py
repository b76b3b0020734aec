"""Text normalisation shared by lookup and typed-answer matching: folding, words, light stemming.

Imports: PyStemmer and stdlib only.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer  # type: ignore[import-not-found]  # PyStemmer ships no type hints

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
    stuff
    each every other others all both few several plus per via etc still yet now again here same
    whole own too quite bit little already currently actually basically maybe perhaps probably
    just anyone someone somebody everyone everybody anybody everything nothing anyway
    im ive id youre youve weve wed theyre theyve dont doesnt didnt cant wont isnt arent wasnt
    havent hasnt shouldnt wouldnt couldnt thats theres heres whos hows
    have has had having get gets getting doing done goes went wants wanted wanting trying tried
    thinking think wondering wonder looking keen hoping hope planning
    stand short acronym abbreviation define definition called example examples eg instance
    working worked making helps helping helped starting started needed needing knowing looks
    looked comes came gave given giving takes taking took seeing seen shows showed shown
    handful couple bunch loads
    through between during while whilst before after until since within without across around
    among amongst against along beyond towards toward upon throughout despite""".split()
)

# Porter2 (Snowball English) from PyStemmer, a C library: a well-kept stemmer joins word families
# (franchise/franchising, inspect/inspection, price/pricing, pay/paying) that a hand-made suffix
# list misses.
_STEMMER = Stemmer.Stemmer("english", 0)  # 0: no cache of its own; stem() keeps one
# Porter2 stems American -ize forms apart from British -ise ones: fold them together first.
_IZE = re.compile(r"(?<=[a-z]{3})iz(?=(?:e|es|ed|ing|ation|ations|er|ers)$)")


def alias_key(name: str) -> str:
    """What two names (aliases, names) are compared by for a clash: case and spacing aside."""
    return " ".join(name.casefold().split())


def fold(text: str) -> str:
    """Lower-case, strip accents, turn '&' into 'and', and keep only letters, digits and spaces."""
    if not text.isascii():  # the accent pass is most of the cost, and ASCII text has none
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("&", " and ").replace("'", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def words(text: str) -> list[str]:
    return fold(text).split()


@lru_cache(maxsize=65_536)  # a catalogue's words recur in every entry, a query's in every query
def stem(word: str) -> str:
    """The Porter2 stem of a folded word, British and American spellings alike
    (organise/organize, prioritising/prioritizing)."""
    stemmed: str = _STEMMER.stemWord(_IZE.sub("is", word))
    return stemmed


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
