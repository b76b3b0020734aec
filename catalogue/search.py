"""Free-text lookup over the catalogue, in the words people use.

Three signals, each scored 0-100, the best of them counting:
- acronyms (GIRFT, CQUIN) typed alone match exactly, never fuzzily;
- phrases (names, aliases, example names, phrasings) are compared whole with rapidfuzz, catching
  typos and questions close to a phrasing;
- words: the query's units, scored as the share of the query's weight an entry explains. A unit
  is a thesaurus term (standing for every term of its group: "go-between" finds "broker") or
  another content word (stemmed, matched exactly, by near spelling or as a short form). Each
  weighs by its rarity in the catalogue, and what it matches by the field it is in. This catches
  questions, paraphrases and sentences about someone's work.
catalogue.confidence decides whether the best match answers. The inverted index also picks the
candidates, so only entries sharing a word are scored. `lookup` goes further, to stay fast on
catalogues of 100,000 entries (see catalogue.index): trigrams pick the phrases worth comparing, and
words are read rarest first, stopping once no entry not yet seen could reach the best few. `score`
and `lookup(brute_force=True)` compare everything, as the reference the fast path is tested
against. Weights are integers, so a score never depends on the order words are added up in.
Imports: rapidfuzz, stdlib and catalogue only.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz, process

from catalogue.confidence import SUGGEST_SCORE, classify, prefer_methods
from catalogue.index import PhraseGrams, Vocabulary, length_window
from catalogue.matches import FieldKind, LookupResult, Match, MatchKind, Outcome, TargetKind
from catalogue.postings import QueryWord, WordPostings
from catalogue.schema import Catalogue
from catalogue.text import STOPWORDS, fold, stem
from catalogue.thesaurus import Thesaurus

__all__ = [
    "FieldKind",
    "LookupResult",
    "Match",
    "MatchKind",
    "Outcome",
    "SearchIndex",
    "TargetKind",
    "is_acronym",
]

PHRASE_CUTOFF = 75.0
# How alike two words must be (rapidfuzz ratio) to count as the same word: one slip in a word of
# seven letters or more, none in a short one ("leave" is not "level").
WORD_SIMILARITY = 85.0
# How much work one lookup may do on a large catalogue: phrases compared whole, trigram postings
# read to choose them, and entries scored on words. A catalogue with no more phrases and entries
# than these (the shipped one) gets exactly what comparing everything would give.
PHRASE_CANDIDATES = 300
GRAM_BUDGET = 2_000
WORD_CANDIDATES = 500

# Weights are integers (percent; rarity in thousandths) so that a score is one division of exact
# integer sums: the same on every Python and in whatever order the words are added up.
FIELD_WEIGHT: dict[FieldKind, int] = {
    FieldKind.NAME: 100,
    FieldKind.ALIAS: 100,
    FieldKind.EXAMPLE: 95,
    FieldKind.PHRASING: 90,
    FieldKind.KEYWORD: 85,
    FieldKind.TEXT: 70,
}
STRONG = FIELD_WEIGHT[FieldKind.KEYWORD]  # words from fields this strong may be misspelt
# A word counts among the words an entry holds (which confidence asks of a sentence) only when it
# matches more strongly than an exact word of running text: "carries out" in a summary, or "time"
# from "Getting It Right First Time", add to a score but are no evidence by themselves.
HIT_FLOOR = FIELD_WEIGHT[FieldKind.TEXT] * 100
EXACT = 100  # how alike a word is to itself, in percent
SYNONYM = 90  # how alike a term is to the other terms of its thesaurus group
RARITY_SCALE = 1000  # a word's rarity (log inverse document frequency) is kept in thousandths
# The weight of a word the catalogue lacks, as a share of the rarest word's: people describe
# their work in words the toolkit does not use, and these count against a match, but less than
# a word it has.
UNKNOWN_SHARE = (3, 5)
# The weight of a context term (trust, ICB, ward: see catalogue.schema), as a share of the rarest
# word's. It matches nothing, so it only dilutes a little.
CONTEXT_SHARE = (1, 6)

_ACRONYM = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Za-z0-9]{2,8}$")
_ACRONYM_VALUE = {True: 100.0, False: SUGGEST_SCORE + 5}  # a name's or example's; a keyword's
# An acronym with one other word ("GIRFT orthopaedics", "how does CQUIN work for GPs") is still a
# question about it; with more, it is one word of a sentence like any other.
ACRONYM_WITH_ONE_WORD = 0.85
# In a message of more than LONG_MESSAGE words and terms, an acronym is a mention ("we got SBRI
# funding, and now..."): it matches only this much alike, below what counts as evidence.
LONG_MESSAGE = 3
MENTION = 70


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    id: str
    name: str
    approach_id: str
    approach_name: str
    order: int


@dataclass(frozen=True)
class _Phrase:
    target: int
    text: str  # folded, stopwords removed
    shown: str
    field: FieldKind
    example: str | None  # the example's name, when this is one of its names


@dataclass(frozen=True)
class _Acronym:
    target: int
    shown: str
    value: float
    example: str | None


class _Found(NamedTuple):
    """An entry's best evidence so far (a named tuple: scoring everything makes many)."""

    value: float
    why: str
    words: int
    via: MatchKind
    matched: str = ""
    example: str | None = None


