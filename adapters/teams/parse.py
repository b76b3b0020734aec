"""Turns a Teams activity into the core's IncomingMessage and ConversationKey.

Strips the bot's @mention (by the mention entities, then any `<at>...</at>` left over) and reads a
card submit's typed action from `value`. Pure functions. Imports: microsoft_agents.activity,
adapters.platform, bot.messages.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from microsoft_agents.activity import Activity

from adapters.platform import Platform
from bot.messages import ConversationKey, IncomingMessage, decode_action

# Action.Submit data carries {"spreadbot": <action JSON object>}; Teams merges in its own keys.
ACTION_KEY = "spreadbot"
_THREAD_MARK = ";messageid="
_AT_TAG = re.compile(r"<at\b[^>]*>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_ANY_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def split_conversation_id(conversation_id: str) -> tuple[str, str]:
    """(channel, thread): a channel thread's id is '<channel>;messageid=<root message id>'."""
    channel, mark, thread = conversation_id.partition(_THREAD_MARK)
    return channel, thread if mark else ""


def tenant_of(activity: Activity) -> str:
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = channel_data.get("tenant")
    if isinstance(tenant, dict) and isinstance(tenant.get("id"), str) and tenant["id"]:
        return str(tenant["id"])
    conversation = activity.conversation
    return (conversation.tenant_id or "") if conversation is not None else ""


def conversation_key(activity: Activity) -> ConversationKey:
    conversation_id = activity.conversation.id if activity.conversation else ""
    channel, thread = split_conversation_id(conversation_id or "")
    sender = activity.from_property
    user = (sender.aad_object_id or sender.id or "") if sender else ""
    return ConversationKey(
        platform=Platform.TEAMS,
        workspace=tenant_of(activity),
        channel=channel,
        thread=thread,
        user=user,
    )


def _mention_texts(activity: Activity) -> list[str]:
    """The texts of the mention entities that name this bot (the activity's recipient)."""
    bot_id = activity.recipient.id if activity.recipient else None
    texts = []
    for mention in activity.get_mentions():
        mentioned = mention.mentioned
        if mention.text and (bot_id is None or (mentioned is not None and mentioned.id == bot_id)):
            texts.append(mention.text)
    return texts


def clean_text(activity: Activity) -> str:
    """The words the user typed, without the bot's mention, tags or HTML entities."""
    text = activity.text or ""
    for mention in _mention_texts(activity):
        text = text.replace(mention, " ")
    bot_name = (activity.recipient.name or "") if activity.recipient else ""

    def drop_bot_tag(match: re.Match[str]) -> str:
        # A mention of the bot without an entity is dropped; others keep the person's name.
        inner = match.group(1).strip()
        return " " if not bot_name or inner == bot_name else f" {inner} "

    text = _AT_TAG.sub(drop_bot_tag, text)
    text = _ANY_TAG.sub(" ", text)
    return _SPACE.sub(" ", html.unescape(text)).strip()


def submitted_action(activity: Activity) -> Any:
    """The typed action an Action.Submit carried, or None when the value is not one of ours."""
    value = activity.value
    if not isinstance(value, dict) or not isinstance(value.get(ACTION_KEY), dict):
        return None
    return decode_action(json.dumps(value[ACTION_KEY]))


def parse_message(activity: Activity) -> IncomingMessage | None:
    """The core's view of a message activity; None when there is nothing to act on."""
    key = conversation_key(activity)
    if not key.channel or not key.user:
        return None
    action = submitted_action(activity)
    if action is not None:
        return IncomingMessage(key=key, action=action)
    text = clean_text(activity)
    if not text:
        return None
    return IncomingMessage(key=key, text=text)
