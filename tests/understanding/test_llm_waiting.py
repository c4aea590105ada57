"""While the model thinks about one person's message, everyone else carries on."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from bot.conversation import Conversation
from tests.fakes.openai_server import delay, tool_call
from tests.understanding.llm_support import console_talk


def test_a_slow_model_holds_no_lock_over_other_peoples_turns(
    engine, openai_server, model, states, tmp_path: Path
) -> None:
    say = console_talk(Conversation(engine, understand=model, states=states), tmp_path)
    say("alice", "post: morning")
    say("bob", "post: hello")
    openai_server.script(delay(0.4, tool_call("read_feed")))
    answers: list[str] = []
    slow = threading.Thread(
        target=lambda: answers.append(say("alice", "zorp me up with the blick gang")))
    slow.start()
    deadline = time.monotonic() + 5
    while not openai_server.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    assert openai_server.requests, "alice's message never reached the model"
    assert say("bob", "post: still writing") == "Posted! It's #3."
    assert slow.is_alive(), "bob's write waited for alice's model call to end"
    slow.join()
    assert answers[0].startswith("What's new:")