_PHRASE_VIA = {
    FieldKind.NAME: MatchKind.NAME,
    FieldKind.ALIAS: MatchKind.ALIAS,
    FieldKind.EXAMPLE: MatchKind.EXAMPLE,
    FieldKind.PHRASING: MatchKind.PHRASING,
}


def rarity(entries: int, holding: int) -> int:
    """How rare a word is among `entries` when `holding` of them have it: log inverse document
    frequency, in thousandths (an integer, so that adding weights up is exact)."""
    return round(RARITY_SCALE * math.log(1.0 + entries / holding))


def is_acronym(term: str) -> bool:
    return bool(_ACRONYM.match(term)) and " " not in term


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
        self.thesaurus = Thesaurus(catalogue.thesaurus, tuple(c.term for c in catalogue.context))
        self._phrases: list[_Phrase] = []
        self._acronyms: dict[str, list[_Acronym]] = defaultdict(list)
        self._postings: dict[str, dict[int, int]] = defaultdict(dict)
        self._name_stems: list[frozenset[str]] = []  # the index tokens of each entry's name
        self._first_phrase: list[int] = []  # where each target's phrases start
        self._surface: dict[str, str] = {}  # words of strong fields, as written -> their stems
        self._exact_only: set[str] = set()  # acronyms: matched as typed, never by near spelling
        for approach in catalogue.approaches:
            idx = self._add_target(
                TargetKind.APPROACH, approach.id, approach.name, approach.id, approach.name
            )
            for alias in approach.aliases:
                self._add_text(idx, alias, FieldKind.ALIAS, phrase=True)
            for text in approach.phrasings:
                self._add_text(idx, text, FieldKind.PHRASING, phrase=True)
            for kw in approach.keywords:
                self._add_text(idx, kw, FieldKind.KEYWORD)
            self._add_text(idx, approach.summary, FieldKind.TEXT)
        for method in catalogue.methods:
            approach = catalogue.approach(method.approach)
            idx = self._add_target(
                TargetKind.METHOD, method.id, method.name, approach.id, approach.name
            )
            for alias in method.aliases:
                self._add_text(idx, alias, FieldKind.ALIAS, phrase=True)
            for ex in method.examples:
                for name in (ex.name, *ex.aliases):
                    self._add_text(idx, name, FieldKind.EXAMPLE, phrase=True, example=ex.name)
            for text in method.phrasings:
                self._add_text(idx, text, FieldKind.PHRASING, phrase=True)
            for kw in method.keywords:
                self._add_text(idx, kw, FieldKind.KEYWORD)
            for running in (method.summary, method.description):
                if running:
                    self._add_text(idx, running, FieldKind.TEXT)
        n = len(self.targets)
        self._idf = {s: rarity(n, len(p)) for s, p in self._postings.items()}
        self._max_idf = rarity(n, 1)
        self._unknown = self._max_idf * UNKNOWN_SHARE[0] // UNKNOWN_SHARE[1]
        self._context = self._max_idf * CONTEXT_SHARE[0] // CONTEXT_SHARE[1]
        self._phrase_texts = [p.text for p in self._phrases]
        self._first_phrase.append(len(self._phrases))  # a target's phrases are contiguous
        self._surface_words = [w for w in self._surface if w not in self._exact_only]
        self._acronym_tokens = {stem(a) for a in self._exact_only}
        # for lookup's fast path (catalogue.index, .postings); score() and brute force use none
        self._grams = PhraseGrams(self._phrase_texts)
        self._vocab = Vocabulary(self._surface_words)
        self._words_index = WordPostings(self._postings, self._name_stems, word_value, HIT_FLOOR)

    # --- building -------------------------------------------------------------------------------

    def _add_target(self, kind: TargetKind, tid: str, name: str, aid: str, aname: str) -> int:
        idx = len(self.targets)
        self.targets.append(Target(kind, tid, name, aid, aname, idx))
        self._first_phrase.append(len(self._phrases))
        self._name_stems.append(frozenset(self._add_text(idx, name, FieldKind.NAME, phrase=True)))
        return idx

    def _add_text(
        self,
        idx: int,
        text: str,
        field: FieldKind,
        *,
        phrase: bool = False,
        example: str | None = None,
    ) -> set[str]:
        """Index one text of an entry: its words, the thesaurus groups it names and, for names,
        aliases, examples and phrasings, the whole phrase. Returns the index tokens it added."""
        weight = FIELD_WEIGHT[field]
        # An example's name counts whole (as a phrase, or an acronym); one word of it alone is
        # no stronger than running text: "time" is not "Getting It Right First Time".
        word_weight = FIELD_WEIGHT[FieldKind.TEXT] if field is FieldKind.EXAMPLE else weight
        if is_acronym(text):
            self._acronyms[fold(text)].append(_Acronym(idx, text, _ACRONYM_VALUE[phrase], example))
            if not phrase:
                return set()  # an acronym among keywords (NICE, MHRA) is related, not a name
            token = stem(fold(text))
            self._exact_only.add(fold(text))
            self._post(idx, token, weight)
            return {token}
        words = fold(text).split()
        stems = [stem(w) for w in words]
        content = [(w, s) for w, s in zip(words, stems, strict=True) if w not in STOPWORDS]
        if phrase and content:
            cleaned = " ".join(w for w, _ in content)
            self._phrases.append(_Phrase(idx, cleaned, text, field, example))
        added = set()
        for w, s in content:
            self._post(idx, s, word_weight)
            if weight >= STRONG:
                self._surface.setdefault(w, s)
            added.add(s)
        for occ in self.thesaurus.find(words, stems):
            if occ.context:
                continue
            concept = self.thesaurus.concept(occ.group)
            self._post(idx, concept, word_weight)
            added.add(concept)
        return added

    def _post(self, idx: int, token: str, weight: int) -> None:
        posting = self._postings[token]
        if posting.get(idx, 0) < weight:
            posting[idx] = weight

    # --- answering ------------------------------------------------------------------------------

    def lookup(self, text: str, limit: int = 5, *, brute_force: bool = False) -> LookupResult:
        """The best matches and what to do with them. `brute_force` compares every phrase and
        word and scores every entry: the same answer, slower on a large catalogue."""
        tokens = fold(text).split()
        units = self._units(tokens, exhaustive=brute_force)
        found = self._score(tokens, units, best=None if brute_force else max(limit, 3))
        ranked = sorted(
            found.items(),
            key=lambda kv: (-kv[1].value, self.targets[kv[0]].kind != TargetKind.METHOD, kv[0]),
        )
        matches = tuple(self._match(i, f, tokens) for i, f in ranked[: max(limit, 3)])
        content = sum(1 for u in units if u.weight != self._context or u.similar)
        return classify(text, prefer_methods(matches), limit, content)

    def score(self, text: str) -> dict[int, tuple[float, str, int]]:
        """Every target with a score above zero: the score, what matched, how many words."""
        tokens = fold(text).split()
        found = self._score(tokens, self._units(tokens, exhaustive=True), best=None)
        return {idx: (f.value, f.why, f.words) for idx, f in found.items()}

    def _score(
        self, tokens: list[str], units: list[QueryWord], best: int | None
    ) -> dict[int, _Found]:
        """Scores of every target (`best` None), or of enough to be sure of the `best` best."""
        scores: dict[int, _Found] = {}

        def offer(idx: int, found: _Found) -> None:
            so_far = scores.get(idx)
            if so_far is None or found.value > so_far.value:
                scores[idx] = found._replace(value=round(min(found.value, 100.0), 1))

        content = [t for t in tokens if t not in STOPWORDS]
        if len(tokens) == 1 or len(content) <= 2:
            # An acronym typed alone, with stopwords only ("what is GIRFT?") or with one other
            # word. In a longer message it is one word among the others.
            share = 1.0 if len(tokens) == 1 or len(content) == 1 else ACRONYM_WITH_ONE_WORD
            for tok in tokens if len(tokens) == 1 else content:
                for a in self._acronyms.get(tok, ()):
                    found = _Found(
                        a.value * share,
                        f"acronym {a.shown}",
                        1,
                        MatchKind.ACRONYM,
                        a.shown,
                        a.example,
                    )
                    offer(a.target, found)
        query = " ".join(content)
        if not query:
            return scores
        if best is None:
            for idx, found in self._phrase_scores(query):
                offer(idx, found)
            words = self._word_scores(units)
        else:
            overlaps = self._words_index.overlaps(units)
            for idx, found in self._phrase_scores(query, overlaps):
                offer(idx, found)
            offered = {idx: so_far.value for idx, so_far in scores.items()}
            words = self._words_index.best(units, offered, best, WORD_CANDIDATES, overlaps)
        for idx, (value, n_words) in words.items():
            so_far = scores.get(idx)
            if so_far is None or value > so_far.value:  # offer(), without a tuple for each loser
                value = round(min(value, 100.0), 1)
                scores[idx] = _Found(value, f"{n_words} words", n_words, MatchKind.WORDS)
            elif n_words > so_far.words:
                # a phrase scored higher; how many of the query's words the entry holds still
                # tells confidence whether a sentence rests on more than one of them
                scores[idx] = so_far._replace(words=n_words)
        return scores

    def _phrase_scores(
        self, query: str, overlaps: list[AbstractSet[int]] | None = None
    ) -> list[tuple[int, _Found]]:
        """Phrases like the query (all of them compared, unless `overlaps` are given: then only
        the likely ones), as (target, what was found), best first."""
        out: list[tuple[int, _Found]] = []
        positions: Sequence[int]
        if overlaps is None:
            positions = range(len(self._phrase_texts))
            texts = self._phrase_texts
        else:
            positions = self._phrase_candidates(query, overlaps)
            texts = [self._phrase_texts[p] for p in positions]
        scorers = (fuzz.ratio, fuzz.token_sort_ratio) if " " in query else (fuzz.ratio,)
        for scorer in scorers:
            hits = process.extract(
                query, texts, scorer=scorer, score_cutoff=PHRASE_CUTOFF, limit=None
            )
            for _, value, pos in hits:
                p = self._phrases[positions[pos]]
                why = f"{p.field.value} {p.shown!r}"
                via = _PHRASE_VIA[p.field]
                out.append((p.target, _Found(value, why, 1, via, p.shown, p.example)))
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

    def _similar(self, word: str, s: str, exhaustive: bool) -> list[tuple[str, int]]:
        """Index tokens that are the same word as `word` (stem `s`): its stem, and the stems of
        near spellings of it when long enough; with how alike, in percent. Near spellings are of words as written, not of stems (a typo can
        stem oddly), and only of words from names, aliases, examples, phrasings and keywords:
        near spellings of words in running text ("weather" ~ "whether") are mostly accidents."""
        found: dict[str, int] = {}
        if s in self._postings:
            found[s] = EXACT
        if len(word) >= 5:
            if exhaustive:
                near = [
                    (cand, value)
                    for cand, value, _ in process.extract(
                        word,
                        self._surface_words,
                        scorer=fuzz.ratio,
                        score_cutoff=WORD_SIMILARITY,
                        limit=8,
                    )
                ]
            else:
                near = self._vocab.near(word, WORD_SIMILARITY, 8)
            for cand, value in near:
                token = self._surface[cand]
                if round(value) > found.get(token, 0):
                    found[token] = round(value)
        return list(found.items())

    def _units(self, tokens: list[str], exhaustive: bool) -> list[QueryWord]:
        """The query's units, in order and without repeats: each thesaurus term found in it, and
        each other content word; with the index tokens that count as it and its weight."""
        stems = [stem(t) for t in tokens]
        units: dict[tuple[str, ...], QueryWord] = {}
        key: tuple[str, ...]
        terms = {occ.start: occ for occ in self.thesaurus.find(tokens, stems)}
        i = 0
        while i < len(tokens):
            occ = terms.get(i)
            if occ is not None and occ.context:
                key = ("~context", stems[i])
                i = occ.end
                if key not in units:
                    units[key] = QueryWord(self._context, ())
                continue
            if occ is not None:
                concept = self.thesaurus.concept(occ.group)
                similar: list[tuple[str, int]] = []
                own = stems[i] if occ.end == i + 1 else None  # a one-word term is itself too
                if own is not None and own in self._postings:
                    similar.append((own, EXACT))
                if concept in self._postings:
                    similar.append((concept, SYNONYM if similar else EXACT))
                key = (concept, own or "")
                # a term of several words is still several words ("co production", "early
                # adopters"): merging them into one unit must not make a sentence look thinner
                count = min(2, sum(1 for t in tokens[i : occ.end] if t not in STOPWORDS) or 1)
                i = occ.end
            else:
                word = tokens[i]
                i += 1
                if word in STOPWORDS:
                    continue
                similar = self._similar(word, stems[i - 1], exhaustive)
                own = stems[i - 1]
                key = (own,)
                count = 1
            if key not in units:
                units[key] = QueryWord(self._weight(own, similar), tuple(similar), count)
        if len(units) > LONG_MESSAGE:
            for key, unit in units.items():
                if key[0] in self._acronym_tokens:
                    units[key] = unit._replace(similar=tuple((v, MENTION) for v, _ in unit.similar))
        return list(units.values())

    def _weight(self, own: str | None, similar: list[tuple[str, int]]) -> int:
        """A unit weighs by its own rarity when the catalogue has it; by that of what it stands
        for otherwise (a near spelling, a short form, its thesaurus group); and a word the
        catalogue lacks weighs a fixed share of the rarest (UNKNOWN_SHARE)."""
        if own is not None and own in self._idf:
            return self._idf[own]
        return max((self._idf[v] for v, _ in similar), default=self._unknown)

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
                hits[idx] += word.span * (value > HIT_FLOOR)
        out: dict[int, tuple[float, int]] = {}
        for idx, g in gained.items():
            out[idx] = (
                word_value(g, total, len(named[idx]), len(self._name_stems[idx])),
                hits[idx],
            )
        return out

    def _match(self, idx: int, found: _Found, tokens: list[str]) -> Match:
        t = self.targets[idx]
        example, acronym = found.example, None
        for tok in tokens:  # an acronym of this entry's anywhere in the query, for explanations
            a = next((a for a in self._acronyms.get(tok, ()) if a.target == idx), None)
            if a is not None:
                acronym = a.shown
                example = example or a.example
                break
        return Match(
            t.kind,
            t.id,
            t.name,
            t.approach_id,
            t.approach_name,
            found.value,
            found.why,
            found.words,
            found.via,
            found.matched,
            example,
            acronym,
        )
