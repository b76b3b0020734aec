"""Conversation tests of the core, written as transcripts: send or click, then expect.

Covers the guided selection by clicks and by typed answers, lookups in and out of the flow, stale
clicks, and the catalogue commands (list, find, compare, greeting, approach views).
"""

from __future__ import annotations

import pytest

from bot.core import AnsweredQuestion, Bot
from bot.messages import AnswerAction, ShowAction
from bot.replies import (
    HelpReply,
    ListItem,
    ListPurpose,
    Matched,
    MatchedKind,
    MethodCardReply,
    QuestionReply,
)
from catalogue.search import Outcome
from tests.bot.transcript import Transcript

STEPS = ("stage", "scale", "timeframe", "resources", "barriers")


def shows_method(item: ListItem) -> bool:
    return item.button is not None and (
        isinstance(item.button.action, ShowAction) and item.button.action.target == "method"
    )


def cards(chat: Transcript) -> list[MethodCardReply]:
    return [r for r in chat.replies if isinstance(r, MethodCardReply)]


# --- the guided selection ----------------------------------------------------------------------


def test_guided_selection_by_clicks(chat: Transcript) -> None:
    chat.send("guide")
    chat.expect_text("five quick questions")
    q = chat.expect_question("stage")
    assert (q.number, q.total) == (1, 5)
    # Nothing to go back to on the first question, so no Back button.
    assert [b.label for b in q.controls] == ["Restart", "Cancel"]

    chat.click("Ready to spread")
    assert chat.answered == AnsweredQuestion("guide", "stage", q.turn, q.prompt, "Ready to spread")
    q2 = chat.expect_question("scale")
    assert q2.number == 2 and q2.turn > q.turn
    assert [b.label for b in q2.controls] == ["Back", "Restart", "Cancel"]
    chat.click("National")
    chat.expect_question("timeframe")
    chat.click("1 to 3 years")
    q4 = chat.expect_question("resources")
    assert q4.multiple and q4.submit is not None and q4.selected == ()
    # Options toggle: the same question is redrawn with the choice, nothing new is asked.
    chat.click("Central coordination")
    assert chat.replies == () and chat.answered is None
    redrawn = chat.expect_question("resources")
    assert redrawn.turn == q4.turn and redrawn.selected == ("Central coordination",)
    chat.click("Local staff and partners")
    assert chat.expect_question("resources").selected == (
        "Central coordination",
        "Local staff and partners",
    )
    chat.click("Done")
    assert chat.answered is not None
    assert chat.answered.answer_label == "Central coordination, Local staff and partners"
    q5 = chat.expect_question("barriers")
    assert (q5.number, q5.total) == (5, 5)
    chat.click("Complex barriers")
    chat.click("Done")

    chat.expect_no_question()
    result = chat.expect_recommendations()
    assert [f.value for f in result.understood] == [
        "ready to spread",
        "national",
        "1 to 3 years",
        "central coordination, local staff time and partners",
        "complex barriers across organisations",
    ]
    ids = [i.method_id for i in result.items]
    assert ids[0] == "central-coordination-and-national-programmes"
    assert result.items[0].score == 100 and result.items[0].position == 1
    assert "Start again" in [b.label for b in result.buttons]
    assert chat.state is not None and chat.state.flow is None


TYPED = [
    (
        ["2", "1", "2", "2", "1"],
        {
            "stage": "proof-of-concept",
            "scale": "national",
            "timeframe": "6-18-months",
            "resources": "funding",
            "barriers": "costs",
        },
    ),
    (
        ["poc", "national", "about a year", "funding", "costs and evidence"],
        {
            "stage": "proof-of-concept",
            "scale": "national",
            "timeframe": "6-18-months",
            "resources": "funding",
            "barriers": "costs+evidence",
        },
    ),
    (
        ["proof of concept", "regional", "two years", "not sure", "4, 6"],
        {
            "stage": "proof-of-concept",
            "scale": "regional",
            "timeframe": "1-3-years",
            "resources": "not-sure",
            "barriers": "complex+consistency",
        },
    ),
    (
        ["Ideation", "LOCAL", "a few months", "staff time", "not sure"],
        {
            "stage": "ideation",
            "scale": "local",
            "timeframe": "under-6-months",
            "resources": "local",
            "barriers": "not-sure",
        },
    ),
    (
        ["not sure", "not sure", "not sure", "not sure", "not sure"],
        {s: "not-sure" for s in STEPS},
    ),
    (
        [
            "we're at the pilot stage",
            "across the region",
            "5 years",
            "central team, funding and evaluation",
            "skills",
        ],
        {
            "stage": "prototype-testing",
            "scale": "regional",
            "timeframe": "over-3-years",
            "resources": "central+funding+evaluation",
            "barriers": "skills",
        },
    ),
]


