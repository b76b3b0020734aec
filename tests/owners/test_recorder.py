"""The recorder: what a turn leaves in the store for the owners' report, and what it never keeps.

Runs real turns of the shipped bot through the runner on a memory store. Imports: pytest,
adapters, bot, storage and stdlib.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters.owners.recorder import RECORDS_LOG, Recorder, RecordSettings
from adapters.platform import Platform
from adapters.runner import ConversationRunner
from adapters.runtime import CoreSettings, SettingsError
from bot.core import Bot
from bot.messages import ConversationKey, FeedbackAction, IncomingMessage
from storage.memory import MemoryStore

KEY = ConversationKey(
    platform=Platform.SLACK, workspace="T0SECRET", channel="C0SECRET", user="U0ALICE"
)


def runner_on(bot: Bot, store: MemoryStore, **settings: float | bool) -> ConversationRunner:
    recorder = Recorder(store, RecordSettings(**settings))  # type: ignore[arg-type]
    return ConversationRunner(bot, store, recorder=recorder)


async def records(store: MemoryStore) -> list[dict[str, object]]:
    return [json.loads(e.data) for e in await store.scan(RECORDS_LOG)]


async def test_an_unanswered_lookup_is_kept_redacted_without_who_asked(bot: Bot) -> None:
    store = MemoryStore()
    runner = runner_on(bot, store)
    await runner.run_turn(
        IncomingMessage(key=KEY, text="zzqxv for jane@nhs.net on 07700 900123 at LS1 4AP")
    )
    (kept,) = await records(store)
    assert kept["kind"] == "unanswered" and kept["suggestions"] == []
    assert kept["query"] == "zzqxv for [email] on [phone] at [postcode]"
    assert kept["platform"] == "slack"
    stored = json.dumps(kept)
    for secret in ("U0ALICE", "T0SECRET", "C0SECRET", "jane", "07700"):
        assert secret not in stored
    assert len(str(kept["conversation"])) == 20


async def test_one_conversation_one_hash_shared_by_instances(bot: Bot) -> None:
    store = MemoryStore()
    one, two = runner_on(bot, store), runner_on(bot, store)
    other = KEY.model_copy(update={"user": "U0BOB"})
    await one.run_turn(IncomingMessage(key=KEY, text="zzqxv one"))
    await two.run_turn(IncomingMessage(key=KEY, text="zzqxv two"))
    await two.run_turn(IncomingMessage(key=other, text="zzqxv three"))
    hashes = [r["conversation"] for r in await records(store)]
    assert hashes[0] == hashes[1] != hashes[2]


async def test_a_vote_a_card_and_a_pick_are_kept(bot: Bot) -> None:
    store = MemoryStore()
    runner = runner_on(bot, store)
    result = await runner.run_turn(IncomingMessage(key=KEY, text="AHSN"))
    (choice,) = [b for r in result.replies for b in getattr(r, "items", ())][:1]
    assert choice.button is not None
    await runner.run_turn(IncomingMessage(key=KEY, action=choice.button.action))
    vote = FeedbackAction(method=choice.id, helpful=True, query="AHSN 07700 900123")
    await runner.run_turn(IncomingMessage(key=KEY, action=vote))
    kinds = [(r["kind"], r.get("id") or r.get("method")) for r in await records(store)]
    assert kinds == [
        ("unanswered", None),
        ("picked", choice.id),
        ("shown", choice.id),
        ("vote", choice.id),
    ]
    assert (await records(store))[-1]["query"] == "AHSN [phone]"


async def test_recording_off_keeps_nothing(bot: Bot) -> None:
    store = MemoryStore()
    runner = runner_on(bot, store, enabled=False)
    await runner.run_turn(IncomingMessage(key=KEY, text="zzqxv"))
    await runner.run_turn(IncomingMessage(key=KEY, text="GIRFT"))
    assert await records(store) == []
    assert await store.get("records:salt") is None


async def test_records_expire_after_the_configured_days(bot: Bot) -> None:
    now = [1000.0]
    store = MemoryStore(clock=lambda: now[0])
    runner = runner_on(bot, store, days=2)
    await runner.run_turn(IncomingMessage(key=KEY, text="zzqxv", received_at=1000.0))
    now[0] += 2 * 86400 - 1
    assert len(await records(store)) == 1
    now[0] += 2
    assert await records(store) == []


async def test_a_failing_store_does_not_fail_the_turn(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    class NoLog(MemoryStore):
        async def append(self, log: str, data: str, *, at: float, ttl_seconds: float) -> None:
            from storage.base import StoreError

            raise StoreError("SPREADBOT_STATE_URL: gone")

    store = NoLog()
    result = await runner_on(bot, store).run_turn(IncomingMessage(key=KEY, text="zzqxv 07700"))
    assert result.replies
    assert "could not record" in caplog.text and "zzqxv" not in caplog.text


@pytest.mark.parametrize(
    ("env", "enabled", "days"),
    [
        ({}, True, 30.0),
        ({"SPREADBOT_RECORD_QUESTIONS": "off"}, False, 30.0),
        ({"SPREADBOT_RECORD_QUESTIONS": "ON", "SPREADBOT_RECORD_DAYS": "7.5"}, True, 7.5),
    ],
)
def test_settings(env: dict[str, str], enabled: bool, days: float, tmp_path: Path) -> None:
    settings = CoreSettings.from_env({"SPREADBOT_DATA_DIR": str(tmp_path), **env})
    assert (settings.records.enabled, settings.records.days) == (enabled, days)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SPREADBOT_RECORD_QUESTIONS", "maybe"),
        ("SPREADBOT_RECORD_DAYS", "0"),
        ("SPREADBOT_RECORD_DAYS", "a month"),
        ("SPREADBOT_RECORD_DAYS", "inf"),
    ],
)
def test_bad_settings_name_themselves(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        CoreSettings.from_env({name: value})
