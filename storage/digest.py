"""What a digest reads: recent posts by the people you follow, and what surrounds them.

Every query is bounded whatever the network: a person following 2,000 people
who posted 50,000 times since yesterday costs one index seek per person
followed (their newest few posts), never a scan of everything they wrote.
Visibility holds as in the feed: posts come only from people you follow,
never from anyone muted or in a block with you, and are first posts of their
threads, so their followers-only posts are yours to read; the per-person read
applies the rule itself (storage.visibility) to the hundred it keeps.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session

from storage.models import Like, Person, Post, UTCDateTime
from storage.reading import POSTS, P, to_view
from storage.relations import blocked_ids, follow_t
from storage.suspension import SUSPENDED
from storage.tables import table
from storage.views import PostView
from storage.visibility import may_see, unmuted

post_t, person_t, like_t = table(Post), table(Person), table(Like)
_ME = sa.bindparam("me", type_=sa.Integer)
_SINCE = sa.bindparam("since", type_=UTCDateTime())
_FIRST = sa.bindparam("first", type_=sa.Integer)
_LAST = sa.bindparam("last", type_=sa.Integer)
_NOW = sa.bindparam("now", type_=UTCDateTime())
_N = sa.bindparam("n", type_=sa.Integer)
PER_AUTHOR = 3  # newest posts read per person followed: the most a digest shows of anyone
CANDIDATES = 100  # newest of those, ranked
HISTORY = 200  # recent likes and replies of yours that say whom you engage with


class Candidate(NamedTuple):
    """A post that could make the digest, with what ranks it (a tuple: there are many)."""

    id: int
    author_id: int
    created_at: datetime
    likes: int
    replies: int
    my_likes: int  # of the author's posts, by the reader, lately
    my_replies: int


def original(x: sa.FromClause) -> tuple[sa.ColumnElement[bool], ...]:
    """Neither a reply nor a repost. The "+ 0" makes both tests computed values, which no
    index serves: otherwise SQLite may walk the index on reposts over a whole day's ids
    for each followee, instead of that followee's own few posts."""
    return (x.c.reply_to_id + 0).is_(None), (x.c.repost_of_id + 0).is_(None)


def within(x: sa.FromClause) -> tuple[sa.ColumnElement[bool], ...]:
    """Ids in [first, last) (what the indexes serve) and times in (since, now] (exact)."""
    return (x.c.id >= _FIRST, x.c.id < _LAST, x.c.created_at > _SINCE,
            x.c.created_at <= _NOW)


def _newest(x: sa.FromClause) -> sa.Select:
    """A followee's newest original posts in the span."""
    return (sa.select(x.c.id)
            .where(x.c.author_id == follow_t.c.followee_id, *within(x), *original(x))
            .order_by(x.c.id.desc()).limit(PER_AUTHOR))


FOLLOWED = (follow_t.c.follower_id == _ME, unmuted(_ME, follow_t.c.followee_id),
            follow_t.c.followee_id.not_in(blocked_ids(_ME)),
            follow_t.c.followee_id.not_in(SUSPENDED))  # storage.suspension
_FOLLOWEES = sa.select(follow_t.c.followee_id).where(*FOLLOWED)


def followees(session: Session, me: int) -> list[int]:
    """Ids of the people whose posts `me`'s digest may show: followed, and neither muted by
    `me` nor in a block with them (FOLLOWED)."""
    return list(session.execute(_FOLLOWEES, {"me": me}).scalars().all())


# The same bounded read per engine: SQLite runs a correlated IN ... LIMIT as one index
# seek per followee; PostgreSQL needs LATERAL for that plan.
_x, _q = post_t.alias("x"), post_t.alias("q")
_lateral = _newest(_x).lateral("n")
_RECENT = {
    "sqlite": sa.select(_q.c.id).select_from(follow_t).join(_q, _q.c.id.in_(_newest(_x)))
    .where(*FOLLOWED).order_by(_q.c.id.desc()).limit(_N),
    "postgresql": sa.select(_lateral.c.id).select_from(follow_t).join(_lateral, sa.true())
    .where(*FOLLOWED).order_by(_lateral.c.id.desc()).limit(_N),
}


