"""Fixtures for the state-store tests: one `store` fixture parametrized over every backend.

Redis comes from SPREADBOT_TEST_REDIS_URL (scripts/test.sh starts one); without it the Redis cases
skip, except under CI, where they fail. Imports: pytest, storage and stdlib.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.base import StateStore
from storage.url import open_store

BACKENDS = ("memory", "sqlite", "redis")


def redis_test_url() -> str:
    """The test Redis URL, or skip (fail under CI) when there is none."""
    url = os.environ.get("SPREADBOT_TEST_REDIS_URL", "")
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(
            "SPREADBOT_TEST_REDIS_URL is unset but CI is set: the Redis store must be tested in CI "
            "(run scripts/test.sh, which starts a redis-server)"
        )
    pytest.skip(
        "SPREADBOT_TEST_REDIS_URL is unset: start `redis-server --port 6390 --save ''` and export "
        "SPREADBOT_TEST_REDIS_URL=redis://127.0.0.1:6390/0 to run the Redis cases"
    )


def state_url(backend: str, tmp_path: Path) -> str:
    if backend == "memory":
        return "memory://"
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'state' / 'spreadbot.sqlite3'}"
    return redis_test_url()


@pytest.fixture(params=BACKENDS)
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return state_url(request.param, tmp_path)


@pytest.fixture
async def store(backend_url: str) -> AsyncIterator[StateStore]:
    opened = await open_store(backend_url)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
def ns() -> str:
    """A fresh key prefix, so tests sharing one Redis never see each other's keys."""
    return f"test-{uuid.uuid4().hex}"
