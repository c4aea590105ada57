"""Suspended accounts: what the operator does to an account after a report (`plaza reports`).

A suspended account (Person.suspended_at) keeps its data and can read, but, as on X:

- it can't post, reply, repost, like or follow (`ensure_active`, called by those rules);
- its posts are hidden from everyone but itself (storage.visibility.may_see), and so
  from feeds, search, trending, mentions, digests and summaries;
- it is left out of people search, suggestions and digests' new followers (`SUSPENDED`,
  storage.search, storage.suggestions, storage.digest, storage.digest_chunk), and its
  profile says it is suspended
  (storage.accounts.profile) rather than showing anything;
- it can still take back what it did (unlike, unfollow, delete a post), block and mute,
  export its data and delete its account: the operator's decision must not trap anyone's
  data (GDPR articles 17 and 20 hold for suspended accounts too).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from storage.errors import NotAllowed, Reason
from storage.models import Person, utcnow
from storage.tables import row_id, table

person_t = table(Person)
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
