"""Every Adaptive Card the Teams adapter renders validates against the official 1.5 schema.

Replies are built from the bot.replies models directly (every type, every optional part), and
also taken from real Bot turns; the Teams-only `msteams` property is dropped before validating.
"""

from __future__ import annotations

import copy
import json
import typing
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft6Validator

from adapters.platform import Platform
from adapters.teams.cards import (
    ACTION_KEY,
    CARD_VERSION,
    render_answered,
    render_card,
    render_welcome,
)
from bot.core import AnsweredQuestion, Bot
from bot.messages import (
    AnswerAction,
    Command,
    CommandAction,
    ConversationKey,
    IncomingMessage,
    ShowAction,
    decode_action,
)
from bot.replies import (
    Button,
    ButtonStyle,
    ComparisonReply,
    ComparisonRow,
    ExampleRow,
    FactRow,
    ListItem,
    ListPurpose,
    MethodCardReply,
    MethodListReply,
    NoticeLevel,
    NoticeReply,
    QuestionReply,
    Reply,
    Section,
    TextReply,
)
from bot.state import ConversationState
from bot.views import help_reply
from tests.samples import multiple_question_sample, recommendations_sample
from tests.schemas import adaptive_card_schema
from tests.teams.cardwalk import actions

SHOW = ShowAction(target="method", id="peer-learning")
HELP = Button(label="Help", action=CommandAction(command=Command.HELP))
RESTART = Button(
    label="Restart", action=CommandAction(command=Command.RESTART), style=ButtonStyle.DANGER
)


def _options() -> tuple[Button, ...]:
    return tuple(
        Button(
            label=f"Option {n} with a fairly long label to wrap",
            action=AnswerAction(flow="guide", step="stage", option=f"o{n}", version=1, turn=3),
            style=ButtonStyle.PRIMARY if n == 0 else ButtonStyle.DEFAULT,
        )
        for n in range(7)
    )


SAMPLES: dict[str, Reply] = {
    "recommendations": recommendations_sample(),
    "question_multiple": multiple_question_sample(),
    "text": TextReply(text="Plain words & <angle brackets>"),
    "help": help_reply(),
    "notice_info": NoticeReply(text="That question has moved on."),
    "notice_warning": NoticeReply(
        level=NoticeLevel.WARNING,
        title="No match",
        text="I found nothing for that.",
        buttons=(HELP,),
    ),
    "question": QuestionReply(
        flow="guide",
        step="stage",
        turn=3,
        number=2,
        total=4,
        prompt="Where are you now?",
        help="Pick the closest.",
        options=_options(),
        controls=(HELP, RESTART),
    ),
    "question_minimal": QuestionReply(
        flow="guide",
        step="stage",
        turn=1,
        number=1,
        total=1,
        prompt="Ready?",
        options=_options()[:1],
    ),
    "method_card": MethodCardReply(
        method_id="peer-learning",
        name="Peer learning",
        approach_id="networking",
        approach_name="Networking, peer learning and collaboration",
        summary="Learn from peers.",
        description="A longer description.\n\nWith paragraphs.",
        facts=(FactRow(label="Cost", value="Low"), FactRow(label="Time to set up")),
        examples=(ExampleRow(name="Example one", note="A note"), ExampleRow(name="Example two")),
        strengths=("Cheap",),
        limitations=("Slow",),
        source_url="https://example.org/source",
        references=("Ref A", "Ref B"),
        buttons=(Button(label="More like this", action=SHOW), HELP),
    ),
    "method_card_minimal": MethodCardReply(
        method_id="m", name="M", approach_id="a", approach_name="A"
    ),
    "catalogue_list": MethodListReply(
        purpose=ListPurpose.CATALOGUE,
        title="The catalogue",
        intro="Seven approaches.",
        sections=(
            Section(label="Strengths", lines=("One", "Two")),
            Section(label="Empty", lines=()),
        ),
        items=(
            ListItem(
                id="a",
                title="A",
                detail="first",
                group="Group 1",
                button=Button(label="A", action=SHOW),
            ),
            ListItem(id="b", title="B", group="Group 1"),
            ListItem(id="c", title="C", group="Group 2", button=Button(label="C", action=SHOW)),
        ),
        source_url="https://example.org/catalogue",
        buttons=(HELP,),
    ),
    "did_you_mean": MethodListReply(
        purpose=ListPurpose.DID_YOU_MEAN,
        title="Did you mean",
        items=(
            ListItem(id="a", title="A", detail="close", button=Button(label="Show A", action=SHOW)),
        ),
    ),
    "near_misses": MethodListReply(purpose=ListPurpose.NEAR_MISSES, title="Nearly", items=()),
    "comparison": ComparisonReply(
        left_id="a",
        left_name="A",
        right_id="b",
        right_name="B",
        rows=(ComparisonRow(label="Cost", left="Low", right=None), ComparisonRow(label="Time")),
        buttons=(HELP,),
    ),
}

