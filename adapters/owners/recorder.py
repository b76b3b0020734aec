"""Keeps what the owners' report needs from each turn, redacted, in the configured state store.

Every event a turn reports (bot.events) becomes one entry in the store's `records` log: its kind,
the platform, a salted hash of the conversation (never a user id or name), the redacted words and
the catalogue ids involved, kept `SPREADBOT_RECORD_DAYS` days. Nothing is kept when recording is
off. Imports: adapters.owners.redact, bot, storage and stdlib.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from adapters.owners.redact import redact
from bot.core import TurnResult
from bot.events import Picked, Shown, TurnEvent, Unanswered, Voted
from bot.messages import ConversationKey, IncomingMessage
from storage.base import StateStore, StoreError, VersionConflict

log = logging.getLogger(__name__)

RECORDS_LOG = "records"
SALT_KEY = "records:salt"
_SALT_TTL_SECONDS = 100 * 365 * 24 * 3600  # as long as the store is kept
RECORD_FORMAT = 1


class RecordKind(StrEnum):
    UNANSWERED = "unanswered"  # nothing fits (no suggestions) or "did you mean" (suggestions)
    PICKED = "picked"  # a "did you mean" choice taken
    SHOWN = "shown"  # a method's card shown
    VOTE = "vote"  # Helpful / Not helpful


@dataclass(frozen=True)
class RecordSettings:
    enabled: bool = True
    days: float = 30.0

    @property
    def ttl_seconds(self) -> float:
        return self.days * 24 * 3600


def record_fields(event: TurnEvent) -> dict[str, Any]:
    """The event as the stored JSON fields (besides platform and conversation), redacted."""
    match event:
        case Unanswered():
            return {
                "kind": RecordKind.UNANSWERED,
                "query": redact(event.query),
                "suggestions": list(event.suggestions),
            }
        case Picked():
            return {
                "kind": RecordKind.PICKED,
                "query": redact(event.query),
                "target": event.target,
                "id": event.id,
            }
        case Shown():
            return {
                "kind": RecordKind.SHOWN,
                "method": event.method,
                "recommended": event.recommended,
            }
        case Voted():
            return {
                "kind": RecordKind.VOTE,
                "method": event.method,
                "helpful": event.helpful,
                "query": redact(event.query),
            }


class Recorder:
    """Called by the runner after each saved turn; never fails the turn."""

    def __init__(
        self,
        store: StateStore,
        settings: RecordSettings,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.settings = settings
        self._clock = clock
        self._salt: str | None = None

    async def record(self, message: IncomingMessage, result: TurnResult) -> None:
        if not self.settings.enabled or not result.events:
            return
        try:
            conversation = await self.conversation_hash(message.key)
            at = message.received_at or self._clock()
            for event in result.events:
                entry = {
                    "v": RECORD_FORMAT,
                    "platform": message.key.platform,
                    "conversation": conversation,
                    **record_fields(event),
                }
                await self.store.append(
                    RECORDS_LOG,
                    json.dumps(entry, ensure_ascii=False, sort_keys=True),
                    at=at,
                    ttl_seconds=self.settings.ttl_seconds,
                )
        except StoreError as exc:
            # The user has their answer; only the report loses this turn. No text in the log.
            log.warning("could not record a turn for the owners' report: %s", exc)

    async def conversation_hash(self, key: ConversationKey) -> str:
        """A salted SHA-256 of the conversation key: the same for every turn of one conversation
        on every instance sharing the store, and no way back to the user."""
        salt = self._salt or await self._load_salt()
        return hashlib.sha256(f"{salt}\0{key.as_string()}".encode()).hexdigest()[:20]

    async def _load_salt(self) -> str:
        """The store's salt, made by whichever instance needs it first."""
        record = await self.store.get(SALT_KEY)
        if record is None:
            fresh = secrets.token_hex(16)
            try:
                await self.store.put(
                    SALT_KEY, fresh, expected_version=None, ttl_seconds=_SALT_TTL_SECONDS
                )
                self._salt = fresh
                return fresh
            except VersionConflict:
                record = await self.store.get(SALT_KEY)  # another instance was first
        if record is None:
            raise StoreError("the records' salt vanished while it was being read")
        self._salt = record.data
        return record.data
