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
from adapters.teams import cards as teams  # noqa: E402
from bot.core import AnsweredQuestion, Bot, TurnResult  # noqa: E402
from bot.messages import (  # noqa: E402
    AnyAction,
    ConversationKey,
    IncomingMessage,
    ShowAction,
)
from bot.plaintext import render_plain  # noqa: E402
from bot.replies import Button, QuestionReply, Reply, TextReply  # noqa: E402
from bot.state import ConversationState  # noqa: E402


@dataclass
class Scene:
    """What one turn put on screen: new replies, and cards changed in place."""

    name: str
    replies: tuple[Reply, ...] = ()
    answered: AnsweredQuestion | None = None
    refreshed: QuestionReply | None = None
    extra_teams: list[dict[str, Any]] = field(default_factory=list)
    extra_slack: list[dict[str, Any]] = field(default_factory=list)


class Driver:
    """One user's conversation, turn by turn, keeping the last turn's replies for clicks."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.key = ConversationKey(platform="console", workspace="w", channel="c", user="u")
        self.state: ConversationState | None = None
        self.now = 1_700_000_000.0
        self.last: TurnResult | None = None

    def _turn(self, message: IncomingMessage) -> TurnResult:
        result = self.bot.handle(message, self.state)
        self.state = result.state.model_copy(update={"updated_at": message.received_at})
        self.last = result
        return result

    def send(self, text: str) -> TurnResult:
        self.now += 1
        return self._turn(IncomingMessage(key=self.key, text=text, received_at=self.now))

    def press(self, action: AnyAction) -> TurnResult:
        self.now += 1
        return self._turn(IncomingMessage(key=self.key, action=action, received_at=self.now))

    def click(self, label: str) -> TurnResult:
        assert self.last is not None
        shown = [*self.last.replies, *([self.last.refreshed] if self.last.refreshed else [])]
        found = [b for r in shown for b in _buttons(r) if b.label.lower() == label.lower()]
        assert found, f"no button {label!r}"
        return self.press(found[-1].action)


def _buttons(reply: Reply) -> list[Button]:
    if isinstance(reply, QuestionReply):
        return [*reply.options, *([reply.submit] if reply.submit else []), *reply.controls]
    return list(getattr(reply, "buttons", ()))


def scene(name: str, result: TurnResult) -> Scene:
    return Scene(name, result.replies, result.answered, result.refreshed)


def scenes(bot: Bot) -> list[Scene]:
    out: list[Scene] = []
    d = Driver(bot)
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
        out.append(scene(name, d.send(text)))
    g = Driver(bot)
    out.append(scene("guide-start", g.send("guide")))
    out.append(scene("guide-answer-1", g.click("Ready to spread")))
    out.append(scene("guide-help", g.send("help")))
    g.click("National")
    g.click("1 to 3 years")
    out.append(scene("guide-toggle", g.click("Funding")))
    out.append(scene("guide-done", g.click("Done")))
    out.append(scene("guide-result", g.click("Not sure")))
    out.append(scene("guide-details", g.press(_first_details(g))))
    c = Driver(bot)
    c.send("guide")
    out.append(scene("guide-cancel", c.send("cancel")))
    s = Driver(bot)
    text = "we piloted it in two trusts and want every ICB to adopt it within two years"
    out.append(scene("describe", s.send(text)))
    s.send("funding and partners")
    out.append(scene("describe-result", s.send("costs")))
    o = Driver(bot)
    out.append(
        scene("describe-named", o.send("could social franchising get our app into every trust?"))
    )
    return out


def _first_details(d: Driver) -> ShowAction:
    assert d.last is not None
    for reply in d.last.replies:
        for item in getattr(reply, "items", ()):
            details = getattr(item, "details", None)
            if details is not None and isinstance(details.action, ShowAction):
                return details.action
    raise AssertionError("the guided result has no Details button")


# -- payloads as the adapters send them ------------------------------------------------------


def teams_activity(reply: Reply) -> dict[str, Any]:
    if isinstance(reply, TextReply):
        return {"type": "message", "text": render_plain(reply), "textFormat": "plain"}
    return {
        "type": "message",
        "summary": render_plain(reply)[:1000],
        "attachments": [
            {"contentType": teams.CARD_CONTENT_TYPE, "content": teams.render_card(reply)}
        ],
    }


def teams_card(content: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "message",
        "attachments": [{"contentType": teams.CARD_CONTENT_TYPE, "content": content}],
    }


def slack_payload(rendered: slack.Rendered) -> dict[str, Any]:
    return {"blocks": rendered.blocks, "text": rendered.text}


def teams_messages(s: Scene) -> list[dict[str, Any]]:
    out = [teams_activity(r) for r in s.replies]
    if s.answered is not None:
        out.insert(0, teams_card(teams.render_answered(s.answered)))
    if s.refreshed is not None:
        out.append(teams_activity(s.refreshed))
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
    welcome.extra_teams = [teams_card(teams.render_welcome(shared=True))]
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