@pytest.mark.parametrize(("typed", "expected"), TYPED, ids=[" | ".join(t) for t, _ in TYPED])
def test_guided_selection_by_typed_answers(
    chat: Transcript, typed: list[str], expected: dict[str, str]
) -> None:
    chat.send("guide")
    answers: dict[str, str] = {}
    for step, text in zip(STEPS, typed, strict=True):
        chat.expect_question(step)
        chat.send(text)
        assert chat.answered is not None and chat.answered.step == step, (step, text, chat.kinds())
        if step != STEPS[-1]:
            answers = chat.answers
    assert answers == {k: v for k, v in expected.items() if k != STEPS[-1]}
    result = chat.expect_recommendations()
    if set(expected.values()) == {"not-sure"}:
        assert "nothing to rank" in (result.intro or "") and not result.items
        return
    assert len(result.items) <= 3
    for item in result.items:
        assert item.score > 0 and any(r.verdict.value == "fits" for r in item.reasons)
    last = chat.turns[-1]
    assert last.answered is not None
    step = chat.bot.flow.step(STEPS[-1])
    assert step is not None
    labels = [step.option(o).label for o in expected[STEPS[-1]].split("+")]  # type: ignore[union-attr]
    assert last.answered.answer_label == ", ".join(labels)


def test_all_not_sure_says_there_is_nothing_to_rank_by(chat: Transcript) -> None:
    chat.send("guide")
    for _ in STEPS:
        chat.send("not sure")
    result = chat.expect_recommendations()
    assert result.items == () and "nothing to rank" in (result.intro or "")
    assert chat.state is not None and chat.state.flow is None


def test_done_with_nothing_picked_asks_again(chat: Transcript) -> None:
    chat.send("guide")
    for _ in STEPS[:3]:
        chat.send("not sure")
    q = chat.expect_question("resources")
    chat.click("Done")
    chat.expect_notice("Pick one or more")
    assert chat.expect_question("resources").turn == q.turn and chat.answered is None


def test_a_repeated_toggle_click_changes_nothing(chat: Transcript) -> None:
    chat.send("guide")
    for _ in STEPS[:3]:
        chat.send("not sure")
    add = chat.button("Funding").action
    chat.press(add)
    redrawn = chat.refreshed
    assert redrawn is not None and redrawn.selected == ("Funding",)
    chat.press(add)
    assert chat.replies == () and chat.refreshed is None
    assert chat.state is not None and chat.state.flow is not None
    assert chat.state.flow.selected == ("funding",)
    remove = next(b for b in redrawn.options if b.label == "✓ Funding")  # now it removes
    chat.press(remove.action)
    assert chat.refreshed is not None and chat.refreshed.selected == ()


def test_not_sure_on_a_several_answer_step_answers_at_once(chat: Transcript) -> None:
    chat.send("guide")
    for _ in STEPS[:3]:
        chat.send("not sure")
    chat.click("Funding")
    chat.click("Not sure")
    assert chat.answered is not None and chat.answered.answer_label == "Not sure"
    chat.expect_question("barriers")


def test_back_to_a_several_answer_step_shows_the_earlier_choice(chat: Transcript) -> None:
    chat.send("guide")
    for text in ("not sure", "not sure", "not sure", "funding and evaluation"):
        chat.send(text)
    chat.expect_question("barriers")
    chat.send("back")
    q = chat.expect_question("resources")
    assert q.selected == ("Funding", "Evaluation support")


