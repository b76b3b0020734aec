"""The word index behind lookup: for each word stem, the entries holding it and how strongly.

Scores entries on a query's words and finds the few best without scoring every entry: postings are
split into tiers by field weight and read heaviest first, stopping once no entry not yet read could
reach the best scores so far. The score itself (`WordValue`) is given by catalogue.search.
Imports: stdlib only.
"""

from __future__ import annotations

import heapq
from array import array
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import islice
from typing import NamedTuple

# (weight gained, the query's whole weight, name words asked for, words in the name) -> score.
# It must not fall when the first or the share named grows: the early stop relies on it.
# Every weight is an integer, so sums are exact whatever their order and the score, one division
# of integers, is the same float on every Python (3.12 changed how float sums are rounded).
WordValue = Callable[[int, int, int, int], float]

# Rounding margin: scores are kept to 0.1, so a raw score may sit up to 0.05 either side.
_MARGIN = 0.1


class QueryWord(NamedTuple):
    """One unit of a query (a word, or a term of several): the index tokens that count as it,
    how alike (percent), its weight, and how many of the query's words it stands for."""

    weight: int
    similar: tuple[tuple[str, int], ...]
    span: int = 1  # how many of the query's words it stands for


@dataclass(frozen=True)
class Tier:
    """The entries holding one stem at the same field weight."""

    weight: int
    entries: array[int]  # the most promising first: those naming the stem, shortest names first
    shortest_name: int  # words in the shortest name among them that has the stem; 0: none has


def tiers(
    posting: Mapping[int, int], naming: AbstractSet[int], name_lengths: Sequence[int]
) -> tuple[Tier, ...]:
    """A posting (entry -> field weight) as tiers, heaviest first. `naming`: the entries that have
    the stem in their name; `name_lengths`: how many words each entry's name has."""
    groups: dict[int, list[int]] = defaultdict(list)
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


