"""A conversation's state: a versioned pydantic model, stored as JSON (never pickled).

Imports: pydantic, stdlib and bot.messages only.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator

from bot.messages import Frozen

STATE_SCHEMA_VERSION: Literal[2] = 2


class FlowProgress(Frozen):
    """Where a user is in a guided flow and what they have answered so far."""

    flow: str
    version: int
    step: str
    # (step id, option ids), in the order answered; several ids where a step takes several
    answers: tuple[tuple[str, tuple[str, ...]], ...] = ()
    history: tuple[str, ...] = ()  # steps already answered, for "back"
    selected: tuple[str, ...] = ()  # options chosen so far on the pending several-answer step
    understood: tuple[str, ...] = ()  # steps answered from what the user wrote, not asked

    def answer_for(self, step: str) -> tuple[str, ...] | None:
        return next((opts for s, opts in self.answers if s == step), None)

    @model_validator(mode="before")
    @classmethod
    def _from_version_1(cls, data: Any) -> Any:
        # Version 1 kept one option id per answer.
        if isinstance(data, dict) and isinstance(data.get("answers"), list | tuple):
            data = {
                **data,
                "answers": [
                    (a[0], (a[1],))
                    if isinstance(a, list | tuple) and len(a) == 2 and isinstance(a[1], str)
                    else a
                    for a in data["answers"]
                ],
            }
        return data


class ConversationState(Frozen):
    schema_version: Literal[2] = STATE_SCHEMA_VERSION
    flow: FlowProgress | None = None
    turn: int = Field(default=0, ge=0)  # bumped on every question asked; old cards carry less
    catalogue_version: str = ""
    updated_at: float = 0.0
    # A flow left idle past the expiry, or stranded by a changed flow or catalogue, kept so the
    # user can be offered to resume it where that is still valid.
    paused_flow: FlowProgress | None = None
    paused_reason: Literal["expired", "flow_changed", "catalogue_changed"] | None = None
    # Answers taken from what the user wrote, offered for a guided selection they may start
    # next (kept for one turn), and the answers of the last finished one (to correct them).
    suggested: FlowProgress | None = None
    finished: FlowProgress | None = None

    def to_json(self) -> str:
        return self.model_dump_json()

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("schema_version") == 1:
            data = {**data, "schema_version": STATE_SCHEMA_VERSION}
        if isinstance(data, dict) and "last_question_ref" in data:
            # Records saved before adapters kept their own bookkeeping (adapters/runner.py)
            # carried the platform's handle on the last question card here: no longer ours.
            data = {k: v for k, v in data.items() if k != "last_question_ref"}
        return data

    @classmethod
    def from_json(cls, data: str) -> ConversationState:
        """Parse stored state; raises ValueError on anything unreadable or from another schema."""
        try:
            return cls.model_validate_json(data)
        except ValidationError as exc:
            raise ValueError(
                f"unreadable conversation state: {exc.error_count()} problems"
            ) from exc
