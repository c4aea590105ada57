"""Who is who to whom: lookups and subqueries the other rules build on."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, select

from storage.errors import InvalidInput, NotFound
from storage.models import Block, Follow, Like, Mute, Person
from storage.text import normalize_handle

follow_t = Follow.__table__
block_t = Block.__table__
mute_t = Mute.__table__


# Statements built once: on SQLite, building a statement costs more than running it.
_BY_HANDLE = select(Person).where(Person.handle == sa.bindparam("handle"))
_A, _B = sa.bindparam("a"), sa.bindparam("b")
_BLOCKERS = sa.select(block_t.c.blocker_id).where(
    sa.or_(
        sa.and_(block_t.c.blocker_id == _A, block_t.c.blocked_id == _B),
        sa.and_(block_t.c.blocker_id == _B, block_t.c.blocked_id == _A),
    )
)
_EXISTS = {
    table.name: sa.select(sa.literal(1)).where(
        table.primary_key.columns[0] == sa.bindparam("left"),
        table.primary_key.columns[1] == sa.bindparam("right"),
    )
    for table in (follow_t, block_t, mute_t, Like.__table__)
}


def person_by_handle(session: Session, handle: str) -> Person:
    """The person with `handle`; refuses a malformed or unknown one alike as not found."""
    try:
        canonical = normalize_handle(handle)
    except InvalidInput as exc:
        raise NotFound("person", handle=handle.lstrip("@")) from exc
    person = session.exec(_BY_HANDLE, params={"handle": canonical}).first()
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
    """True when the (left, right) row exists in an edge table: follow, block, mute, like."""
    query = _EXISTS[table.name]
    return session.execute(query, {"left": left, "right": right}).first() is not None


def is_following(session: Session, follower: int, followee: int) -> bool:
    return edge_exists(session, follow_t, follower, followee)


def block_between(session: Session, a: int, b: int) -> str | None:
    """"blocked" when `a` blocked `b`, "blocked_by" when `b` blocked `a`, else None."""
    blockers = set(session.execute(_BLOCKERS, {"a": a, "b": b}).scalars())
    if a in blockers:
        return "blocked"
    return "blocked_by" if blockers else None
