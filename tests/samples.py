"""Catalogue texts and sample replies shared by the catalogue, command-line and renderer tests:
NORMAL holds every reply kind as the core makes them, HUGE far larger replies than any real one
(renderers must cut them, never fail), EVIL text with Slack's and markdown's control sequences."""

from __future__ import annotations

from bot.messages import AnswerAction, AnswerMode, Command, CommandAction, ShowAction
from bot.replies import (
    Button,
    ButtonStyle,
    ComparisonReply,
    ComparisonRow,
    Evidence,
    ExampleRow,
    FactRow,
    ListItem,
    ListPurpose,
    MethodCardReply,
    MethodListReply,
    NoticeLevel,
    NoticeReply,
    QuestionReply,
    Reason,
    Recommendation,
    RecommendationsReply,
    Reply,
    Section,
    TextReply,
    Verdict,
)
from bot.views import help_reply

# An organisation's own approach with one method, as a catalogue file.
OWN_APPROACH = """\
approach:
  id: huddling
  number: 12
  name: Huddling together
  summary: Teams meet briefly every day to share what is spreading.
  source: https://example.org/huddling
  method_count: 1
methods:
  - id: spread-huddles
    name: Spread huddles
    summary: A ten-minute daily meeting about spread.
    aliases: [daily huddle]
"""


# Replies added since the first build, for every renderer's tests.
def recommendations_sample() -> RecommendationsReply:
    details = Button(label="Details", action=ShowAction(target="method", id="demonstrator-sites"))
    return RecommendationsReply(
        title="Recommended methods",
        understood=(FactRow(label="Stage of development", value="ready to spread"),),
        intro="These methods fit your answers best.",
        items=(
            Recommendation(
                method_id="demonstrator-sites",
                name="Demonstrator sites & <friends>",
                approach_id="piloting",
                approach_name="Piloting and rolling out",
                summary="Chosen sites adopt first.",
                position=1,
                joint=True,
                score=75,
                reasons=(
                    Reason(
                        verdict=Verdict.FITS,
                        text="suits the spread stage",
                        evidence=Evidence.METHOD,
                        sources=("Stage of development: Spread",),
                    ),
                    Reason(
                        verdict=Verdict.WARNING,
                        text="the approach may struggle with costs",
                        evidence=Evidence.APPROACH,
                        sources=("Money may run out.",),
                    ),
                    Reason(verdict=Verdict.UNKNOWN, text="x", evidence=Evidence.METHOD),
                ),
                facts=(FactRow(label="Timeframe", value="Variable"), FactRow(label="Cost")),
                source_url="https://horizonsnhs.com/spread-approaches/piloting-and-rolling-out/",
                details=details,
            ),
        ),
        near_misses=(
            ListItem(id="m", title="Rolling out", detail="Does not fit: x", button=details),
        ),
        unjudged=12,
        buttons=(Button(label="Start again", action=CommandAction(command=Command.GUIDE)),),
    )


def multiple_question_sample() -> QuestionReply:
    def option(o: str, mode: AnswerMode) -> Button:
        action = AnswerAction(flow="guide", step="barriers", option=o, version=2, turn=4, mode=mode)
        return Button(label=("✓ " if mode is AnswerMode.REMOVE else "") + o.title(), action=action)

    done = AnswerAction(
        flow="guide", step="barriers", option="", version=2, turn=4, mode=AnswerMode.DONE
    )
    return QuestionReply(
        flow="guide",
        step="barriers",
        turn=4,
        number=5,
        total=5,
        prompt="What is mainly holding the spread back?",
        options=(option("costs", AnswerMode.REMOVE), option("skills", AnswerMode.ADD)),
        multiple=True,
        selected=("Costs",),
        submit=Button(label="Done", action=done),
    )


EVIL = "<!channel> <!here> <@U0BOB> <http://evil.example|click> & co"
LONG = "A sentence that goes on. " * 400  # 10 000 characters


def show(i: int) -> Button:
    return Button(label=f"Method {i} & more", action=ShowAction(target="method", id=f"method-{i}"))


def answer(i: int) -> Button:
    action = AnswerAction(flow="guide", step="stage", option=f"option-{i}", version=1, turn=3)
    return Button(label=f"Option {i} <b>", action=action)


CONTROLS = (
    Button(label="Back", action=CommandAction(command=Command.BACK)),
    Button(label="Cancel", action=CommandAction(command=Command.CANCEL), style=ButtonStyle.DANGER),
)

