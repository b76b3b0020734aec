"""Finding thesaurus and context terms in text: which words or phrases of a text are which.

Terms are compared as sequences of word stems, so "brokers" finds "broker" and "rolled out" finds
"roll out"; inside a phrase a text may put a stopword or two ("roll it out"). A hyphenated term
also matches written solid or apart (co-design, codesign, co design). Used by the loader (does
a group name anything in the catalogue?) and by search (a term in a query stands for its group;
a context term weighs lightly).
Imports: catalogue.schema, catalogue.text and stdlib only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from catalogue.schema import TermGroup
from catalogue.text import STOPWORDS, fold, stem

# How many stopwords may sit between two words of a phrase ("design it together").
MAX_GAP = 2


# The group of a context term: context terms have no group (they mean nothing alike).
CONTEXT = -1


@dataclass(frozen=True)
class Occurrence:
    """A term found in a text: its words are tokens[start:end]; `group` is its group's position,
    or CONTEXT."""

    start: int
    end: int
    group: int
    term: str

    @property
    def context(self) -> bool:
        return self.group == CONTEXT


@dataclass(frozen=True)
class _Term:
    stems: tuple[str, ...]
    group: int
    term: str


def term_forms(term: str) -> list[tuple[str, ...]]:
    """The word sequences a term is written as: its folded words, and for a hyphenated term the
    same words joined ("co-design": co design, codesign)."""
    words = tuple(fold(term).split())
    forms = [words]
    if "-" in term and len(words) > 1:
        forms.append(("".join(words),))
    return forms


def term_key(words: Sequence[str]) -> tuple[str, ...]:
    """What two terms must share to mean the same to lookup: their words' stems."""
    return tuple(stem(w) for w in words)


class Thesaurus:
    """The groups and context terms of a catalogue, compiled for finding them in text."""

    def __init__(self, groups: Sequence[TermGroup], context: Sequence[str] = ()) -> None:
        self.groups = tuple(groups)
        by_first: dict[str, list[_Term]] = defaultdict(list)
        placed = [(g, term) for g, group in enumerate(self.groups) for term in group.terms]
        for g, term in placed + [(CONTEXT, term) for term in context]:
            for words in term_forms(term):
                stems = term_key(words)
                by_first[stems[0]].append(_Term(stems, g, term))
        for terms in by_first.values():
            terms.sort(key=lambda t: -len(t.stems))  # the longest term wins where several fit
        self._by_first = dict(by_first)

    def concept(self, group: int) -> str:
        """The index token that stands for a group: no word can look like it."""
        return f"~{group}"

    def find(self, words: Sequence[str], stems: Sequence[str] | None = None) -> list[Occurrence]:
        """Terms in a text given as folded words (stopwords included), left to right, none
        overlapping; `stems`, when given, are the words' stems."""
        if not self._by_first:
            return []
        stems = [stem(w) for w in words] if stems is None else stems
        out: list[Occurrence] = []
        i = 0
        while i < len(stems):
            found = None
            for term in self._by_first.get(stems[i], ()):
                if len(term.stems) == 1:
                    if words[i] in STOPWORDS:
                        continue  # alone, a stopword means nothing ("no way" is no "ways")
                    end: int | None = i + 1
                else:
                    end = _match(term.stems, words, stems, i)
                if end is not None:
                    found = Occurrence(i, end, term.group, term.term)
                    break
            if found is None:
                i += 1
            else:
                out.append(found)
                i = found.end
        return out

    def unnamed(self, texts: Iterable[str]) -> list[int]:
        """Groups none of whose terms occurs in any of `texts`. Stops reading as soon as every
        group has been seen (on the shipped catalogue, most of the way through it)."""
        missing = set(range(len(self.groups)))
        for text in texts:
            if not missing:
                break
            for occ in self.find(fold(text).split()):
                missing.discard(occ.group)  # a context term is no group: discarding it is a no-op
        return sorted(missing)


def _match(
    term: tuple[str, ...], words: Sequence[str], stems: Sequence[str], start: int
) -> int | None:
    """Where `term` ends if it starts at `start`: one past its last word, or None."""
    j = start + 1
    for want in term[1:]:
        gap = 0
        while j < len(stems) and stems[j] != want and words[j] in STOPWORDS and gap < MAX_GAP:
            j += 1
            gap += 1
        if j >= len(stems) or stems[j] != want:
            return None
        j += 1
    return j
