"""Real turns of the real Bot through ConversationRunner, on every store backend.

The state advances from turn to turn, unreadable state is replaced rather than crashing, concurrent
turns of one conversation are serialised (none lost or forked), and event ids are claimed once, even
across two instances of the store. Imports: pytest, adapters, bot, storage and stdlib.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import AsyncIterator

import pytest

from adapters.platform import Platform
from adapters.runner import ConversationRunner, RunnerConfig, read_record
from adapters.runtime import CoreSettings, Runtime, build_runtime
from adapters.turns import TurnService
from bot.core import TurnResult
from bot.messages import ConversationKey, IncomingMessage
from bot.replies import QuestionReply, Reply
from storage.url import open_store

CROWD = 50  # concurrent turns of one conversation, far more than a real user makes
FEW = 12


@pytest.fixture
async def runtime(backend_url: str) -> AsyncIterator[Runtime]:
    built = await build_runtime(CoreSettings(state_url=backend_url))
    try:
        yield built
    finally:
        await built.close()


@pytest.fixture
def key() -> ConversationKey:
    return ConversationKey(
        platform=Platform.SLACK,
        workspace="T0001",
        channel=f"C{uuid.uuid4().hex[:10]}",
        thread="1712345678.000100",
        user="U0001",
    )


def say(key: ConversationKey, text: str) -> IncomingMessage:
    return IncomingMessage(key=key, text=text)


def question_steps(replies: tuple[Reply, ...]) -> list[str]:
    return [r.step for r in replies if isinstance(r, QuestionReply)]


async def test_the_state_advances_from_turn_to_turn(runtime: Runtime, key: ConversationKey) -> None:
    runner = runtime.runner
    first = await runner.run_turn(say(key, "guide"))
    assert question_steps(first.replies) == ["stage"]
    second = await runner.run_turn(say(key, "1"))
    assert question_steps(second.replies) == ["scale"]
    assert second.answered is not None and second.answered.step == "stage"

    stored = await runner.load_state(key)
    assert stored == second.state
    assert stored is not None and stored.flow is not None
    assert stored.flow.step == "scale"
    assert [step for step, _ in stored.flow.answers] == ["stage"]
    assert stored.turn == 2

    back = await runner.run_turn(say(key, "back"))
    assert question_steps(back.replies) == ["stage"]


async def test_an_adapter_note_is_saved_beside_the_state_not_in_it(
    runtime: Runtime, key: ConversationKey
) -> None:
    turn = await runtime.runner.take_turn(say(key, "guide"))
    assert turn is not None and turn.notes == {}
    assert await runtime.runner.remember(key, turn, "question", "C1|1712345678.000200|1")
    record = await runtime.store.get(key.as_string())
    assert record is not None and record.version == turn.version + 1
    stored = read_record(record.data)
    assert stored.state == turn.result.state  # the core's state is untouched by the note
    assert stored.notes == {"question": "C1|1712345678.000200|1"}
    follow_up = await runtime.runner.take_turn(say(key, "1"))
    assert follow_up is not None and follow_up.notes["question"] == "C1|1712345678.000200|1"


async def test_a_note_for_a_turn_that_was_overtaken_is_dropped(
    runtime: Runtime, key: ConversationKey
) -> None:
    first = await runtime.runner.take_turn(say(key, "guide"))
    assert first is not None
    await runtime.runner.run_turn(say(key, "1"))
    assert not await runtime.runner.remember(key, first, "question", "old|1")
    record = await runtime.store.get(key.as_string())
    assert record is not None and "question" not in read_record(record.data).notes


async def test_a_record_saved_before_the_notes_is_read(
    runtime: Runtime, key: ConversationKey
) -> None:
    """State saved by an older Spreadbot: bare, with the question handle inside it."""
    await runtime.runner.run_turn(say(key, "guide"))
    state = await runtime.runner.load_state(key)
    assert state is not None
    old = json.loads(state.to_json()) | {"last_question_ref": "C1|1712345678.000200|1"}
    await runtime.store.delete(key.as_string())
    await runtime.store.put(key.as_string(), json.dumps(old), expected_version=None, ttl_seconds=60)
    assert await runtime.runner.load_state(key) == state
    turn = await runtime.runner.take_turn(say(key, "1"))
    assert turn is not None and turn.result.answered is not None and turn.notes == {}


async def test_a_repeated_answering_click_is_a_no_op_and_a_late_one_a_turn(
    runtime: Runtime, key: ConversationKey
) -> None:
    runner = runtime.runner
    first = await runner.run_turn(say(key, "guide"))
    (question,) = [r for r in first.replies if isinstance(r, QuestionReply)]
    click = IncomingMessage(key=key, action=question.options[0].action)
    # Two deliveries of one click at once: one answers, the other finds it done.
    turns = await asyncio.gather(runner.take_turn(click), runner.take_turn(click))
    done = [t for t in turns if t is not None]
    assert len(done) == 1 and done[0].result.answered is not None
    record = await runtime.store.get(key.as_string())
    assert record is not None and record.version == done[0].version
    # After anything else, the same click is late: the core says the question moved on.
    await runner.run_turn(say(key, "help"))
    late = await runner.take_turn(click)
    assert late is not None and late.result.answered is None
    assert any("moved on" in getattr(r, "text", "") for r in late.result.replies)


@pytest.mark.parametrize(
    "garbage",
    [
        "not json at all {",
        "",
        '{"schema_version": 99, "turn": 3}',
        '{"turn": -4}',
        '["a", "list"]',
        '{"flow": {"flow": "guide"}}',
    ],
)
async def test_unreadable_state_is_logged_and_replaced(
    runtime: Runtime, key: ConversationKey, garbage: str, caplog: pytest.LogCaptureFixture
) -> None:
    await runtime.store.put(key.as_string(), garbage, expected_version=None, ttl_seconds=60)
    with caplog.at_level(logging.WARNING, logger="adapters.runner"):
        result = await runtime.runner.run_turn(say(key, "guide"))
    assert question_steps(result.replies) == ["stage"]
    assert "discarding unreadable state" in caplog.text

    record = await runtime.store.get(key.as_string())
    assert record is not None and record.version == 2
    assert read_record(record.data).state == result.state
    follow_up = await runtime.runner.run_turn(say(key, "1"))
    assert question_steps(follow_up.replies) == ["scale"]


async def test_concurrent_turns_of_one_conversation_are_serialised(
    runtime: Runtime, key: ConversationKey
) -> None:
    runner, skey = runtime.runner, key.as_string()
    await runner.run_turn(say(key, "guide"))
    await runner.run_turn(say(key, "1"))
    before = await runtime.store.get(skey)
    assert before is not None
    base = read_record(before.data).state.turn

    # "restart" asks the first question again (the turn counter goes up by one); "help" re-asks
    # the current one (the counter stays). Either way each accepted turn writes exactly once. A
    # turn that loses the version race too often gives up with an error (a crowd of 50 on one
    # conversation on a loaded machine may do that); what must never happen is a lost or forked
    # update among those accepted.
    texts = ["restart" if i % 2 == 0 else "help" for i in range(CROWD)]
    outcomes = await asyncio.gather(
        *(runner.run_turn(say(key, text)) for text in texts), return_exceptions=True
    )
    accepted = [(o, t) for o, t in zip(outcomes, texts, strict=True) if isinstance(o, TurnResult)]
    for failure in (o for o in outcomes if not isinstance(o, TurnResult)):
        assert isinstance(failure, RuntimeError) and "could not save" in str(failure), failure
    assert accepted

    after = await runtime.store.get(skey)
    assert after is not None
    final = read_record(after.data).state
    restart_turns = sorted(o.state.turn for o, text in accepted if text == "restart")
    assert after.version == before.version + len(accepted)
    assert final.turn == base + len(restart_turns)
    # Each restart built on the state its predecessor saved: their turns are all different.
    assert restart_turns == list(range(base + 1, base + len(restart_turns) + 1))
    assert final.flow is not None and final.flow.step == "stage" and not final.flow.answers


async def test_a_few_simultaneous_turns_all_land(runtime: Runtime, key: ConversationKey) -> None:
    # A double click plus a platform retry or two: every one of them must be saved, which takes
    # the runner's randomised back-off (retrying in lockstep lets one through per round only).
    await runtime.runner.run_turn(say(key, "guide"))
    results = await asyncio.gather(
        *(runtime.runner.run_turn(say(key, "restart")) for _ in range(FEW))
    )
    assert sorted(r.state.turn for r in results) == list(range(2, FEW + 2))
    stored = await runtime.runner.load_state(key)
    assert stored is not None and stored.turn == FEW + 1


async def test_an_event_id_is_handled_once(runtime: Runtime) -> None:
    event = f"Ev{uuid.uuid4().hex}"
    assert await runtime.runner.first_delivery(event) is True
    assert await runtime.runner.first_delivery(event) is False
    assert await runtime.runner.first_delivery(f"{event}-other") is True


async def test_an_event_id_is_handled_once_across_instances(
    runtime: Runtime, backend_url: str
) -> None:
    # A second instance: its own connection (or file handle) to the same store, except for the
    # in-process memory store, which only one process can share.
    other_store = runtime.store if backend_url == "memory://" else await open_store(backend_url)
    other = ConversationRunner(runtime.bot, other_store)
    event = f"Ev{uuid.uuid4().hex}"
    try:
        first, second = await asyncio.gather(
            runtime.runner.first_delivery(event), other.first_delivery(event)
        )
        assert sorted([first, second]) == [False, True]
        assert await other.first_delivery(event) is False
    finally:
        if other_store is not runtime.store:
            await other_store.close()


async def test_a_dedupe_claim_expires(runtime: Runtime) -> None:
    runner = ConversationRunner(runtime.bot, runtime.store, RunnerConfig(dedupe_seconds=0.2))
    event = f"Ev{uuid.uuid4().hex}"
    assert await runner.first_delivery(event) is True
    assert await runner.first_delivery(event) is False
    deadline = asyncio.get_running_loop().time() + 5
    while not await runner.first_delivery(event):
        assert asyncio.get_running_loop().time() < deadline, "the claim never expired"
        await asyncio.sleep(0.02)


async def test_a_message_delivered_twice_at_once_is_claimed_by_exactly_one(
    runtime: Runtime,
) -> None:
    """The same event (or the same message under two event ids) reaching two instances at once:
    one delivery wins both its claims, and the other none, however the store interleaves them."""
    service = TurnService(runtime.runner, Platform.SLACK)
    for n in range(CROWD):
        message = f"message:T/C/{uuid.uuid4().hex}.{n}"
        same = await asyncio.gather(
            service.claim([f"event:A{n}", message]), service.claim([f"event:A{n}", message])
        )
        other_id = await asyncio.gather(
            service.claim([f"event:B{n}", message + "x"]),
            service.claim([f"event:C{n}", message + "x"]),
        )
        assert sorted(same) == [False, True] and sorted(other_id) == [False, True]
