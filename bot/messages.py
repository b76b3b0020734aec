"""What comes into the core: a frozen, platform-neutral message and the typed button actions.

Adapters build these from platform payloads; buttons carry an encoded Action, never label text.
Imports: pydantic and stdlib only.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ConversationKey(Frozen):
    """Who and where: one guided conversation per user per thread (or direct chat)."""

    platform: Annotated[
        str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,30}$")
    ]  # set by the adapter
    workspace: str  # the platform's workspace or tenant id; "local" for the console
    channel: str
    thread: str = ""  # thread root, or "" for a direct chat without threads
    user: str

    def as_string(self) -> str:
        parts = (self.platform, self.workspace, self.channel, self.thread, self.user)
        return "/".join(p.replace("%", "%25").replace("/", "%2F") for p in parts)


class Command(StrEnum):
    """Global commands: the same words on every platform."""

    HELP = "help"
    LIST = "list"
    GUIDE = "guide"
    BACK = "back"
    RESTART = "restart"
    CANCEL = "cancel"
    RESUME = "resume"


class AnswerMode(StrEnum):
    """What a click on a question's button does.

    PICK answers with the option. On a question that takes several answers, ADD and REMOVE
    change the selection (each button says which, so a double click changes nothing twice) and
    DONE answers with the selection so far (its `option` is empty)."""

    PICK = "pick"
    ADD = "add"
    REMOVE = "remove"
    DONE = "done"


class AnswerAction(Frozen):
    """A click on an option of a question in a flow."""

    kind: Literal["answer"] = "answer"
    flow: str
    step: str
    option: str
    version: int  # the flow's version when the question was asked
    turn: int  # the conversation's question counter when asked: an old card has a lower one
    mode: AnswerMode = AnswerMode.PICK


class ShowAction(Frozen):
    """A click that asks to see a method or an approach (did-you-mean choices, lists)."""

    kind: Literal["show"] = "show"
    target: Literal["method", "approach"]
    id: str
    query: str = ""  # on a "did you mean" choice: the words it was offered for
    full: bool | None = None  # True: everything the card holds (its Details), not the summary
    page: int | None = Field(default=None, ge=1)  # which page of a long approach


class FeedbackAction(Frozen):
    """A "Helpful" / "Not helpful" vote on a method's card: one per person per answer; a later
    vote on the same answer replaces the earlier one."""

    kind: Literal["feedback"] = "feedback"
    method: str
    helpful: bool
    query: str = ""  # the words that led to the card; "" when it came from a list or the guide


class CommandAction(Frozen):
    kind: Literal["command"] = "command"
    command: Command
    page: int | None = Field(default=None, ge=1)  # which page of a long list (list only)


AnyAction = AnswerAction | ShowAction | CommandAction | FeedbackAction
Action = Annotated[AnyAction, Field(discriminator="kind")]
_ACTION = TypeAdapter(Action)


def encode_action(action: AnyAction) -> str:
    """Compact JSON for a button's value (well under the 2000 characters platforms allow);
    fields left at their defaults are left out, except the kind."""
    data = action.model_dump(mode="json", exclude_defaults=True) | {"kind": action.kind}
    return json.dumps(data, separators=(",", ":"), sort_keys=True)


def decode_action(value: str) -> AnyAction | None:
    """The action a button carried, or None when the value is not one of ours."""
    try:
        return _ACTION.validate_json(value)
    except (ValidationError, ValueError):
        return None


class IncomingMessage(Frozen):
    """One thing a user did: typed text (with the bot's mention stripped) or clicked a button."""

    key: ConversationKey
    text: str = ""
    action: AnyAction | None = Field(default=None, discriminator="kind")
    received_at: float = 0.0  # epoch seconds, stamped by the adapter
