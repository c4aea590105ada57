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

A chunk of digests (bot.digest.compose.gather_many) reads together what its
readers' digests need (`Recent.read_ahead`, storage.digest_chunk: followees,
affinities, mentions, new followers), and picks each one's candidates from the
window with no statement at all (`Ahead`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from storage import digest_chunk
from storage.digest import (
    CANDIDATES,
    PER_AUTHOR,
    Candidate,
    affinity,
    candidates,
    counts,
    followees,
    original,
    post_t,
    within,
)
from storage.digest_chunk import Span
from storage.post_ids import PostIds

_p = post_t.alias("p")
_POSTS = (sa.select(_p.c.id, _p.c.author_id, _p.c.created_at, *counts(_p))
          .where(*within(_p), *original(_p)).order_by(_p.c.id))
Engaged = dict[int, tuple[int, int]]  # author id -> the reader's (likes, replies), as affinity


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
        picked = self._pick(followees(session, me), since, now, limit)
        return _ranked(picked, affinity(session, me)) if picked else []

    def pick(self, authors: Iterable[int], engaged: Engaged, since: datetime,
             now: datetime, limit: int = CANDIDATES) -> list[Candidate]:
        """`candidates` for a reader whose followees (`authors`, storage.digest.followees)
        and affinity (`engaged`, storage.digest.affinity) were read already: no statement."""
        return _ranked(self._pick(authors, since, now, limit), engaged)

    def _pick(self, authors: Iterable[int], since: datetime, now: datetime, limit: int
              ) -> list[tuple]:
        """The newest `limit` of the newest PER_AUTHOR posts in (since, now] of each of
        `authors`, newest first, as rows of _POSTS."""
        picked: list[tuple] = []
        times, posts = self._times, self._posts
        for author in authors:
            when = times.get(author)
            if when:
                low, high = bisect_right(when, since), bisect_right(when, now)
                if low < high:
                    picked += posts[author][max(low, high - PER_AUTHOR):high]
        picked.sort(reverse=True)
        return picked[:limit]


def _ranked(picked: list[tuple], engaged: Engaged) -> list[Candidate]:
    """Rows of _POSTS as Candidates, with what the reader gave each author lately."""
    make, given, nothing = Candidate._make, engaged.get, (0, 0)  # a hundred a digest
    return [make(post + given(post[1], nothing)) for post in picked]


class Ahead:
    """What the digests of a chunk read together (`Recent.read_ahead`): each reader's
    mentions and new followers, and what their candidates need. Candidates come from
    the window where it covers a digest, else from the per-person query."""

    def __init__(self, recent: Recent, followed: dict[int, list[int]],
                 affinities: dict[int, Engaged], mentions: list[list[int]],
                 followers: list[tuple[list[str], int]]) -> None:
        self.recent = recent
        self._followed, self._affinities = followed, affinities
        self.mentions = mentions  # for each span, in order: storage.digest_chunk.mention_ids
        self.followers = followers  # for each span, in order: storage.digest_chunk.new_followers

    def affinity(self, me: int) -> Engaged:
        """storage.digest.affinity of `me`, one of the chunk's readers."""
        return self._affinities.get(me, {})

    def candidates(self, session: Session, me: int, since: datetime, now: datetime
                   ) -> list[Candidate]:
        """`Recent.candidates` for `me`, one of the chunk's readers."""
        window = self.recent.window
        if window is not None and window.covers(since, now):
            return window.pick(self._followed.get(me, ()), self.affinity(me), since, now)
        return self.recent.candidates(session, me, since, now)


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

    def read_ahead(self, session: Session, spans: Sequence[Span], mentions: int,
                   followers: int) -> Ahead:
        """What the digests of `spans` (reader, since, until) read, for all of them at once
        (storage.digest_chunk): up to `mentions` mentions and `followers` new followers
        each, affinities, and followees when the window covers any of them."""
        if not spans:
            return Ahead(self, {}, {}, [], [])
        readers = list(dict.fromkeys(me for me, _, _ in spans))
        start, end = min(since for _, since, _ in spans), max(until for _, _, until in spans)
        window = self.window
        if window is not None and window.covers(start, end):
            start, end = window.start, window.end  # whose post ids are known already
        covered = window is not None and any(window.covers(since, until)
                                             for _, since, until in spans)
        return Ahead(self,
                     digest_chunk.followees(session, readers) if covered else {},
                     digest_chunk.affinities(session, readers),
                     digest_chunk.mention_ids(session, spans, mentions,
                                              self.ids.span(session, start, end)),
                     digest_chunk.new_followers(session, spans, followers))