CARD = MethodCardReply(
    method_id="girft",
    name="Getting It Right First Time & friends",
    approach_id="coordinating",
    approach_name="Coordinating through large scale engagement",
    summary="A national programme.",
    description="Led by clinicians.",
    facts=(FactRow(label="Timeframe", value="1-3 years"), FactRow(label="Cost")),
    examples=(
        ExampleRow(name="GIRFT", note="Led by *clinicians*"),
        ExampleRow(name="National Demand and Capacity Team"),
    ),
    strengths=("Brings many viewpoints.",),
    limitations=("May not suffice alone.",),
    source_url="https://horizonsnhs.com/spread-approaches/x/?a=1&b=2",
    references=("RAND Europe (2016)",),
    details=Button(label="Details", action=ShowAction(target="method", id="girft", full=True)),
    buttons=(
        Button(
            label="Help me choose",
            action=CommandAction(command=Command.GUIDE),
            style=ButtonStyle.PRIMARY,
        ),
    ),
)

NORMAL: list[Reply] = [
    TextReply(text="Hello *there*"),
    NoticeReply(
        level=NoticeLevel.WARNING,
        title="Moved on",
        text="That question has moved on.",
        buttons=CONTROLS,
    ),
    QuestionReply(
        flow="guide",
        step="stage",
        turn=3,
        number=1,
        total=4,
        prompt="How far?",
        help="Pick one",
        options=tuple(answer(i) for i in range(5)),
        controls=CONTROLS,
    ),
    CARD,
    MethodListReply(
        purpose=ListPurpose.DID_YOU_MEAN,
        title="Did you mean one of these?",
        intro="Not sure.",
        items=tuple(
            ListItem(id=f"m{i}", title=f"Method {i}", detail="Approach", button=show(i))
            for i in range(3)
        ),
        buttons=CONTROLS,
    ),
    MethodListReply(
        purpose=ListPurpose.APPROACH,
        title="Building capacity",
        intro="Grows skills.",
        sections=(Section(label="Strengths", lines=("Lasts",)),),
        source_url="https://example.org/a",
        items=tuple(ListItem(id=f"m{i}", title=f"Method {i}", button=show(i)) for i in range(5)),
    ),
    ComparisonReply(
        left_id="a",
        left_name="A",
        right_id="b",
        right_name="B",
        rows=(ComparisonRow(label="Cost", left="Low", right=None),),
        buttons=CONTROLS,
    ),
    recommendations_sample(),
    multiple_question_sample(),
    help_reply(),
]

HUGE: list[Reply] = [
    TextReply(text=LONG * 3),
    NoticeReply(text=LONG, title=LONG[:500], buttons=tuple(show(i) for i in range(60))),
    QuestionReply(
        flow="guide",
        step="stage",
        turn=3,
        number=1,
        total=4,
        prompt=LONG,
        help=LONG,
        options=tuple(answer(i) for i in range(60)),
        controls=CONTROLS,
    ),
    CARD.model_copy(
        update={
            "name": LONG[:400],
            "summary": LONG,
            "description": LONG,
            "facts": tuple(FactRow(label=f"Fact {i}", value=LONG[:300]) for i in range(40)),
            "examples": tuple(ExampleRow(name=f"Example {i}", note=LONG[:600]) for i in range(60)),
            "strengths": tuple(LONG[:200] for _ in range(50)),
            "limitations": tuple(LONG[:200] for _ in range(50)),
            "references": tuple(LONG[:300] for _ in range(30)),
            "buttons": tuple(show(i) for i in range(30)),
        }
    ),
    MethodListReply(
        purpose=ListPurpose.CATALOGUE,
        title=LONG,
        intro=LONG,
        sections=tuple(Section(label=f"S{i}", lines=(LONG[:900],) * 5) for i in range(12)),
        items=tuple(
            ListItem(
                id=f"m{i}",
                title=f"Method {i} {LONG[:100]}",
                detail=LONG[:300],
                group=f"Approach {i // 20}",
                button=show(i),
            )
            for i in range(200)
        ),
        buttons=CONTROLS,
    ),
    ComparisonReply(
        left_id="a",
        left_name=LONG[:300],
        right_id="b",
        right_name=LONG[:300],
        rows=tuple(ComparisonRow(label=LONG[:3500], left=LONG, right=LONG) for _ in range(80)),
    ),
]


def long_named_methods(count: int = 40) -> str:
    """An organisation's approach whose methods have names and summaries far longer than any
    shipped one: the worst case for a page of the list."""
    lines = [
        "approach:",
        "  id: long-names",
        "  number: 30",
        "  name: An approach with a long name " + "and many more words " * 4,
        "  summary: Methods with long names.",
        "  source: https://example.org/long-names",
        f"  method_count: {count}",
        "methods:",
    ]
    for i in range(count):
        name = f"Method {i} with a very long name " + "and yet more words " * 8
        lines += [
            f"  - id: long-{i}",
            f"    name: {name.strip()}",
            "    approach: long-names",
            "    summary: " + "A long summary of what this method does. " * 12,
        ]
    return "\n".join(lines) + "\n"
