"""Outgoing Teams activities: a rendered reply, the answered-question update, welcome, apology,
and the invoke responses for invokes Spreadbot does not use.

Each card carries a plain-text `summary` (bot.plaintext) for notifications and screen readers.
Imports: microsoft_agents.activity, adapters.teams.cards, bot.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, Attachment, InvokeResponse

from adapters.teams.cards import (
    CARD_CONTENT_TYPE,
    Card,
    render_answered,
    render_card,
    render_welcome,
    welcome_plain,
)
from bot.core import AnsweredQuestion
from bot.plaintext import render_plain
from bot.replies import Reply, TextReply

APOLOGY = "Sorry, something went wrong on my side. Please try again in a moment, or type help."
UNKNOWN_BUTTON = (
    "Sorry, I no longer understand that button (it may come from an older version of me). "
    "Type help to see what I can do."
)
NOT_HERE = "Spreadbot does not do that from here. Send me a message, or type help."
_SUMMARY_LIMIT = 1000
# Message-extension invokes that ask for search results.
_QUERIES = frozenset(
    f"composeExtension/{q}" for q in ("query", "queryLink", "anonymousQueryLink", "selectItem")
)


def activity_json(activity: Activity) -> dict[str, Any]:
    """The activity's JSON as the connector client sends it."""
    return activity.model_dump(by_alias=True, exclude_unset=True, exclude_none=True, mode="json")


def summary_of(plain: str) -> str:
    """Notifications only need the start; the card holds everything."""
    plain = plain.strip()
    return plain if len(plain) <= _SUMMARY_LIMIT else plain[: _SUMMARY_LIMIT - 1].rstrip() + "…"


def card_activity(content: Card, plain: str) -> Activity:
    return Activity(
        type=ActivityTypes.message,
        summary=summary_of(plain),
        attachments=[Attachment(content_type=CARD_CONTENT_TYPE, content=content)],
    )


def text_activity(text: str) -> Activity:
    return Activity(type=ActivityTypes.message, text=text, text_format="plain")


def reply_activity(reply: Reply) -> Activity:
    if isinstance(reply, TextReply):
        return text_activity(render_plain(reply))
    return card_activity(render_card(reply), render_plain(reply))


def answered_activity(answered: AnsweredQuestion, activity_id: str) -> Activity:
    """Replaces the question card `activity_id` with the chosen answer and no buttons."""
    update = card_activity(render_answered(answered), f"{answered.prompt} {answered.answer_label}")
    update.id = activity_id
    return update


def welcome_activity() -> Activity:
    return card_activity(render_welcome(), welcome_plain())


def invoke_answer(name: str) -> InvokeResponse:
    """A valid answer to an invoke the bot does not use: a short message for card actions and
    task modules, an empty result for message-extension queries, a plain 200 for the rest."""
    ok = int(HTTPStatus.OK)
    if name == "adaptiveCard/action":
        body: object = {
            "statusCode": ok,
            "type": "application/vnd.microsoft.activity.message",
            "value": NOT_HERE,
        }
    elif name in _QUERIES:
        body = {
            "composeExtension": {"type": "result", "attachmentLayout": "list", "attachments": []}
        }
    elif name.startswith("composeExtension/"):
        body = {"composeExtension": {"type": "message", "text": NOT_HERE}}
    elif name.startswith("task/"):
        body = {"task": {"type": "message", "value": NOT_HERE}}
    else:
        body = None
    return InvokeResponse(status=ok, body=body)
