"""Guided flows declared as data: the schema, the loader and its checks.

A flow is a set of steps, each asking one question whose options lead to another step or to the end.
Loading fails loudly on a dangling step, an unreachable step, a step that can never end, or an option
value the criterion does not know. Imports: pydantic, catalogue (schema enums, yaml helpers), stdlib.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.criteria import Criterion, spec
from bot.phrases import compile_phrase
from catalogue.schema import Id
from catalogue.text import fold
from catalogue.yamlfile import DataError, DataFileError, Document, parse_yaml

END = "end"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Model):
    id: Id
    label: str = Field(min_length=1, max_length=60)
    value: str | None = None
    unsure: bool = False
    words: tuple[str, ...] = ()  # typed forms that mean this option
    # Phrases that state this answer inside a sentence (bot.understand): "a|b" are alternatives,
    # "..." stands for a few words in between, a trailing "*" matches any ending.
    says: tuple[str, ...] = ()
    # Phrases that name it plainly ("proof of concept"): they outrank what is only inferred.
    plainly: tuple[str, ...] = ()
    # Phrases that only hint at it: used when nothing the user wrote states an answer outright.
    hints: tuple[str, ...] = ()
    next: str | None = None  # overrides the step's next

    @cached_property
    def typed_forms(self) -> frozenset[str]:
        """What a typed answer naming it folds to (catalogue.text.fold): id, label and words."""
        return frozenset({fold(self.id.replace("-", " ")), *self.fuzzy_forms})

    @cached_property
    def fuzzy_forms(self) -> tuple[str, ...]:
        """Its label and words folded, which a mistyped answer is compared with."""
        return tuple(fold(form) for form in (self.label, *self.words))


class Step(_Model):
    id: Id
    criterion: Criterion
    prompt: str = Field(min_length=1)
    help: str | None = None
    options: tuple[Option, ...] = Field(min_length=2)
    next: str
    # Words that, just before a phrase of this step's options, take it back as "no" does
    # ("we would need a central team": wanting something is not having it).
    unless: tuple[str, ...] = ()
    # Whether "no", "not" and the like take a phrase back at all: for barriers they do not
    # ("no money for double running" states a barrier).
    negation: bool = True

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def leads_to(self, option: Option) -> str:
        return option.next or self.next

    @property
    def multiple(self) -> bool:
        """Several answers at once, as the step's criterion takes a set of values."""
        return spec(self.criterion).multiple

    @property
    def unsure(self) -> Option:
        return next(o for o in self.options if o.unsure)


class Flow(_Model):
    id: Id
    version: int = Field(ge=1)
    title: str
    intro: str | None = None
    start: str
    steps: tuple[Step, ...] = Field(min_length=1)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def remaining(self, step_id: str) -> int:
        """How many questions the path from `step_id` asks, counting it, when each answer
        goes where its step goes by default: "question 2 of N" follows the answers given."""
        count, seen = 0, set()
        while step_id != END and step_id not in seen:
            step = self.step(step_id)
            if step is None:
                break
            seen.add(step_id)
            count += 1
            step_id = step.next
        return count


def load_flow(file: str, text: str) -> Flow:
    doc = parse_yaml(file, text)
    if not isinstance(doc.data, dict):  # pydantic would say "instance of Flow", which helps nobody
        raise DataFileError([doc.error((), "expected a mapping with id, version, start and steps")])
    try:
        flow = Flow.model_validate(doc.data)
    except ValidationError as exc:
        raise DataFileError(
            [doc.error(tuple(err["loc"]), _reason(err)) for err in exc.errors()]
        ) from None
    errors = check_flow(flow, doc)
    if errors:
        raise DataFileError(errors)
    return flow


def _reason(err: Any) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key"
    if err["type"] == "missing":
        return "required but missing"
    return str(err["msg"]).removeprefix("Value error, ")


def check_flow(flow: Flow, doc: Document) -> list[DataError]:
    errors: list[DataError] = []
    step_index = {s.id: i for i, s in enumerate(flow.steps)}
    if len(step_index) != len(flow.steps):
        seen: set[str] = set()
        for i, s in enumerate(flow.steps):
            if s.id in seen:
                errors.append(doc.error(("steps", i, "id"), f"step id {s.id!r} is used twice"))
            seen.add(s.id)
    if flow.start not in step_index:
        errors.append(doc.error(("start",), f"start step {flow.start!r} does not exist"))
    for i, step in enumerate(flow.steps):
        errors.extend(_check_step(flow, step, i, step_index, doc))
    if errors:
        return errors
    reachable = _reachable(flow)
    for i, step in enumerate(flow.steps):
        if step.id not in reachable:
            errors.append(
                doc.error(("steps", i), f"step {step.id!r} cannot be reached from the start")
            )
    ending = _can_end(flow)
    for i, step in enumerate(flow.steps):
        if step.id in reachable and step.id not in ending:
            errors.append(doc.error(("steps", i), f"step {step.id!r} never leads to the end"))
    return errors


def _check_step(
    flow: Flow, step: Step, i: int, step_index: dict[str, int], doc: Document
) -> list[DataError]:
    errors: list[DataError] = []
    known = frozenset(spec(step.criterion).values)
    option_ids: set[str] = set()
    unsure = 0
    for j, opt in enumerate(step.options):
        at = ("steps", i, "options", j)
        if opt.id in option_ids:
            errors.append(
                doc.error(at + ("id",), f"option id {opt.id!r} is used twice in this step")
            )
        option_ids.add(opt.id)
        if opt.unsure:
            unsure += 1
            if opt.value is not None:
                errors.append(doc.error(at + ("value",), "a 'not sure' option carries no value"))
        elif opt.value not in known:
            errors.append(
                doc.error(
                    at + ("value",),
                    f"unknown {step.criterion.value} value {opt.value!r}; "
                    f"expected one of {', '.join(sorted(known))}",
                )
            )
        if opt.next is not None and opt.next != END and opt.next not in step_index:
            errors.append(doc.error(at + ("next",), f"leads to unknown step {opt.next!r}"))
        for field in ("plainly", "says", "hints"):
            for k, phrase in enumerate(getattr(opt, field)):
                try:
                    compile_phrase(phrase)
                except ValueError as exc:
                    errors.append(doc.error(at + (field, k), str(exc)))
        if opt.next is not None and step.multiple:
            errors.append(
                doc.error(
                    at + ("next",),
                    f"a {step.criterion.value} step takes several answers, so its options "
                    "cannot lead to different steps; use the step's next",
                )
            )
    # Checked once per step, not once per option that falls through to it.
    if step.next != END and step.next not in step_index:
        errors.append(doc.error(("steps", i, "next"), f"leads to unknown step {step.next!r}"))
    if unsure != 1:
        errors.append(
            doc.error(("steps", i, "options"), "needs exactly one 'not sure' option (unsure: true)")
        )
    return errors


def _edges(flow: Flow) -> dict[str, set[str]]:
    return {s.id: {s.leads_to(o) for o in s.options} for s in flow.steps}


def _reachable(flow: Flow) -> set[str]:
    edges = _edges(flow)
    seen: set[str] = set()
    todo = [flow.start]
    while todo:
        cur = todo.pop()
        if cur == END or cur in seen:
            continue
        seen.add(cur)
        todo.extend(edges.get(cur, ()))
    return seen


def _can_end(flow: Flow) -> set[str]:
    edges = _edges(flow)
    ending: set[str] = set()
    changed = True
    while changed:
        changed = False
        for sid, targets in edges.items():
            if sid not in ending and any(t == END or t in ending for t in targets):
                ending.add(sid)
                changed = True
    return ending
