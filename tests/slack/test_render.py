"""Block Kit rendering of every reply type, checked against Slack's limits, including oversized
replies (cut sensibly, never failing), and the escaping of text that may come from a user."""

from __future__ import annotations

import json
from typing import Any

import pytest
from slack_sdk.models.blocks import Block

from adapters.slack.render import (
    Rendered,
    merge,
    render_answered,
    render_home,
    render_reply,
    with_share_button,
    without_buttons,
)
from bot.core import AnsweredQuestion, Bot
from bot.messages import Command, CommandAction, ShowAction
from bot.replies import (
    Button,
    ComparisonReply,
    ComparisonRow,
    ExampleRow,
    FactRow,
    ListItem,
    ListPurpose,
    MethodListReply,
    NoticeReply,
    QuestionReply,
    Reply,
    TextReply,
)
from bot.views import GUIDE_BUTTON, LIST_BUTTON
from tests.bot.transcript import Transcript
from tests.samples import CARD, EVIL, HUGE, NORMAL


def check_limits(blocks: list[dict[str, Any]]) -> None:
    """Slack's Block Kit limits; slack_sdk re-checks each block as it parses it back."""
    assert 1 <= len(blocks) <= 50
    action_ids: list[str] = []
    for block in Block.parse_all(blocks):
        block.to_dict()  # raises SlackObjectFormationError past a limit
    for b in blocks:
        if b["type"] == "section":
            assert "text" in b or "fields" in b
            if "text" in b:
                assert 1 <= len(b["text"]["text"]) <= 3000
            assert len(b.get("fields", [])) <= 10
            assert all(1 <= len(f["text"]) <= 2000 for f in b.get("fields", []))
            if "accessory" in b:
                action_ids.append(b["accessory"]["action_id"])
        elif b["type"] == "header":
            assert 1 <= len(b["text"]["text"]) <= 150 and b["text"]["type"] == "plain_text"
        elif b["type"] == "context":
            assert 1 <= len(b["elements"]) <= 10
        elif b["type"] == "actions":
            assert 1 <= len(b["elements"]) <= 25
            for el in b["elements"]:
                if el["type"] == "static_select":
                    options = [o for g in el["option_groups"] for o in g["options"]]
                    assert 1 <= len(options) <= 100
                    assert all(len(o["text"]["text"]) <= 75 for o in options)
                    assert all(len(o["value"]) <= 150 for o in options)
                else:
                    assert 1 <= len(el["text"]["text"]) <= 75
                    assert len(el.get("value", "")) <= 2000
                assert len(el["action_id"]) <= 255
                action_ids.append(el["action_id"])
        elif b["type"] == "rich_text":
            # Slack documents no limit here; we hold rich text to a section's 3000 characters.
            assert 1 <= sum(len(t) for _, t in _rich_texts(b)) <= 3000
    assert len(action_ids) == len(set(action_ids))


def _rich_texts(node: Any) -> list[tuple[str, str]]:
    """(element type, text) of every element inside rich text."""
    out: list[tuple[str, str]] = []
    for el in node.get("elements", []):
        if el["type"] in {"rich_text_section", "rich_text_list"}:
            out += _rich_texts(el)
        else:
            out.append((el["type"], el.get("text", "")))
    return out


def _text_objects(node: Any) -> list[dict[str, Any]]:
    """Every mrkdwn and plain_text object in a message."""
    if isinstance(node, list):
        return [t for item in node for t in _text_objects(item)]
    if not isinstance(node, dict):
        return []
    own = [node] if node.get("type") in {"mrkdwn", "plain_text"} else []
    return own + [t for v in node.values() for t in _text_objects(v)]


@pytest.mark.parametrize("reply", NORMAL + HUGE, ids=lambda r: r.kind)
def test_every_reply_type_renders_within_block_kit_limits(reply: Reply) -> None:
    rendered = render_reply(reply)
    check_limits(rendered.blocks)
    assert rendered.text.strip() and len(rendered.text) <= 3000


