"""Networks for the per-engine read shapes' tests: gaps in post ids, made the same way on
both engines, as deletions and bulk loads leave them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa
from sqlmodel import Session

from storage.db import make_engine, migrate
from tests.conftest import _truncate

T = TypeVar("T")


def skip_post_ids(session: Session, to: int) -> None:
    """Make the next post's id `to` + 1 (after at least one post, on SQLite)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(sa.text("UPDATE sqlite_sequence SET seq = :n WHERE name = 'post'"),
                        {"n": to})
    else:
        session.execute(sa.text("SELECT setval(pg_get_serial_sequence('post', 'id'), :n)"),
                        {"n": to})


def on_both_engines(folder: Path, postgres_engine: sa.Engine,
                    answer: Callable[[Session], T]) -> tuple[T, T]:
    """`answer` read on a fresh SQLite file in `folder` and on the emptied PostgreSQL
    database, each built the same way by `answer` itself: (SQLite's, PostgreSQL's)."""
    lite = make_engine(f"sqlite:///{folder / 'both.db'}")
    migrate(lite)
    _truncate(postgres_engine)
    try:
        found = []
        for engine in (lite, postgres_engine):
            with Session(engine, expire_on_commit=False) as session:
                found.append(answer(session))
        return found[0], found[1]
    finally:
        lite.dispose()
