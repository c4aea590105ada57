"""Who is who to whom: lookups and subqueries the other rules build on, and the two
writes that keep edges consistent when requests race (`add_edge`, `hold_pair`)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage.errors import InvalidInput, NotFound, Reason
from storage.models import Block, Follow, HeldHandle, Like, Mute, Person, utcnow
from storage.tables import table
from storage.text import normalize_handle

follow_t = table(Follow)
block_t = table(Block)
mute_t = table(Mute)
like_t = table(Like)
person_t = table(Person)


# Statements built once: on SQLite, building a statement costs more than running it.
_BY_HANDLE = select(Person).where(Person.handle == sa.bindparam("handle"))
# Whoever changed away from a handle still held: "follow @old" finds them for 30 days.
_BY_OLD_HANDLE = (select(Person).join(HeldHandle, col(HeldHandle.person_id) == col(Person.id))
                  .where(HeldHandle.handle == sa.bindparam("handle"),
                         HeldHandle.held_until > sa.bindparam("now")))
_A, _B = sa.bindparam("a", type_=sa.Integer), sa.bindparam("b", type_=sa.Integer)
_BLOCKERS = sa.select(block_t.c.blocker_id).where(
    sa.or_(
        sa.and_(block_t.c.blocker_id == _A, block_t.c.blocked_id == _B),
        sa.and_(block_t.c.blocker_id == _B, block_t.c.blocked_id == _A),
    )
)
# An edge already there is no error, also when it was added by a transaction that
# committed after this one started (two identical follows at once). RETURNING says
# whether a row went in: rowcount is not reported for INSERT by every driver.
_ADD = {
    name: {edges.name: dialect.insert(edges).on_conflict_do_nothing()
           .returning(edges.primary_key.columns[0])
           for edges in (follow_t, block_t, mute_t, like_t)}
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
_PAIR = person_t.c.id.in_(sa.bindparam("pair", expanding=True))
# FOR KEY SHARE does not conflict with itself, FOR UPDATE conflicts with both (PostgreSQL;
# SQLite ignores both: its writers take the database's write lock at BEGIN, db.py).
_HOLD = {
    False: sa.select(person_t.c.id).where(_PAIR).order_by(person_t.c.id)
    .with_for_update(read=True, key_share=True),
    True: sa.select(person_t.c.id).where(_PAIR).order_by(person_t.c.id).with_for_update(),
}


def person_by_handle(session: Session, handle: str) -> Person:
    """The person with `handle`, or who had it until lately (a changed handle, while it is
    held: storage.accounts.change_handle); refuses a malformed or unknown one alike as
    not found."""
    try:
        canonical = normalize_handle(handle)
    except InvalidInput as exc:
        raise NotFound(Reason.person, handle=handle.lstrip("@")) from exc
    person = session.exec(_BY_HANDLE, params={"handle": canonical}).first()
    if person is None:
        person = session.exec(_BY_OLD_HANDLE,
                              params={"handle": canonical, "now": utcnow()}).first()
    if person is None:
        raise NotFound(Reason.person, handle=canonical)
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


def add_edge(session: Session, edges: sa.Table, left: int, right: int) -> bool:
    """Add the (left, right) row to an edge table (follow, block, mute, like); False when it
    was there already, or appeared meanwhile."""
    a, b = (c.name for c in edges.primary_key.columns)
    statement = _ADD[session.get_bind().dialect.name][edges.name]
    return session.execute(statement, {a: left, b: right}).first() is not None


def hold_pair(session: Session, a: int, b: int, *, exclusive: bool) -> set[int]:
    """Lock persons `a` and `b` until the transaction ends, in id order (no deadlock);
    the ids of those whose row is there (an account deleted meanwhile is not).

    Changes that must not interleave for a pair take it: a follow shared (follows do
    not wait for each other), a block `exclusive`, so a follow checks for a block only
    once a block in flight has committed, and a block removes the follows committed
    before it. Without it, on PostgreSQL, each misses the other's uncommitted row and
    both stand.
    """
    return set(session.execute(_HOLD[exclusive], {"pair": [a, b]}).scalars())


def block_between(session: Session, a: int, b: int) -> Reason | None:
    """Reason.blocked when `a` blocked `b`, Reason.blocked_by when `b` blocked `a`, else None."""
    blockers = set(session.execute(_BLOCKERS, {"a": a, "b": b}).scalars())
    if a in blockers:
        return Reason.blocked
    return Reason.blocked_by if blockers else None
