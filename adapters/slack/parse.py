"""Slack payloads in: shape checks, then events, slash commands and clicks -> IncomingMessage.

Pure functions over the decoded JSON (no I/O). Events not for the bot (other bots, edits, system
messages) come back Ignored with the reason; foreign buttons as None. Imports: stdlib and bot.messages only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from html import unescape
from typing import Any
from urllib.parse import parse_qsl

from adapters.platform import Platform
from bot.messages import ConversationKey, IncomingMessage, decode_action

SHARE_ACTION_ID = "spreadbot_share"
ACTION_ID_PREFIX = "spreadbot:"
_MAX_TEXT = 2000  # longer typed text is cut: the core only needs a query or a short answer
_MARKUP = re.compile(r"<([^<>]*)>")
_SPACE = re.compile(r"\s+")


class PayloadKind(StrEnum):
    URL_VERIFICATION = "url_verification"
    SSL_CHECK = "ssl_check"
    EVENT = "event"
    COMMAND = "command"
    ACTION = "action"
    OTHER = "other"  # well formed, but nothing the bot answers (rate-limit notices, shortcuts)


class MalformedPayload(ValueError):
    """The body is not a Slack payload we can read: answered with 400."""


def decode_body(raw: str, content_type: str | None) -> dict[str, Any]:
    """The body as Slack sends it: JSON for events, a form (maybe with a JSON `payload`) else."""
    try:
        if content_type == "application/json" or raw.lstrip().startswith("{"):
            data: Any = json.loads(raw)
        else:
            form = dict(parse_qsl(raw, keep_blank_values=True, strict_parsing=bool(raw)))
            data = json.loads(form["payload"]) if "payload" in form else form
    except (ValueError, KeyError) as exc:
        raise MalformedPayload(str(exc)) from None
    except RecursionError:
        raise MalformedPayload("the body is nested too deeply") from None
    if not isinstance(data, dict):
        raise MalformedPayload("the body is not an object")
    return data


def classify(body: dict[str, Any]) -> PayloadKind:
    """What kind of request this is; raises MalformedPayload when a field Slack always sends is
    missing or has the wrong type (Bolt reads these before any listener, and would fail)."""
    _check_refs(body)
    kind = body.get("type")
    if kind == "url_verification":
        _need(body, "challenge")
        return PayloadKind.URL_VERIFICATION
    if kind == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            raise MalformedPayload("event_callback without an event")
        _need(body, "event_id", "team_id")
        _check_refs(event)
        _strings(event, "ts", "thread_ts", "text", "subtype", "bot_id", "channel_type", "tab")
        return PayloadKind.EVENT
    if kind == "block_actions":
        actions = body.get("actions")
        if (
            not isinstance(actions, list)
            or not actions
            or not all(isinstance(a, dict) for a in actions)
        ):
            raise MalformedPayload("block_actions without actions")
        for action in actions:
            _need(action, "action_id")
            _strings(action, "value", "block_id")
        if not isinstance(body.get("user"), dict):
            raise MalformedPayload("block_actions without a user")
        _need(body["user"], "id")
        _strings(body, "response_url", "trigger_id")
        return PayloadKind.ACTION
    if isinstance(kind, str):
        _check_interaction(body, kind)
        return PayloadKind.OTHER
    if "ssl_check" in body:
        return PayloadKind.SSL_CHECK
    if "command" in body:
        _need(body, "command", "user_id", "channel_id", "team_id")
        return PayloadKind.COMMAND
    raise MalformedPayload("not a Slack event, command or interaction")


# The fields Slack always sends with each kind of interaction the bot does not answer (the
# ones Bolt's matchers read before any listener could refuse them).
_INTERACTION_NEEDS: dict[str, tuple[str, ...]] = {
    "view_submission": ("view",),
    "view_closed": ("view",),
    "interactive_message": ("actions", "callback_id"),
    "dialog_submission": ("callback_id",),
    "dialog_cancellation": ("callback_id",),
    "dialog_suggestion": ("callback_id",),
    "shortcut": ("callback_id",),
    "message_action": ("callback_id",),
    "block_suggestion": ("action_id", "block_id"),
    "workflow_step_edit": ("callback_id",),
}


def _check_interaction(body: dict[str, Any], kind: str) -> None:
    """Well-formed or MalformedPayload, for the interactions Spreadbot does not use."""
    for name in _INTERACTION_NEEDS.get(kind, ()):
        value = body.get(name)
        if name == "view":
            if not isinstance(value, dict) or not isinstance(value.get("type"), str):
                raise MalformedPayload(f"{kind} without a view type")
        elif name == "actions":
            if (
                not isinstance(value, list)
                or not value
                or not all(isinstance(a, dict) for a in value)
            ):
                raise MalformedPayload(f"{kind} without actions")
        elif not isinstance(value, str):
            raise MalformedPayload(f"{kind} without {name}")


# Fields that are either an id string or an object with an "id" string, wherever they appear.
_REFS = ("team", "user", "channel", "enterprise", "container", "message", "view", "item")


def _check_refs(obj: dict[str, Any]) -> None:
    for name in _REFS:
        value = obj.get(name)
        if value is None or isinstance(value, str):
            continue
        if not isinstance(value, dict) or not isinstance(value.get("id", ""), str):
            raise MalformedPayload(f"{name} is neither an id nor an object")
    auths = obj.get("authorizations")
    if auths is not None and (
        not isinstance(auths, list) or not all(isinstance(a, dict) for a in auths)
    ):
        raise MalformedPayload("authorizations is not a list of objects")


def _strings(obj: dict[str, Any], *names: str) -> None:
    for name in names:
        if obj.get(name) is not None and not isinstance(obj[name], str):
            raise MalformedPayload(f"{name} is not a string")


def _need(body: dict[str, Any], *names: str) -> None:
    for name in names:
        if not isinstance(body.get(name), str) or not body[name]:
            raise MalformedPayload(f"missing {name}")


def plain_text(raw: str, bot_user_id: str | None) -> str:
    """Slack's message markup -> the words the user meant, without the bot's own mention."""

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            if target[1:] == bot_user_id or (bot_user_id is None and match.start() == 0):
                return " "
            return "@" + (label or target[1:])
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            return label or "@" + target[1:].split("^")[0]
        return label or target

    text = unescape(_MARKUP.sub(replace, raw.strip()))
    return _SPACE.sub(" ", text).strip()[:_MAX_TEXT]


@dataclass(frozen=True)
class Place:
    """Where the replies to a turn go."""

    channel: str
    thread_ts: str | None = None  # reply in this thread; None: at the top level
    response_url: str | None = None  # set: reply privately (ephemeral) through it


@dataclass(frozen=True)
class Clicked:
    """The message that held the clicked button, so it can be updated."""

    channel: str
    ts: str | None  # None for ephemeral messages, which only the response_url can change
    response_url: str | None


@dataclass(frozen=True)
class Inbound:
    message: IncomingMessage
    place: Place
    clicked: Clicked | None = None
    # "team/channel/ts" of a message event: one message delivered under several event ids
    # (an edit re-sends a mention; Slack sometimes repeats itself) is still one message.
    identity: str | None = None


@dataclass(frozen=True)
class Ignored:
    """An event that is not for the bot, and why (for the log: never the message's text)."""

    reason: str


# Message subtypes that carry what a person wrote; every other subtype is left alone.
PERSON_SUBTYPES = frozenset({"file_share", "thread_broadcast", "me_message"})
_SUBTYPE_REASONS = {
    "message_changed": "an edit",
    "message_deleted": "a deletion",
    "bot_message": "a bot's message",
}


def _key(team: str, channel: str, thread: str, user: str) -> ConversationKey:
    # A direct chat is one conversation whatever thread a message sits in.
    thread = "" if channel.startswith("D") else thread
    return ConversationKey(
        platform=Platform.SLACK, workspace=team, channel=channel, thread=thread, user=user
    )


def event_kind(body: dict[str, Any]) -> str:
    """The event's type, with its subtype when it has one ("message/file_share")."""
    event = _obj(body.get("event"))
    kind, subtype = _text(event, "type") or "?", _text(event, "subtype")
    return f"{kind}/{subtype}" if subtype else kind


def from_event(body: dict[str, Any], bot_user_id: str | None) -> Inbound | Ignored:
    """An app_mention in a channel or a message in a direct chat, with the subtypes a person
    writes (a file shared with words, a thread reply also sent to the channel); Ignored with
    the reason for anything else."""
    event = _obj(body.get("event"))
    user, channel, ts = _text(event, "user"), _text(event, "channel"), _text(event, "ts")
    subtype = _text(event, "subtype")
    if subtype and subtype not in PERSON_SUBTYPES:
        return Ignored(_SUBTYPE_REASONS.get(subtype, f"a system message ({subtype})"))
    if event.get("bot_id") or (bot_user_id is not None and user == bot_user_id):
        return Ignored("a bot's message")
    if not (user and channel and ts):
        return Ignored("no user, channel or ts")
    text = plain_text(str(event.get("text") or ""), bot_user_id)
    if not text and subtype:
        return Ignored(f"no text ({subtype})")
    team = str(body.get("team_id") or _ref_id(event.get("team")))
    identity = f"{team}/{channel}/{ts}"
    thread = event.get("thread_ts") if isinstance(event.get("thread_ts"), str) else None
    if event.get("type") == "app_mention":
        if channel.startswith("D"):
            # Direct chats arrive as message.im as well; answering both would double up.
            return Ignored("a mention in a direct chat")
        root = thread or ts
        key = _key(team, channel, root, user)
        return Inbound(IncomingMessage(key=key, text=text), Place(channel, root), None, identity)
    if event.get("type") == "message" and event.get("channel_type") == "im":
        key = _key(team, channel, "", user)
        return Inbound(IncomingMessage(key=key, text=text), Place(channel, thread), None, identity)
    return Ignored("not a mention or a direct message")


def from_command(body: dict[str, Any], bot_user_id: str | None) -> Inbound:
    """`/spread WORDS` -> the same words typed; `/spread` alone asks for help."""
    text = plain_text(str(body.get("text") or ""), bot_user_id) or "help"
    key = _key(body["team_id"], body["channel_id"], "", body["user_id"])
    url = body.get("response_url") if isinstance(body.get("response_url"), str) else None
    return Inbound(IncomingMessage(key=key, text=text), Place(body["channel_id"], None, url))


def action_value(action: dict[str, Any]) -> str | None:
    value = action.get("value")
    if value is None and isinstance(action.get("selected_option"), dict):
        value = action["selected_option"].get("value")
    return value if isinstance(value, str) else None


def from_click(body: dict[str, Any]) -> Inbound | None:
    """A click on one of our buttons (or a pick in our select menu); None for foreign actions."""
    action = body["actions"][0]
    if not str(action.get("action_id", "")).startswith(ACTION_ID_PREFIX):
        return None
    decoded = decode_action(action_value(action) or "")
    if decoded is None:
        return None
    user = body["user"]["id"]
    team = _ref_id(body.get("team")) or str(body["user"].get("team_id") or "")
    container = _obj(body.get("container"))
    url = body.get("response_url") if isinstance(body.get("response_url"), str) else None
    if container.get("type") == "view":
        # App Home: the home view carries the user's direct chat id in private_metadata.
        channel = str(_obj(body.get("view")).get("private_metadata") or user)
        key = _key(team, channel, "", user)
        return Inbound(IncomingMessage(key=key, action=decoded), Place(channel))
    channel = container.get("channel_id") or _ref_id(body.get("channel"))
    if not isinstance(channel, str) or not channel:
        return None
    if container.get("is_ephemeral"):
        key = _key(team, channel, "", user)
        clicked = Clicked(channel, None, url)
        return Inbound(IncomingMessage(key=key, action=decoded), Place(channel, None, url), clicked)
    message = _obj(body.get("message"))
    thread = message.get("thread_ts") if isinstance(message.get("thread_ts"), str) else None
    ts = container.get("message_ts") or message.get("ts")
    key = _key(team, channel, thread or "", user)
    clicked = Clicked(channel, ts if isinstance(ts, str) else None, url)
    return Inbound(IncomingMessage(key=key, action=decoded), Place(channel, thread), clicked)


def _text(obj: dict[str, Any], name: str) -> str:
    value = obj.get(name)
    return value if isinstance(value, str) else ""


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _ref_id(value: Any) -> str:
    """An id given either as a string or as an object with an "id"."""
    found = value.get("id") if isinstance(value, dict) else value
    return found if isinstance(found, str) else ""


def share_token(body: dict[str, Any]) -> str | None:
    """The stored-answer token of a "Share in channel" click, or None."""
    action = body["actions"][0]
    if action.get("action_id") != SHARE_ACTION_ID:
        return None
    return action_value(action)
