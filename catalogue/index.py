"""Lookup structures that keep search fast on catalogues of a hundred thousand entries.

- PhraseGrams: character trigrams of phrases, to pick the few hundred worth comparing whole;
- Vocabulary: words by length and spelling, for near spellings and prefixes without a full scan;
- tiers: an inverted-index posting split by field weight, heaviest first, so a search can stop early.
Each answers exactly what a scan of everything would, or says where it may not. Imports: rapidfuzz,
stdlib.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from rapidfuzz import fuzz, process

# Words whose near spellings were looked up, kept per index; cleared when it reaches this size.
NEAR_CACHE_SIZE = 65_536


def length_window(length: int, cutoff: float) -> tuple[int, int]:
    """The lengths a string can have and still reach `cutoff` with fuzz.ratio against one of
    `length` characters: ratio is at most 200 * shorter / (sum of lengths)."""
    if cutoff <= 0:
        return 0, 1 << 30
    c = cutoff / 100.0
    # a hair of margin so float rounding never drops a string that reaches the cutoff exactly
    lo = math.ceil(length * c / (2.0 - c) - 1e-9)
    hi = math.floor(length * (2.0 - c) / c + 1e-9)
    return max(lo, 1), hi


def trigrams(text: str) -> set[str]:
    """Trigrams of each word padded with a space, so word order and short words both count."""
    out: set[str] = set()
    for word in text.split():
        padded = f" {word} "
        out.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return out


class PhraseGrams:
    """Picks, for a query, the phrases that share the most of its rarer trigrams."""

    def __init__(self, texts: Sequence[str]) -> None:
        # Phrases are numbered by length (rank), so a length window is a range of ranks and each
        # posting, kept in rank order, is cut to the window by bisection.
        order = sorted(range(len(texts)), key=lambda p: (len(texts[p]), p))
        self._order = array("i", order)
        self._lengths = array("i", (len(texts[p]) for p in order))
        postings: dict[str, list[int]] = defaultdict(list)
        for rank, p in enumerate(order):
            for gram in trigrams(texts[p]):
                postings[gram].append(rank)
        self._postings = {g: array("i", ranks) for g, ranks in postings.items()}

    def candidates(self, query: str, cutoff: float, limit: int, budget: int) -> list[int]:
        """Positions, ascending, of at most `limit` phrases that may reach `cutoff` with fuzz.ratio
        or token_sort_ratio. Every phrase of a fitting length is returned when there are no more
        than `limit` of them; otherwise those sharing most trigrams, counting the query's rarest
        trigrams first until `budget` postings have been read."""
        lo, hi = length_window(len(query), cutoff)
        first, last = bisect_left(self._lengths, lo), bisect_right(self._lengths, hi)
        if last - first <= limit:
            return sorted(self._order[first:last])
        slices: list[tuple[int, array[int], int, int]] = []
        for gram in trigrams(query):
            posting = self._postings.get(gram)
            if posting is not None:
                a, b = bisect_left(posting, first), bisect_left(posting, last)
                if b > a:
                    slices.append((b - a, posting, a, b))
        slices.sort(key=lambda s: s[0])
        counts: Counter[int] = Counter()
        read = 0
        for size, posting, a, b in slices:
            if read and read + size > budget:
                break
            counts.update(posting[a:b])
            read += size
        return sorted(self._order[rank] for rank, _ in counts.most_common(limit))


class Vocabulary:
    """Words in a fixed order, searchable by near spelling (rapidfuzz ratio) and by prefix."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = list(words)
        by_length: dict[int, tuple[list[str], list[int]]] = {}
        for pos, word in enumerate(self.words):
            bucket = by_length.setdefault(len(word), ([], []))
            bucket[0].append(word)
            bucket[1].append(pos)
        self._by_length = by_length
        self._sorted = sorted(self.words)
        self._near: dict[tuple[str, float, int], list[tuple[str, float]]] = {}

    def near(self, word: str, cutoff: float, limit: int) -> list[tuple[str, float]]:
        """(word, score) pairs exactly as process.extract(word, self.words, scorer=fuzz.ratio,
        score_cutoff=cutoff, limit=limit) gives them, comparing only words of a length that can
        reach the cutoff; remembered, since people ask with the same words again and again."""
        key = (word, cutoff, limit)
        found = self._near.get(key)
        if found is None:
            found = self._search(word, cutoff, limit)
            if len(self._near) >= NEAR_CACHE_SIZE:
                self._near.clear()
            self._near[key] = found
        return found

    def _search(self, word: str, cutoff: float, limit: int) -> list[tuple[str, float]]:
        lo, hi = length_window(len(word), cutoff)
        hits: list[tuple[float, int, str]] = []
        for length in range(lo, hi + 1):
            bucket = self._by_length.get(length)
            if bucket is None:
                continue
            words, positions = bucket
            for cand, score, i in process.extract(
                word, words, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit
            ):
                hits.append((-score, positions[i], cand))
        # the order process.extract gives over the whole list: best first, then by position
        hits.sort()
        return [(cand, -neg) for neg, _, cand in hits[:limit]]

    def with_prefix(self, prefix: str, max_length: int) -> list[str]:
        """Words that start with `prefix` and are no longer than `max_length`, `prefix` aside."""
        out: list[str] = []
        i = bisect_left(self._sorted, prefix)
        while i < len(self._sorted) and self._sorted[i].startswith(prefix):
            word = self._sorted[i]
            if word != prefix and len(word) <= max_length:
                out.append(word)
            i += 1
        return out


@dataclass(frozen=True)
class Tier:
    """The entries holding one stem at the same field weight."""

    weight: float
    entries: array[int]  # the most promising first: those naming the stem, shortest names first
    shortest_name: int  # words in the shortest name among them that has the stem; 0: none has


def tiers(
    posting: Mapping[int, float], naming: AbstractSet[int], name_lengths: Sequence[int]
) -> tuple[Tier, ...]:
    """A posting (entry -> field weight) as tiers, heaviest first. `naming`: the entries that have
    the stem in their name; `name_lengths`: how many words each entry's name has."""
    groups: dict[float, list[int]] = defaultdict(list)
    for idx, weight in posting.items():
        groups[weight].append(idx)

    def promise(idx: int) -> tuple[int, int]:
        return (name_lengths[idx] if idx in naming else 1 << 20, idx)

    out = []
    for weight, ids in sorted(groups.items(), reverse=True):
        ids.sort(key=promise)
        shortest = name_lengths[ids[0]] if ids[0] in naming else 0
        out.append(Tier(weight, array("i", ids), shortest))
    return tuple(out)
