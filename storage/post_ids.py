"""Post ids around moments in time, so that reads by time can use the id indexes.

Ids grow with time: a post is numbered when it is written. A binary search
over ids therefore finds the first post after a moment in a few primary-key
lookups, with no index on times; the bounds it gives are widened a little
(SLACK) for posts committed out of order, and the exact times are checked by
the query that uses them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from storage.models import Post
from storage.tables import table

post_t = table(Post)
SLACK = timedelta(minutes=2)  # ids grow with time, give or take a commit
MINUTE = timedelta(minutes=1)


class PostIds:
    """Post ids around moments: a binary search over ids, which grow with time.

    A digest reads posts by id range, which is what the indexes serve, then
    checks their times. Remembered per minute, so a tick or a benchmark run
    searches once for all the people whose digests cover the same span; keep
    one for a tick, no longer.
    """

    def __init__(self) -> None:
        self._known: dict[datetime, int] = {}

    def _first_after(self, session: Session, moment: datetime) -> int:
        if moment not in self._known:
            self._known[moment] = _search(session, moment)
        return self._known[moment]

    def span(self, session: Session, since: datetime, now: datetime) -> tuple[int, int]:
        """An id at or below every post newer than `since`, and one above every post up
        to `now`: a little wide (SLACK), never narrow."""
        floor = since.replace(second=0, microsecond=0) - SLACK
        ceiling = now.replace(second=0, microsecond=0) + MINUTE + SLACK
        return self._first_after(session, floor), self._first_after(session, ceiling)


_AT_OR_ABOVE = (sa.select(post_t.c.id, post_t.c.created_at)
                .where(post_t.c.id >= sa.bindparam("id", type_=sa.Integer))
                .order_by(post_t.c.id).limit(1))


# Two statements: SQLite reads a lone min() or max() from the index, both at once by a scan.
_LOWEST, _HIGHEST = sa.select(sa.func.min(post_t.c.id)), sa.select(sa.func.max(post_t.c.id))


def _search(session: Session, moment: datetime) -> int:
    """The smallest id whose post is newer than `moment` (one past the last if none is)."""
    low = session.execute(_LOWEST).scalar()
    if low is None:
        return 1
    high = session.execute(_HIGHEST).scalar_one() + 1
    while low < high:
        middle = (low + high) // 2
        found = session.execute(_AT_OR_ABOVE, {"id": middle}).one()  # middle <= max id
        if found.created_at > moment:
            high = middle
        else:
            low = found.id + 1
    return low