def affinity_of(me: sa.ColumnElement[int]) -> sa.Select:
    """Rows (author, liked, replied): whom `me` (a bound parameter, or a column of an
    enclosing statement: storage.digest_chunk reads a chunk's readers with it) engaged with,
    among their last HISTORY likes and last HISTORY replies. Only `me` is correlated."""
    parent = post_t.alias("parent")
    liked = (sa.select(like_t.c.post_id).where(like_t.c.person_id == me)
             .order_by(like_t.c.post_id.desc()).limit(HISTORY)
             .correlate_except(like_t).subquery())
    answered = (sa.select(post_t.c.reply_to_id)
                .where(post_t.c.author_id == me, post_t.c.reply_to_id.is_not(None))
                .order_by(post_t.c.id.desc()).limit(HISTORY)
                .correlate_except(post_t).subquery())
    engaged = sa.union_all(
        sa.select(post_t.c.author_id, sa.literal(1).label("liked"),
                  sa.literal(0).label("replied"))
        .join(liked, liked.c.post_id == post_t.c.id),
        sa.select(parent.c.author_id, sa.literal(0), sa.literal(1))
        .join(answered, answered.c.reply_to_id == parent.c.id),
    ).subquery()
    return (sa.select(engaged.c.author_id.label("author"),
                      sa.func.sum(engaged.c.liked).label("liked"),
                      sa.func.sum(engaged.c.replied).label("replied"))
            .group_by(engaged.c.author_id))


_AFFINITY = affinity_of(_ME)


_counted = post_t.alias("c")
_reply = post_t.alias("r")
_engaged = _AFFINITY.subquery("engaged")


def counts(x: sa.FromClause) -> tuple[sa.ScalarSelect, sa.ScalarSelect]:
    """The likes and the replies of each post of `x`."""
    likes = sa.select(sa.func.count()).where(like_t.c.post_id == x.c.id).scalar_subquery()
    replies = sa.select(sa.func.count()).where(_reply.c.reply_to_id == x.c.id).scalar_subquery()
    return likes, replies


def _candidates(recent: sa.Select) -> sa.Select:
    """Each recent post with its likes and replies, and the reader's with its author."""
    mine = (sa.func.coalesce(_engaged.c.liked, 0), sa.func.coalesce(_engaged.c.replied, 0))
    return (sa.select(_counted.c.id, _counted.c.author_id, _counted.c.created_at,
                      *counts(_counted), *mine)
            .select_from(_counted.outerjoin(_engaged, _engaged.c.author == _counted.c.author_id))
            .where(_counted.c.id.in_(recent), may_see(_ME, _counted))
            .order_by(_counted.c.id.desc()))


_CANDIDATES = {dialect: _candidates(recent) for dialect, recent in _RECENT.items()}


def candidates(session: Session, me: int, since: datetime, now: datetime,
               span: tuple[int, int], limit: int = CANDIDATES) -> list[Candidate]:
    """The newest posts in (since, now] by people `me` follows, a few per person;
    `span` is `storage.post_ids.PostIds.span` of the same moments."""
    query = _CANDIDATES[session.get_bind().dialect.name]
    params = {"me": me, "since": since, "now": now, "first": span[0], "last": span[1],
              "n": limit}
    return list(map(Candidate._make, session.execute(query, params)))


_POSTS = POSTS.where(P.c.id.in_(sa.bindparam("ids", expanding=True)))


def posts(session: Session, ids: list[int]) -> dict[int, PostView]:
    """The posts numbered `ids` as people see them (the feed's own shape)."""
    return {view.id: view for view in map(to_view, session.execute(_POSTS, {"ids": ids}))}


def affinity(session: Session, me: int) -> dict[int, tuple[int, int]]:
    """Whom `me` engages with: author id -> (likes, replies) among their recent ones."""
    return {author: (int(liked), int(replied))
            for author, liked, replied in session.execute(_AFFINITY, {"me": me})}


# Newest first, and follows stamped with the same time (the generated networks stamp whole
# seconds) by follower id: every read, per person or per chunk (storage.digest_chunk), names
# the same five.
NEWEST_FOLLOWS = (follow_t.c.created_at.desc(), follow_t.c.follower_id.desc())
_NEW_FOLLOWERS = (
    sa.select(person_t.c.handle, sa.func.count().over())
    .join(follow_t, follow_t.c.follower_id == person_t.c.id)
    .where(follow_t.c.followee_id == _ME, follow_t.c.created_at > _SINCE,
           follow_t.c.created_at <= _NOW,
           person_t.c.suspended_at.is_(None))  # storage.suspension
    .order_by(*NEWEST_FOLLOWS).limit(_N)
)


def new_followers(session: Session, me: int, since: datetime, now: datetime, limit: int
                  ) -> tuple[list[str], int]:
    """Handles of up to `limit` people who followed `me` in (since, now], newest first; and
    how many did."""
    rows = session.execute(_NEW_FOLLOWERS, {"me": me, "since": since, "now": now,
                                            "n": limit}).all()
    return [handle for handle, _ in rows], (rows[0][1] if rows else 0)
