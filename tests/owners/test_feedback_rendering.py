"""The Helpful / Not helpful buttons reach every platform through its generic button rendering,
and a click on each comes back as the same vote. Imports: adapters, bot and stdlib."""

from __future__ import annotations

import json

from adapters.slack.render import render_reply
from adapters.teams.cards import ACTION_KEY, render_card
from bot.core import Bot
from bot.messages import FeedbackAction, decode_action
from bot.plaintext import render_plain
from bot.views import method_card
from tests.teams.test_e2e import _walk as walk

CENTRAL = "central-coordination-and-national-programmes"


def test_feedback_buttons_on_every_platform(bot: Bot) -> None:
    card = method_card(bot.catalogue, bot.catalogue.method(CENTRAL), query="GIRFT")
    wanted = {
        FeedbackAction(method=CENTRAL, helpful=True, query="GIRFT"),
        FeedbackAction(method=CENTRAL, helpful=False, query="GIRFT"),
    }
    slack = [
        decode_action(el["value"])
        for el in walk(render_reply(card).blocks)
        if el.get("type") == "button" and "value" in el
    ]
    assert wanted <= set(slack)
    teams = [
        decode_action(json.dumps(el["data"][ACTION_KEY]))
        for el in walk(render_card(card))
        if el.get("type") == "Action.Submit"
    ]
    assert wanted <= set(teams)
    assert "[Helpful] [Not helpful]" in render_plain(card)
