"""Several processes sharing one store: concurrent compare-and-set increments lose nothing.

This is what lets several Spreadbot instances (or a restarted one) share one SQLite file or one Redis.
Imports: pytest, storage and stdlib.
"""

from __future__ import annotations

import asyncio
import json
import sys
from asyncio.subprocess import PIPE
from pathlib import Path

import pytest

from storage.url import open_store
from tests.storage.conftest import state_url

ROOT = Path(__file__).resolve().parents[2]
PROCESSES, INCREMENTS = 4, 40


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_processes_sharing_a_store_lose_no_update(
    backend: str, tmp_path: Path, ns: str
) -> None:
    url = state_url(backend, tmp_path)
    key = f"{ns}:shared-counter"
    workers = [
        await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "tests.storage.cas_writer", url, key, str(INCREMENTS)),
            cwd=ROOT,
            stdin=PIPE,
            stdout=PIPE,
            stderr=PIPE,
        )
        for _ in range(PROCESSES)
    ]
    for worker in workers:  # every writer has its store open before any starts writing
        assert worker.stdout is not None
        assert await asyncio.wait_for(worker.stdout.readline(), timeout=30) == b"ready\n"
    results = await asyncio.gather(
        *(asyncio.wait_for(w.communicate(b"go\n"), timeout=60) for w in workers)
    )
    for worker, (_, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err.decode()
    conflicts = sum(int(out) for out, _ in results)

    store = await open_store(url)
    try:
        record = await store.get(key)
    finally:
        await store.close()
    assert record is not None
    assert json.loads(record.data) == {"count": PROCESSES * INCREMENTS}
    assert record.version == PROCESSES * INCREMENTS
    assert conflicts > 0, "the processes never raced, so the test proved nothing"
