"""What a turn tells the adapters for the owners' report, and the feedback buttons, as transcripts.

Imports: pytest, bot and the transcript helper.
"""

from __future__ import annotations

from bot.events import Picked, Shown, Unanswered, Voted
from bot.messages import FeedbackAction, ShowAction, decode_action, encode_action
from bot.replies import ListPurpose
from tests.bot.transcript import Transcript

CENTRAL = "central-coordination-and-national-programmes"


def test_nothing_fits_is_an_unanswered_lookup(chat: Transcript) -> None:
    chat.send("xyzzy plugh")
    chat.expect_notice("nothing in the catalogue fits")
    assert chat.turns[-1].events == (Unanswered("xyzzy plugh"),)


def test_find_records_the_words_after_find(chat: Transcript) -> None:
    chat.send("find zzqxv wibble")
    assert chat.turns[-1].events == (Unanswered("zzqxv wibble"),)


def test_did_you_mean_offers_choices_that_carry_the_query(chat: Transcript) -> None:
    chat.send("AHSN")
    offered = chat.expect_list(ListPurpose.DID_YOU_MEAN)
    ids = tuple(item.id for item in offered.items)
    assert chat.turns[-1].events == (Unanswered("AHSN", ids),)
    choice = offered.items[0].button
    assert choice is not None and isinstance(choice.action, ShowAction)
    assert choice.action.query == "AHSN"
    chat.press(choice.action)
    assert chat.turns[-1].events[0] == Picked("AHSN", choice.action.target, ids[0])


def test_a_confident_lookup_shows_a_card_with_feedback_buttons(chat: Transcript) -> None:
    chat.send("what is GIRFT?")
    card = chat.expect_card(CENTRAL)
    assert chat.turns[-1].events == (Shown(CENTRAL),)
    labels = [b.label for b in card.buttons]
    assert labels[-2:] == ["Helpful", "Not helpful"]
    helpful = chat.button("Helpful").action
    assert helpful == FeedbackAction(method=CENTRAL, helpful=True, query="what is GIRFT?")
    assert decode_action(encode_action(helpful)) == helpful


def test_a_vote_is_thanked_and_leaves_the_conversation_as_it_was(chat: Transcript) -> None:
    chat.send("guide")
    before = chat.state
    chat.press(FeedbackAction(method=CENTRAL, helpful=False, query="GIRFT"))
    assert chat.turns[-1].events == (Voted(CENTRAL, False, "GIRFT"),)
    chat.expect_notice("did not help")
    chat.expect_no_question()  # a vote does not ask the pending question again
    assert chat.state is not None and before is not None
    assert chat.state.flow == before.flow and chat.state.turn == before.turn
    chat.press(FeedbackAction(method=CENTRAL, helpful=True))
    chat.expect_notice("helped")


def test_recommendations_carry_feedback_and_say_they_were_recommended(chat: Transcript) -> None:
    for typed in ("guide", "spread", "national", "1-3 years", "central and partners", "not sure"):
        chat.send(typed)
    shown = [e for e in chat.turns[-1].events if isinstance(e, Shown)]
    assert shown and all(e.recommended for e in shown)
    assert chat.button("Not helpful").action.kind == "feedback"


def test_a_long_query_is_cut_in_the_button() -> None:
    from bot.views import QUERY_IN_BUTTON, feedback_buttons

    helpful, _ = feedback_buttons(CENTRAL, "🩺" * 500)
    assert isinstance(helpful.action, FeedbackAction)
    assert len(helpful.action.query) == QUERY_IN_BUTTON
    assert len(encode_action(helpful.action)) < 2000
