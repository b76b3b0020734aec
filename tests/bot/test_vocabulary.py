"""One vocabulary for every platform, what a lookup matched, user words quoted back, list pages.

The words and button labels live in bot.views; these tests keep them short enough for a phone and
check the neutral parts the compact cards rest on. Imports: bot, catalogue and the transcript.
"""

from __future__ import annotations

import pytest

from bot.core import Bot, matched_of
from bot.messages import (
    AnswerAction,
    Command,
    CommandAction,
    ShowAction,
    decode_action,
    encode_action,
)
from bot.replies import Button, ListItem, Matched, MatchedKind
from bot.views import (
    APPROACH_LABEL,
    DETAILS_LABEL,
    GUIDE_BUTTON,
    HELP_BUTTON,
    HELP_TOGGLE_LABEL,
    LIST_BUTTON,
    MORE_LABEL,
    OPEN_LABEL,
    PAGE_CHARS,
    PAGE_ITEMS,
    PICK_LABEL,
    SOURCE_LABEL,
    START_AGAIN,
    help_reply,
    pages,
    quote,
    welcome,
)
from catalogue.search import Match, TargetKind
from tests.bot.transcript import Transcript

LABELS = [
    APPROACH_LABEL,
    DETAILS_LABEL,
    HELP_TOGGLE_LABEL,
    MORE_LABEL,
    OPEN_LABEL,
    PICK_LABEL,
    SOURCE_LABEL,
    *(b.label for b in (GUIDE_BUTTON, HELP_BUTTON, LIST_BUTTON, START_AGAIN)),
]


@pytest.mark.parametrize("label", LABELS)
def test_labels_are_short_enough_for_a_phone(label: str) -> None:
    assert len(label) <= 20


def test_help_and_welcome_say_the_same_things_with_the_same_buttons() -> None:
    shared, alone = welcome(shared=True), welcome(shared=False)
    assert shared.lines == alone.lines == help_reply().lines
    assert shared.buttons == alone.buttons == help_reply().buttons == (GUIDE_BUTTON, LIST_BUTTON)
    assert shared.note and "@Spreadbot" in shared.note and alone.note is None


def _match(**found: str) -> Match:
    return Match(TargetKind.METHOD, "m", "M", "a", "A", 100.0, "", **found)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        ({"acronym": "GIRFT"}, Matched(kind=MatchedKind.ACRONYM, text="GIRFT")),
        ({"example": "Q Exchange"}, Matched(kind=MatchedKind.EXAMPLE, text="Q Exchange")),
        (
            {"example": "Getting It Right First Time", "acronym": "GIRFT"},
            Matched(kind=MatchedKind.ACRONYM, text="GIRFT"),
        ),
        ({"matched": "social franchising"}, None),
        ({}, None),
    ],
)
def test_what_a_lookup_matched_comes_from_the_match(
    found: dict[str, str], expected: Matched | None
) -> None:
    assert matched_of(_match(**found)) == expected


@pytest.mark.parametrize(
    ("typed", "matched"),
    [
        (
            "GIRFT",
            Matched(kind=MatchedKind.EXAMPLE, text="GIRFT", meaning="Getting It Right First Time"),
        ),
        (
            "getting it right first time",
            Matched(kind=MatchedKind.EXAMPLE, text="Getting It Right First Time", meaning="GIRFT"),
        ),
        (
            "national demand and capacity team",
            Matched(kind=MatchedKind.EXAMPLE, text="National Demand and Capacity Team"),
        ),
        ("social franchising", None),
        ("central co-ordination", None),
    ],
)
def test_a_card_found_through_an_example_starts_with_it(
    bot: Bot, typed: str, matched: Matched | None
) -> None:
    chat = Transcript(bot)
    chat.send(typed)
    (card,) = chat.replies
    assert getattr(card, "matched", "no card") == matched


def test_words_quoted_back_keep_their_order_and_lose_direction_overrides() -> None:
    typed = "*bold* \u202eevil\u202c [x](https://y) \u2066iso\u2069"
    assert quote(typed) == "\u201c*bold* evil [x](https://y) iso\u201d"
    assert quote("x" * 300).endswith("…\u201d") and len(quote("x" * 300)) == 202


def _items(*titles: str, group: str = "G") -> tuple[ListItem, ...]:
    return tuple(ListItem(id=f"i{n}", title=t, group=group) for n, t in enumerate(titles))


def test_pages_keep_every_item_in_order_within_the_budget() -> None:
    items = _items(*(f"Method {n} " + "word " * (n % 40) for n in range(200)))
    split = pages(items)
    assert [i for page in split for i in page] == list(items)
    for page in split:
        assert 1 <= len(page) <= PAGE_ITEMS
        assert sum(len(i.title) for i in page) <= PAGE_CHARS
    assert pages(()) == [()]
    huge = _items("x" * (PAGE_CHARS * 2), "y")
    assert pages(huge) == [huge[:1], huge[1:]]  # an entry larger than a page gets one to itself


def test_the_list_pages_on_with_more_methods(bot: Bot, extended_bot: Bot) -> None:
    chat = Transcript(extended_bot)
    chat.send("list")
    seen: list[str] = []
    shown = list(chat.pages())
    for number, page in enumerate(shown, start=1):
        seen += [i.id for i in page.items]
        more = [b.action for b in page.buttons if b.label == MORE_LABEL]
        assert more == (
            [CommandAction(command=Command.LIST, page=number + 1)] if page != shown[-1] else []
        )
    catalogue = extended_bot.catalogue
    assert seen == [m.id for a in catalogue.approaches for m in catalogue.methods_of(a.id)]
    assert len(shown) > 1 and f"Page {len(shown)} of {len(shown)}." in (shown[-1].intro or "")
    # A page past the end shows the last one; the shipped catalogue fits on one page.
    chat.press(CommandAction(command=Command.LIST, page=999))
    assert chat.replies == (shown[-1],)
    chat = Transcript(bot)
    chat.send("list")
    assert len(list(chat.pages())) == 1


def test_details_button_shows_the_whole_card(chat: Transcript) -> None:
    chat.send("social franchising")
    card = chat.expect_card("social-franchising-and-licensing")
    assert not card.full and isinstance(card.details, Button) and card.details.label == "Details"
    chat.click("Details")
    assert chat.expect_card("social-franchising-and-licensing").full


def test_actions_without_their_optional_parts_encode_as_before() -> None:
    """Parts left at their defaults (a page, a full card, a plain pick) are left out, so the
    buttons of cards sent before they existed still carry exactly what such buttons encode now."""
    answer = AnswerAction(flow="guide", step="s", option="o", version=2, turn=1)
    assert encode_action(answer) == (
        '{"flow":"guide","kind":"answer","option":"o","step":"s","turn":1,"version":2}'
    )
    assert (
        encode_action(CommandAction(command=Command.LIST)) == '{"command":"list","kind":"command"}'
    )
    show = ShowAction(target="method", id="m")
    assert encode_action(show) == '{"id":"m","kind":"show","target":"method"}'
    for action in (show.model_copy(update={"full": True, "page": 2}), answer):
        assert decode_action(encode_action(action)) == action
