"""A conversation's state: a versioned pydantic model, stored as JSON (never pickled).

Imports: pydantic, stdlib and bot.messages only.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationError

from bot.messages import Frozen

STATE_SCHEMA_VERSION: Literal[1] = 1


class FlowProgress(Frozen):
    """Where a user is in a guided flow and what they have answered so far."""

    flow: str
    version: int
    step: str
    answers: tuple[tuple[str, str], ...] = ()  # (step id, option id), in the order answered
    history: tuple[str, ...] = ()  # steps already answered, for "back"

    def answer_for(self, step: str) -> str | None:
        return next((opt for s, opt in self.answers if s == step), None)


class ConversationState(Frozen):
    schema_version: Literal[1] = STATE_SCHEMA_VERSION
    flow: FlowProgress | None = None
    turn: int = Field(default=0, ge=0)  # bumped on every question asked; old cards carry less
    catalogue_version: str = ""
    updated_at: float = 0.0
    # A flow left idle past the expiry, or stranded by a changed flow or catalogue, kept so the
    # user can be offered to resume it where that is still valid.
    paused_flow: FlowProgress | None = None
    paused_reason: Literal["expired", "flow_changed", "catalogue_changed"] | None = None
    # The adapter's handle on the last question message (to update it once answered).
    last_question_ref: str | None = None

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, data: str) -> ConversationState:
        """Parse stored state; raises ValueError on anything unreadable or from another schema."""
        try:
            return cls.model_validate_json(data)
        except ValidationError as exc:
            raise ValueError(
                f"unreadable conversation state: {exc.error_count()} problems"
            ) from exc
