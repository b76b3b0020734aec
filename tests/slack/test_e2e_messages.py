"""End to end over loopback HTTP: mentions, direct messages, App Home, and escaping of echoed text."""

from __future__ import annotations

import json

from tests.fakes.slack_api import FakeSlack
from tests.slack.conftest import SlackSender
from tests.slack.payloads import buttons, dm, home_click, mention


def all_text(call_args: dict[str, object]) -> str:
    return json.dumps(call_args.get("blocks")) + str(call_args.get("text"))


async def test_a_mention_is_answered_in_a_thread_under_the_question(
    slack: SlackSender, fake: FakeSlack
) -> None:
    sent = await slack.event(mention("what is GIRFT?", ts="1710000001.000100"))
    assert sent.status == 200
    (call,) = await fake.wait_for("chat.postMessage")
    assert call.args["channel"] == "C0GENERAL"
    assert call.args["thread_ts"] == "1710000001.000100"
    assert call.token == "xoxb-1111-2222-test"
    assert "Getting It Right First Time" in call.args["text"]
    # The answer starts with what was asked about, then the method's name.
    assert call.blocks[0]["elements"][0]["text"].startswith("GIRFT (Getting It Right First Time)")
    assert call.blocks[1]["type"] == "header"


async def test_a_mention_inside_a_thread_is_answered_in_that_thread(
    slack: SlackSender, fake: FakeSlack
) -> None:
    await slack.event(mention("list", ts="1710000002.000200", thread_ts="1710000002.000001"))
    calls = await fake.wait_for("chat.postMessage")
    assert calls[0].args["thread_ts"] == "1710000002.000001"


async def test_a_direct_message_is_answered_in_the_direct_chat(
    slack: SlackSender, fake: FakeSlack
) -> None:
    await slack.event(dm("what is GIRFT?", ts="1710000003.000100"))
    (call,) = await fake.wait_for("chat.postMessage")
    assert call.args["channel"] == "D0ALICE"
    assert "thread_ts" not in call.args
    assert "Getting It Right First Time" in call.args["text"]


async def test_other_bots_its_own_messages_and_edits_are_ignored(
    slack: SlackSender, fake: FakeSlack
) -> None:
    mark = fake.mark()
    ignored = [
        dm("what is GIRFT?", ts="1710000004.000001", bot_id="B0OTHER", subtype="bot_message"),
        dm("what is GIRFT?", ts="1710000004.000002", user="UBOTSPREAD", bot_id="BBOTSPREAD"),
        dm("what is GIRFT?", ts="1710000004.000003", subtype="message_changed"),
        {**mention("what is GIRFT?", ts="1710000004.000004"), "bot_id": "B0OTHER"},
    ]
    for event in ignored:
        assert (await slack.event(event)).status == 200
    # A real message sent afterwards is answered; had any ignored one been answered, its reply
    # would have been posted first (each is handled as soon as it is acknowledged).
    await slack.event(dm("list", ts="1710000004.000005"))
    await fake.wait_for("chat.postMessage", after=mark)
    posts = fake.recorded("chat.postMessage", after=mark)
    assert len(posts) == 1
    assert "Approaches to spread and scale" in posts[0].args["text"]


async def test_echoed_user_text_cannot_mention_broadcast_or_link(
    slack: SlackSender, fake: FakeSlack
) -> None:
    # Slack escapes what the user typed literally; the bot unescapes it to search, and must
    # escape it again wherever it is quoted back.
    typed = "&lt;!channel&gt; &lt;@U0BOB&gt; &lt;http://evil.example|click&gt; zzqxv &amp; co"
    await slack.event(dm(typed, ts="1710000005.000100"))
    calls = await fake.wait_for("chat.postMessage")
    text = all_text(calls[0].args)
    assert "zzqxv" in text  # the not-found notice quotes the query back
    for raw in ("<!channel>", "<@U0BOB>", "<http://evil.example"):
        assert raw not in text
    assert "&lt;!channel&gt;" in text


async def test_a_real_mention_of_the_channel_in_a_message_is_not_passed_on(
    slack: SlackSender, fake: FakeSlack
) -> None:
    await slack.event(dm("<!here> <@U0BOB> zzqxv", ts="1710000006.000100"))
    calls = await fake.wait_for("chat.postMessage")
    text = all_text(calls[0].args)
    assert "<!here>" not in text and "<@U0BOB>" not in text


async def test_app_home_shows_what_it_does_and_starts_the_guided_selection(
    slack: SlackSender, fake: FakeSlack
) -> None:
    event = {"type": "app_home_opened", "user": "U0ALICE", "channel": "D0ALICE", "tab": "home"}
    await slack.event(event)
    (publish,) = await fake.wait_for("views.publish")
    view = (
        json.loads(publish.args["view"])
        if isinstance(publish.args["view"], str)
        else publish.args["view"]
    )
    assert publish.args["user_id"] == "U0ALICE"
    assert view["type"] == "home" and view["private_metadata"] == "D0ALICE"
    start, _ = buttons(view["blocks"])
    assert start.label == "Help me choose"

    mark = fake.mark()
    assert (await slack.interaction(home_click(start, private_metadata="D0ALICE"))).status == 200
    posts = await fake.wait_for(
        "chat.postMessage", lambda c: "Question 1" in c.args["text"], after=mark
    )
    assert posts[0].args["channel"] == "D0ALICE"
    # The selection continues in the direct chat: a typed answer there answers question 1.
    mark = fake.mark()
    await slack.event(dm("1", ts="1710000007.000100"))
    (update,) = await fake.wait_for("chat.update", after=mark)
    assert (update.args["channel"], update.args["ts"]) == ("D0ALICE", posts[0].response["ts"])
    assert buttons(update.blocks) == []
