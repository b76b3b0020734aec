"""Catalogue texts and sample replies shared by the catalogue, command-line and renderer tests."""

from __future__ import annotations

from bot.messages import AnswerAction, AnswerMode, Command, CommandAction, ShowAction
from bot.replies import (
    Button,
    Evidence,
    FactRow,
    ListItem,
    QuestionReply,
    Reason,
    Recommendation,
    RecommendationsReply,
    Verdict,
)

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