@pytest.mark.parametrize("reply", HUGE, ids=lambda r: r.kind)
def test_oversized_replies_are_cut_with_a_note_not_dropped(reply: Reply) -> None:
    rendered = render_reply(reply)
    text = json.dumps(rendered.blocks, ensure_ascii=False)
    assert "…" in text or "Shortened" in text
    # The choices survive the cut: the buttons come before the tail of the content.
    buttons = getattr(reply, "options", ()) or getattr(reply, "buttons", ())
    if buttons:
        assert any(b["type"] == "actions" for b in rendered.blocks)


def test_a_question_shows_its_options_as_buttons_carrying_typed_actions() -> None:
    reply = NORMAL[2]
    assert isinstance(reply, QuestionReply)
    rendered = render_reply(reply)
    actions = [b for b in rendered.blocks if b["type"] == "actions"]
    values = [el["value"] for el in actions[0]["elements"]]
    assert [json.loads(v)["option"] for v in values] == [f"option-{i}" for i in range(5)]
    assert actions[1]["elements"][1]["style"] == "danger"
    assert "Question 1 of 4" in json.dumps(rendered.blocks)


def test_a_method_card_is_compact_and_its_details_button_posts_the_whole_card() -> None:
    compact = render_reply(CARD)
    text = json.dumps(compact.blocks, ensure_ascii=False)
    for part in ("A national programme.", "Timeframe: ", "Not recorded in the source", "GIRFT"):
        assert part in text, part
    for part in ("Led by", "Strengths of", "Limitations of", "References"):
        assert part not in text, part
    buttons = [e for b in compact.blocks if b["type"] == "actions" for e in b["elements"]]
    assert json.loads(buttons[0]["value"]) == {
        "full": True,
        "id": "girft",
        "kind": "show",
        "target": "method",
    }
    assert buttons[0]["text"]["text"] == "Details"
    full = json.dumps(render_reply(CARD.model_copy(update={"full": True})).blocks)
    for part in ("Led by *clinicians*", "Strengths of", "Limitations of", "References"):
        assert part in full, part
    assert "<https://horizonsnhs.com/spread-approaches/x/?a=1&amp;b=2|Read the source>" in full
    assert "Getting It Right First Time &amp; friends" in full


def test_did_you_mean_choices_are_buttons() -> None:
    rendered = render_reply(NORMAL[4])
    accessories = [b["accessory"] for b in rendered.blocks if "accessory" in b]
    assert [json.loads(a["value"])["id"] for a in accessories] == [
        "method-0",
        "method-1",
        "method-2",
    ]
    assert rendered.shareable is False


@pytest.mark.parametrize(
    "reply",
    [
        TextReply(text=EVIL),
        NoticeReply(
            title=EVIL,
            text=EVIL,
            buttons=(Button(label=EVIL[:75], action=ShowAction(target="method", id="x")),),
        ),
        QuestionReply(
            flow="f",
            step="s",
            turn=1,
            number=1,
            total=1,
            prompt=EVIL,
            help=EVIL,
            options=(Button(label=EVIL[:75], action=CommandAction(command=Command.HELP)),),
        ),
        CARD.model_copy(
            update={
                "name": EVIL,
                "summary": EVIL,
                "examples": (ExampleRow(name=EVIL, note=EVIL),),
                "facts": (FactRow(label=EVIL, value=EVIL),),
            }
        ),
        MethodListReply(
            purpose=ListPurpose.NEAR_MISSES,
            title=EVIL,
            intro=EVIL,
            items=(ListItem(id="x", title=EVIL, detail=EVIL, group=EVIL),),
        ),
        ComparisonReply(
            left_id="a",
            left_name=EVIL,
            right_id="b",
            right_name=EVIL,
            rows=(ComparisonRow(label=EVIL, left=EVIL, right=EVIL),),
        ),
    ],
    ids=lambda r: r.kind,
)
def test_text_that_may_come_from_a_user_is_escaped_everywhere(reply: Reply) -> None:
    """mrkdwn and plain text escape Slack's control characters; rich text shows text as written
    and holds no mention, broadcast or link element."""
    rendered = render_reply(reply)
    objects = json.dumps(_text_objects(rendered.blocks))
    for out in (objects, rendered.text):
        for raw in ("<!channel>", "<!here>", "<@U0BOB>", "<http://evil"):
            assert raw not in out
    assert "&lt;!channel&gt;" in objects + rendered.text
    assert "& co" not in rendered.text
    rich = [el for b in rendered.blocks if b["type"] == "rich_text" for el in _rich_texts(b)]
    assert {kind for kind, _ in rich} <= {"text"}


