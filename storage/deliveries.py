"""Whose digest is due, which worker sends it, and the record that it went out once.

A tick goes:

    adopt    people with no due time yet get one (rows loaded in bulk, say)
    claim    a batch of due people, in one conditional UPDATE ... RETURNING that
             any number of workers may run at once: a row is taken only while
             its claim is free or expired (PostgreSQL skips rows another worker
             has locked, FOR UPDATE SKIP LOCKED; SQLite's write lock serialises).
             Each claimed person's key (person, local date) is written 'pending'
             with this worker's token and a lease, or taken over from a worker
             whose lease ran out. A key already done only moves the schedule on.
    renew    right before each send: the key is still this worker's (its lease has
             not run out), and now held a full lease; otherwise nothing is sent.
    finish   the key marked sent / empty / unreachable / failed and the next due
             time set, in one transaction, only by the key's owner.

A worker that dies between claim and finish leaves a pending key and a claim,
both expiring after the lease: the next tick takes them over and sends. The
only moment a digest can go twice is a crash after the platform took it and
before `finish` committed, one UPDATE later.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from storage.accounts import ROUTE_CHAT
from storage.models import DeliveryStatus, DigestDelivery, Identity, Person, UTCDateTime
from storage.schedule import DAY, latest_due, next_due, zone
from storage.tables import table

person_t, identity_t, delivery_t = table(Person), table(Identity), table(DigestDelivery)
TICK = timedelta(minutes=1)
KEEP = timedelta(days=7)  # keys older than this can never be due again
# How a day's digest can end; a key in one of these is never sent again.
DONE = frozenset({DeliveryStatus.sent, DeliveryStatus.empty, DeliveryStatus.unreachable,
                  DeliveryStatus.failed})


@dataclass(frozen=True, slots=True)
class Claim:
    """A due person this worker now owns the digest of, for `day` (their local date)."""

    person_id: int
    day: date
    token: str
    attempts: int


@dataclass(frozen=True, slots=True)
class Route:
    """One of a person's identities (`external_id` on `platform`) and the chat to write to
    there (`chat_id`): two ids, equal on some platforms, never assumed to be."""

    platform: str
    external_id: str
    chat_id: str


def adopt(session: Session, now: datetime) -> int:
    """Give a due time to everyone who has digests on but none yet; how many got one.

    That is whoever signed up or changed their digest settings since the last
    tick, and rows loaded in bulk. The due time is the first one after the
    previous tick (a minute ago), so a time set for this very minute still
    counts. One UPDATE per (zone, time) pair: a bulk-loaded network is adopted in
    a few dozen statements, not one per person.
    """
    unscheduled = sa.and_(person_t.c.digest_due_at.is_(None), person_t.c.digest_enabled)
    pairs = session.execute(
        sa.select(person_t.c.timezone, person_t.c.digest_time).where(unscheduled).distinct()
    ).all()
    adopted = 0
    for name, at in pairs:
        query = (person_t.update()
                 .where(unscheduled, person_t.c.timezone == name, person_t.c.digest_time == at)
                 .values(digest_due_at=next_due(at, zone(name), now - TICK)))
        adopted += session.exec(query).rowcount
    return adopted


def _reachable(on_given_platforms: bool) -> sa.Exists:
    """Has an identity not known to be unreachable (on the `platforms` parameter's, if asked)."""
    where = [identity_t.c.person_id == person_t.c.id, identity_t.c.unreachable.is_(False)]
    if on_given_platforms:
        where.append(identity_t.c.platform.in_(sa.bindparam("platforms", expanding=True)))
    return sa.exists().where(*where)


_NOW = sa.bindparam("now", type_=UTCDateTime())
_FREE = (
    person_t.c.digest_enabled,
    person_t.c.digest_due_at <= _NOW,
    sa.or_(person_t.c.digest_claimed_until.is_(None), person_t.c.digest_claimed_until < _NOW),
)
_CLAIM = (
    person_t.update()
    .where(
        person_t.c.id.in_(
            sa.select(person_t.c.id)
            # Someone this worker can reach, or someone nobody can (marked unreachable).
            .where(*_FREE, sa.or_(_reachable(True), ~_reachable(False)))
            .order_by(person_t.c.digest_due_at)
            .limit(sa.bindparam("size", type_=sa.Integer))
            .with_for_update(skip_locked=True)  # PostgreSQL only; SQLite renders nothing
        ),
        *_FREE,  # checked again on the row itself: of two concurrent claims, one wins
    )
    .values(digest_claimed_until=sa.bindparam("until", type_=_NOW.type))
    .returning(person_t.c.id, person_t.c.timezone, person_t.c.digest_time)
)


def _insert(session: Session) -> sqlite.Insert | postgresql.Insert:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(delivery_t)


def claim(
    session: Session, now: datetime, token: str, lease: timedelta, size: int,
    platforms: Iterable[str],
) -> list[Claim]:
    """Claim up to `size` due people and the key of each; the claims this worker owns."""
    rows = session.execute(_CLAIM, {"now": now, "until": now + lease, "size": size,
                                    "platforms": list(platforms)}).all()
    if not rows:
        return []
    days = {pid: latest_due(at, zone(name), now)[0] for pid, name, at in rows}
    insert = _insert(session)
    taken = delivery_t.c.lease_until < insert.excluded.updated_at
    session.execute(
        insert.values([{"person_id": pid, "local_date": day,
                        "status": DeliveryStatus.pending,
                        "token": token, "lease_until": now + lease, "attempts": 1,
                        "updated_at": now} for pid, day in days.items()])
        .on_conflict_do_update(
            index_elements=["person_id", "local_date"],
            set_={"token": insert.excluded.token, "lease_until": insert.excluded.lease_until,
                  "attempts": delivery_t.c.attempts + 1,
                  "updated_at": insert.excluded.updated_at},
            where=sa.and_(delivery_t.c.status == DeliveryStatus.pending, taken),
        )
    )
    keys = session.execute(
        sa.select(delivery_t.c.person_id, delivery_t.c.local_date, delivery_t.c.status,
                  delivery_t.c.token, delivery_t.c.attempts)
        .where(delivery_t.c.person_id.in_(list(days)),
               delivery_t.c.local_date.in_(sorted(set(days.values()))))
    ).all()
    mine = []
    for pid, day, status, owner, attempts in keys:
        if days[pid] != day:
            continue
        if status in DONE:  # served already (by a worker that died before moving on)
            _advance(session, pid, day, now)
        elif owner == token:
            mine.append(Claim(pid, day, token, attempts))
    return mine


def _advance(session: Session, person_id: int, day: date, now: datetime,
             **values: object) -> None:
    """Due again on the first local date after `day`, from the settings as they are now."""
    settings = (sa.select(person_t.c.timezone, person_t.c.digest_time, person_t.c.digest_enabled)
                .where(person_t.c.id == person_id).with_for_update())
    name, at, enabled = session.execute(settings).one()
    due = next_due(at, zone(name), now, from_date=day + DAY) if enabled else None
    session.execute(person_t.update().where(person_t.c.id == person_id)
                    .values(digest_due_at=due, digest_claimed_until=None, **values))
    session.execute(delivery_t.delete().where(delivery_t.c.person_id == person_id,
                                              delivery_t.c.local_date < day - KEEP))


def _owned(claim: Claim) -> tuple[sa.ColumnElement[bool], ...]:
    """The claim's key, still pending and still this worker's."""
    return (delivery_t.c.person_id == claim.person_id, delivery_t.c.local_date == claim.day,
            delivery_t.c.token == claim.token,
            delivery_t.c.status == DeliveryStatus.pending)


def finish(session: Session, claim: Claim, status: DeliveryStatus, now: datetime,
           platform: str | None = None, composed_at: datetime | None = None) -> bool:
    """Record how the day's digest ended and schedule the next; False if the key was lost.

    `status` is one of DONE (a ValueError otherwise: a key is only ever pending
    until it ends). `composed_at` (what the digest covered up to) is given when it
    was read: sent or empty. An unreachable or failed day leaves it, so the next
    digest catches up.
    """
    if status not in DONE:
        raise ValueError(f"a digest cannot end as '{status}'")
    marked = session.exec(
        delivery_t.update().where(*_owned(claim))
        .values(status=status, platform=platform, updated_at=now)
    ).rowcount
    if not marked:
        return False
    values = {"last_digest_at": composed_at} if composed_at else {}
    _advance(session, claim.person_id, claim.day, now, **values)
    return True


def renew(session: Session, claim: Claim, now: datetime, lease: timedelta) -> bool:
    """Right before a send: True when the key is still this worker's, now held a full
    lease from `now`. False when its lease ran out and another worker may have taken it:
    then this one must not send."""
    return session.exec(
        delivery_t.update().where(*_owned(claim), delivery_t.c.lease_until > now)
        .values(lease_until=now + lease, updated_at=now)
    ).rowcount == 1


def retry_later(session: Session, claim: Claim, now: datetime, at: datetime) -> None:
    """Give the key back after a failed send; the person is claimable again from `at`."""
    session.execute(delivery_t.update().where(*_owned(claim))
                    .values(lease_until=now, updated_at=now))
    session.execute(person_t.update().where(person_t.c.id == claim.person_id)
                    .values(digest_claimed_until=at))


# The chat each identity is written to unprompted: the one rule (storage.accounts), shared
# with marking a chat unreachable. An identity with no such chat yet has no route.
# The platform the person chose first ("send my digest on discord"), then the one used last.
_ROUTES = (
    sa.select(identity_t.c.platform, identity_t.c.external_id, ROUTE_CHAT)
    .join(person_t, person_t.c.id == identity_t.c.person_id)
    .where(identity_t.c.person_id == sa.bindparam("person"),
           identity_t.c.unreachable.is_(False), ROUTE_CHAT.is_not(None),
           identity_t.c.platform.in_(sa.bindparam("platforms", expanding=True)))
    .order_by(sa.case((identity_t.c.platform == person_t.c.digest_platform, 0), else_=1),
              identity_t.c.last_seen_at.desc(), identity_t.c.id.desc())
)


def routes(session: Session, person_id: int, platforms: Iterable[str]) -> list[Route]:
    """Where `person_id` can be written to, among their identities on `platforms` that are
    not known to be unreachable: the platform they chose for digests first
    (`Person.digest_platform`), then the one they used last first. The dispatcher tries
    them in this order and stops at the first that takes the digest."""
    found = session.execute(_ROUTES, {"person": person_id, "platforms": list(platforms)})
    return [Route(*row) for row in found]
