"""Networks for the per-engine read shapes' tests: gaps in post ids, made the same way on
both engines, as deletions and bulk loads leave them."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session


def skip_post_ids(session: Session, to: int) -> None:
    """Make the next post's id `to` + 1 (after at least one post, on SQLite)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(sa.text("UPDATE sqlite_sequence SET seq = :n WHERE name = 'post'"),
                        {"n": to})
    else:
        session.execute(sa.text("SELECT setval(pg_get_serial_sequence('post', 'id'), :n)"),
                        {"n": to})
