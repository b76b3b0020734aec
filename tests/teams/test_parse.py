"""Teams activities (as Teams sends them) through the parser: keys, mention stripping, submits."""

from __future__ import annotations

from typing import Any

from adapters.platform import Platform
from adapters.teams.app import read_activity
from adapters.teams.cards import action_data
from adapters.teams.parse import clean_text, conversation_key, parse_message
from bot.messages import AnswerAction, Command, CommandAction
from tests.teams.payloads import BOT_NAME, CHANNEL, GROUP_CHAT, TENANT, TeamsUser

USER = TeamsUser(service_url="http://127.0.0.1:9/")


def activity(payload: dict[str, Any]) -> Any:
    return read_activity(payload)


def test_personal_message_key_and_text() -> None:
    message = parse_message(activity(USER.message("peer learning")))
    assert message is not None
    assert message.text == "peer learning"
    assert message.action is None
    assert message.key.platform == Platform.TEAMS
    assert message.key.workspace == TENANT
    assert message.key.channel == USER.personal_conversation
    assert message.key.thread == ""
    assert message.key.user == USER.aad_id


def test_channel_mention_is_stripped_and_thread_kept() -> None:
    payload = USER.mention("find  peer learning", USER.channel_thread("1700000000100"))
    message = parse_message(activity(payload))
    assert message is not None
    assert message.text == "find peer learning"
    assert (message.key.channel, message.key.thread) == (CHANNEL, "1700000000100")


def test_group_chat_mention_anywhere_in_the_text() -> None:
    payload = USER.mention("guide", USER.group_chat())
    payload["text"] = f"please <at>{BOT_NAME}</at> guide"
    message = parse_message(activity(payload))
    assert message is not None
    assert message.text == "please guide"
    assert (message.key.channel, message.key.thread) == (GROUP_CHAT, "")


def test_at_tags_without_entities_are_stripped() -> None:
    payload = USER.message(f"<at>{BOT_NAME}</at> list for <at>Grace Hopper</at>&nbsp;&amp; team")
    assert clean_text(activity(payload)) == "list for Grace Hopper & team"


def test_a_mention_of_someone_else_is_not_removed() -> None:
    payload = USER.mention("compare", USER.group_chat())
    payload["text"] = f"<at>{BOT_NAME}</at> ask <at>Grace</at>"
    payload["entities"].append(
        {
            "type": "mention",
            "text": "<at>Grace</at>",
            "mentioned": {"id": "29:grace", "name": "Grace"},
        }
    )
    assert clean_text(activity(payload)) == "ask Grace"


def test_submit_carries_a_typed_action() -> None:
    action = AnswerAction(flow="guide", step="stage", option="idea", version=1, turn=2)
    payload = USER.submit(action_data(action), reply_to_id="fake-7")
    message = parse_message(activity(payload))
    assert message is not None
    assert message.action == action
    assert message.text == ""


def test_submit_with_teams_keys_merged_in() -> None:
    data = action_data(CommandAction(command=Command.LIST))
    data["msteams"] = {"type": "messageBack"}
    message = parse_message(activity(USER.submit(data, reply_to_id="x")))
    assert message is not None and message.action == CommandAction(command=Command.LIST)


def test_foreign_or_broken_submits_are_not_actions() -> None:
    for value in ({"other": 1}, {"spreadbot": {"kind": "nonsense"}}, {"spreadbot": "text"}, "str"):
        payload = USER.submit({}, reply_to_id="x")
        payload["value"] = value
        assert parse_message(activity(payload)) is None


def test_empty_or_mention_only_messages_are_ignored() -> None:
    assert parse_message(activity(USER.message("   "))) is None
    assert parse_message(activity(USER.mention("", USER.group_chat()))) is None


def test_tenant_and_user_fallbacks() -> None:
    payload = USER.message("help")
    del payload["channelData"]
    del payload["from"]["aadObjectId"]
    key = conversation_key(activity(payload))
    assert key.workspace == TENANT  # conversation.tenantId
    assert key.user == USER.user_id
    del payload["conversation"]["tenantId"]
    assert conversation_key(activity(payload)).workspace == ""


def test_message_without_conversation_or_sender_is_ignored() -> None:
    payload = USER.message("help")
    del payload["from"]
    assert parse_message(activity(payload)) is None


def test_the_mention_entity_wins_when_the_display_name_differs() -> None:
    """Teams shows the name the tenant gave the app, which need not be the bot's own name."""
    payload = USER.mention("guide", USER.group_chat())
    payload["text"] = "<at>Spread Helper</at> guide"
    payload["entities"][0]["text"] = "<at>Spread Helper</at>"
    assert clean_text(activity(payload)) == "guide"
