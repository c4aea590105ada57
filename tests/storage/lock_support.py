"""Two real connections to one SQLite file, for tests of who waits for the write lock.

`another_writer_first` makes a race deterministic: another connection commits right
before a unit of work's first write, with no sleep and no thread.

The engine's busy timeout is made short (SHORT_WAIT_MS), so a unit of work that would
wait for the lock fails with "database is locked" instead of passing slowly: tests
assert on that, never on how long something took.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from storage.db import make_engine, migrate, session_scope

SHORT_WAIT_MS = 200  # the busy timeout here: a turn that waits for the lock fails


def short_wait_engine(path: Path) -> sa.Engine:
    """A migrated SQLite engine on `path` whose connections wait SHORT_WAIT_MS for a lock."""
    engine = make_engine(f"sqlite:///{path}")

    def short_wait(connection: sqlite3.Connection, _record: object) -> None:
        connection.execute(f"PRAGMA busy_timeout={SHORT_WAIT_MS}")  # after make_engine's own

    sa.event.listen(engine, "connect", short_wait)
    migrate(engine)
    return engine


@contextmanager
def writer_holding_the_lock(path: Path) -> Iterator[sqlite3.Connection]:
    """Another connection that has begun writing to `path` and does not commit."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE person SET bio = 'writing…'")
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


@contextmanager
def statements(engine: sa.Engine) -> Iterator[list[str]]:
    """Every statement `engine` sends meanwhile, BEGINs included."""
    seen: list[str] = []

    def note(conn: object, cursor: object, statement: str, *_: object) -> None:
        seen.append(statement)

    sa.event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", note)


WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@dataclass
class Interleaving:
    """What `another_writer_first` saw: every statement sent, and where the other
    writer committed among them (None while it has not)."""

    statements: list[str] = field(default_factory=list)
    committed_at: int | None = None

    def after(self) -> list[str]:
        """The statements sent after the other writer committed."""
        return [] if self.committed_at is None else self.statements[self.committed_at:]


@contextmanager
def another_writer_first(
    engine: sa.Engine, write: Callable[[Session], object], *, ignore: str = "model_usage"
) -> Iterator[Interleaving]:
    """Right before the first INSERT, UPDATE or DELETE `engine` sends (one naming `ignore`,
    the model's usage count written in a transaction of its own, aside), `write` runs and
    commits on another connection of `engine`: once."""
    seen = Interleaving()

    def before(conn: sa.Connection, cursor: object, statement: str, *_: object) -> None:
        seen.statements.append(statement)
        if seen.committed_at is not None or not WRITE.match(statement) or ignore in statement:
            return
        seen.committed_at = len(seen.statements)  # set first: `write` passes through here
        with session_scope(engine) as session:
            write(session)
        seen.committed_at = len(seen.statements)

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
