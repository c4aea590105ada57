"""Shared by the language-model tests: Plaza's model understanding wired to the fake server."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from bot.adapters.console import terminal as console
from bot.conversation import Conversation
from bot.settings import Settings
from bot.understanding.llm import ModelUnderstanding, from_settings
from tests.fakes.openai_server import FakeOpenAI

KEY = "sk-test-Pl4zaKey-0123456789abcdef"
MODEL = "fake-model"


class Ticker:
    """A monotonic clock moved by hand, for the hourly limit and the breaker."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@contextmanager
def model_understanding(
    server: FakeOpenAI, engine: sa.Engine, ticker: Ticker, redis_prefix: str | None = None,
    **settings: object
) -> Iterator[ModelUnderstanding]:
    """Built by `from_settings` exactly as `plaza` builds it, pointed at `server`; with
    `redis_url` among `settings`, its budgets are kept under `redis_prefix` there."""
    # 2 s a call: a local fake answers in milliseconds, but a loaded CI machine once took
    # over the 0.5 s this was, and a test then met the offline fallback instead. Tests of a
    # model that times out make it wait longer than this (3 s).
    configured = Settings(_env_file=None, openai_api_key=KEY, openai_base_url=server.base_url,
                          plaza_model=MODEL, plaza_model_timeout=2.0, **settings)
    model = from_settings(configured, engine, clock=ticker, redis_prefix=redis_prefix)
    assert model is not None
    try:
        yield model
    finally:
        model.client.close()
        if model.shared is not None:
            model.shared.client.close()


def console_talk(conversation: Conversation, folder: Path) -> Callable[[str, str], str]:
    """Send one line as a user through the console adapter; returns what Plaza printed.

    conftest's `talk` fixture is this on its `conversation`; a test that builds
    its own conversation calls it directly.
    """

    def say(user: str, words: str) -> str:
        out = io.StringIO()
        console.run(conversation, user, io.StringIO(words + "\n"), out, folder=folder)
        return out.getvalue().strip()

    return say
