"""Reads a description of someone's situation into answers to the guided questions.

"We piloted it in two trusts and want every ICB to adopt it within two years" says the stage,
the audience and scale and the timeframe. The phrases that state each answer live with the
flow's options (`says`, and weaker `hints`), so a new criterion brings its own; lengths of time
and dates are read here, with number words converted by the text2num library. A criterion is
filled only when the text states or clearly implies it: a longer, more specific phrase wins over
a shorter one, a hint counts only when nothing states the answer outright, a negated phrase
("no funding") does not count, and a length of time counts only when it looks ahead ("within
two years", not "running for two years"). Imports: text2num, bot.*, catalogue.text, stdlib.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.answers import match_option
from bot.criteria import CRITERIA, Answers, Criterion, spec, window_for
from bot.durations import lengths_of_time
from bot.flow import Flow, Step
from bot.phrases import BREAK, NEGATORS, Phrase, compile_phrase, positions
from catalogue.text import fold

# Longer text is cut before reading: a description is a few sentences, not a document.
MAX_WORDS = 200
# Speaking of one's own work, or of wanting something: what makes a description a situation.
_PERSONAL = frozenset(
    """we our us ours i im ive id my weve were wed ourselves want wants wanting looking trying
    hoping hope plan planning aim aiming need needs""".split()
)
_DATE_SPECIFIC = 10  # a length of time or a date states the timeframe more surely than a phrase
_PLAIN = 20  # an answer named plainly outranks any answer inferred


@dataclass(frozen=True)
class Found:
    """What the text says for one criterion, and the phrases it was read from."""

    criterion: Criterion
    values: frozenset[str]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Understanding:
    found: tuple[Found, ...] = ()
    personal: bool = False  # speaks of the writer's own work or wishes

    @property
    def situation(self) -> bool:
        """A description of the user's situation, not a question about the catalogue."""
        return bool(self.found) and (self.personal or len(self.found) >= 2)

    def get(self, criterion: Criterion) -> frozenset[str]:
        return next((f.values for f in self.found if f.criterion is criterion), frozenset())

    def values(self, leaving_out: Criterion | None = None) -> dict[Criterion, frozenset[str]]:
        """Criterion -> the values found, but for `leaving_out`'s."""
        return {f.criterion: f.values for f in self.found if f.criterion is not leaving_out}

    def answers(self) -> Answers:
        return Answers.of(self.values())


@dataclass(frozen=True)
class _Cue:
    value: str | None  # None: the phrase speaks to the question without settling it
    phrase: Phrase
    hint: bool
    weight: int = 0  # added to the words named: phrases that name an answer plainly outrank


# A sum of money held ("we've got £200k", "£50k of funding") says there is funding; a price
# ("the devices are £40k each") or a sum needed does not.
_MONEY = re.compile(
    r"\b(?:have|has|got|secured|received|awarded|won|given|raised|with|left over|leftover)\b"
    r"[^.;£]{0,25}£\s?\d"
    r"|£\s?\d[\d.,]*\s*(?:k|m|million|bn)?\s+(?:of\s+)?(?:funding|grant|budget|investment|pot)\b",
    re.I,
)
_NO_MONEY = re.compile(
    r"\b(?:no|without|lack of|not|nobody|never|need|needs|needed|would need)\b[^.;]{0,30}£\s?\d",
    re.I,
)


