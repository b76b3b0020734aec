"""When a lookup answers: turning ranked matches into answer, "did you mean", or nothing fits.

A name, alias, example or acronym typed (nearly) whole scores high and answers when nothing else
comes close. A sentence scores lower, as most of its words are the person's own; it answers when
its best entry rests on several of its words and stands clearly ahead of every rival. One word
alone never answers a sentence: an acronym, a place or a kind of organisation mentioned in passing
must not take a message over. An entry's own approach (or an approach's own method) is not its
rival: answering the method is right either way. Imports: catalogue.matches and stdlib only.
"""

from __future__ import annotations

from catalogue.matches import LookupResult, Match, MatchKind, Outcome, TargetKind

CONFIDENT_SCORE = 80.0
CONFIDENT_MARGIN = 8.0
# A sentence answers when its best entry matched at least SENTENCE_WORDS of its words or terms,
# scores SENTENCE_SCORE or more, and is clearly ahead of every rival: by SENTENCE_LEAD points and
# by SENTENCE_RATIO times its score (points matter when scores are high, the ratio when a long
# sentence leaves every score low).
SENTENCE_SCORE = 30.0
SENTENCE_LEAD = 10.0
SENTENCE_RATIO = 1.3
SENTENCE_WORDS = 2
# An approach leading one of its own methods by no more than this answers with the method: the
# method is the more specific answer, and its card names the approach.
METHOD_OVER_APPROACH = 10.0
SUGGEST_SCORE = 50.0
SINGLE_WORD_SUGGEST = 75.0  # a one-word query's words-only match: what a name word scores
HINT_SCORE = 40.0
CHOICE_SPREAD = 20.0  # "did you mean" offers entries this close to the best
CHOICES = 3


def related(a: Match, b: Match) -> bool:
    """The same entry, or an approach and one of its own methods."""
    if a.id == b.id and a.kind is b.kind:
        return True
    if a.kind is TargetKind.METHOD and b.kind is TargetKind.APPROACH:
        return a.approach_id == b.id
    if a.kind is TargetKind.APPROACH and b.kind is TargetKind.METHOD:
        return b.approach_id == a.id
    return False


def rival_score(ranked: tuple[Match, ...]) -> float:
    """The best score among matches that are not the top one or its relatives."""
    top = ranked[0]
    return next((m.score for m in ranked[1:] if not related(top, m)), 0.0)


def prefer_methods(ranked: tuple[Match, ...]) -> tuple[Match, ...]:
    """Put first the best of the top approach's own methods when it scores within
    METHOD_OVER_APPROACH of it and holds as many of the query's words."""
    if not ranked or ranked[0].kind is not TargetKind.APPROACH:
        return ranked
    top = ranked[0]
    for i, m in enumerate(ranked[1:], start=1):
        if related(top, m) and m.score >= top.score - METHOD_OVER_APPROACH and m.words >= top.words:
            return (m, *ranked[:i], *ranked[i + 1 :])
    return ranked


def suggestible(top: Match, units: int) -> bool:
    """Whether "did you mean" may offer the best match. Words alone must carry some evidence
    (running text, as in "that would be nice" against a description's NICE, carries none), and
    a single word must do more than turn up in a phrasing or keyword ("built", "open")."""
    if top.via is not MatchKind.WORDS:
        return True
    return top.words > 0 and (units > 1 or top.score >= SINGLE_WORD_SUGGEST)


def classify(query: str, ranked: tuple[Match, ...], limit: int, units: int = 0) -> LookupResult:
    """Turn ranked matches into an outcome: answer, offer choices, or admit nothing fits.
    `units`: how many words and terms the query has, context terms aside."""
    if not ranked:
        return LookupResult(query, Outcome.NONE, (), units)
    top = ranked[0]
    rival = rival_score(ranked)
    lead = top.score - rival
    named = top.score >= CONFIDENT_SCORE and lead >= CONFIDENT_MARGIN
    sentence = (
        top.words >= SENTENCE_WORDS
        and top.score >= SENTENCE_SCORE
        and lead >= SENTENCE_LEAD
        and top.score >= SENTENCE_RATIO * rival
    )
    if named or sentence:
        return LookupResult(query, Outcome.CONFIDENT, ranked[:limit], units)
    if top.score >= SUGGEST_SCORE and suggestible(top, units):
        floor = max(SUGGEST_SCORE, top.score - CHOICE_SPREAD)
        choices = tuple(m for m in ranked if m.score >= floor)[:CHOICES]
        return LookupResult(query, Outcome.AMBIGUOUS, choices, units)
    hints = tuple(m for m in ranked if m.score >= HINT_SCORE)[:CHOICES]
    return LookupResult(query, Outcome.NONE, hints, units)
