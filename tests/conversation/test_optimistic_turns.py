"""Turns that take SQLite's write lock only to write (storage.db.run_optimistically).

A turn that only reads runs beside a writer; a turn whose write finds that another
writer got in first (committed between its reads and its write, made deterministic by
`another_writer_first`) is run again from the chat's state as loaded, and what it does
lands once, with one answer, and one model call at most. On PostgreSQL the same turns
run once and end the same.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from bot.conversation import Conversation
from bot.conversation.states import ChatStates, StateKey
from bot.understanding.llm import ModelUnderstanding
from storage import network
from storage.db import session_scope
from storage.models import Platform
from tests.fakes.openai_server import FakeOpenAI, tool_call
from tests.storage.lock_support import (
    another_writer_first,
    short_wait_engine,
    writer_holding_the_lock,
)
from tests.understanding.llm_support import console_talk

Read = Callable[[str], object]  # conftest's `read`: one value from the database


def carol_posts(session: Session) -> None:
    network.post(session, network.person_by_handle(session, "carol"), "Meanwhile, carol")


def remembered(conversation: Conversation, user: str) -> list[tuple[str, str]]:
    state, _ = conversation.states.load(StateKey(Platform.console, user, user))
    return list(state.turns)


def test_read_turns_answer_while_another_connection_holds_the_write_lock(
    tmp_path: Path,
) -> None:
    """The engine waits only 200 ms for the lock, so a turn that waited for it would have
    failed: the locking begin each turn had until now does, under the same writer.
    (Chat states in the process: a state kept in the database is saved by a write of
    its own, after the turn.)"""
    path = tmp_path / "plaza.db"
    engine = short_wait_engine(path)
    say = console_talk(Conversation(engine), tmp_path)
    say("bob", "post: Jazz night at the harbour tonight #jazz")
    say("alice", "follow @bob")
    with writer_holding_the_lock(path):
        with pytest.raises(sa.exc.OperationalError, match="database is locked"):
            with session_scope(engine) as session:  # BEGIN IMMEDIATE, as every turn had
                network.person_by_handle(session, "alice")
        feed = say("alice", "what's new?")
        found = say("alice", "search jazz")
    assert feed.startswith("What's new:")
    assert "@bob · just now · #1\nJazz night at the harbour tonight #jazz" in feed
    assert "Jazz night at the harbour tonight #jazz" in found and "#1" in found
    engine.dispose()


@pytest.mark.parametrize(("words", "answer", "rows"), [
    ("post: Morning all", "Posted! It's #2.",
     "SELECT count(*) FROM post WHERE text = 'Morning all'"),
    ("follow @bob", "You now follow @bob",
     "SELECT count(*) FROM follow JOIN person p ON p.id = follower_id WHERE p.handle = 'alice'"),
])
def test_a_turn_whose_write_finds_another_writer_first_lands_once(
    conversation: Conversation, engine: sa.Engine, read: Read, tmp_path: Path,
    words: str, answer: str, rows: str,
) -> None:
    say = console_talk(conversation, tmp_path)
    for user in ("bob", "carol", "alice"):
        say(user, "/help")
    with another_writer_first(engine, carol_posts) as race:
        said = say("alice", words)
    assert said.startswith(answer) and said.count(answer) == 1
    assert read(rows) == 1
    assert read("SELECT count(*) FROM post WHERE text = 'Meanwhile, carol'") == 1
    if engine.dialect.name == "sqlite":  # refused at its write, run again under the lock
        assert race.after()[0] == "BEGIN IMMEDIATE"
    # the memory of the turn run again starts from the state as loaded: its lines, once
    lines = remembered(conversation, "alice")
    assert lines[-2:] == [("alice", words), ("plaza", said)]
    assert lines.count(("alice", words)) == 1


def test_a_newcomer_whose_sign_up_finds_another_writer_first_is_greeted_once(
    conversation: Conversation, engine: sa.Engine, read: Read, tmp_path: Path,
) -> None:
    say = console_talk(conversation, tmp_path)
    for user in ("bob", "carol"):
        say(user, "/help")
    with another_writer_first(engine, carol_posts) as race:  # before the account is written
        said = say("dave", "follow @bob")
    assert said.startswith("Hi dave!") and said.count("Hi dave!") == 1
    assert said.count("You now follow @bob") == 1
    assert read("SELECT count(*) FROM person WHERE handle = 'dave'") == 1
    assert read("SELECT count(*) FROM follow") == 1
    if engine.dialect.name == "sqlite":
        assert race.after()[0] == "BEGIN IMMEDIATE"


def test_a_turn_run_again_asks_the_model_once(
    engine: sa.Engine, openai_server: FakeOpenAI, model: ModelUnderstanding,
    states: ChatStates, read: Read, tmp_path: Path,
) -> None:
    """The model's answer comes between the turn's reads and its write; the other writer
    commits right then, and the turn run again acts on that same answer."""
    conversation = Conversation(engine, understand=model, states=states)
    say = console_talk(conversation, tmp_path)
    for user in ("bob", "carol", "alice"):
        say(user, "post: hello from me")  # sure: the rules need no model
    asked: list[int] = []

    def meanwhile(session: Session) -> None:
        asked.append(len(openai_server.requests))
        carol_posts(session)

    openai_server.script(tool_call("follow", {"handle": "bob"}))
    with another_writer_first(engine, meanwhile) as race:
        said = say("alice", "I'd really like to keep up with what bob shares")
    assert said.startswith("You now follow @bob.") and said.count("You now follow") == 1
    assert asked == [1], "the other writer did not commit after the model's answer"
    assert len(openai_server.requests) == 1
    assert read("SELECT count(*) FROM follow") == 1
    assert read("SELECT sum(calls) FROM model_usage") == 1
    if engine.dialect.name == "sqlite":
        assert "BEGIN IMMEDIATE" in race.after()
