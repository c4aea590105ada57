"""Candidates for many digests at once: recent posts read once, for a busy minute or a day.

A digest's candidates (storage.digest.candidates) cost one index seek per
person followed. When hundreds of digests cover the same hours (a time zone's
08:00, or every digest of a day built in bulk), reading those hours' original
posts once, with their likes and replies, and picking each reader's from
memory gives the same candidates for a lookup per followee. Who counts as
followed is read per reader exactly as the per-person query reads it: not
muted, not in a block with them. The window holds first posts of threads only,
and the rule (storage.visibility) shows a first post to its author's followers
whatever its level, so picking by followee is picking what the reader may see.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from storage.digest import (
    CANDIDATES,
    FOLLOWED,
    PER_AUTHOR,
    Candidate,
    affinity,
    candidates,
    counts,
    original,
    post_t,
    within,
)
from storage.post_ids import PostIds
from storage.relations import follow_t

_p = post_t.alias("p")
_POSTS = (sa.select(_p.c.id, _p.c.author_id, _p.c.created_at, *counts(_p))
          .where(*within(_p), *original(_p)).order_by(_p.c.id))
_FOLLOWEES = sa.select(follow_t.c.followee_id).where(*FOLLOWED)


class Window:
    """Original posts in (start, end], by author, oldest first; what `covers` says it can
    answer, `candidates` answers like storage.digest.candidates."""

    def __init__(self, session: Session, start: datetime, end: datetime,
                 ids: PostIds | None = None) -> None:
        self.start, self.end = start, end
        first, last = (ids or PostIds()).span(session, start, end)
        self._posts: dict[int, list[tuple]] = {}
        self._times: dict[int, list[datetime]] = {}
        params = {"first": first, "last": last, "since": start, "now": end}
        for row in session.execute(_POSTS, params):
            self._posts.setdefault(row[1], []).append(tuple(row))
            self._times.setdefault(row[1], []).append(row[2])

    def __len__(self) -> int:
        return sum(map(len, self._posts.values()))

    def covers(self, since: datetime, now: datetime) -> bool:
        return self.start <= since and now <= self.end

    def candidates(self, session: Session, me: int, since: datetime, now: datetime,
                   limit: int = CANDIDATES) -> list[Candidate]:
        picked: list[tuple] = []
        for author in session.execute(_FOLLOWEES, {"me": me}).scalars():
            times = self._times.get(author)
            if times:
                low, high = bisect_right(times, since), bisect_right(times, now)
                picked += self._posts[author][max(low, high - PER_AUTHOR):high]
        if not picked:
            return []
        picked.sort(reverse=True)
        engaged = affinity(session, me)
        return [Candidate._make((*post, *engaged.get(post[1], (0, 0)))) for post in picked[:limit]]


class Recent:
    """Where many digests get their candidates: an open `Window` that covers their span,
    else the per-person query. Keep one for a tick (or a bulk build), no longer."""

    FRESH = timedelta(minutes=1)  # a window older than this is not used for "now"

    def __init__(self) -> None:
        self.ids = PostIds()
        self.window: Window | None = None

    def open(self, session: Session, start: datetime, end: datetime) -> int:
        """Read (start, end] once for the digests to come; how many posts it holds."""
        self.window = Window(session, start, end, self.ids)
        return len(self.window)

    def fresh(self, now: datetime) -> bool:
        return self.window is not None and now - self.window.end < self.FRESH

    def as_of(self, now: datetime) -> datetime:
        """The moment a digest composed `now` should cover up to: the open window's end
        while it is fresh, so the window can answer it."""
        return min(now, self.window.end) if self.fresh(now) and self.window else now

    def candidates(self, session: Session, me: int, since: datetime, now: datetime
                   ) -> list[Candidate]:
        if self.window is not None and self.window.covers(since, now):
            return self.window.candidates(session, me, since, now)
        return candidates(session, me, since, now, self.ids.span(session, since, now))