def test_progress_follows_the_path_the_answers_take(bot: Bot) -> None:
    from bot.core import Bot as CoreBot
    from bot.flow import load_flow

    text = (chat_flow := bot.flow.model_dump(mode="json"))  # noqa: F841 - a copy to change
    jumpy = """\
id: jumpy
version: 1
title: Jumpy
start: stage
steps:
  - id: stage
    criterion: stage
    prompt: How far?
    next: scale
    options:
      - {id: idea, label: Idea, value: ideation, next: barriers}
      - {id: spread, label: Spread, value: spread}
      - {id: not-sure, label: Not sure, unsure: true}
  - id: scale
    criterion: scale
    prompt: Scale?
    next: timeframe
    options:
      - {id: national, label: National, value: national}
      - {id: not-sure, label: Not sure, unsure: true}
  - id: timeframe
    criterion: timeframe
    prompt: How long?
    next: barriers
    options:
      - {id: year, label: A year, value: 6-18-months}
      - {id: not-sure, label: Not sure, unsure: true}
  - id: barriers
    criterion: barriers
    prompt: Barriers?
    next: end
    options:
      - {id: costs, label: Costs, value: costs}
      - {id: not-sure, label: Not sure, unsure: true}
"""
    del text
    flow = load_flow("jumpy.yaml", jumpy)
    chat = Transcript(CoreBot(bot.catalogue, flow))
    chat.send("guide")
    q = chat.expect_question("stage")
    assert (q.number, q.total) == (1, 4)
    chat.click("Idea")
    q = chat.expect_question("barriers")
    assert (q.number, q.total) == (2, 2)
    chat.send("back")
    chat.click("Spread")
    q = chat.expect_question("scale")
    assert (q.number, q.total) == (2, 4)


def test_a_number_out_of_range_is_not_an_answer(chat: Transcript) -> None:
    chat.send("guide")
    q = chat.expect_question("stage")
    chat.send("9")
    assert chat.answered is None
    again = chat.expect_question("stage")
    assert again.turn == q.turn
    assert chat.answers == {}


# --- lookups in the middle of a flow -----------------------------------------------------------


def at_scale_step(chat: Transcript) -> QuestionReply:
    chat.send("guide")
    chat.click("Proof of concept")
    return chat.expect_question("scale")


def test_lookup_mid_flow_answers_then_reasks_the_same_question(chat: Transcript) -> None:
    q = at_scale_step(chat)
    chat.send("what is GIRFT?")
    assert chat.answered is None
    assert chat.kinds() == ["method_card", "question"]
    chat.expect_card("central-coordination-and-national-programmes")
    again = chat.expect_question("scale")
    assert again.turn == q.turn  # the same question, so its buttons still work
    assert chat.answers == {"stage": "proof-of-concept"}
    chat.click("National")
    chat.expect_question("timeframe")
    assert chat.answers == {"stage": "proof-of-concept", "scale": "national"}


def ambiguous_query(bot: Bot) -> str:
    """A query the lookup answers with "did you mean" (the lookup itself is tested elsewhere)."""
    for query in ("programme", "learning", "national", "collaborative network"):
        if bot.lookup(query).outcome is Outcome.AMBIGUOUS:
            return query
    raise AssertionError("none of the candidate queries is ambiguous any more; pick another")


def test_did_you_mean_mid_flow_keeps_the_place_and_its_buttons_open_cards(
    chat: Transcript,
) -> None:
    chat.send("guide")
    chat.click("Ideation")
    chat.click("Local")
    q = chat.expect_question("timeframe")
    query = ambiguous_query(chat.bot)
    chat.send(query)
    listing = chat.expect_list(ListPurpose.DID_YOU_MEAN)
    assert len(listing.items) >= 2
    assert chat.expect_question("timeframe").turn == q.turn
    method_item = next(i for i in listing.items if shows_method(i))
    assert method_item.button is not None
    chat.click(method_item.button.label)
    chat.expect_card(method_item.id)
    assert chat.expect_question("timeframe").turn == q.turn
    assert chat.answers == {"stage": "ideation", "scale": "local"}


def test_noise_mid_flow_says_nothing_fits_and_reasks(chat: Transcript) -> None:
    q = at_scale_step(chat)
    chat.send("xyzzy plugh frobnicate")
    chat.expect_notice("Nothing in the catalogue fits")
    assert chat.expect_question("scale").turn == q.turn
    assert chat.answers == {"stage": "proof-of-concept"}


@pytest.mark.parametrize("text", ["list", "compare GIRFT and social franchising", "hello"])
def test_other_requests_mid_flow_reask(chat: Transcript, text: str) -> None:
    q = at_scale_step(chat)
    chat.send(text)
    assert chat.kinds()[0] != "question"
    assert chat.expect_question("scale").turn == q.turn


def test_guide_mid_flow_reshows_the_current_question(chat: Transcript) -> None:
    q = at_scale_step(chat)
    chat.send("guide")
    chat.expect_notice("already in the guided selection")
    again = chat.expect_question("scale")
    assert again.turn == q.turn
    assert chat.answers == {"stage": "proof-of-concept"}


# --- stale and late clicks ---------------------------------------------------------------------


