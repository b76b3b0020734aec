"""Phrases to find in what people write: a small pattern language over folded words.

A phrase is parts separated by "..." (up to GAP words in between) or "&" (next to each other).
A part is alternatives separated by "|", each a run of words ("lack of|no|little"); a trailing
"*" lets an alternative's last word have any ending ("evaluat*"). "our|this & ward|trust" is
"our ward", "this trust" and so on. Words are compared folded (lower case,
no accents or punctuation: "buy-in" is "buy in"). Phrases are compiled once (bad syntax raises
ValueError, for the flow loader to report with its place) and matched against a message's words.
Imports: catalogue.text and stdlib only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from catalogue.text import fold

GAP = 6  # the most words "..." stands for
# Words that, just before a phrase, say the opposite: "no funding", "not piloted yet".
NEGATORS = frozenset(
    """no not never without dont doesnt didnt havent hasnt hadnt cant cannot couldnt wont isnt
    arent wasnt werent lack lacking nor neither zero none nothing nobody noone anyone
    anybody""".split()
)
_NEGATION_REACH = 3  # how many words before a phrase a negator reaches
BREAK = "§"  # put between clauses by the reader: "..." never reaches across it, and no word is it


@dataclass(frozen=True)
class Word:
    """One position of a phrase: any of its alternatives, each a run of folded words."""

    alternatives: tuple[tuple[str, ...], ...]
    prefix: tuple[bool, ...]  # per alternative: its last word may have any ending
    # The words an alternative must begin with, and the beginnings of one-word alternatives
    # with any ending: what a message must hold for this word of the phrase to be there.
    firsts: frozenset[str] = frozenset()
    first_prefixes: tuple[str, ...] = ()
    # The alternatives by their first word (those beginning with any ending aside).
    by_first: Mapping[str, tuple[tuple[tuple[str, ...], bool], ...]] = field(
        default_factory=dict, compare=False, hash=False
    )

    @classmethod
    def of(cls, alternatives: tuple[tuple[str, ...], ...], prefix: tuple[bool, ...]) -> Word:
        pairs = list(zip(alternatives, prefix, strict=True))
        by_first: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
        for alt, open_end in pairs:
            if len(alt) > 1 or not open_end:
                by_first.setdefault(alt[0], []).append((alt, open_end))
        return cls(
            alternatives,
            prefix,
            frozenset(by_first),
            tuple(alt[0] for alt, open_end in pairs if len(alt) == 1 and open_end),
            {w: tuple(alts) for w, alts in by_first.items()},
        )

    def matches_at(self, words: list[str], i: int) -> list[int]:
        """Where each alternative matching at `i` ends (exclusive)."""
        if i >= len(words):
            return []
        word = words[i]
        ends = [i + 1 for p in self.first_prefixes if word.startswith(p)]
        for alt, open_end in self.by_first.get(word, ()):
            j = i + len(alt)
            if j > len(words):
                continue
            if all(words[i + k] == w for k, w in enumerate(alt[1:-1], start=1)) and (
                len(alt) == 1
                or (words[j - 1].startswith(alt[-1]) if open_end else words[j - 1] == alt[-1])
            ):
                ends.append(j)
        return ends


@dataclass(frozen=True)
class Phrase:
    text: str
    parts: tuple[Word | None, ...]  # None: a gap
    negated_start: bool  # it begins with a negator itself ("no funding"): never read as negated

    def find(
        self,
        words: list[str],
        negators: frozenset[str] = NEGATORS,
        present: Mapping[str, Sequence[int]] | None = None,
    ) -> int:
        """How many of the message's words the phrase names where it first occurs without being
        negated (by one of `negators` just before it, or among the words a "..." stands for);
        0 when it does not occur. More words named: a more specific statement. A phrase that
        begins with a negator ("no funding", "not a priority") is not negated by another.
        `present`: where each word of `words` is (`positions(words)`), when the caller has it."""
        present = positions(words) if present is None else present
        if not self._possible(present):
            return 0
        first = self.parts[0]
        assert first is not None
        starts = {i for w in first.firsts if w in present for i in present[w]}
        if first.first_prefixes:
            starts.update(
                i for w, at in present.items() if w.startswith(first.first_prefixes) for i in at
            )
        for start in sorted(starts):
            guard = not self.negated_start and words[start] not in negators
            if guard and _negated(words, start, negators):
                continue
            named = self._match(words, start, 0, negators if guard else frozenset())
            if named is not None:
                return named
        return 0

    def _possible(self, present: Mapping[str, Sequence[int]]) -> bool:
        """Each word of the phrase has an alternative whose first word is in the message."""
        for part in self.parts:
            if part is None:
                continue
            if any(w in present for w in part.firsts):
                continue
            prefixes = part.first_prefixes
            if not prefixes or not any(w.startswith(prefixes) for w in present):
                return False
        return True

    def _match(self, words: list[str], i: int, k: int, negators: frozenset[str]) -> int | None:
        """Words named by parts k... matched from position i, or None."""
        if k == len(self.parts):
            return 0
        part = self.parts[k]
        if part is None:
            for skip in range(GAP + 1):
                if i + skip > len(words):
                    break
                if skip and (words[i + skip - 1] == BREAK or words[i + skip - 1] in negators):
                    break
                named = self._match(words, i + skip, k + 1, negators)
                if named is not None:
                    return named
            return None
        for j in part.matches_at(words, i):
            named = self._match(words, j, k + 1, negators)
            if named is not None:
                return (j - i) + named
        return None


def positions(words: Sequence[str]) -> dict[str, list[int]]:
    """Where each word is in `words`: built once per message for every phrase to use."""
    out: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        out.setdefault(word, []).append(i)
    return out


def _negated(words: list[str], start: int, negators: frozenset[str]) -> bool:
    before = words[max(0, start - _NEGATION_REACH) : start]
    if BREAK in before:
        before = before[len(before) - before[::-1].index(BREAK) :]
    return any(w in negators for w in before)


def compile_phrase(text: str) -> Phrase:
    """Raises ValueError saying what is wrong with the phrase."""
    parts: list[Word | None] = []
    for n, group in enumerate(text.split("...")):
        if n:
            parts.append(None)
        for segment in group.split("&"):
            segment = segment.strip()
            if not segment:
                raise ValueError(f"phrase {text!r}: '...' and '&' must come between words")
            alternatives: list[tuple[str, ...]] = []
            prefix: list[bool] = []
            for alt in segment.split("|"):
                open_end = alt.strip().endswith("*")
                folded = tuple(fold(alt.strip().rstrip("*")).split())
                if not folded:
                    raise ValueError(f"phrase {text!r}: an empty alternative in {segment!r}")
                alternatives.append(folded)
                prefix.append(open_end)
            parts.append(Word.of(tuple(alternatives), tuple(prefix)))
    first = parts[0]
    negated_start = first is not None and all(a[0] in NEGATORS for a in first.alternatives)
    return Phrase(text, tuple(parts), negated_start)