ANSWERED = AnsweredQuestion(
    flow="guide", step="stage", turn=3, prompt="Where?", answer_label="Here"
)


@pytest.fixture(scope="module")
def validator() -> Draft6Validator:
    schema = adaptive_card_schema()
    Draft6Validator.check_schema(schema)
    return Draft6Validator(schema)


def schema_errors(validator: Draft6Validator, card: dict[str, Any]) -> list[str]:
    plain = copy.deepcopy(card)
    plain.pop("msteams", None)  # Teams-only; the official schema rejects it
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(plain)]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_reply_type_renders_a_valid_card(validator: Draft6Validator, name: str) -> None:
    card = render_card(SAMPLES[name])
    assert card["version"] == CARD_VERSION
    assert schema_errors(validator, card) == []


def test_the_sample_set_covers_every_reply_kind() -> None:
    kinds = {reply.kind for reply in SAMPLES.values()}
    union = typing.get_args(typing.get_args(Reply)[0])
    assert kinds == {t.model_fields["kind"].default for t in union}


def test_answered_and_welcome_cards_are_valid(validator: Draft6Validator) -> None:
    for card in (
        render_answered(ANSWERED),
        render_welcome(),
    ):
        assert schema_errors(validator, card) == []
    assert not list(actions(render_answered(ANSWERED))), "an answered card must have no buttons"


def test_the_validator_catches_a_broken_card(validator: Draft6Validator) -> None:
    card = render_card(SAMPLES["question"])
    assert schema_errors(validator, {**card, "body": [{"type": "TextBlock", "text": 5}]})
    assert list(validator.iter_errors(card)), "msteams must be dropped before validating"


def test_submit_data_carries_the_typed_action() -> None:
    reply = SAMPLES["question"]
    assert isinstance(reply, QuestionReply)
    submits = [a for a in actions(render_card(reply)) if a["type"] == "Action.Submit"]
    carried = [decode_action(json.dumps(a["data"][ACTION_KEY])) for a in submits]
    expected = [b.action for b in (*reply.options, *reply.controls)]
    assert carried == expected
    assert all(a["title"] for a in submits)
    # Long option lists stay readable: one option per row.
    rows = [e for e in render_card(reply)["body"] if e["type"] == "ActionSet"]
    answer_rows = [r for r in rows if "answer" in json.dumps(r)]
    assert [len(r["actions"]) for r in answer_rows] == [1] * len(reply.options)
    # Back, restart and cancel come after the answers, under a rule.
    controls = rows[rows.index(answer_rows[-1]) + 1 :]
    assert controls and controls[0].get("separator") is True


def test_button_styles_map_to_adaptive_styles() -> None:
    card = render_card(SAMPLES["question"])
    styles = {a["title"]: a.get("style") for a in actions(card)}
    assert styles["Restart"] == "destructive"
    assert styles["Option 0 with a fairly long label to wrap"] == "positive"
    assert styles["Help"] is None


def test_unrecorded_facts_say_so() -> None:
    card = render_card(SAMPLES["method_card"])
    facts = next(e for e in card["body"] if e["type"] == "FactSet")["facts"]
    assert {"title": "Time to set up", "value": "Not recorded in the source"} in facts


# -- cards from real turns of the core ----------------------------------------------------------

KEY = ConversationKey(platform=Platform.TEAMS, workspace="t", channel="c", user="u")


def _turns(bot: Bot, inputs: list[str | None]) -> Iterator[Reply]:
    """Runs typed words (None: click the first option of the last question) through the core."""
    state: ConversationState | None = None
    question: QuestionReply | None = None
    for words in inputs:
        if words is None:
            assert question is not None
            button = question.options[0]
            if question.submit is not None and question.selected:
                button = question.submit  # a several-answer question: one pick, then Done
            message = IncomingMessage(key=KEY, action=button.action, received_at=1.0)
        else:
            message = IncomingMessage(key=KEY, text=words, received_at=1.0)
        result = bot.handle(message, state)
        state = result.state
        if result.refreshed is not None:
            question = result.refreshed
            yield result.refreshed
        for reply in result.replies:
            if isinstance(reply, QuestionReply):
                question = reply
            yield reply


def test_cards_from_real_turns_are_valid(validator: Draft6Validator, core_bot: Bot) -> None:
    inputs: list[str | None] = [
        "help",
        "list",
        "peer learning",
        "GIRFT",
        "zzqx unknown words",
        "find spread",
    ]
    inputs += ["guide", *([None] * 12), "restart", "cancel"]
    seen: set[str] = set()
    for reply in _turns(core_bot, inputs):
        seen.add(reply.kind)
        assert schema_errors(validator, render_card(reply)) == [], reply.kind
    assert {"question", "method_card", "method_list", "recommendations"} <= seen
