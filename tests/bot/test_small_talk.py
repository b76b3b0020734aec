"""Small talk gets a short friendly reply, never "nothing fits" and never a lookup.

Recognised as a whole message made only of small-talk pieces, so a real question that starts
politely ("thanks, and what about licensing?") is still looked up.
"""

from __future__ import annotations

import pytest

from bot.intents import IntentKind, SmallTalk, parse_intent
from bot.replies import NoticeReply, TextReply
from tests.bot.transcript import Transcript
from tests.catalogue.lookup_table import SMALL_TALK


@pytest.mark.parametrize("text", SMALL_TALK)
def test_the_tables_small_talk_is_recognised(text: str) -> None:
    assert parse_intent(text).kind is IntentKind.SMALL_TALK, text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("thank you so much!", SmallTalk.THANKS),
        ("hi there, thanks", SmallTalk.THANKS),
        ("who made this bot?", SmallTalk.WHO),
        ("are you a real person", SmallTalk.WHO),
        ("hello, how are you doing", SmallTalk.HOW),
        ("that was really helpful", SmallTalk.PRAISE),
        ("see you later", SmallTalk.BYE),
        ("ok cool", SmallTalk.ACK),
    ],
)
def test_the_kind_of_small_talk(text: str, kind: SmallTalk) -> None:
    assert parse_intent(text).small_talk is kind


@pytest.mark.parametrize(
    "text",
    [
        "thanks, and what about licensing?",
        "who runs GIRFT",
        "who is the caldicott guardian",
        "ok so what is a network",
        "great, how do I set up a challenge prize",
        "what are demonstrator sites",
    ],
)
def test_a_question_that_starts_politely_is_still_looked_up(text: str) -> None:
    assert parse_intent(text).kind is IntentKind.LOOKUP


def test_small_talk_gets_a_short_friendly_reply(chat: Transcript) -> None:
    for text in ("thanks", "who built you", "how are you", "good bot", "bye"):
        chat.send(text)
        assert chat.kinds() == ["text"], text
        (reply,) = chat.replies
        assert isinstance(reply, TextReply) and len(reply.text) <= 200, text
        assert "nothing" not in reply.text.lower() and "couldn't" not in reply.text.lower()
    chat.send("who built you")
    chat.expect_text("Spreadbot")


def test_small_talk_mid_flow_keeps_the_question_open(chat: Transcript) -> None:
    chat.send("guide")
    q = chat.expect_question("stage")
    chat.send("thanks")
    assert chat.kinds() == ["text", "question"]
    assert chat.expect_question("stage").turn == q.turn
    assert not any(isinstance(r, NoticeReply) for r in chat.replies)


@pytest.mark.parametrize(
    "text", ["hello", "Howdy!", "hey there", "good evening", "hi bot", "morning all", "hiya"]
)
def test_a_greeting_in_any_of_its_forms_is_a_greeting_not_a_lookup(text: str) -> None:
    assert parse_intent(text).kind is IntentKind.GREETING, text


@pytest.mark.parametrize("text", ["hi, what is GIRFT", "morning huddles", "so"])
def test_a_greeting_word_inside_a_question_is_still_looked_up(text: str) -> None:
    assert parse_intent(text).kind is IntentKind.LOOKUP, text