class Understander:
    """Built once per flow: its options' phrases, compiled."""

    def __init__(self, flow: Flow) -> None:
        self._cues: dict[Criterion, list[_Cue]] = {}
        self._negators: dict[Criterion, frozenset[str]] = {}
        self._steps: dict[Criterion, Step] = {}
        for step in flow.steps:
            self._steps.setdefault(step.criterion, step)
            cues = self._cues.setdefault(step.criterion, [])
            extra = frozenset(w for u in step.unless for w in fold(u).split())
            self._negators[step.criterion] = (NEGATORS if step.negation else frozenset()) | extra
            for option in step.options:
                cues += [
                    _Cue(option.value, compile_phrase(p), False, _PLAIN) for p in option.plainly
                ]
                cues += [_Cue(option.value, compile_phrase(p), False) for p in option.says]
                cues += [_Cue(option.value, compile_phrase(p), True) for p in option.hints]
        # Every phrase by the words it can begin with, so a message tries only its own.
        self._all = [(c, cue) for c, cues in self._cues.items() for cue in cues]
        self._by_first: dict[str, list[int]] = {}
        self._by_prefix: list[tuple[int, tuple[str, ...]]] = []
        for n, (_, cue) in enumerate(self._all):
            first = cue.phrase.parts[0]
            assert first is not None
            for word in first.firsts:
                self._by_first.setdefault(word, []).append(n)
            if first.first_prefixes:
                self._by_prefix.append((n, first.first_prefixes))

    def read(self, text: str, now: float, pending: Criterion | None = None) -> Understanding:
        """What `text` says for each criterion. `now` (epoch seconds) dates "by next spring";
        `pending` is the question being asked, for which a bare "two years" or a hint counts."""
        words = clause_words(text)[:MAX_WORDS]
        if not words:
            return Understanding()
        present = positions(words)
        personal = not _PERSONAL.isdisjoint(present)
        said: dict[Criterion, dict[str, tuple[int, str]]] = {}
        hinted: dict[Criterion, dict[str, tuple[int, str]]] = {}
        open_: set[Criterion] = set()  # spoken to, but left open ("other trusts")
        for criterion, cue in self._candidates(present):
            named = cue.phrase.find(words, self._negators[criterion], present)
            if not named:
                continue
            named += cue.weight
            if cue.value is None:
                open_.add(criterion)
                continue
            pool = (hinted if cue.hint else said).setdefault(criterion, {})
            if named > pool.get(cue.value, (0, ""))[0]:
                pool[cue.value] = (named, cue.phrase.text)
        months = lengths_of_time(text, now, pending is Criterion.TIMEFRAME)
        if months:
            said[Criterion.TIMEFRAME] = {
                window_for(max(months)).value: (_DATE_SPECIFIC, "a length of time")
            }
        if _MONEY.search(text) and not _NO_MONEY.search(text):
            said.setdefault(Criterion.RESOURCES, {})["funding"] = (2, "a sum of money")
        for criterion, value in self._listed(text):
            said.setdefault(criterion, {}).setdefault(value, (_PLAIN, "an answer in a list"))
        # Hints count only in a description of the writer's situation, or as the answer to the
        # question being asked.
        found = []
        for s in CRITERIA:
            c = s.criterion
            pool = dict(said.get(c) or {})
            if c not in open_ and (pending is c or personal or any(k is not c for k in said)):
                # A several-answer question takes each hinted answer not stated otherwise;
                # a one-answer question takes a hint only when nothing states an answer.
                for value, hint in (hinted.get(c) or {}).items():
                    if s.multiple or not pool:
                        pool.setdefault(value, hint)
            if not pool:
                continue
            if s.multiple:
                values = frozenset(pool)
            elif s.prefer_first:
                values = frozenset({min(pool, key=s.prefer.index)})
            else:
                best = max(n for n, _ in pool.values())
                tied = [v for v, (n, _) in pool.items() if n == best]
                values = frozenset({min(tied, key=s.prefer.index)})
            evidence = tuple(pool[v][1] for v in s.values if v in values)
            found.append(Found(c, values, evidence))
        return Understanding(tuple(found), personal)

    def _candidates(self, present: Mapping[str, Sequence[int]]) -> list[tuple[Criterion, _Cue]]:
        """The phrases that can begin somewhere in the message, in the flow's order: most
        phrases are never tried, as none of the words they begin with is there."""
        found = {n for w in present if w in self._by_first for n in self._by_first[w]}
        found.update(
            n for n, prefixes in self._by_prefix if any(w.startswith(prefixes) for w in present)
        )
        return [self._all[n] for n in sorted(found)]

    def _listed(self, text: str) -> list[tuple[Criterion, str]]:
        """Answers given as a terse list ("ready to spread, national, 1-3 years"): each item is
        an option's own words for one of the questions."""
        items = [i for i in _LIST_ITEM.split(text) if i.strip()]
        if len(items) < 2 or any(len(i.split()) > _LIST_ITEM_WORDS for i in items):
            return []
        found = []
        for item in items:
            for criterion, step in self._steps.items():
                option = match_option(step, item)
                if option is not None and option.value is not None:
                    found.append((criterion, option.value))
                    break
        return found if len(found) == len(items) else []


# Where one statement ends and the next begins: a phrase is never read across these.
_CLAUSE_END = re.compile(r"[.;:!?]+(?:\s|$)|\b(?:but|however|although|though|whereas)\b", re.I)


def clause_words(text: str) -> list[str]:
    """The folded words of `text`, with BREAK between clauses ("it works. but costs are...")."""
    out: list[str] = []
    for n, clause in enumerate(_CLAUSE_END.split(text)):
        if n:
            out.append(BREAK)
        out += fold(clause).split()
    return out


# A terse list of answers: items of a few words between commas, semicolons or dots.
_LIST_ITEM = re.compile(r"[,;·|/\n]+|\.\s")
_LIST_ITEM_WORDS = 4


def summary(understood: Understanding | Answers) -> str:
    """The answers in a short line: "ready to spread · national · 1 to 3 years"."""
    answers = understood.answers() if isinstance(understood, Understanding) else understood
    return " · ".join(spec(c).describe(answers.get(c)) for c in answers.asked())
