"""Opaque chat state with versions, on each engine: the reads and writes a conversation
makes, a chat's move, an account's deletion, and migration 0008 that makes the table."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command

from storage import chat_state, network
from storage.chat_state import StateKey, VersionConflict
from storage.db import alembic_config, migrate, session_scope
from storage.models import Platform

ALICE_HERE = StateKey("telegram", "-100", "alice-tg")


def _load(engine: sa.Engine, key: StateKey) -> tuple[str | None, int]:
    with session_scope(engine, read_only=True) as session:
        return chat_state.load(session, key)


def _save(engine: sa.Engine, key: StateKey, data: str, version: int) -> int:
    with session_scope(engine) as session:
        return chat_state.save(session, key, data, version)


def test_nothing_stored_is_version_0_and_each_save_adds_one(engine: sa.Engine) -> None:
    assert _load(engine, ALICE_HERE) == (None, 0)
    assert _save(engine, ALICE_HERE, '{"a": 1}', 0) == 1
    assert _save(engine, ALICE_HERE, '{"a": 2}', 1) == 2
    assert _load(engine, ALICE_HERE) == ('{"a": 2}', 2)
    assert _load(engine, ALICE_HERE._replace(chat_id="-101")) == (None, 0)


@pytest.mark.parametrize("stale", [0, 1, 3])
def test_a_save_over_a_version_that_is_not_the_stored_one_writes_nothing(
    engine: sa.Engine, stale: int
) -> None:
    _save(engine, ALICE_HERE, "first", 0)
    _save(engine, ALICE_HERE, "second", 1)
    with pytest.raises(VersionConflict) as raised:
        _save(engine, ALICE_HERE, "lost", stale)
    assert raised.value.key == ALICE_HERE and raised.value.version == stale
    assert _load(engine, ALICE_HERE) == ("second", 2)


def test_a_save_records_when_in_utc(engine: sa.Engine) -> None:
    at = datetime(2026, 12, 3, 8, 30, tzinfo=UTC)
    with session_scope(engine) as session:
        chat_state.save(session, ALICE_HERE, "x", 0, now=at)
    with engine.connect() as connection:
        stored = connection.execute(sa.select(chat_state.state_t.c.updated_at)).scalar_one()
    assert stored == at


def test_a_chat_s_new_id_takes_its_states_except_where_one_is_there(engine: sa.Engine) -> None:
    bob_here = StateKey("telegram", "-100", "bob-tg")
    for key, data in ((ALICE_HERE, "alice old"), (bob_here, "bob old"),
                      (bob_here._replace(chat_id="-100900"), "bob new"),
                      (ALICE_HERE._replace(platform="discord"), "another platform")):
        _save(engine, key, data, 0)
    with session_scope(engine) as session:
        chat_state.move(session, "telegram", "-100", "-100900")
    moved = {key: _load(engine, key)[0] for key in (
        ALICE_HERE, ALICE_HERE._replace(chat_id="-100900"), bob_here,
        bob_here._replace(chat_id="-100900"), ALICE_HERE._replace(platform="discord"))}
    assert list(moved.values()) == [None, "alice old", None, "bob new", "another platform"]


def test_deleting_an_account_deletes_what_its_identities_kept(engine: sa.Engine) -> None:
    with session_scope(engine) as session:
        alice = network.register(session, "alice", platform=Platform.telegram,
                                 external_id="alice-tg", chat_id="alice-tg")
        network.register(session, "bob", platform=Platform.telegram, external_id="bob-tg")
    kept = [StateKey("telegram", "-100", "bob-tg"), StateKey("console", "-100", "alice-tg"),
            StateKey("telegram", "-100", "newcomer")]
    gone = [ALICE_HERE, StateKey("telegram", "alice-tg", "alice-tg")]
    for key in kept + gone:
        _save(engine, key, "{}", 0)
    with session_scope(engine) as session:
        network.delete_account(session, network.person_by_handle(session, alice.handle))
    assert [_load(engine, key)[1] for key in kept + gone] == [1, 1, 1, 0, 0]


def test_migration_0008_makes_the_table_and_takes_it_away(blank: sa.Engine) -> None:
    # alice is written by today's code, then the schema goes back to 0007 under her (the
    # code of that time can't be run, and today's writes columns 0007 lacks).
    migrate(blank)
    with session_scope(blank) as session:
        network.register(session, "alice", platform=Platform.telegram, external_id="alice-tg")
    command.downgrade(alembic_config(blank), "0007_search_fold")
    assert "chat_state" not in sa.inspect(blank).get_table_names()
    migrate(blank)
    inspector = sa.inspect(blank)
    assert inspector.get_pk_constraint("chat_state")["constrained_columns"] == [
        "platform", "chat_id", "external_id"]
    assert {c["name"] for c in inspector.get_columns("chat_state")} == {
        "platform", "chat_id", "external_id", "data", "version", "updated_at"}
    assert _save(blank, ALICE_HERE, '{"format": 1}', 0) == 1
    assert _load(blank, ALICE_HERE) == ('{"format": 1}', 1)
    command.downgrade(alembic_config(blank), "0007_search_fold")
    assert "chat_state" not in sa.inspect(blank).get_table_names()
    with blank.connect() as connection:
        assert connection.exec_driver_sql("SELECT handle FROM person").scalars().all() == [
            "alice"]
