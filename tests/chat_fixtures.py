"""Fixtures for talking to Plaza: `talk(user, text)` goes through the console adapter.

The end of every run also reports how well the offline understanding did:
`test_accuracy` (test_rules.py) fills `understanding_report` and the summary
hook prints it, so the figure shown is the one this run measured.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.conversation import Conversation
from bot.conversation.states import ChatStates
from bot.understanding.llm import ModelUnderstanding
from storage.models import utcnow
from tests.fakes.openai_server import FakeOpenAI
from tests.understanding.llm_support import Ticker, console_talk, model_understanding


class Clock:
    """A clock the test moves by hand, from `start` (the real time by default)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def conversation(engine: sa.Engine, clock: Clock, states: ChatStates) -> Conversation:
    """The conversation, on each engine under test and each kind of chat states."""
    return Conversation(engine, clock=clock, states=states)


@pytest.fixture
def talk(conversation: Conversation, tmp_path: Path) -> Callable[[str, str], str]:
    """Send one line as `user` through the console adapter; returns what Plaza printed."""
    return console_talk(conversation, tmp_path)


@pytest.fixture
def read(engine: sa.Engine) -> Callable[[str], object]:
    """One value from the database, read on a fresh connection."""

    def scalar(sql: str) -> object:
        with engine.connect() as connection:
            return connection.execute(sa.text(sql)).scalar()

    return scalar


UNDERSTANDING = pytest.StashKey[dict[str, Any]]()


@pytest.fixture
def understanding_report(request: pytest.FixtureRequest) -> dict[str, Any]:
    """A dict the accuracy test fills in for the summary line."""
    return request.config.stash.setdefault(UNDERSTANDING, {})


BLIND = pytest.StashKey[dict[str, str]]()


@pytest.fixture
def blind_report(request: pytest.FixtureRequest) -> dict[str, str]:
    """Set name -> its score line, for the summary (test_blind.py)."""
    return request.config.stash.setdefault(BLIND, {})


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    for line in config.stash.get(BLIND, {}).values():
        terminalreporter.write_line(f"blind {line}")
    report = config.stash.get(UNDERSTANDING, None)
    if not report:
        return
    languages = ", ".join(f"{lang} {share:.1%}" for lang, share in report["languages"].items())
    shown = "; ".join(report["misses"][:5]) or "none"
    more = f" (+{len(report['misses']) - 5} more)" if len(report["misses"]) > 5 else ""
    terminalreporter.write_line(
        f"understanding: {report['accuracy']:.1%} of {report['total']} phrasings ({languages}); "
        f"sure {report['sure']:.0%}; misses: {shown}{more}"
    )


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    """A fake OpenAI-compatible server; a request the test did not script fails the test."""
    with FakeOpenAI() as server:
        yield server
    assert server.unscripted == 0, "the model was asked something the test did not script"


@pytest.fixture
def ticker() -> Ticker:
    return Ticker()


@pytest.fixture
def model(openai_server: FakeOpenAI, engine: sa.Engine, ticker: Ticker
          ) -> Iterator[ModelUnderstanding]:
    """Plaza's model understanding, configured as `plaza` would be, on the fake server."""
    with model_understanding(openai_server, engine, ticker) as understanding:
        yield understanding
