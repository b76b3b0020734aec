"""The rules every Teams card keeps, whatever it shows: inside Teams' size budget, text shown as
written (markdown escaped only where it would format, user words never read as markdown), and
readable by everyone (headings, fallback text, words rather than glyphs or colours, labelled
inputs, buttons short enough for a phone, cancel kept apart from the answers).

Cards come from the shared samples (including far larger replies than any real one), from real
turns of the shipped bot, and from an organisation's extended catalogue, paged.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from adapters.platform import Platform
from adapters.teams.cards import CARD_BUDGET, render_answered, render_card, render_welcome, size
from adapters.teams.layout import md, rows
from bot.core import AnsweredQuestion, Bot
from bot.messages import (
    ConversationKey,
    ShowAction,
)
from bot.replies import (
    NoticeReply,
    QuestionReply,
    RecommendationsReply,
    Reply,
    TextReply,
)
from tests.bot.transcript import Transcript
from tests.samples import HUGE, NORMAL
from tests.teams.cardwalk import nodes

KEY = ConversationKey(platform=Platform.TEAMS, workspace="t", channel="c", user="u")
PHISH = "*bold* [Verify your NHS login](https://phish.example/x) 1. \u202eevil"


def _turns(bot: Bot) -> Transcript:
    return Transcript(bot, key=KEY)


def real_replies(bot: Bot) -> list[Reply]:
    t = _turns(bot)
    for text in ("help", "hello", "list", "GIRFT", "social franchising", "AHSN", PHISH):
        t.send(text)
    t.send("compare demonstrator sites and rolling out")
    t.send("compare GIRFT and nothing like it")
    t.send("piloting and rolling out")
    t.send("guide")
    t.click("Ready to spread")
    t.send("help")
    for label in ("National", "1 to 3 years", "Funding", "Done", "Not sure"):
        t.click(label)
    t.click("Details")
    t.send("guide")
    t.send("cancel")
    return [reply for turn in t.turns for reply in (*turn.replies, turn.refreshed) if reply]


@pytest.fixture(scope="module")
def real(core_bot: Bot) -> list[Reply]:
    return real_replies(core_bot)


# -- the size budget ---------------------------------------------------------------------------


@pytest.mark.parametrize("reply", NORMAL + HUGE, ids=lambda r: r.kind)
def test_every_card_stays_inside_the_budget_even_for_huge_replies(reply: Reply) -> None:
    assert size(render_card(reply)) < CARD_BUDGET


def test_cards_from_real_turns_are_well_inside_the_budget(real: list[Reply]) -> None:
    for reply in real:
        assert size(render_card(reply)) < CARD_BUDGET, reply.kind


def test_an_extended_catalogue_is_listed_in_pages_inside_the_budget(extended_bot: Bot) -> None:
    catalogue = extended_bot.catalogue
    t = _turns(extended_bot)
    t.send("list")
    listed: list[str] = []
    for page in t.pages():
        assert size(render_card(page)) < CARD_BUDGET
        listed += [item.id for item in page.items]
    assert listed == [m.id for a in catalogue.approaches for m in catalogue.methods_of(a.id)]
    for approach in catalogue.approaches:
        t.press(ShowAction(target="approach", id=approach.id))
        shown: list[str] = []
        for page in t.pages():
            assert size(render_card(page)) < CARD_BUDGET
            shown += [i.id for i in page.items]
        assert shown == [m.id for m in catalogue.methods_of(approach.id)]


def test_the_guided_result_with_an_extended_catalogue_is_inside_the_budget(
    extended_bot: Bot,
) -> None:
    t = _turns(extended_bot)
    t.send("guide")
    for label in ("Ready to spread", "National", "1 to 3 years", "Funding", "Done", "Not sure"):
        t.click(label)
    result = t.expect_recommendations()
    assert isinstance(result, RecommendationsReply) and result.items
    assert size(render_card(result)) < CARD_BUDGET // 2


# -- text shown as written ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("1. Building capacity", "1.\u00a0Building capacity"),  # never "\1."
        ("12) Twelve", "12)\u00a0Twelve"),
        ("- a dash", "-\u00a0a dash"),
        ("Getting It Right First Time (GIRFT)", "Getting It Right First Time (GIRFT)"),
        ("A&E, 1-3 years, 50% fit; a/b", "A&E, 1-3 years, 50% fit; a/b"),
        ("snake_case stays", "snake_case stays"),
        ("*bold* and _it_", "\\*bold\\* and \\_it\\_"),
        ("[link](https://x.example)", "\\[link](https://x.example)"),
        ("# title", "\\# title"),
        ("> quote", "\\> quote"),
        ("a < b and <b>tag</b>", "a < b and \\<b>tag\\</b>"),
        ("&amp; stays", "\\&amp; stays"),
        ("back\\slash", "back\\\\slash"),
        ("~~gone~~ ~ok~", "\\~\\~gone\\~\\~ ~ok~"),
        ("`code`", "\\`code\\`"),
    ],
)
def test_markdown_is_escaped_only_where_it_would_format(text: str, escaped: str) -> None:
    assert md(text) == escaped


def _markdown_texts(card: dict[str, Any]) -> list[str]:
    """Text Teams reads as markdown: TextBlocks and facts."""
    out = [n["text"] for n in nodes(card) if n.get("type") == "TextBlock"]
    for n in nodes(card):
        if n.get("type") == "FactSet":
            out += [f["title"] for f in n["facts"]] + [f["value"] for f in n["facts"]]
    return out


def test_a_users_words_are_never_read_as_markdown(core_bot: Bot) -> None:
    t = _turns(core_bot)
    quoted: list[Reply] = []
    for text in (PHISH, f"compare {PHISH} and GIRFT", f"find {PHISH}"):
        quoted += t.send(text)
    assert quoted
    for reply in quoted:
        card = render_card(reply)
        runs = " ".join(n["text"] for n in nodes(card) if n.get("type") == "TextRun")
        assert "*bold* [Verify your NHS login](https://phish.example/x)" in runs
        assert "\u202e" not in json.dumps(card, ensure_ascii=False)
        for text in _markdown_texts(card):
            assert "phish.example" not in text and "Verify" not in text


def test_no_visible_backslash_escapes_in_real_cards(real: list[Reply]) -> None:
    """The shipped catalogue needs no escape at all: no client can show a stray backslash."""
    for reply in real:
        for text in _markdown_texts(render_card(reply)):
            assert "\\" not in text, text


# -- readable by everyone ----------------------------------------------------------------------


def _all_cards(real: list[Reply]) -> list[dict[str, Any]]:
    answered = AnsweredQuestion(flow="guide", step="s", turn=1, prompt="How far?", answer_label="X")
    extra = [render_answered(answered), render_welcome(shared=True), render_welcome(shared=False)]
    return [render_card(r) for r in NORMAL + real] + extra


def test_every_card_has_fallback_text_and_a_heading(real: list[Reply]) -> None:
    for card in _all_cards(real):
        assert card["fallbackText"].strip()
        headings = [n for n in nodes(card) if n.get("style") == "heading"]
        plain_text = all(n.get("type") != "TextBlock" for n in card["body"])
        assert headings or plain_text, card["fallbackText"]


def test_no_colour_below_the_contrast_floor_and_no_meaning_in_a_glyph_alone(
    real: list[Reply],
) -> None:
    for card in _all_cards(real):
        # Teams' light theme draws Good, Warning and Light text under 4.5:1 on white.
        assert not {n.get("color") for n in nodes(card)} & {"Good", "Warning", "Light"}
        text = json.dumps(card, ensure_ascii=False)
        assert "✔" not in text and "✗" not in text
    results = [r for r in real if isinstance(r, RecommendationsReply)]
    assert results
    runs = [n for n in nodes(render_card(results[0])) if n.get("type") == "TextRun"]
    said = {n["text"] for n in runs if n.get("weight") == "Bolder"}
    assert "Fits: " in said and "Does not fit: " in said


def test_inputs_are_labelled_and_toggles_have_targets(real: list[Reply]) -> None:
    for card in _all_cards(real):
        ids = {n["id"] for n in nodes(card) if "id" in n}
        for n in nodes(card):
            if str(n.get("type", "")).startswith("Input."):
                assert n.get("label"), n
            if n.get("type") == "Action.ToggleVisibility":
                assert set(n["targetElements"]) <= ids


def test_button_labels_fit_a_phone_and_are_never_long_method_names(real: list[Reply]) -> None:
    """About 20 characters where buttons share a row, 30 for a button on a row of its own (an
    answer); a row that opens a method is not a button: its title is its accessible name."""
    for card in _all_cards(real):
        for row in (n for n in nodes(card) if n.get("type") == "ActionSet"):
            limit = 20 if len(row["actions"]) > 1 else 30
            assert all(len(a["title"]) <= limit for a in row["actions"]), row


def test_cancel_is_kept_apart_from_the_answers(real: list[Reply]) -> None:
    questions = [r for r in real if isinstance(r, QuestionReply)]
    assert questions
    for question in questions:
        body = render_card(question)["body"]
        sets = [e for e in body if e["type"] == "ActionSet"]
        controls = [s for s in sets if any("command" in json.dumps(a) for a in s["actions"])]
        answers = [s for s in sets if any('"answer"' in json.dumps(a) for a in s["actions"])]
        assert controls and answers
        assert body.index(controls[0]) > body.index(answers[-1]) + 1
        assert controls[0].get("separator") is True
        assert all(len(s["actions"]) == 1 for s in answers)


def test_buttons_are_put_side_by_side_only_where_they_fit_a_phone() -> None:
    def titled(*titles: str) -> list[dict[str, Any]]:
        return [{"type": "Action.Submit", "title": t} for t in titles]

    # Measured with Teams' renderer at 320 px: the first pair was cut, the second fits.
    assert len(rows(titled("See the approach", "Help me choose"))) == 2
    assert len(rows(titled("Help me choose", "List all methods"))) == 1
    assert len(rows(titled("Back", "Restart", "Cancel"))) == 1
    assert [len(r["actions"]) for r in rows(titled(*"abcdefg"))] == [3, 3, 1]


def test_the_phone_budget_of_the_guided_result_holds_in_words(real: list[Reply]) -> None:
    """One message with three recommendations, each a heading, one line of why, the facts and
    a Details button: nothing of the full reference card."""
    (result,) = [r for r in real if isinstance(r, RecommendationsReply)]
    card = render_card(result)
    text = json.dumps(card, ensure_ascii=False)
    assert len(result.items) == 3
    assert text.count('"Details"') == 3
    for part in ("Strengths", "Limitations", "References"):
        assert part not in text
    assert re.search(r"Joint 1st · \d+% fit", text)


def test_text_replies_render_their_lines_as_separate_blocks() -> None:
    card = render_card(TextReply(text="one\ntwo\n\nthree"))
    assert [n["text"] for n in nodes(card) if n.get("type") == "TextRun"] == ["one", "two", "three"]
    notice = render_card(NoticeReply(text="a\nb"))
    assert [n["text"] for n in nodes(notice) if n.get("type") == "TextRun"] == ["a", "b"]


def test_a_long_unbroken_word_can_wrap_on_a_phone() -> None:
    """Rich text never breaks inside a word: a pasted address gets invisible break points."""
    address = "https://assets.example.org/government/uploads/system/attachment_data/file/50.pdf"
    card = render_card(NoticeReply(text=f"I couldn't find \u201c{address}\u201d."))
    (run,) = [n["text"] for n in nodes(card) if n.get("type") == "TextRun"]
    assert run.replace("\u200b", "") == f"I couldn't find \u201c{address}\u201d."
    assert max(len(piece) for word in run.split() for piece in word.split("\u200b")) <= 30