class WordPostings:
    """Stem -> {entry: field weight}, with what finding the best entries quickly needs."""

    def __init__(
        self,
        postings: Mapping[str, Mapping[int, int]],
        name_stems: Sequence[AbstractSet[str]],
        value: WordValue,
        hit_floor: int = 0,
    ) -> None:
        """`hit_floor`: how strongly (likeness x field weight) a word must match an entry to
        count among the words it holds; weaker matches add to its score only."""
        self._hit_floor = hit_floor
        self._postings = postings
        self._name_stems = name_stems
        self._value = value
        naming: dict[str, set[int]] = defaultdict(set)
        for idx, names in enumerate(name_stems):
            for s in names:
                if idx in postings.get(s, ()):
                    naming[s].add(idx)
        self._naming = {s: frozenset(ids) for s, ids in naming.items()}
        lengths = [len(names) for names in name_stems]
        self._tiers = {
            s: tiers(p, self._naming.get(s, frozenset()), lengths) for s, p in postings.items()
        }

    def best(
        self,
        words: Sequence[QueryWord],
        offered: Mapping[int, float],
        best: int,
        budget: int,
        overlaps: Sequence[AbstractSet[int]] = (),
    ) -> dict[int, tuple[float, int]]:
        """(score, words matched) of the `offered` entries (which already score as given) and
        of every other entry that could rank among the `best` best; others may be left out.

        Entries in `overlaps` are scored first, then postings are read a tier at a time (one stem
        at one field weight): tiers of entries naming the stem first, then the weightiest.
        Reading stops when no entry unseen could reach the `best`-th score so far: it could gain
        at most the heaviest unread tier of each word, and name at most the stems whose naming
        tiers are unread. It also stops after `budget` entries: the one place where a large
        catalogue may rank differently from scoring everything."""
        if not words:
            return {}
        total = sum(w.weight for w in words)  # integers: exact in any order
        found = self.exact(words, total, set(offered))
        floor: list[float] = []  # the `best` highest scores so far, lowest first

        def keep(scores: list[float]) -> None:
            for score in sorted(scores, reverse=True)[:best]:
                if len(floor) < best:
                    heapq.heappush(floor, score)
                elif score > floor[0]:
                    heapq.heapreplace(floor, score)
                else:
                    break

        keep([max(score, found[i][0] if i in found else 0.0) for i, score in offered.items()])
        seen = set(offered)

        def read(new: AbstractSet[int]) -> None:
            seen.update(new)
            batch = self.exact(words, total, new)
            keep([value for value, _ in batch.values()])
            found.update(batch)

        # The best are among the entries holding several words; scored early, they raise the
        # floor the reading below must beat.
        for level in overlaps:
            new = level - seen
            if len(seen) + len(new) > budget // 2:
                break
            read(new)
        order = sorted(
            (
                (not tier.shortest_name, -w.weight * sim * tier.weight, i, v, tier)
                for i, w in enumerate(words)
                for v, sim in w.similar
                for tier in self._tiers[v]
            ),
            key=lambda g: g[:3],
        )
        # per word, the gains of its tiers not read yet, heaviest first
        unread = [
            sorted((-g[1] for g in order if g[2] == i), reverse=True) for i in range(len(words))
        ]
        naming = [(v, tier.shortest_name) for *_, v, tier in order if tier.shortest_name]
        for _, neg_gain, i, v, tier in order:
            if len(floor) == best:
                reach = sum(gains[0] for gains in unread if gains)
                stems = len({v for v, _ in naming})
                shortest = min((n for _, n in naming), default=1)
                if self._value(reach, total, min(stems, shortest), shortest) + _MARGIN < floor[0]:
                    break
            unread[i].remove(-neg_gain)
            if tier.shortest_name:
                naming.remove((v, tier.shortest_name))
            room = budget - len(seen)
            if room <= 0:
                break
            if len(tier.entries) > 2 * room:  # most of it would not be read: take it in order
                read(set(islice((idx for idx in tier.entries if idx not in seen), room)))
            else:
                new = set(tier.entries).difference(seen)
                if len(new) > room:
                    new = set([idx for idx in tier.entries if idx not in seen][:room])
                read(new)
        if len(floor) < best:
            return found
        # Offered entries keep their figures whatever their word score: how many words they
        # hold counts for confidence even when a phrase gave them their score.
        return {idx: v for idx, v in found.items() if idx in offered or v[0] + _MARGIN >= floor[0]}

    def exact(
        self, words: Sequence[QueryWord], total: int, batch: AbstractSet[int]
    ) -> dict[int, tuple[float, int]]:
        """(score, words matched) of the entries in `batch` that hold any of the words."""
        if not batch:
            return {}
        gained: dict[int, int] = {}
        hits: dict[int, int] = {}
        named: dict[int, set[str]] = defaultdict(set)
        for word in words:
            best: dict[int, int] = {}
            for v, sim in word.similar:
                posting = self._postings[v]
                found = batch & posting.keys()
                if not best:
                    best = {idx: sim * posting[idx] for idx in found}
                else:
                    for idx in found:
                        value = sim * posting[idx]
                        if value > best.get(idx, 0):
                            best[idx] = value
                for idx in found & self._naming.get(v, frozenset()):
                    named[idx].add(v)
            weight = word.weight
            for idx, value in best.items():
                gained[idx] = gained.get(idx, 0) + weight * value
                hits[idx] = hits.get(idx, 0) + word.span * (value > self._hit_floor)
        out: dict[int, tuple[float, int]] = {}
        for idx, g in gained.items():
            names = named.get(idx)
            n_named = len(names) if names else 0
            out[idx] = (self._value(g, total, n_named, len(self._name_stems[idx])), hits[idx])
        return out

    def overlaps(self, words: Sequence[QueryWord]) -> list[AbstractSet[int]]:
        """Entries naming several of the words, most first: those naming the heaviest word and
        as many others as can be named together; then the same from the second heaviest, in case
        the heaviest is a near spelling that few names share."""
        naming: list[AbstractSet[int]] = []
        for w in sorted(words, key=lambda w: -w.weight):
            sets = [self._naming[v] for v, _ in w.similar if v in self._naming]
            if sets:
                naming.append(sets[0].union(*sets[1:]) if len(sets) > 1 else sets[0])
        return _nested(naming) + _nested(naming[1:])


def _nested(sets: Sequence[AbstractSet[int]]) -> list[AbstractSet[int]]:
    """The members of the first set that are in as many of the others as possible: the first
    two in common, then with the next one that still leaves some, and so on; deepest first."""
    levels: list[AbstractSet[int]] = []
    for other in sets[1:]:
        both = (levels[-1] if levels else sets[0]) & other  # C: walks the smaller of the two
        if both:
            levels.append(both)
    return levels[::-1]
