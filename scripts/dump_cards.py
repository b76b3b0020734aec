"""Dump every reply kind, rendered for Teams and Slack from real turns, as JSON for card-preview.

Drives the shipped bot through `Bot.handle` (no server, no store) and writes, per scene,
`NAME.teams.json` (a list of Bot Framework message activities) and `NAME.slack.json` (a list of
Slack message payloads, or an App Home view). Then look at them:

    .venv/bin/python scripts/dump_cards.py --out /tmp/cards
    ../shared/tools/card-preview/preview --out /tmp/cards/png /tmp/cards/*.json

`--catalogue DIR` adds an organisation's catalogue folder (e.g. one made by bench/gen_catalogue.py).
Not part of the tests; PNGs are never committed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from adapters.runtime import CoreSettings, build_bot  # noqa: E402
from adapters.slack import render as slack  # noqa: E402
from adapters.teams.activities import (  # noqa: E402
    activity_json,
    answered_activity,
    reply_activity,
    welcome_activity,
)
from bot.core import AnsweredQuestion, Bot  # noqa: E402
from bot.messages import ShowAction  # noqa: E402
from bot.replies import QuestionReply, Reply  # noqa: E402
from tests.bot.transcript import Transcript  # noqa: E402


@dataclass
class Scene:
    """What one turn put on screen: new replies, and cards changed in place."""

    name: str
    replies: tuple[Reply, ...] = ()
    answered: AnsweredQuestion | None = None
    refreshed: QuestionReply | None = None
    extra_teams: list[dict[str, Any]] = field(default_factory=list)
    extra_slack: list[dict[str, Any]] = field(default_factory=list)


def scene(name: str, t: Transcript) -> Scene:
    """What the transcript's last turn showed."""
    return Scene(name, t.replies, t.answered, t.refreshed)


def scenes(bot: Bot) -> list[Scene]:
    out: list[Scene] = []
    d = Transcript(bot)
    for name, text in [
        ("help", "help"),
        ("hello", "hello"),
        ("list", "list"),
        ("lookup-girft", "GIRFT"),
        ("lookup-method", "social franchising"),
        ("lookup-approach", "piloting and rolling out"),
        ("did-you-mean", "AHSN"),
        ("no-match", "*bold* <!channel> [link](https://example.org) \u202eevil"),
        ("compare", "compare demonstrator sites and social franchising"),
        ("compare-alike", "compare demonstrator sites and rolling out"),
    ]:
        d.send(text)
        out.append(scene(name, d))
    g = Transcript(bot)
    g.send("guide")
    out.append(scene("guide-start", g))
    g.click("Ready to spread")
    out.append(scene("guide-answer-1", g))
    g.send("help")
    out.append(scene("guide-help", g))
    g.click("National")
    g.click("1 to 3 years")
    g.click("Funding")
    out.append(scene("guide-toggle", g))
    g.click("Done")
    out.append(scene("guide-done", g))
    g.click("Not sure")
    out.append(scene("guide-result", g))
    g.press(_first_details(g))
    out.append(scene("guide-details", g))
    c = Transcript(bot)
    c.send("guide")
    c.send("cancel")
    out.append(scene("guide-cancel", c))
    s = Transcript(bot)
    s.send("we piloted it in two trusts and want every ICB to adopt it within two years")
    out.append(scene("describe", s))
    s.send("funding and partners")
    s.send("costs")
    out.append(scene("describe-result", s))
    o = Transcript(bot)
    o.send("could social franchising get our app into every trust?")
    out.append(scene("describe-named", o))
    return out


def _first_details(t: Transcript) -> ShowAction:
    details = t.expect_recommendations().items[0].details
    assert details is not None and isinstance(details.action, ShowAction)
    return details.action


# -- payloads as the adapters send them ------------------------------------------------------


def slack_payload(rendered: slack.Rendered) -> dict[str, Any]:
    return {"blocks": rendered.blocks, "text": rendered.text}


def teams_messages(s: Scene) -> list[dict[str, Any]]:
    out = [activity_json(reply_activity(r)) for r in s.replies]
    if s.answered is not None:
        out.insert(0, activity_json(answered_activity(s.answered, "question-card")))
    if s.refreshed is not None:
        out.append(activity_json(reply_activity(s.refreshed)))
    return out + s.extra_teams


def slack_messages(s: Scene) -> list[dict[str, Any]]:
    out = [slack_payload(slack.render_reply(r)) for r in s.replies]
    if s.answered is not None:
        out.insert(0, slack_payload(slack.render_answered(s.answered)))
    if s.refreshed is not None:
        out.append(slack_payload(slack.render_reply(s.refreshed)))
    return out + s.extra_slack


def extras() -> list[Scene]:
    """What is not a turn: the Teams install greeting and the Slack App Home."""
    welcome = Scene("welcome")
    welcome.extra_teams = [activity_json(welcome_activity())]
    welcome.extra_slack = [slack.render_home("D123")]
    return [welcome]


def dump(bot: Bot, out: Path, only: Callable[[str], bool]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for s in scenes(bot) + extras():
        if not only(s.name):
            continue
        for kind, messages in (("teams", teams_messages(s)), ("slack", slack_messages(s))):
            if not messages:
                continue
            path = out / f"{s.name}.{kind}.json"
            path.write_text(json.dumps(messages, indent=1, ensure_ascii=False))
            written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/spreadbot-cards"))
    parser.add_argument("--catalogue", action="append", default=[], help="an extra catalogue DIR")
    parser.add_argument("--only", default="", help="scenes whose name contains this")
    args = parser.parse_args()
    bot = build_bot(
        CoreSettings(state_url="memory://", catalogue_dirs=tuple(Path(p) for p in args.catalogue))
    )
    for path in dump(bot, args.out, lambda name: args.only in name):
        print(path)


if __name__ == "__main__":
    main()
