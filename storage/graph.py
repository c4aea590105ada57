"""Follow, block and mute: the edges between people, and who to follow next."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from storage import notifications
from storage.errors import NotAllowed, NotFound, Reason
from storage.models import Identity, Person, utcnow
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
from storage.suspension import ensure_active
from storage.tables import row_id, table

person_t = table(Person)


def _other(session: Session, actor: Person, handle: str, verb: str) -> tuple[int, Person]:
    """The actor's id, and the person `handle` names, who must be someone else."""
    target = person_by_handle(session, handle)
    if target.id == actor.id:
        raise NotAllowed(Reason.yourself, verb=verb)
    return row_id(actor), target


def _remove_edge(session: Session, edges: sa.Table, left: int, right: int) -> bool:
    a, b = edges.primary_key.columns
    return session.exec(edges.delete().where(a == left, b == right)).rowcount > 0


def _both_there(held: set[int], me: int, target: Person) -> None:
    """After `hold_pair`: NotFound(person) when the other's account went meanwhile, and
    NotFound(merge_changed) when the actor's own did (merged into another account, or
    deleted, while this turn ran: storage/merge.py), rather than a row for someone gone."""
    if me not in held:
        raise NotFound(Reason.merge_changed)
    if row_id(target) not in held:
        raise NotFound(Reason.person, handle=target.handle)


def follow(session: Session, actor: Person, handle: str) -> bool:
    """Follow `handle`; False when already following. Refused across a block, also one
    being made at the same moment (`hold_pair`); NotFound when `handle`'s account was
    deleted meanwhile (its row is gone once the lock is had). A suspended account may not
    follow (NotAllowed(suspended)), nor be followed (NotAllowed(account_suspended))."""
    ensure_active(actor)
    me, target = _other(session, actor, handle, "follow")
    if target.suspended_at is not None:
        raise NotAllowed(Reason.account_suspended, handle=target.handle)
    them = row_id(target)
    _both_there(hold_pair(session, me, them, exclusive=False), me, target)
    if reason := block_between(session, me, them):
        raise NotAllowed(reason, handle=target.handle)
    added = add_edge(session, follow_t, me, them)
    if added:
        notifications.for_follow(session, me, them, utcnow())
    return added


def unfollow(session: Session, actor: Person, handle: str) -> bool:
    """Stop following `handle`; False when not following."""
    me, target = _other(session, actor, handle, "unfollow")
    them = row_id(target)
    # The pair first, as a follow, a block and an account deletion take it: the follow
    # row's counter trigger (storage.counters) locks both person rows, and a block or a
    # deletion holding them while waiting for this follow row was a deadlock on PostgreSQL.
    hold_pair(session, me, them, exclusive=False)
    return _remove_edge(session, follow_t, me, them)


def block(session: Session, actor: Person, handle: str) -> bool:
    """Block `handle`: follows both ways end, also one being made at the same moment
    (`hold_pair`), and so do "notify me" subscriptions both ways; each is hidden from
    the other (storage.visibility). NotFound when `handle`'s account was deleted
    meanwhile."""
    me, target = _other(session, actor, handle, "block")
    them = row_id(target)
    _both_there(hold_pair(session, me, them, exclusive=True), me, target)
    _remove_edge(session, follow_t, me, them)
    _remove_edge(session, follow_t, them, me)
    notifications.drop_between(session, me, them)
    return add_edge(session, block_t, me, them)


def unblock(session: Session, actor: Person, handle: str) -> bool:
    me, target = _other(session, actor, handle, "unblock")
    return _remove_edge(session, block_t, me, row_id(target))


def mute(session: Session, actor: Person, handle: str) -> bool:
    """Hide `handle` from your feed and digest without unfollowing. NotFound when
    `handle`'s account was deleted meanwhile."""
    me, target = _other(session, actor, handle, "mute")
    them = row_id(target)
    _both_there(hold_pair(session, me, them, exclusive=False), me, target)
    return add_edge(session, mute_t, me, them)


def unmute(session: Session, actor: Person, handle: str) -> bool:
    me, target = _other(session, actor, handle, "unmute")
    return _remove_edge(session, mute_t, me, row_id(target))


def _handles(session: Session, ids: sa.Select, limit: int) -> list[str]:
    query = (
        sa.select(person_t.c.handle)
        .where(person_t.c.id.in_(ids))
        .order_by(person_t.c.handle)
        .limit(limit)
    )
    return list(session.execute(query).scalars())


def followers(session: Session, actor: Person, limit: int = 100) -> list[str]:
    ids = sa.select(follow_t.c.follower_id).where(follow_t.c.followee_id == row_id(actor))
    return _handles(session, ids, limit)


def following(session: Session, actor: Person, limit: int = 100) -> list[str]:
    return _handles(session, followee_ids(row_id(actor)), limit)


def followed_from(
    session: Session, platform: str, external_id: str, prefix: str = "", limit: int = 25
) -> list[str]:
    """Handles the person behind an identity follows that start with `prefix` (any case,
    an "@" ignored), in handle order, at most `limit`: what a handle box offers while
    they type. Empty for an identity nobody has yet. Reads only."""
    identity_t = table(Identity)
    start = prefix.strip().lstrip("@").lower()
    follower = (sa.select(identity_t.c.person_id)
                .where(identity_t.c.platform == str(platform),
                       identity_t.c.external_id == str(external_id))
                .scalar_subquery())
    query = (
        sa.select(person_t.c.handle)
        .join(follow_t, follow_t.c.followee_id == person_t.c.id)
        .where(follow_t.c.follower_id == follower)
        .order_by(person_t.c.handle)
        .limit(limit)
    )
    if start:
        # handles are stored lower case; a range keeps the handle index usable
        query = query.where(person_t.c.handle >= start, person_t.c.handle < start + "\uffff")
    return list(session.execute(query).scalars())


def blocked(session: Session, actor: Person) -> list[str]:
    ids = sa.select(block_t.c.blocked_id).where(block_t.c.blocker_id == row_id(actor))
    return _handles(session, ids, 10_000)


def muted(session: Session, actor: Person) -> list[str]:
    ids = sa.select(mute_t.c.muted_id).where(mute_t.c.muter_id == row_id(actor))
    return _handles(session, ids, 10_000)


def follows_between(session: Session, actor: Person, handle: str) -> tuple[bool, bool]:
    """Whether `actor` follows `handle`, and whether `handle` follows `actor`: what a block
    between them would end (read before one, to put it back when the block is undone).
    Raises NotFound for an unknown handle."""
    me, target = row_id(actor), row_id(person_by_handle(session, handle))
    rows = session.execute(
        sa.select(follow_t.c.follower_id)
        .where(sa.or_(sa.and_(follow_t.c.follower_id == me, follow_t.c.followee_id == target),
                      sa.and_(follow_t.c.follower_id == target, follow_t.c.followee_id == me)))
    ).scalars().all()
    return me in rows, target in rows