def test_click_on_an_old_card_says_moved_on_and_shows_the_current_question(
    chat: Transcript,
) -> None:
    chat.send("guide")
    old = chat.button("Ideation").action
    chat.click("Ready to spread")
    q = chat.expect_question("scale")
    chat.press(old)
    assert chat.answered is None
    chat.expect_notice("moved on")
    assert chat.expect_question("scale").turn == q.turn
    assert chat.answers == {"stage": "spread"}


def test_double_click_counts_once(chat: Transcript) -> None:
    chat.send("guide")
    action = chat.button("Proof of concept").action
    chat.press(action)
    chat.expect_question("scale")
    chat.press(action)
    chat.expect_notice("moved on")
    chat.expect_question("scale")
    assert chat.answers == {"stage": "proof-of-concept"}


def test_click_on_a_later_card_after_going_back_is_stale(chat: Transcript) -> None:
    chat.send("guide")
    chat.click("Ideation")
    later = chat.button("National").action
    chat.send("back")
    chat.expect_question("stage")
    chat.press(later)
    chat.expect_notice("moved on")
    chat.expect_question("stage")
    assert chat.answers == {}


@pytest.mark.parametrize("detour", [["restart"], ["1", "back"], ["help", "restart"]])
def test_old_card_of_the_same_question_asked_again_is_stale(
    chat: Transcript, detour: list[str]
) -> None:
    """Same flow, step and option, but an earlier asking: only the turn tells them apart."""
    chat.send("guide")
    old = chat.button("Ideation").action
    for text in detour:
        chat.send(text)
    q = chat.expect_question("stage")
    assert q.turn != old.turn  # type: ignore[union-attr]
    chat.press(old)
    assert chat.answered is None
    chat.expect_notice("moved on")
    assert chat.expect_question("stage").turn == q.turn
    assert chat.answers == {}


def test_forged_click_with_an_unknown_option_is_treated_as_stale(chat: Transcript) -> None:
    chat.send("guide")
    q = chat.expect_question("stage")
    chat.press(AnswerAction(flow="guide", step="stage", option="nonsense", version=1, turn=q.turn))
    chat.expect_notice("moved on")
    chat.expect_question("stage")


def test_click_after_the_flow_finished_is_told_politely(chat: Transcript) -> None:
    chat.send("guide")
    for _ in STEPS[:-1]:
        chat.send("1")
    last = chat.button("Not sure").action
    chat.press(last)
    chat.expect_recommendations()
    chat.press(last)
    notice = chat.expect_notice("already finished")
    chat.expect_no_question()
    assert "Start again" in [b.label for b in notice.buttons]
    chat.click("Start again")
    chat.expect_question("stage")
    assert chat.answers == {}


# --- outside the flow --------------------------------------------------------------------------


def test_greeting_and_empty_text_explain_what_the_bot_does(chat: Transcript) -> None:
    chat.send("hello")
    (greeting,) = chat.replies
    assert isinstance(greeting, HelpReply) and greeting.title.startswith("Hello!")
    chat.send("   ")
    (shown,) = chat.replies
    assert isinstance(shown, HelpReply)
    assert "guide" in [line.command for line in shown.lines]
    chat.expect_no_question()


def test_list_shows_every_method_and_its_buttons_open_cards(chat: Transcript) -> None:
    chat.send("list")
    listing = chat.expect_list(ListPurpose.CATALOGUE)
    catalogue = chat.bot.catalogue
    assert [i.id for i in listing.items] == [
        m.id for a in catalogue.approaches for m in catalogue.methods_of(a.id)
    ]
    assert len({i.group for i in listing.items}) == len(catalogue.approaches)
    chat.click("Social franchising and licensing")
    chat.expect_card("social-franchising-and-licensing")


def test_find_looks_up(chat: Transcript) -> None:
    chat.send("find crowdsourcing")
    chat.expect_card("competition-and-crowdsourcing")


def test_lookup_by_example_acronym_opens_the_card_with_its_facts(chat: Transcript) -> None:
    chat.send("GIRFT")
    card = chat.expect_card("central-coordination-and-national-programmes")
    facts = {f.label: f.value for f in card.facts}
    assert facts["Timeframe"] == "1-3 years"
    assert facts["Stage"] == "Proof of concept, Prototype/testing, Spread"
    assert "Getting It Right First Time (GIRFT)" in [e.name for e in card.examples]
    assert card.source_url and card.source_url.startswith("https://horizonsnhs.com/")
    # The answer starts with what was asked about: the example, by its acronym.
    assert card.matched == Matched(
        kind=MatchedKind.EXAMPLE, text="GIRFT", meaning="Getting It Right First Time"
    )
    assert not card.full and card.details is not None
    chat.click("Details")
    full = chat.expect_card("central-coordination-and-national-programmes")
    assert full.full and full.details is None and full.matched is None
    chat.click("See the approach")
    view = chat.expect_list(ListPurpose.APPROACH)
    assert view.title.startswith("Approach 4:")


