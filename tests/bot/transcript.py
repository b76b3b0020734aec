"""A send-click-expect helper for conversation tests that read like a transcript.

Calls `Bot.handle` directly (no server, no store) and stamps `updated_at` the way the runner does,
so expiry can be tested by moving a clock. Every reply is also rendered as plain text and every
button's action round-tripped through its encoding. Imports: bot and stdlib only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from adapters.platform import Platform
from bot.core import AnsweredQuestion, Bot, TurnResult
from bot.messages import (
    AnyAction,
    ConversationKey,
    IncomingMessage,
    decode_action,
    encode_action,
)
from bot.plaintext import render_plain
from bot.replies import (
    Button,
    ComparisonReply,
    ListPurpose,
    MethodCardReply,
    MethodListReply,
    NoticeReply,
    QuestionReply,
    RecommendationsReply,
    Reply,
    TextReply,
)
from bot.state import ConversationState
from bot.views import MORE_LABEL

R = TypeVar("R")
START_TIME = 1_700_000_000.0


def console_key(user: str = "tester") -> ConversationKey:
    return ConversationKey(platform=Platform.CONSOLE, workspace="w", channel="c", user=user)


def buttons_of(reply: Reply) -> tuple[Button, ...]:
    """Every button a reply shows: options, controls, list items' buttons, action buttons."""
    if isinstance(reply, QuestionReply):
        return reply.options + ((reply.submit,) if reply.submit else ()) + reply.controls
    if isinstance(reply, MethodListReply):
        items = tuple(i.button for i in reply.items if i.button is not None)
        return items + reply.buttons
    if isinstance(reply, RecommendationsReply):
        details = tuple(b for i in reply.items for b in i.buttons)
        misses = tuple(i.button for i in reply.near_misses if i.button is not None)
        return details + misses + reply.buttons
    if isinstance(reply, MethodCardReply):
        return ((reply.details,) if reply.details else ()) + reply.buttons
    if isinstance(reply, ComparisonReply):
        sides = tuple(b for b in (reply.left_details, reply.right_details) if b is not None)
        return sides + reply.buttons
    if isinstance(reply, TextReply):
        return ()
    return reply.buttons


def check_reply(reply: Reply) -> None:
    """What every reply owes every adapter: a plain-text fallback, buttons that survive encoding."""
    assert render_plain(reply).strip(), f"{reply.kind} renders as empty text"
    for b in buttons_of(reply):
        assert decode_action(encode_action(b.action)) == b.action, b


@dataclass
class Transcript:
    """One user's conversation with the core; `replies` are those of the last turn."""

    bot: Bot
    key: ConversationKey = field(default_factory=console_key)
    state: ConversationState | None = None
    now: float = START_TIME
    replies: tuple[Reply, ...] = ()
    answered: AnsweredQuestion | None = None
    refreshed: QuestionReply | None = None  # the pending question redrawn in place
    turns: list[TurnResult] = field(default_factory=list)

    # --- acting ---------------------------------------------------------------------------------

    def send(self, text: str) -> tuple[Reply, ...]:
        return self._turn(IncomingMessage(key=self.key, text=text, received_at=self._tick()))

    def press(self, action: AnyAction) -> tuple[Reply, ...]:
        """Send a button's action, e.g. one kept from an old card."""
        return self._turn(IncomingMessage(key=self.key, action=action, received_at=self._tick()))

    def click(self, label: str) -> tuple[Reply, ...]:
        return self.press(self.button(label).action)

    def button(self, label: str) -> Button:
        """The button labelled `label` (case-insensitive) among the last turn's replies."""
        seen = self.replies + ((self.refreshed,) if self.refreshed else ())
        found = [b for r in seen for b in buttons_of(r) if b.label.lower() == label.lower()]
        shown = [b.label for r in seen for b in buttons_of(r)]
        assert found, f"no button {label!r} in the last replies; buttons shown: {shown}"
        return found[-1]  # the latest one: a re-asked question comes after the lookup's buttons

    def wait(self, seconds: float) -> None:
        self.now += seconds

    def _tick(self) -> float:
        self.now += 1.0
        return self.now

    def _turn(self, message: IncomingMessage) -> tuple[Reply, ...]:
        result = self.bot.handle(message, self.state)
        for reply in result.replies:
            check_reply(reply)
        # The runner stamps every saved state with the turn's time; do the same.
        self.state = result.state.model_copy(update={"updated_at": message.received_at})
        if result.refreshed is not None:
            check_reply(result.refreshed)
        self.replies = result.replies
        self.answered = result.answered
        self.refreshed = result.refreshed
        self.turns.append(result)
        return result.replies

    def pages(self) -> Iterator[MethodListReply]:
        """The list the last turn showed, then each later page, by its More methods button."""
        while True:
            (page,) = self.replies
            assert isinstance(page, MethodListReply), f"expected a list, got {self.kinds()}"
            yield page
            if MORE_LABEL not in [b.label for b in page.buttons]:
                return
            self.click(MORE_LABEL)

    # --- expecting ------------------------------------------------------------------------------

    def kinds(self) -> list[str]:
        return [r.kind for r in self.replies]

    def _all(self, kind: type[R]) -> list[R]:
        return [r for r in self.replies if isinstance(r, kind)]

    def expect_question(self, step: str) -> QuestionReply:
        """The last reply is the question of `step` (a pending question is always asked last), or
        the turn redrew that question in place."""
        assert self.replies or self.refreshed, "the last turn sent no replies"
        last = self.replies[-1] if self.replies else self.refreshed
        assert isinstance(last, QuestionReply), f"expected question {step!r}, got {self.kinds()}"
        assert last.step == step, f"expected question {step!r}, got question {last.step!r}"
        return last

    def expect_no_question(self) -> None:
        assert not self._all(QuestionReply), f"expected no question, got {self.kinds()}"

    def expect_card(self, method_id: str) -> MethodCardReply:
        cards = self._all(MethodCardReply)
        ids = [c.method_id for c in cards]
        assert method_id in ids, f"expected the card of {method_id!r}; cards: {ids}; {self.kinds()}"
        return cards[ids.index(method_id)]

    def expect_notice(self, containing: str = "") -> NoticeReply:
        notices = self._all(NoticeReply)
        texts = [f"{n.title or ''} {n.text}" for n in notices]
        hits = [n for n, t in zip(notices, texts, strict=True) if containing.lower() in t.lower()]
        assert hits, f"expected a notice containing {containing!r}; notices: {texts}"
        return hits[0]

    def expect_text(self, containing: str = "") -> TextReply:
        hits = [t for t in self._all(TextReply) if containing.lower() in t.text.lower()]
        assert hits, f"expected text containing {containing!r}; got {self.kinds()}"
        return hits[0]

    def expect_list(self, purpose: ListPurpose) -> MethodListReply:
        hits = [r for r in self._all(MethodListReply) if r.purpose is purpose]
        assert hits, f"expected a {purpose.value} list; got {self.kinds()}"
        return hits[0]

    def expect_recommendations(self) -> RecommendationsReply:
        hits = self._all(RecommendationsReply)
        assert hits, f"expected recommendations; got {self.kinds()}"
        return hits[0]

    def expect_comparison(self) -> ComparisonReply:
        hits = self._all(ComparisonReply)
        assert hits, f"expected a comparison; got {self.kinds()}"
        return hits[0]

    @property
    def answers(self) -> dict[str, str]:
        """The running flow's answers, step id -> option id, several joined by "+" (empty when no
        flow runs)."""
        if self.state is None or self.state.flow is None:
            return {}
        return {step: "+".join(ids) for step, ids in self.state.flow.answers}
