"""End to end: the guided selection by button clicks in a thread, typed answers, and stale clicks."""

from __future__ import annotations

from tests.fakes.slack_api import Call, FakeSlack
from tests.slack.conftest import SlackSender
from tests.slack.payloads import buttons, click, dm, mention

ROOT = "1710000100.000100"


def is_question(call: Call) -> bool:
    return call.args.get("text", "").startswith("Question ")


async def test_a_full_guided_selection_by_clicks_in_a_thread(
    slack: SlackSender, fake: FakeSlack
) -> None:
    await slack.event(mention("guide", ts=ROOT))
    (question,) = await fake.wait_for("chat.postMessage", is_question)
    first_question = question
    answered = 0
    while True:
        assert question.args["thread_ts"] == ROOT
        options = [b for b in buttons(question.blocks) if ":o:" in b.action_id]
        assert options, question.args["text"]
        mark = fake.mark()
        payload = click(
            options[0],
            channel="C0GENERAL",
            message_ts=question.response["ts"],
            thread_ts=ROOT,
            response_url=fake.response_url("click"),
        )
        assert (await slack.interaction(payload)).status == 200
        answered += 1
        (update,) = await fake.wait_for("chat.update", after=mark)
        assert update.args["ts"] == question.response["ts"]
        done = [b for b in buttons(update.blocks) if b.label == "Done"]
        if done:
            # A question taking several answers is redrawn with the choice; Done answers it.
            assert f"Selected: {options[0].label}" in update.args["text"]
            assert fake.recorded("chat.postMessage", after=mark) == []
            mark = fake.mark()
            payload = click(
                done[0],
                channel="C0GENERAL",
                message_ts=question.response["ts"],
                thread_ts=ROOT,
                response_url=fake.response_url("done"),
            )
            assert (await slack.interaction(payload)).status == 200
            (update,) = await fake.wait_for("chat.update", after=mark)
        # The clicked card is updated to show the choice, with its buttons gone.
        assert options[0].label in update.args["text"]
        assert buttons(update.blocks) == []
        # Then either the next question or the recommendations, in the same thread.
        posts = await fake.wait_for("chat.postMessage", after=mark)
        assert posts[0].args["thread_ts"] == ROOT
        nexts = [c for c in fake.recorded("chat.postMessage", after=mark) if is_question(c)]
        if not nexts:
            break
        question = nexts[0]
    assert answered == 5
    cards = await fake.wait_for(
        "chat.postMessage", lambda c: c.blocks[0]["type"] == "header", after=mark
    )
    assert cards[0].args["thread_ts"] == ROOT

    # A click on the first, long-answered card: a polite notice, and no second update.
    mark = fake.mark()
    old = [b for b in buttons(first_question.blocks) if ":o:" in b.action_id][1]
    payload = click(
        old,
        channel="C0GENERAL",
        message_ts=first_question.response["ts"],
        thread_ts=ROOT,
        response_url=fake.response_url("stale"),
    )
    await slack.interaction(payload)
    (notice,) = await fake.wait_for(
        "chat.postMessage", lambda c: "already finished" in c.args["text"], after=mark
    )
    assert notice.args["thread_ts"] == ROOT
    assert fake.recorded("chat.update", after=mark) == []


async def test_a_stale_click_mid_selection_shows_where_it_stands(
    slack: SlackSender, fake: FakeSlack
) -> None:
    root = "1710000200.000100"
    await slack.event(mention("guide", ts=root))
    (q1,) = await fake.wait_for("chat.postMessage", is_question)
    first, second = [b for b in buttons(q1.blocks) if ":o:" in b.action_id][:2]
    common = {"channel": "C0GENERAL", "message_ts": q1.response["ts"], "thread_ts": root}
    mark = fake.mark()
    await slack.interaction(click(first, response_url=fake.response_url("a"), **common))
    (q2,) = await fake.wait_for("chat.postMessage", is_question, after=mark)
    assert q2.args["text"].startswith("Question 2")

    mark = fake.mark()
    await slack.interaction(click(second, response_url=fake.response_url("b"), **common))
    notice, current = await fake.wait_for("chat.postMessage", after=mark, count=2)
    assert not is_question(notice)
    assert current.args["text"].startswith("Question 2")
    assert fake.recorded("chat.update", after=mark) == []


async def test_typed_answers_in_a_direct_chat_update_the_question(
    slack: SlackSender, fake: FakeSlack
) -> None:
    await slack.event(dm("guide", ts="1710000300.000100"))
    (q1,) = await fake.wait_for("chat.postMessage", is_question)
    mark = fake.mark()
    await slack.event(dm("2", ts="1710000300.000200"))
    (update,) = await fake.wait_for("chat.update", after=mark)
    assert (update.args["channel"], update.args["ts"]) == ("D0ALICE", q1.response["ts"])
    label = [b for b in buttons(q1.blocks) if ":o:" in b.action_id][1].label
    assert label in update.args["text"] and buttons(update.blocks) == []
    (q2,) = await fake.wait_for("chat.postMessage", is_question, after=mark)
    assert q2.args["text"].startswith("Question 2")


async def test_typed_answers_in_a_channel_thread_by_mention(
    slack: SlackSender, fake: FakeSlack
) -> None:
    root = "1710000400.000100"
    await slack.event(mention("guide", ts=root))
    (q1,) = await fake.wait_for("chat.postMessage", is_question)
    mark = fake.mark()
    await slack.event(mention("1", ts="1710000400.000200", thread_ts=root))
    (update,) = await fake.wait_for("chat.update", after=mark)
    assert update.args["ts"] == q1.response["ts"]
    (q2,) = await fake.wait_for("chat.postMessage", is_question, after=mark)
    assert q2.args["thread_ts"] == root


async def test_two_people_in_one_thread_have_separate_conversations(
    slack: SlackSender, fake: FakeSlack
) -> None:
    root = "1710000500.000100"
    await slack.event(mention("guide", ts=root))
    await fake.wait_for("chat.postMessage", is_question)
    mark = fake.mark()
    # Bob's "1" in Alice's thread is not an answer to Alice's question: it is a lookup.
    await slack.event(mention("guide", ts="1710000500.000200", thread_ts=root, user="U0BOB"))
    (q,) = await fake.wait_for("chat.postMessage", is_question, after=mark)
    assert q.args["text"].startswith("Question 1")
    assert fake.recorded("chat.update", after=mark) == []


async def test_a_description_of_a_situation_asks_only_what_is_open(
    slack: SlackSender, fake: FakeSlack
) -> None:
    """Describe -> "I understood" -> the open questions -> recommendations, in a direct chat."""
    text = "we piloted it in two trusts and want every ICB to adopt it within two years"
    await slack.event(dm(text, ts="1710000700.000100"))
    note, question = await fake.wait_for("chat.postMessage", count=2)
    assert "I understood: ready to spread · national · 1 to 3 years" in note.args["text"]
    assert question.args["text"].startswith("Question 4 of 5")
    mark = fake.mark()
    await slack.event(dm("funding and local partners", ts="1710000700.000200"))
    (q5,) = await fake.wait_for("chat.postMessage", is_question, after=mark)
    assert q5.args["text"].startswith("Question 5 of 5")
    mark = fake.mark()
    await slack.event(dm("costs are the main problem", ts="1710000700.000300"))
    (result,) = await fake.wait_for(
        "chat.postMessage", lambda c: "Recommended methods" in c.args["text"], after=mark
    )
    assert "ready to spread" in result.args["text"]