def test_approach_lookup_shows_its_methods_and_the_unrecorded_count(chat: Transcript) -> None:
    chat.send("investing and incentivising")
    view = chat.expect_list(ListPurpose.APPROACH)
    approach = chat.bot.catalogue.approach("investing-and-incentivising")
    methods = chat.bot.catalogue.methods_of(approach.id)
    assert view.title == f"Approach {approach.number}: {approach.name}"
    assert [i.id for i in view.items] == [m.id for m in methods]
    missing = approach.method_count - len(methods)
    assert missing > 0
    note = next(s for s in view.sections if s.label == "Not recorded")
    assert f"{approach.method_count} methods" in note.lines[0]
    assert f"names of {missing} are not recorded" in note.lines[0]
    assert {s.label for s in view.sections} >= {"Strengths", "Limitations"}


def test_approach_with_every_method_recorded_has_no_unrecorded_section(chat: Transcript) -> None:
    chat.press(ShowAction(target="approach", id="coordinating-national-programmes"))
    view = chat.expect_list(ListPurpose.APPROACH)
    assert len(view.items) == 3
    assert "Not recorded" not in {s.label for s in view.sections}


def test_did_you_mean_buttons_open_the_method_card(chat: Transcript) -> None:
    chat.send(ambiguous_query(chat.bot))
    listing = chat.expect_list(ListPurpose.DID_YOU_MEAN)
    item = next(i for i in listing.items if shows_method(i))
    assert item.button is not None
    chat.click(item.button.label)
    chat.expect_card(item.id)
    chat.expect_no_question()


def test_show_of_a_removed_entry_says_so(chat: Transcript) -> None:
    chat.press(ShowAction(target="method", id="no-such-method"))
    chat.expect_notice("no longer in the catalogue")


def test_compare_two_methods(chat: Transcript) -> None:
    chat.send("compare GIRFT and social franchising")
    c = chat.expect_comparison()
    assert (c.left_id, c.right_id) == (
        "central-coordination-and-national-programmes",
        "social-franchising-and-licensing",
    )
    rows = {r.label: (r.left, r.right) for r in c.rows}
    assert rows["Timeframe"] == ("1-3 years", "Months to years")
    assert rows["Stage"][1] == "Spread"
    assert c.right_details is not None
    chat.press(c.right_details.action)
    assert chat.expect_card("social-franchising-and-licensing").full


@pytest.mark.parametrize(
    "text",
    [
        "what's the difference between demonstrator sites and social franchising?",
        "whats the diff between demonstrator sites & social franchising",
        "how do demonstrator sites differ from social franchising",
        "demonstrator sites vs social franchising",
    ],
)
def test_compare_in_peoples_words(chat: Transcript, text: str) -> None:
    chat.send(text)
    c = chat.expect_comparison()
    assert (c.left_id, c.right_id) == (
        "demonstrator-sites",
        "social-franchising-and-licensing",
    )


def test_compare_with_an_unknown_side_names_it(chat: Transcript) -> None:
    chat.send("compare xyzzy and GIRFT")
    notice = chat.expect_notice("couldn't find a method")
    assert "xyzzy" in notice.text and "GIRFT" not in notice.text


def test_compare_the_same_method_twice_shows_its_card(chat: Transcript) -> None:
    chat.send("compare GIRFT and central coordination")
    chat.expect_notice("Both of those")
    chat.expect_card("central-coordination-and-national-programmes")


def test_conversations_do_not_share_state(bot: Bot) -> None:
    from tests.bot.transcript import console_key

    alice, bob = Transcript(bot, console_key("alice")), Transcript(bot, console_key("bob"))
    alice.send("guide")
    alice.click("Ideation")
    bob.send("guide")
    bob.expect_question("stage")
    assert alice.answers == {"stage": "ideation"} and bob.answers == {}


def test_a_very_long_message_is_answered_and_quoted_short(chat: Transcript) -> None:
    chat.send("x" * 20_000)
    notice = chat.expect_notice("Nothing in the catalogue fits")
    assert len(notice.text) < 600
