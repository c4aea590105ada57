"""Suspended accounts: what the operator does to an account after a report (`plaza reports`).

A suspended account (Person.suspended_at) keeps its data and can read, but, as on X:

- it can't post, reply, repost, like or follow (`ensure_active`, called by those rules);
- its posts are hidden from everyone but itself (storage.visibility.may_see), and so
  from feeds, search, trending, mentions, digests and summaries;
- it is left out of people search, suggestions and digests' new followers (`SUSPENDED`,
  storage.search, storage.suggestions, storage.digest, storage.digest_chunk), and its
  profile says it is suspended
  (storage.accounts.profile) rather than showing anything;
- its likes and reposts are neither counted nor named on others' posts (storage.threads);
- it can still take back what it did (unlike, unfollow, delete a post), block and mute,
  export its data and delete its account: the operator's decision must not trap anyone's
  data (GDPR articles 17 and 20 hold for suspended accounts too);
- deleting it is no way out: its platform accounts are kept (`bar_identities`, called by
  storage.accounts.delete_account) and may not register or link again
  (`ensure_identity_free`); nor is unlinking one of them while suspended (storage.linking).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from storage.errors import NotAllowed, Reason
from storage.models import Identity, Person, SuspendedIdentity, utcnow
from storage.tables import row_id, table

person_t, identity_t, barred_t = table(Person), table(Identity), table(SuspendedIdentity)
_suspended = person_t.alias("suspended")
# Uncorrelated, so each engine computes it once per statement (a hashed subplan on
# PostgreSQL, a materialised list on SQLite), from the index on suspended_at: there are few.
SUSPENDED = sa.select(_suspended.c.id).where(_suspended.c.suspended_at.is_not(None))


def ensure_active(actor: Person) -> None:
    """Refuse what a suspended account may not do: NotAllowed(Reason.suspended)."""
    if actor.suspended_at is not None:
        raise NotAllowed(Reason.suspended)


def suspend(session: Session, person: Person, now: datetime | None = None) -> bool:
    """Suspend `person` from `now` (UTC); False when they were suspended already (the first
    suspension's time stands). One conditional UPDATE: two operators at once suspend once."""
    done = session.execute(sa.update(person_t)
                           .where(person_t.c.id == row_id(person),
                                  person_t.c.suspended_at.is_(None))
                           .values(suspended_at=now or utcnow())
                           .returning(person_t.c.id)).first()
    session.refresh(person, ["suspended_at"])
    return done is not None


def unsuspend(session: Session, person: Person) -> None:
    """Lift `person`'s suspension. Raises NotAllowed(Reason.not_suspended) when there is
    none to lift."""
    done = session.execute(sa.update(person_t)
                           .where(person_t.c.id == row_id(person),
                                  person_t.c.suspended_at.is_not(None))
                           .values(suspended_at=None)
                           .returning(person_t.c.id)).first()
    session.refresh(person, ["suspended_at"])
    if done is None:
        raise NotAllowed(Reason.not_suspended, handle=person.handle)


_THEIRS = (sa.select(identity_t.c.platform, identity_t.c.external_id, person_t.c.suspended_at,
                     sa.bindparam("now", type_=barred_t.c.deleted_at.type))
           .join(person_t, person_t.c.id == identity_t.c.person_id)
           .where(person_t.c.id == sa.bindparam("me", type_=sa.Integer),
                  person_t.c.suspended_at.is_not(None)))


def bar_identities(session: Session, person_id: int, now: datetime | None = None) -> int:
    """Keep the platform accounts of the person numbered `person_id`, if suspended, as
    suspended for good: called as their account is deleted (`now`, UTC), before the
    identities go with it. How many were kept; 0 for an account that is not suspended."""
    params = {"me": person_id, "now": now or utcnow()}
    found = session.execute(_THEIRS, params).all()
    if not found:
        return 0
    # One a merge or an earlier deletion left (never, while register refuses them): replaced.
    session.execute(barred_t.delete().where(sa.tuple_(barred_t.c.platform, barred_t.c.external_id)
                                            .in_([(p, x) for p, x, *_ in found])))
    session.execute(barred_t.insert().from_select(
        ["platform", "external_id", "suspended_at", "deleted_at"], _THEIRS), params)
    return len(found)


def ensure_identity_free(session: Session, platform: str, external_id: str) -> None:
    """Refuse a platform account whose Plaza account was deleted while suspended, joining
    again (register, link): NotAllowed(Reason.identity_suspended, platform=...)."""
    barred = session.execute(sa.select(barred_t.c.platform).where(
        barred_t.c.platform == str(platform), barred_t.c.external_id == str(external_id))
    ).first()
    if barred is not None:
        raise NotAllowed(Reason.identity_suspended, platform=str(platform))


def unbar(session: Session, platform: str, external_id: str) -> bool:
    """Let the platform account (`platform` as Platform's values, the platform's own id
    `external_id`) kept by `bar_identities` register or link again: the operator's way
    back for someone whose suspension was a mistake. False when it was not barred."""
    done = session.execute(sa.delete(barred_t)
                           .where(barred_t.c.platform == platform,
                                  barred_t.c.external_id == external_id)
                           .returning(barred_t.c.platform)).first()
    return done is not None

