"""The engine, chosen by DATABASE_URL, and the units of work run on it.

SQLite is the embedded default: WAL journal, foreign keys on and a busy
timeout, so a bot process and a worker can write to one file; secure_delete
on, so what is deleted leaves the file. PostgreSQL is
for more than one machine; Heroku-style ``postgres://`` URLs work as given.

Three ways to run a unit of work, which differ only on SQLite (one writer at a time):

    session_scope(engine)                  takes the write lock up front (BEGIN IMMEDIATE),
                                           waiting for it up to the busy timeout
    session_scope(engine, read_only=True)  takes no lock (BEGIN): reads beside a writer
    run_optimistically(engine, work)       takes no lock until its first write; a write
                                           that cannot have it starts the work over, once,
                                           under the write lock (conversation turns); on
                                           PostgreSQL, a deadlock's victim starts over once
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url
from sqlmodel import Session

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_URL = "sqlite:///plaza.db"
BUSY_TIMEOUT_MS = 10_000
# libpq waits for a host that drops packets as long as the kernel lets it (about two
# minutes); ten seconds tells a person their DATABASE_URL is wrong while it still helps.
# A `connect_timeout` in the URL wins.
CONNECT_TIMEOUT_S = 10
MIGRATIONS = Path(__file__).with_name("migrations")
# PostgreSQL compiles a statement to machine code (JIT) when its estimated cost passes
# jit_above_cost; Plaza's reads take a millisecond or two, and a feed whose estimate
# crossed the line spent 50 ms compiling. JIT serves long analytical queries, not
# these (PostgreSQL manual, 32.2 "When to JIT?"). It is added to the URL's `options`
# (or to PGOPTIONS, which an `options` argument would otherwise replace), unless they
# set something of JIT's themselves.
PG_OPTIONS = "-c jit=off"
# An execution option: on SQLite, begin deferred (plain BEGIN) instead of BEGIN IMMEDIATE.
DEFERRED = "plaza_deferred"
# session.info key: the optimistic unit of work this session runs may no longer start over.
_SETTLED = "plaza_settled"
# What SQLite answers, at once and whatever the busy timeout, to a transaction that has
# read and then wants to write while another connection writes (SQLITE_BUSY) or has
# written since this one began reading (SQLITE_BUSY_SNAPSHOT).
_CANNOT_UPGRADE = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_BUSY_SNAPSHOT)
_DEADLOCK_DETECTED = "40P01"  # PostgreSQL's SQLSTATE for the transaction it ended


def database_url(raw: str | None = None) -> str:
    """Resolve DATABASE_URL and pick the psycopg 3 driver for PostgreSQL."""
    url = raw or os.environ.get("DATABASE_URL") or DEFAULT_URL
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy's "begin" hook issue BEGIN itself (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # Deleted rows and freed pages are overwritten with zeros, so an erased account's
    # words do not linger in the file (many builds default to it, not all).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    # A deferred transaction that reads and then writes cannot wait for another writer
    # (SQLite answers "database is locked" at once, whatever the busy timeout), so
    # transactions take the write lock up front unless they were opened deferred: read-only
    # ones, and the first attempt of run_optimistically, which starts over when that happens.
    deferred = conn.get_execution_options().get(DEFERRED, False)
    conn.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


def make_engine(url: str | None = None, **kwargs: Any) -> sa.Engine:
    url = database_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        engine = sa.create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    query = make_url(url).query
    connect_args: dict[str, Any] = {} if "connect_timeout" in query else {
        "connect_timeout": CONNECT_TIMEOUT_S}
    given = query.get("options", os.environ.get("PGOPTIONS", ""))
    if isinstance(given, str) and "jit" not in given:
        connect_args["options"] = f"{given} {PG_OPTIONS}".strip()
    return sa.create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)


def sqlite_connection(connection: sa.Connection) -> sqlite3.Connection:
    """The sqlite3 connection under `connection`, for what only the driver does (a pragma
    outside any transaction, counting changes). Raises TypeError on another engine."""
    driver = connection.connection.driver_connection
    if not isinstance(driver, sqlite3.Connection):
        raise TypeError(f"a {connection.dialect.name} connection is not a SQLite one")
    return driver


@contextmanager
def session_scope(engine: sa.Engine, *, read_only: bool = False) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error.

    `read_only` lets SQLite readers run beside a writer instead of queueing.
    """
    bind = engine.execution_options(**{DEFERRED: True}) if read_only else engine
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def run_optimistically(engine: sa.Engine, work: Callable[[Session], T]) -> T:
    """`work(session)` as one unit of work, committed when it returns; what it returned.

    On SQLite the first attempt begins deferred (plain BEGIN), so it reads beside a
    writer instead of queueing behind it, and takes the write lock at its first write.
    When that write cannot have it (another connection is writing, or has written since
    this attempt began to read: SQLite says so at once, whatever the busy timeout),
    everything is rolled back and `work` runs once more from the start, under BEGIN
    IMMEDIATE, which waits for the write lock as `session_scope` does. On PostgreSQL it
    is one transaction, run once more only when PostgreSQL ended it to break a deadlock
    (two account deletions of people who follow each other, say: each locks its own
    row first, then the other's to keep the follow counts, storage/counters.py).

    `work` may therefore be called twice. It must have no effect outside the session
    (or only effects that are harmless to repeat), start from the same inputs each
    time, and let the database's errors through. It may commit part way (to hold no
    lock over a slow call): a second attempt then does again what was committed, which
    must be harmless too, unless it was committed by `settle`, past which the work is
    never started over.

    Raises what `work` raises, and the database's errors (the busy timeout met under
    the write lock among them). A first attempt whose very first statement wrote, and
    met the busy timeout, is started over too: SQLite gives both the same code.
    """
    # DEFERRED only changes how SQLite begins (_sqlite_begin); PostgreSQL begins as ever.
    with Session(engine.execution_options(**{DEFERRED: True}),
                 expire_on_commit=False) as session:
        try:
            result = work(session)
            session.commit()
            return result
        except sa.exc.OperationalError as error:
            session.rollback()
            if session.info.get(_SETTLED) or not (_cannot_upgrade(error) or _deadlocked(error)):
                raise
        except BaseException:
            session.rollback()
            raise
    log.debug("a unit of work could not write (SQLite) or was a deadlock's victim "
              "(PostgreSQL); started over")
    with session_scope(engine) as session:
        return work(session)


