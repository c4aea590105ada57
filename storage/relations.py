"""Who is who to whom: lookups and subqueries the other rules build on."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, select

from storage.errors import InvalidInput, NotFound
from storage.models import Block, Follow, Mute, Person
from storage.text import normalize_handle

follow_t = Follow.__table__
block_t = Block.__table__
mute_t = Mute.__table__


def person_by_handle(session: Session, handle: str) -> Person:
    """The person with `handle`; refuses a malformed or unknown one alike as not found."""
    try:
        canonical = normalize_handle(handle)
    except InvalidInput as exc:
        raise NotFound("person", handle=handle.lstrip("@")) from exc
    person = session.exec(select(Person).where(Person.handle == canonical)).first()
    if person is None:
        raise NotFound("person", handle=canonical)
    return person


def followee_ids(me: sa.ColumnElement[int] | int) -> sa.Select:
    return sa.select(follow_t.c.followee_id).where(follow_t.c.follower_id == me)


def muted_ids(me: sa.ColumnElement[int] | int) -> sa.Select:
    return sa.select(mute_t.c.muted_id).where(mute_t.c.muter_id == me)


def blocked_ids(me: sa.ColumnElement[int] | int) -> sa.CompoundSelect:
    """Everyone in a block with `me`, in either direction."""
    return sa.union_all(
        sa.select(block_t.c.blocked_id).where(block_t.c.blocker_id == me),
        sa.select(block_t.c.blocker_id).where(block_t.c.blocked_id == me),
    )


def edge_exists(session: Session, table: sa.Table, left: int, right: int) -> bool:
    a, b = table.primary_key.columns
    query = sa.select(sa.literal(1)).where(a == left, b == right)
    return session.execute(query).first() is not None


def is_following(session: Session, follower: int, followee: int) -> bool:
    return edge_exists(session, follow_t, follower, followee)


def block_between(session: Session, a: int, b: int) -> str | None:
    """"blocked" when `a` blocked `b`, "blocked_by" when `b` blocked `a`, else None."""
    if edge_exists(session, block_t, a, b):
        return "blocked"
    if edge_exists(session, block_t, b, a):
        return "blocked_by"
    return None
