"""A whole Spreadbot process for one conversation: build the runtime, take some turns, exit.

Run as `python -m tests.storage.turn_process STATE_URL TEXT...`; prints one JSON line per turn with
the step ids of the questions it asked. The restart test runs it twice on one SQLite file.
Imports: adapters, bot and stdlib.
"""

from __future__ import annotations

import asyncio
import json
import sys

from adapters.platform import Platform
from adapters.runtime import CoreSettings, build_runtime
from bot.messages import ConversationKey, IncomingMessage
from bot.replies import QuestionReply

KEY = ConversationKey(platform=Platform.CONSOLE, workspace="local", channel="restart", user="u1")


async def take_turns(state_url: str, texts: list[str]) -> None:
    runtime = await build_runtime(CoreSettings(state_url=state_url))
    try:
        for text in texts:
            result = await runtime.runner.run_turn(IncomingMessage(key=KEY, text=text))
            steps = [r.step for r in result.replies if isinstance(r, QuestionReply)]
            print(json.dumps({"text": text, "questions": steps}), flush=True)
    finally:
        await runtime.close()


if __name__ == "__main__":
    asyncio.run(take_turns(sys.argv[1], sys.argv[2:]))
