"""Free-text lookup over the catalogue: names, aliases, acronyms, examples, keywords, descriptions.

Three signals, each scored 0-100, the best of them counting:
- acronyms (GIRFT, CQUIN) match exactly, never fuzzily;
- phrases (names, aliases, example names) are compared whole with rapidfuzz, catching typos;
- words: the query's content words, stemmed and matched exactly or fuzzily against an inverted
  index, weighted by rarity and by the field they come from; this catches questions and paraphrases.
The inverted index also picks the candidates, so only entries sharing a word are scored.
`lookup` goes further, to stay fast on catalogues of 100,000 entries (see catalogue.index): trigrams
pick the phrases worth comparing, and words are read rarest first, stopping once no entry not yet
seen could reach the best few. `score` and `lookup(brute_force=True)` compare everything, as the
reference the fast path is tested against. Imports: rapidfuzz, stdlib and catalogue only.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process

from catalogue.index import PhraseGrams, Vocabulary, length_window
from catalogue.postings import QueryWord, WordPostings
from catalogue.schema import Catalogue
from catalogue.text import STOPWORDS, fold, stem

CONFIDENT_SCORE = 80.0
CONFIDENT_MARGIN = 8.0
# A weaker top score still answers outright when it stands well clear and rests on several words.
CLEAR_SCORE = 55.0
CLEAR_MARGIN = 20.0
CLEAR_WORDS = 3
SUGGEST_SCORE = 50.0
HINT_SCORE = 40.0
PHRASE_CUTOFF = 75.0
WORD_SIMILARITY = 80.0  # how alike two words must be (rapidfuzz ratio) to count as the same word
# How much work one lookup may do on a large catalogue: phrases compared whole, trigram postings
# read to choose them, and entries scored on words. A catalogue with no more phrases and entries
# than these (the shipped one) gets exactly what comparing everything would give.
PHRASE_CANDIDATES = 300
GRAM_BUDGET = 2_000
WORD_CANDIDATES = 500

_ACRONYM = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Za-z0-9]{2,8}$")


class TargetKind(StrEnum):
    METHOD = "method"
    APPROACH = "approach"


class Outcome(StrEnum):
    CONFIDENT = "confident"  # answer outright
    AMBIGUOUS = "ambiguous"  # offer "did you mean"
    NONE = "none"  # say nothing fits; matches may hold weak hints


class FieldKind(StrEnum):
    NAME = "name"
    ALIAS = "alias"
    EXAMPLE = "example"
    KEYWORD = "keyword"
    TEXT = "text"


# Weights are integers (percent; rarity in thousandths) so that a score is one division of exact
# integer sums: the same on every Python and in whatever order the words are added up.
FIELD_WEIGHT: dict[FieldKind, int] = {
    FieldKind.NAME: 100,
    FieldKind.ALIAS: 100,
    FieldKind.EXAMPLE: 95,
    FieldKind.KEYWORD: 85,
    FieldKind.TEXT: 70,
}
EXACT = 100  # how alike a word is to itself, in percent
PREFIX = 85  # how alike a short form is to the longer word it starts ("inspect", "inspection")
RARITY_SCALE = 1000  # a word's rarity (log inverse document frequency) is kept in thousandths


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    id: str
    name: str
    approach_id: str
    approach_name: str
    order: int


@dataclass(frozen=True)
class Match:
    kind: TargetKind
    id: str
    name: str
    approach_id: str
    approach_name: str
    score: float
    why: str  # what matched, for explanations and debugging
    words: int = 0  # how many of the query's words this entry matched


@dataclass(frozen=True)
class LookupResult:
    query: str
    outcome: Outcome
    matches: tuple[Match, ...]

    @property
    def confident(self) -> bool:
        return self.outcome is Outcome.CONFIDENT

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None


@dataclass(frozen=True)
class _Phrase:
    target: int
    text: str  # folded, stopwords removed
    shown: str
    field: FieldKind


def rarity(entries: int, holding: int) -> int:
    """How rare a word is among `entries` when `holding` of them have it: log inverse document
    frequency, in thousandths (an integer, so that adding weights up is exact)."""
    return round(RARITY_SCALE * math.log(1.0 + entries / holding))


def is_acronym(term: str) -> bool:
    return bool(_ACRONYM.match(term)) and " " not in term


def clean(text: str) -> str:
    """Folded words without stopwords: the form phrases and queries are compared in."""
    return " ".join(w for w in fold(text).split() if w not in STOPWORDS)


def word_value(gained: int, total: int, named: int, name_words: int) -> float:
    """A match on words: the share of the query's weight found (`gained` of `total`, each a sum of
    rarity x likeness x field weight), nudged up by the share of the entry's name asked for:
    100 * share * (0.8 + 0.2 * named / name_words). It must grow with both, as lookup's early stop
    relies on it. One division of exact integers, so the same on every platform and Python."""
    name_words = max(1, name_words)
    return 100 * gained * (4 * name_words + named) / (total * EXACT * EXACT * 5 * name_words)


class SearchIndex:
    """Built once per catalogue; `lookup` answers a query."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.targets: list[Target] = []
        self._phrases: list[_Phrase] = []
        self._acronyms: dict[str, list[tuple[int, str, float]]] = defaultdict(list)
        self._postings: dict[str, dict[int, int]] = defaultdict(dict)
        self._name_stems: list[frozenset[str]] = []
        self._first_phrase: list[int] = []  # where each target's phrases start
        self._stem_of: dict[str, str] = {}  # while building: the same words recur in every entry
        for approach in catalogue.approaches:
            idx = self._add_target(
                TargetKind.APPROACH, approach.id, approach.name, approach.id, approach.name
            )
            self._add_phrase(idx, approach.name, FieldKind.NAME)
            for alias in approach.aliases:
                self._add_phrase(idx, alias, FieldKind.ALIAS)
            for kw in approach.keywords:
                self._add_keyword(idx, kw)
            self._add_words(idx, approach.summary, FieldKind.TEXT)
        for method in catalogue.methods:
            approach = catalogue.approach(method.approach)
            idx = self._add_target(
                TargetKind.METHOD, method.id, method.name, approach.id, approach.name
            )
            self._add_phrase(idx, method.name, FieldKind.NAME)
            for alias in method.aliases:
                self._add_phrase(idx, alias, FieldKind.ALIAS)
            for ex in method.examples:
                self._add_phrase(idx, ex.name, FieldKind.EXAMPLE)
                for alias in ex.aliases:
                    self._add_phrase(idx, alias, FieldKind.EXAMPLE)
            for kw in method.keywords:
                self._add_keyword(idx, kw)
            for text in (method.summary, method.description):
                if text:
                    self._add_words(idx, text, FieldKind.TEXT)
        n = len(self.targets)
        self._idf = {s: rarity(n, len(p)) for s, p in self._postings.items()}
        self._max_idf = rarity(n, 1)
        strong = FIELD_WEIGHT[FieldKind.KEYWORD]
        self._strong_vocab = [s for s, p in self._postings.items() if max(p.values()) >= strong]
        self._phrase_texts = [p.text for p in self._phrases]
        self._first_phrase.append(len(self._phrases))  # a target's phrases are contiguous
        self._stem_of.clear()
        # for lookup's fast path (catalogue.index, .postings); score() and brute force use none
        self._grams = PhraseGrams(self._phrase_texts)
        self._vocab = Vocabulary(self._strong_vocab)
        self._words_index = WordPostings(self._postings, self._name_stems, word_value)

    # --- building -------------------------------------------------------------------------------

    def _add_target(self, kind: TargetKind, tid: str, name: str, aid: str, aname: str) -> int:
        self.targets.append(Target(kind, tid, name, aid, aname, len(self.targets)))
        self._first_phrase.append(len(self._phrases))
        self._name_stems.append(frozenset(self._stems(clean(name))))
        return len(self.targets) - 1

    def _add_phrase(self, idx: int, text: str, field: FieldKind) -> None:
        if is_acronym(text):
            self._acronyms[fold(text)].append((idx, text, 100.0))
            return
        cleaned = clean(text)
        if cleaned:
            self._phrases.append(_Phrase(idx, cleaned, text, field))
        self._add_clean_words(idx, cleaned, field)

    def _add_keyword(self, idx: int, text: str) -> None:
        if is_acronym(text):
            # An acronym among keywords (NICE, MHRA) is related, not a name: a hint at most.
            self._acronyms[fold(text)].append((idx, text, SUGGEST_SCORE + 5))
            return
        self._add_words(idx, text, FieldKind.KEYWORD)

    def _add_words(self, idx: int, text: str, field: FieldKind) -> None:
        self._add_clean_words(idx, clean(text), field)

    def _add_clean_words(self, idx: int, cleaned: str, field: FieldKind) -> None:
        weight = FIELD_WEIGHT[field]
        for s in self._stems(cleaned):
            posting = self._postings[s]
            if posting.get(idx, 0) < weight:
                posting[idx] = weight

    def _stems(self, cleaned: str) -> list[str]:
        known = self._stem_of
        return [known.get(w) or known.setdefault(w, stem(w)) for w in cleaned.split()]

    # --- answering ------------------------------------------------------------------------------

    def lookup(self, text: str, limit: int = 5, *, brute_force: bool = False) -> LookupResult:
        """The best matches and what to do with them. `brute_force` compares every phrase and
        word and scores every entry: the same answer, slower on a large catalogue."""
        scores = self.score(text) if brute_force else self._score(text, best=max(limit, 3))
        ranked = sorted(
            scores.items(),
            key=lambda kv: (-kv[1][0], self.targets[kv[0]].kind != TargetKind.METHOD, kv[0]),
        )
        matches = tuple(self._match(i, *found) for i, found in ranked[: max(limit, 3)])
        return classify(text, matches, limit)

    def score(self, text: str) -> dict[int, tuple[float, str, int]]:
        """Every target with a score above zero: the score, what matched, how many words."""
        return self._score(text, best=None)

    def _score(self, text: str, best: int | None) -> dict[int, tuple[float, str, int]]:
        """Scores of every target (`best` None), or of enough to be sure of the `best` best."""
        scores: dict[int, tuple[float, str, int]] = {}

        def offer(idx: int, value: float, why: str, n_words: int = 1) -> None:
            if value > scores.get(idx, (0.0, "", 0))[0]:
                scores[idx] = (round(min(value, 100.0), 1), why, n_words)

        tokens = fold(text).split()
        content = [t for t in tokens if t not in STOPWORDS]
        for tok in dict.fromkeys(tokens):  # in order, so "why" names the same acronym each run
            if tok in STOPWORDS and tokens != [tok]:
                continue  # "can", "one" in a sentence are words, not the acronyms CAN or ONE
            for idx, shown, value in self._acronyms.get(tok, ()):
                alone = content == [tok] or tokens == [tok]
                offer(idx, value if alone or value < 100 else 92.0, f"acronym {shown}")
        query = " ".join(content)
        if query:
            if best is None:
                for idx, value, why in self._phrase_scores(query):
                    offer(idx, value, why)
                found = self._word_scores(self._words(content, exhaustive=True))
            else:
                words = self._words(content, exhaustive=False)
                overlaps = self._words_index.overlaps(words)
                for idx, value, why in self._phrase_scores(query, overlaps):
                    offer(idx, value, why)
                offered = {idx: so_far[0] for idx, so_far in scores.items()}
                found = self._words_index.best(words, offered, best, WORD_CANDIDATES, overlaps)
            for idx, (value, n_words) in found.items():
                offer(idx, value, f"{n_words} words", n_words)
        return scores

    def _phrase_scores(
        self, query: str, overlaps: list[AbstractSet[int]] | None = None
    ) -> list[tuple[int, float, str]]:
        """Phrases like the query (all of them compared, unless `overlaps` are given: then only
        the likely ones), as (target, score, why), best first."""
        out: list[tuple[int, float, str]] = []
        positions: Sequence[int]
        if overlaps is None:
            positions = range(len(self._phrase_texts))
            texts = self._phrase_texts
        else:
            positions = self._phrase_candidates(query, overlaps)
            texts = [self._phrase_texts[p] for p in positions]
        hits = process.extract(
            query, texts, scorer=fuzz.ratio, score_cutoff=PHRASE_CUTOFF, limit=None
        )
        for _, value, pos in hits:
            p = self._phrases[positions[pos]]
            out.append((p.target, value, f"{p.field.value} {p.shown!r}"))
        if " " in query:
            hits = process.extract(
                query,
                texts,
                scorer=fuzz.token_sort_ratio,
                score_cutoff=PHRASE_CUTOFF,
                limit=None,
            )
            for _, value, pos in hits:
                p = self._phrases[positions[pos]]
                out.append((p.target, value, f"{p.field.value} {p.shown!r}"))
        return out

    def _phrase_candidates(self, query: str, overlaps: list[AbstractSet[int]]) -> list[int]:
        """Positions, ascending, of the phrases worth comparing whole with the query: those
        sharing most of its rarer trigrams, and those of the entries holding most of its words
        (which a typo in every word, or a missing space, would hide from one or the other)."""
        chosen = set(self._grams.candidates(query, PHRASE_CUTOFF, PHRASE_CANDIDATES, GRAM_BUDGET))
        lo, hi = length_window(len(query), PHRASE_CUTOFF)
        room = PHRASE_CANDIDATES
        for level in overlaps:
            for idx in level:
                for p in range(self._first_phrase[idx], self._first_phrase[idx + 1]):
                    if lo <= len(self._phrase_texts[p]) <= hi and p not in chosen:
                        chosen.add(p)
                        room -= 1
                if room <= 0:
                    return sorted(chosen)
        return sorted(chosen)

    def _similar_stems(self, s: str, exhaustive: bool = True) -> list[tuple[str, int]]:
        """Index stems that are the same word as `s`: exact, or a near spelling when long enough;
        with how alike, in percent."""
        found: list[tuple[str, int]] = []
        if s in self._postings:
            found.append((s, EXACT))
        if len(s) >= 5:
            # Near spellings only of words from names, aliases, examples and keywords: fuzzy
            # matches against running text ("weather" ~ "whether") are mostly accidents.
            if exhaustive:
                near = [
                    (cand, value)
                    for cand, value, _ in process.extract(
                        s,
                        self._strong_vocab,
                        scorer=fuzz.ratio,
                        score_cutoff=WORD_SIMILARITY,
                        limit=8,
                    )
                ]
            else:
                near = self._vocab.near(s, WORD_SIMILARITY, 8)
            for cand, value in near:
                if cand != s:
                    found.append((cand, round(value)))
        if len(s) >= 3:
            # A short form of a longer word ("pay" for "payment", "inspect" for "inspection").
            if exhaustive:
                longer = [c for c in self._strong_vocab if c.startswith(s) and len(s) * 2 >= len(c)]
            else:
                longer = self._vocab.with_prefix(s, len(s) * 2)
            for cand in longer:
                if cand != s:
                    found.append((cand, PREFIX))
        return found

    def _words(self, content: list[str], exhaustive: bool) -> list[QueryWord]:
        """The query's distinct stems, each with the index stems that count as it and a weight."""
        words: list[QueryWord] = []
        for s in dict.fromkeys(stem(w) for w in content):
            similar = self._similar_stems(s, exhaustive)
            # A word the catalogue lacks still counts against the match, but less than a rare
            # word it has: people describe their work in words the toolkit does not use.
            # A word the catalogue has weighs by its own rarity, not by that of a rarer near
            # spelling ("community" must not weigh as much as a one-off "communicat").
            if s in self._idf:
                weight = self._idf[s]
            else:
                weight = max((self._idf[v] for v, _ in similar), default=self._max_idf * 3 // 5)
            words.append(QueryWord(weight, tuple(similar)))
        return words

    def _word_scores(self, words: list[QueryWord]) -> dict[int, tuple[float, int]]:
        """Every entry holding one of the words, scored on all of them: the brute-force reference."""
        if not words:
            return {}
        total = sum(word.weight for word in words)
        gained: dict[int, int] = defaultdict(int)
        hits: dict[int, int] = defaultdict(int)
        named: dict[int, set[str]] = defaultdict(set)
        for word in words:
            weight = word.weight
            best: dict[int, int] = {}
            for v, sim in word.similar:
                for idx, fw in self._postings[v].items():
                    value = sim * fw
                    if value > best.get(idx, 0):
                        best[idx] = value
                    if v in self._name_stems[idx]:
                        named[idx].add(v)
            for idx, value in best.items():
                gained[idx] += weight * value
                hits[idx] += 1
        out: dict[int, tuple[float, int]] = {}
        for idx, g in gained.items():
            out[idx] = (
                word_value(g, total, len(named[idx]), len(self._name_stems[idx])),
                hits[idx],
            )
        return out

    def _match(self, idx: int, score: float, why: str, n_words: int) -> Match:
        t = self.targets[idx]
        return Match(t.kind, t.id, t.name, t.approach_id, t.approach_name, score, why, n_words)


def classify(query: str, ranked: tuple[Match, ...], limit: int) -> LookupResult:
    """Turn ranked matches into an outcome: answer, offer choices, or admit nothing fits."""
    if not ranked or ranked[0].score < HINT_SCORE:
        return LookupResult(query, Outcome.NONE, ())
    top = ranked[0]
    second = ranked[1].score if len(ranked) > 1 else 0.0
    margin = top.score - second
    clear = top.score >= CLEAR_SCORE and margin >= CLEAR_MARGIN and top.words >= CLEAR_WORDS
    if (top.score >= CONFIDENT_SCORE and margin >= CONFIDENT_MARGIN) or clear:
        return LookupResult(query, Outcome.CONFIDENT, ranked[:limit])
    if top.score >= SUGGEST_SCORE:
        floor = max(SUGGEST_SCORE, top.score - 20.0)
        choices = tuple(m for m in ranked if m.score >= floor)[:3]
        return LookupResult(query, Outcome.AMBIGUOUS, choices)
    hints = tuple(m for m in ranked if m.score >= HINT_SCORE)[:3]
    return LookupResult(query, Outcome.NONE, hints)
