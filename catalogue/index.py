"""Lookup structures that keep search fast on catalogues of a hundred thousand entries.

- PhraseGrams: character trigrams of phrases, to pick the few hundred worth comparing whole;
- Vocabulary: words by length and spelling, for near spellings without a full scan;
Each answers exactly what a scan of everything would, or says where it may not. Imports: rapidfuzz,
stdlib.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

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


def trigrams(text: str, known: dict[str, tuple[str, ...]] | None = None) -> set[str]:
    """Trigrams of each word padded with a space, so word order and short words both count.
    `known`: each word's trigrams, filled in as words are met (they recur in every phrase)."""
    known = {} if known is None else known
    out: set[str] = set()
    for word in text.split():
        grams = known.get(word)
        if grams is None:
            padded = f" {word} "
            grams = known[word] = tuple(padded[i : i + 3] for i in range(len(padded) - 2))
        out.update(grams)
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
        known: dict[str, tuple[str, ...]] = {}
        for rank, p in enumerate(order):
            for gram in trigrams(texts[p], known):
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


class _Bucket:
    """Words of one length, with a bit set (bit i: the i-th word) per (letter, count) pair."""

    def __init__(self, words: Sequence[tuple[int, str]]) -> None:
        """`words`: (position in the vocabulary, word) pairs, in vocabulary order."""
        self.positions = [pos for pos, _ in words]
        members: dict[tuple[str, int], list[int]] = defaultdict(list)
        for i, (_, word) in enumerate(words):
            for letter, count in Counter(word).items():
                for n in range(1, count + 1):
                    members[(letter, n)].append(i)
        self.masks: dict[tuple[str, int], int] = {}
        for key, ids in members.items():
            # set bits in a byte array, then one conversion: OR-ing bit by bit into a Python int
            # would copy the whole int each time
            bits = bytearray((len(words) + 7) // 8)
            for i in ids:
                bits[i >> 3] |= 1 << (i & 7)
            self.masks[key] = int.from_bytes(bits, "little")

    def sharing(self, letters: Mapping[str, int], needed: int) -> list[int]:
        """Positions of the words having at least `needed` of the letters (counted with
        repeats, as a multiset)."""
        total = sum(letters.values())
        allowed = total - needed  # letters of the query a word may lack
        if allowed < 0:
            return []
        everyone = (1 << len(self.positions)) - 1
        # at_most[k]: the words lacking at most k of the letters seen so far
        at_most = [everyone] * (allowed + 1)
        for letter, count in letters.items():
            for n in range(1, count + 1):
                has = self.masks.get((letter, n), 0)
                for k in range(allowed, 0, -1):
                    at_most[k] = (at_most[k] & has) | at_most[k - 1]
                at_most[0] &= has
        found = at_most[allowed]
        out: list[int] = []
        while found:
            low = found & -found
            out.append(self.positions[low.bit_length() - 1])
            found ^= low
        return out


class Vocabulary:
    """Words in a fixed order, searchable by near spelling (rapidfuzz ratio).

    Near spellings are found without comparing every word: fuzz.ratio is 200 * LCS / (sum of
    lengths), and two words cannot share a longer subsequence than they share letters. So for each
    word length there is a bit set per (letter, count) pair, "the words with at least `count` of
    `letter`", and a query combines a dozen of them to keep only the words that share enough
    letters with it, a few in ten thousand, before rapidfuzz compares those."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = list(words)
        by_length: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for pos, word in enumerate(self.words):
            by_length[len(word)].append((pos, word))
        self._by_length = {n: _Bucket(words) for n, words in by_length.items()}
        self._near: dict[tuple[str, float, int], list[tuple[str, float]]] = {}

    def near(self, word: str, cutoff: float, limit: int) -> list[tuple[str, float]]:
        """(word, score) pairs exactly as process.extract(word, self.words, scorer=fuzz.ratio,
        score_cutoff=cutoff, limit=limit) gives them; remembered, as the same words recur."""
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
        letters = Counter(word)
        positions: list[int] = []
        for length in range(lo, hi + 1):
            bucket = self._by_length.get(length)
            if bucket is not None:
                # the letters a word of this length must share to reach the cutoff
                needed = math.ceil(cutoff * (len(word) + length) / 200.0 - 1e-9)
                positions.extend(bucket.sharing(letters, needed))
        positions.sort()  # process.extract breaks ties by position in the list
        hits = process.extract(
            word,
            [self.words[p] for p in positions],
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            limit=limit,
        )
        return [(cand, score) for cand, score, _ in hits]
