"""End to end: /spread and its private answers, "Share in channel", and a guided selection by slash."""

from __future__ import annotations

from tests.fakes.slack_api import FakeSlack
from tests.slack.conftest import SlackSender
from tests.slack.payloads import buttons, click


async def test_a_lookup_is_answered_privately_with_a_share_button(
    slack: SlackSender, fake: FakeSlack
) -> None:
    sent = await slack.command("what is GIRFT?")
    assert sent.status == 200 and sent.body == ""  # acknowledged at once; the answer follows
    (answer,) = await fake.wait_for("response_url")
    assert answer.args["response_type"] == "ephemeral"
    assert answer.path == "/response/cmd0001"
    assert "Getting It Right First Time" in answer.args["text"]
    share = [b for b in buttons(answer.blocks) if b.action_id == "spreadbot_share"]
    assert [b.label for b in share] == ["Share in channel"]

    mark = fake.mark()
    payload = click(
        share[0],
        channel="C0GENERAL",
        message_ts=None,
        ephemeral=True,
        response_url=fake.response_url("share"),
    )
    assert (await slack.interaction(payload)).status == 200
    (shared,) = await fake.wait_for("response_url", after=mark)
    assert shared.args["response_type"] == "in_channel"
    assert shared.args.get("replace_original") is False
    assert "Getting It Right First Time" in shared.args["text"]
    assert buttons(shared.blocks) == []  # a snapshot: nobody else can drive the sharer's turn
    assert "Shared by <@U0ALICE>" in str(shared.blocks)


async def test_spread_alone_and_help_show_help(slack: SlackSender, fake: FakeSlack) -> None:
    await slack.command("")
    await slack.command("help")
    alone, help_ = await fake.wait_for("response_url", count=2)
    assert alone.args["response_type"] == help_.args["response_type"] == "ephemeral"
    assert alone.args["text"] == help_.args["text"]
    assert "guide" in alone.args["text"].lower()


async def test_spread_list_lists_the_approaches(slack: SlackSender, fake: FakeSlack) -> None:
    await slack.command("list")
    (answer,) = await fake.wait_for("response_url")
    assert "Building capacity and capability" in answer.args["text"]
    assert len(answer.blocks) <= 50


async def test_spread_guide_runs_privately_and_replaces_the_clicked_card(
    slack: SlackSender, fake: FakeSlack
) -> None:
    await slack.command("guide")
    question = (
        await fake.wait_for("response_url", lambda c: c.args["text"].startswith("Question 1"))
    )[0]
    assert question.args["response_type"] == "ephemeral"
    assert not [b for b in buttons(question.blocks) if b.action_id == "spreadbot_share"]
    for number in range(2, 5):
        option = [b for b in buttons(question.blocks) if ":o:" in b.action_id][0]
        mark = fake.mark()
        hook = f"q{number}"
        payload = click(
            option,
            channel="C0GENERAL",
            message_ts=None,
            ephemeral=True,
            response_url=fake.response_url(hook),
        )
        await slack.interaction(payload)
        replaced, question = await fake.wait_for("response_url", after=mark, count=2)
        assert replaced.args["replace_original"] is True and buttons(replaced.blocks) == []
        assert option.label in replaced.args["text"]
        assert question.args["text"].startswith(f"Question {number}")
        assert replaced.path == question.path == f"/response/{hook}"

    # Questions 4 and 5 take several answers: a click redraws the card with the choice, Done
    # answers.
    for number in (4, 5):
        option = [b for b in buttons(question.blocks) if ":o:" in b.action_id][0]
        mark = fake.mark()
        hook = f"pick{number}"
        await slack.interaction(
            click(
                option,
                channel="C0GENERAL",
                message_ts=None,
                ephemeral=True,
                response_url=fake.response_url(hook),
            )
        )
        (redrawn,) = await fake.wait_for("response_url", after=mark)
        assert redrawn.args["replace_original"] is True
        assert redrawn.args["text"].startswith(f"Question {number}")
        assert f"Selected: {option.label}" in redrawn.args["text"]
        done = [b for b in buttons(redrawn.blocks) if b.label == "Done"][0]
        mark = fake.mark()
        hook = f"done{number}"
        await slack.interaction(
            click(
                done,
                channel="C0GENERAL",
                message_ts=None,
                ephemeral=True,
                response_url=fake.response_url(hook),
            )
        )
        replaced, question = await fake.wait_for("response_url", after=mark, count=2)
        assert replaced.args["replace_original"] is True and buttons(replaced.blocks) == []
        assert option.label in replaced.args["text"]
    results = question
    # The recommendations arrive as one private message: Slack allows five uses of a
    # response_url, so a turn's answers are merged rather than sent one by one.
    assert len(fake.recorded("response_url", after=mark)) == 2
    assert "Recommended methods" in results.args["text"]
    assert sum(b["type"] == "header" for b in results.blocks) >= 1
    assert len(results.blocks) <= 50
    assert [b.label for b in buttons(results.blocks) if b.action_id == "spreadbot_share"] == [
        "Share in channel"
    ]