def settle(session: Session) -> None:
    """Commit what `session`'s unit of work did so far, for good: run_optimistically will
    not start that work over past this point, so on SQLite its later transactions take
    the write lock up front (BEGIN IMMEDIATE). Call it instead of `commit` once the work
    has done what must not be done twice (an account opened, a state saved elsewhere)."""
    session.commit()
    session.info[_SETTLED] = True
    if isinstance(session.bind, sa.Engine) and session.bind.dialect.name == "sqlite":
        session.bind = session.bind.execution_options(**{DEFERRED: False})


def _cannot_upgrade(error: sa.exc.DBAPIError) -> bool:
    """Whether `error` is SQLite refusing a write to a transaction begun deferred because
    another connection writes or wrote meanwhile (SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT)."""
    return getattr(error.orig, "sqlite_errorcode", None) in _CANNOT_UPGRADE


def _deadlocked(error: sa.exc.DBAPIError) -> bool:
    """Whether `error` is PostgreSQL rolling back one transaction of a deadlock
    (SQLSTATE 40P01, deadlock_detected); the others go on, so running it again succeeds."""
    return getattr(error.orig, "sqlstate", None) == _DEADLOCK_DETECTED


def alembic_config(engine: sa.Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision`; the only way Plaza creates tables."""
    command.upgrade(alembic_config(engine), revision)
