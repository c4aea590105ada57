"""Units of work run optimistically (storage.db.run_optimistically), on real files and two
real connections: on SQLite a reader takes no write lock; a writer that finds another
writer got in first is started over once, under the write lock; on PostgreSQL each runs
once. The busy timeout is made short, so a wait for the lock fails instead of passing
slowly: nothing here is timed."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from storage import network
from storage.db import run_optimistically, session_scope, settle
from storage.models import Platform
from tests.storage.lock_support import short_wait_engine, statements, writer_holding_the_lock


def _people(engine: sa.Engine, *handles: str) -> None:
    with session_scope(engine) as session:
        for handle in handles:
            network.register(session, handle, platform=Platform.console, external_id=handle)


def _handles(session: Session) -> list[str]:
    return list(session.execute(sa.text("SELECT handle FROM person ORDER BY handle")).scalars())


def test_a_reader_runs_beside_a_writer_that_a_locking_unit_would_wait_for(
    tmp_path: Path,
) -> None:
    engine = short_wait_engine(tmp_path / "plaza.db")
    _people(engine, "alice", "bob")
    with writer_holding_the_lock(tmp_path / "plaza.db"):
        with pytest.raises(sa.exc.OperationalError, match="database is locked"):
            with session_scope(engine) as session:  # BEGIN IMMEDIATE: waits, then fails
                _handles(session)
        assert run_optimistically(engine, _handles) == ["alice", "bob"]
    engine.dispose()


def test_a_write_after_another_writer_committed_is_started_over_once_and_lands_once(
    engine: sa.Engine,
) -> None:
    """Between the work's read and its write, another connection commits: SQLite refuses
    the write (the read is out of date), so the work runs again under the write lock and
    sees the other's row; PostgreSQL lets the write through, once."""
    _people(engine, "alice")
    attempts: list[list[str]] = []

    def work(session: Session) -> int:
        attempts.append(_handles(session))
        if len(attempts) == 1:  # another writer gets in between this read and the write
            _people(engine, "carol")
        person = network.person_by_handle(session, "alice")
        return network.post(session, person, f"seen {len(attempts[-1])} people").id

    with statements(engine) as sent:
        post_id = run_optimistically(engine, work)
    with session_scope(engine, read_only=True) as session:
        texts = list(session.execute(sa.text("SELECT id, text FROM post")))
    if engine.dialect.name == "sqlite":
        assert attempts == [["alice"], ["alice", "carol"]]
        assert texts == [(post_id, "seen 2 people")]
        assert sent.count("BEGIN") == 1  # the first attempt
        assert sent.count("BEGIN IMMEDIATE") == 2  # carol's, then the second attempt
    else:
        assert attempts == [["alice"]]
        assert texts == [(post_id, "seen 1 people")]


def test_a_reader_is_run_once_and_takes_no_write_lock(engine: sa.Engine) -> None:
    _people(engine, "alice")
    calls: list[int] = []

    def work(session: Session) -> list[str]:
        calls.append(1)
        return _handles(session)

    with statements(engine) as sent:
        assert run_optimistically(engine, work) == ["alice"]
    assert calls == [1]
    assert "BEGIN IMMEDIATE" not in sent


def test_a_settled_unit_is_not_started_over_and_then_writes_under_the_lock(
    tmp_path: Path,
) -> None:
    """Past `settle`, what was committed stays committed once: the rest of the work begins
    IMMEDIATE, and the busy timeout it may meet is raised, not answered by a second go."""
    engine = short_wait_engine(tmp_path / "plaza.db")
    _people(engine, "alice")
    calls: list[int] = []

    def work(session: Session) -> None:
        calls.append(1)
        network.post(session, network.person_by_handle(session, "alice"), "for good")
        settle(session)
        with writer_holding_the_lock(tmp_path / "plaza.db"):
            _handles(session)  # begins IMMEDIATE: meets the other writer's lock

    with statements(engine) as sent, pytest.raises(sa.exc.OperationalError,
                                                    match="database is locked"):
        run_optimistically(engine, work)
    assert calls == [1]
    assert sent[0] == "BEGIN" and sent.count("BEGIN IMMEDIATE") == 1
    with session_scope(engine, read_only=True) as session:
        assert list(session.execute(sa.text("SELECT text FROM post")).scalars()) == ["for good"]
    engine.dispose()


def test_other_database_errors_are_raised_at_once(engine: sa.Engine) -> None:
    calls: list[int] = []

    def work(session: Session) -> None:
        calls.append(1)
        session.execute(sa.text("SELECT * FROM no_such_table"))

    with pytest.raises(sa.exc.ProgrammingError if engine.dialect.name == "postgresql"
                       else sa.exc.OperationalError, match="no_such_table"):
        run_optimistically(engine, work)
    assert calls == [1]
