"""Every `spreadbot` command stops quietly when its reader goes away (`spreadbot ask x | head`).

The output pipe is closed before the command writes anything, so the first write fails every
time: no timing, no race. Imports: pytest, stdlib and the CLI test helpers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.console.test_cli import ROOT, env_for

SIGPIPE_EXIT = 141


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (("ask", "GIRFT", "--json"), ""),
        (("recommend", "--stage", "spread"), ""),
        (("catalogue", "validate"), ""),
        (("chat", "--user", "tester"), "list\nguide\n1\n"),
        (("report", "--json"), ""),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else "",
)
def test_a_closed_output_ends_the_command_quietly(
    tmp_path: Path, args: tuple[str, ...], stdin: str
) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte is written
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "adapters.console.cli", *args],
            input=stdin,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env_for(tmp_path),
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert proc.stderr == ""
    assert proc.returncode == SIGPIPE_EXIT
