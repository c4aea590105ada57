"""The engine, chosen by DATABASE_URL, and the session factory.

SQLite is the embedded default: WAL journal, foreign keys on and a busy
timeout, so a bot process and a worker can write to one file; secure_delete
on, so what is deleted leaves the file. PostgreSQL is
for more than one machine; Heroku-style ``postgres://`` URLs work as given.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url
from sqlmodel import Session

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
# these (PostgreSQL manual, 32.2 "When to JIT?"). `options` in the URL wins.
PG_OPTIONS = "-c jit=off"


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
    # transactions take the write lock up front unless they were opened read-only.
    read_only = conn.get_execution_options().get("plaza_read_only", False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


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
    if "options" not in query:
        connect_args["options"] = PG_OPTIONS
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
    bind = engine.execution_options(plaza_read_only=True) if read_only else engine
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def alembic_config(engine: sa.Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision`; the only way Plaza creates tables."""
    command.upgrade(alembic_config(engine), revision)
