"""Follow, block and mute: the edges between people, and who to follow next."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from storage.errors import NotAllowed
from storage.models import Person
from storage.relations import (
    add_edge,
    block_between,
    block_t,
    follow_t,
    followee_ids,
    hold_pair,
    mute_t,
    person_by_handle,
)

person_t = Person.__table__


def _other(session: Session, actor: Person, handle: str, verb: str) -> Person:
    target = person_by_handle(session, handle)
    if target.id == actor.id:
        raise NotAllowed("yourself", verb=verb)
    return target


def _remove_edge(session: Session, table: sa.Table, left: int, right: int) -> bool:
    a, b = table.primary_key.columns
    return session.execute(table.delete().where(a == left, b == right)).rowcount > 0


def follow(session: Session, actor: Person, handle: str) -> bool:
    """Follow `handle`; False when already following. Refused across a block, also one
    being made at the same moment (`hold_pair`)."""
    target = _other(session, actor, handle, "follow")
    hold_pair(session, actor.id, target.id, exclusive=False)
    if reason := block_between(session, actor.id, target.id):
        raise NotAllowed(reason, handle=target.handle)
    return add_edge(session, follow_t, actor.id, target.id)


def unfollow(session: Session, actor: Person, handle: str) -> bool:
    target = _other(session, actor, handle, "unfollow")
    return _remove_edge(session, follow_t, actor.id, target.id)


def block(session: Session, actor: Person, handle: str) -> bool:
    """Block `handle`: follows both ways end, also one being made at the same moment
    (`hold_pair`), and each is hidden from the other (storage.visibility)."""
    target = _other(session, actor, handle, "block")
    hold_pair(session, actor.id, target.id, exclusive=True)
    _remove_edge(session, follow_t, actor.id, target.id)
    _remove_edge(session, follow_t, target.id, actor.id)
    return add_edge(session, block_t, actor.id, target.id)


def unblock(session: Session, actor: Person, handle: str) -> bool:
    target = _other(session, actor, handle, "unblock")
    return _remove_edge(session, block_t, actor.id, target.id)


def mute(session: Session, actor: Person, handle: str) -> bool:
    """Hide `handle` from your feed and digest without unfollowing."""
    target = _other(session, actor, handle, "mute")
    return add_edge(session, mute_t, actor.id, target.id)


def unmute(session: Session, actor: Person, handle: str) -> bool:
    target = _other(session, actor, handle, "unmute")
    return _remove_edge(session, mute_t, actor.id, target.id)


def _handles(session: Session, ids: sa.Select, limit: int) -> list[str]:
    query = (
        sa.select(person_t.c.handle)
        .where(person_t.c.id.in_(ids))
        .order_by(person_t.c.handle)
        .limit(limit)
    )
    return list(session.execute(query).scalars())


def followers(session: Session, actor: Person, limit: int = 100) -> list[str]:
    ids = sa.select(follow_t.c.follower_id).where(follow_t.c.followee_id == actor.id)
    return _handles(session, ids, limit)


def following(session: Session, actor: Person, limit: int = 100) -> list[str]:
    return _handles(session, followee_ids(actor.id), limit)


def blocked(session: Session, actor: Person) -> list[str]:
    ids = sa.select(block_t.c.blocked_id).where(block_t.c.blocker_id == actor.id)
    return _handles(session, ids, 10_000)


def muted(session: Session, actor: Person) -> list[str]:
    ids = sa.select(mute_t.c.muted_id).where(mute_t.c.muter_id == actor.id)
    return _handles(session, ids, 10_000)
