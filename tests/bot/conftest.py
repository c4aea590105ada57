"""Fixtures for talking to Plaza: `talk(user, text)` goes through the console adapter."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.adapters import console
from bot.conversation import Conversation
from storage.models import utcnow


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def conversation(engine: sa.Engine, clock: Clock) -> Conversation:
    return Conversation(engine, clock=clock)


@pytest.fixture
def talk(conversation: Conversation, tmp_path: Path) -> Callable[[str, str], str]:
    """Send one line as `user` through the console adapter; returns what Plaza printed."""

    def say(user: str, text: str) -> str:
        out = io.StringIO()
        console.run(conversation, user, io.StringIO(text + "\n"), out, folder=tmp_path)
        return out.getvalue().strip()

    return say


@pytest.fixture
def read(engine: sa.Engine) -> Callable[[str], object]:
    """One value from the database, read on a fresh connection."""

    def scalar(sql: str) -> object:
        with engine.connect() as connection:
            return connection.execute(sa.text(sql)).scalar()

    return scalar