@pytest.mark.parametrize("reply", NORMAL + HUGE, ids=lambda r: r.kind)
def test_formatting_a_user_types_is_never_formatted(reply: Reply) -> None:
    """mrkdwn has no escapes: words that may come from a user never reach it, and catalogue
    text set in our own mrkdwn has its formatting characters swapped for look-alikes."""
    typed = "*bold* _it_ ~gone~ `code`"
    replaced = reply.model_copy(
        update={
            k: typed
            for k in ("text", "title", "intro", "prompt", "help", "name", "summary", "left_name")
            if k in type(reply).model_fields
        }
    )
    for obj in _text_objects(render_reply(replaced).blocks):
        if obj["type"] == "mrkdwn":
            for piece in ("*bold*", "_it_", "~gone~", "`code`"):
                assert piece not in obj["text"]


def test_the_answered_card_shows_the_choice_without_buttons() -> None:
    rendered = render_answered(
        AnsweredQuestion(flow="guide", step="s", turn=2, prompt="How far?", answer_label="Ideation")
    )
    check_limits(rendered.blocks)
    assert not any(b["type"] == "actions" or "accessory" in b for b in rendered.blocks)
    assert "Ideation" in rendered.text and "Ideation" in json.dumps(rendered.blocks)


def test_share_button_and_shared_copy() -> None:
    for reply in HUGE[3:5]:
        shared = with_share_button(render_reply(reply), "tok")
        check_limits(shared.blocks)
        assert shared.blocks[-1]["elements"][0]["action_id"] == "spreadbot_share"
        snapshot = without_buttons(shared)
        assert not any(b["type"] == "actions" or "accessory" in b for b in snapshot.blocks)


def test_merged_replies_stay_one_valid_message() -> None:
    merged = merge([render_reply(r) for r in (NORMAL[0], CARD, NORMAL[1])])
    check_limits(merged.blocks)
    assert merged.shareable and merged.text.count("\n\n") >= 2
    assert isinstance(merged, Rendered)


def test_app_home_view() -> None:
    view = render_home("D0ALICE")
    assert view["type"] == "home" and view["private_metadata"] == "D0ALICE"
    check_limits(view["blocks"])
    buttons = [el for b in view["blocks"] if b["type"] == "actions" for el in b["elements"]]
    assert [json.loads(b["value"]) for b in buttons] == [
        {"command": "guide", "kind": "command"},
        {"command": "list", "kind": "command"},
    ]
    assert [b["text"]["text"] for b in buttons] == [GUIDE_BUTTON.label, LIST_BUTTON.label]


def test_an_extended_catalogue_pages_within_block_kit_limits(extended_bot: Bot) -> None:
    catalogue = extended_bot.catalogue
    chat = Transcript(extended_bot)
    chat.send("list")
    listed: list[str] = []
    for page in chat.pages():
        rendered = render_reply(page)
        check_limits(rendered.blocks)
        menu = next(e for b in rendered.blocks if b["type"] == "actions" for e in b["elements"])
        offered = [
            json.loads(o["value"])["id"] for g in menu["option_groups"] for o in g["options"]
        ]
        assert offered == [item.id for item in page.items]
        listed += offered
    assert listed == [m.id for a in catalogue.approaches for m in catalogue.methods_of(a.id)]
    for approach in catalogue.approaches:
        chat.press(ShowAction(target="approach", id=approach.id))
        for page in chat.pages():
            check_limits(render_reply(page).blocks)
