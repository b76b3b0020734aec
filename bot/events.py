"""What a turn did, for the catalogue owners' report: neutral facts an adapter may record.

The core only says what happened (a lookup it could not answer outright, a "did you mean" choice
taken, a method card shown, a vote); whether and how that is kept is the adapters' business.
Imports: bot.messages, bot.replies and stdlib only.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.messages import AnswerAction, CommandAction, FeedbackAction, ShowAction
from bot.replies import MethodCardReply, RecommendationsReply, Reply


@dataclass(frozen=True)
class Unanswered:
    """A lookup with no answer outright: "nothing fits" when `suggestions` is empty, else the
    ids offered as "did you mean", best first."""

    query: str
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Picked:
    """A "did you mean" choice taken: the entry picked for the query it was offered for."""

    query: str
    target: str  # "method" or "approach"
    id: str


@dataclass(frozen=True)
class Shown:
    """A method's card was shown; `recommended` when it came as a guided recommendation."""

    method: str
    recommended: bool = False


@dataclass(frozen=True)
class Voted:
    """A "Helpful" / "Not helpful" vote on a method's card, with the query that led there."""

    method: str
    helpful: bool
    query: str = ""


TurnEvent = Unanswered | Picked | Shown | Voted


def action_events(
    action: AnswerAction | ShowAction | CommandAction | FeedbackAction | None,
) -> tuple[TurnEvent, ...]:
    """A click's own event: a did-you-mean choice (a show that carries its query) or a vote."""
    if isinstance(action, ShowAction) and action.query:
        return (Picked(action.query, action.target, action.id),)
    if isinstance(action, FeedbackAction):
        return (Voted(action.method, action.helpful, action.query),)
    return ()


def shown_events(replies: tuple[Reply, ...]) -> tuple[TurnEvent, ...]:
    """A method card shown, or each method a guided selection recommended."""
    out: list[TurnEvent] = []
    for r in replies:
        if isinstance(r, MethodCardReply):
            out.append(Shown(r.method_id))
        elif isinstance(r, RecommendationsReply):
            out += [Shown(item.method_id, recommended=True) for item in r.items]
    return tuple(out)
