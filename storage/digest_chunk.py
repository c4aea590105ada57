"""Reads for a chunk of digests at once: a statement for hundreds of readers, not one each.

A busy tick (bot.digest.dispatch) or a bulk build (bench.digest) composes the
digests of hundreds of people in a row, and read person by person each costs
about five statements. On PostgreSQL a statement is a round trip to another
process, and the round trips cost more than the reads (4.5 ms a digest, 3 of
them in SQL, measured warm). Each read here takes the whole chunk and answers,
for each reader, what its per-person counterpart answers:

    read here             per person                            PostgreSQL    SQLite
    followees             storage.digest.followees (FOLLOWED)   1 statement   per person
    affinities            storage.digest.affinity               1 statement   1 statement
    mention_ids           storage.reading.mentions (ids)        1 statement   1 statement
    new_followers         storage.digest.new_followers          1 statement   1 statement
    posts                 storage.digest.posts                  1 per 1,000   1 per 1,000
    digest_seeds.seeded   storage.suggestions.seeded            1 statement   per person

PostgreSQL runs the per-person query once per reader inside one statement (a
LATERAL join on the readers): the plan it runs for one person, each reader's
follows, mutes and blocks hashed once. SQLite has no LATERAL and runs in the
process, where a statement costs some 30 µs; a flat statement standing in for
LATERAL checks every row against its reader's follows, mutes and blocks by an
index probe, where the per-person plan builds those lists once, and measured 2
to 3 times slower, so SQLite reads followees and suggestions person by person.
Its affinities need no such lists: one flat statement bounds each reader's
likes and replies by id (`_sqlite_affinities`). A reader's mentions and new
followers are a few rows: one flat statement on both engines.

Readers and spans travel as one parameter each (PostgreSQL: arrays, unnested;
SQLite: a JSON array, json_each), so each statement is built and compiled once:
sent as a VALUES list of 500 rows, a statement took some 60 ms to build and
compile, and 2 to 4 ms to run.

In the LATERAL reads a reader's id is correlated explicitly (SQLAlchemy
correlates on its own only one level down), which is why the follow, mute and
block lists are written out here (`followed_by`, `apart`) rather than taken from
storage.relations; tests/storage/test_digest_chunk.py holds every read here to
its per-person counterpart. The visibility rule (storage.visibility) is applied
as it stands, with the reader's id taken from the row.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Session

from storage import digest
from storage.digest import HISTORY, NEWEST_FOLLOWS, affinity_of, follow_t, like_t, person_t, post_t
from storage.models import Mention, UTCDateTime
from storage.reading import ORIG, POSTS, P, to_view, visible_to
from storage.relations import block_t, mute_t
from storage.suspension import SUSPENDED
from storage.tables import table
from storage.views import PostView
from storage.visibility import unmuted

Span = tuple[int, datetime, datetime]  # a reader's person id, and the (since, until] read
mention_t = table(Mention)
N = sa.bindparam("n", type_=sa.Integer)  # how many a reader


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _span_table(dialect: str) -> sa.Subquery:
    """The `spans` parameter as a table span(n, me, since, until), `n` counting from 0."""
    if dialect == "postgresql":
        arrays = (sa.bindparam(name, type_=ARRAY(type_))
                  for name, type_ in (("me", sa.Integer), ("since", UTCDateTime()),
                                      ("until", UTCDateTime())))
        listed = (sa.func.unnest(*arrays)
                  .table_valued(sa.column("me", sa.Integer), sa.column("since", UTCDateTime()),
                                sa.column("until", UTCDateTime()), with_ordinality="n")
                  .render_derived())
        return sa.select((listed.c.n - 1).label("n"), listed.c.me, listed.c.since,
                         listed.c.until).subquery("span")
    each = sa.func.json_each(sa.bindparam("spans", type_=sa.String)).table_valued("key", "value")

    def item(place: int, type_: Any) -> sa.ColumnElement:
        return sa.type_coerce(sa.func.json_extract(each.c.value, f"$[{place}]"), type_)

    return sa.select(each.c.key.label("n"), item(0, sa.Integer).label("me"),
                     item(1, UTCDateTime()).label("since"),
                     item(2, UTCDateTime()).label("until")).subquery("span")


def _span_params(session: Session, spans: Sequence[Span]) -> dict[str, object]:
    """`spans` as _span_table's parameters, for the session's engine."""
    dialect = session.get_bind().dialect
    if dialect.name == "postgresql":
        return {"me": [me for me, _, _ in spans], "since": [since for _, since, _ in spans],
                "until": [until for _, _, until in spans]}
    # Times as SQLite stores them (text that sorts as time): compared as a bound time is.
    stored = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert stored is not None  # SQLite has no time type: times are text it formats
    return {"spans": json.dumps([[me, stored(since), stored(until)]
                                 for me, since, until in spans])}


# PostgreSQL only: the readers, an array, as a table reader(me).
_reader = (sa.func.unnest(sa.bindparam("readers", type_=ARRAY(sa.Integer)))
           .table_valued(sa.column("me", sa.Integer)).render_derived().alias("reader"))


# Who `me` (a reader's column) follows, mutes, and is in a block with: storage.relations'
# lists, correlated explicitly to the reader.
def followed_by(me: sa.ColumnElement[int]) -> sa.Select:
    """Whom `me` follows (storage.relations.followee_ids)."""
    return (sa.select(follow_t.c.followee_id).where(follow_t.c.follower_id == me)
            .correlate_except(follow_t))


def _muted_by(me: sa.ColumnElement[int]) -> sa.Select:
    return sa.select(mute_t.c.muted_id).where(mute_t.c.muter_id == me).correlate_except(mute_t)


def _blocked_with(me: sa.ColumnElement[int]) -> sa.CompoundSelect:
    return sa.union_all(
        sa.select(block_t.c.blocked_id).where(block_t.c.blocker_id == me)
        .correlate_except(block_t),
        sa.select(block_t.c.blocker_id).where(block_t.c.blocked_id == me)
        .correlate_except(block_t),
    )


def apart(me: sa.ColumnElement[int], other: sa.ColumnElement[int]
          ) -> tuple[sa.ColumnElement[bool], ...]:
    """`other` is neither muted by `me` nor in a block with them (storage.relations'
    muted_ids and blocked_ids), nor suspended (storage.suspension)."""
    return other.not_in(_muted_by(me)), other.not_in(_blocked_with(me)), other.not_in(SUSPENDED)


# One array a reader: a Row per follow would cost more than the statement. The aggregate
# also keeps the LATERAL a subquery of its own, which PostgreSQL would otherwise merge
# into a plain join, checking mutes and blocks row by row instead of hashing them.
_followed = (sa.select(sa.func.array_agg(follow_t.c.followee_id).label("ids"))
             .where(follow_t.c.follower_id == _reader.c.me,
                    *apart(_reader.c.me, follow_t.c.followee_id))
             .lateral("followed"))
_FOLLOWEES = sa.select(_reader.c.me, _followed.c.ids).join_from(_reader, _followed, sa.true())


def followees(session: Session, readers: Sequence[int]) -> dict[int, list[int]]:
    """For each of `readers` (person ids) who follows anyone: the ids of the people their
    digest may show (storage.digest.followees), in no particular order."""
    if not _postgres(session):
        return {me: ids for me in readers if (ids := digest.followees(session, me))}
    rows = session.execute(_FOLLOWEES, {"readers": list(readers)})
    return {me: ids for me, ids in rows if ids}


def _sqlite_affinities() -> sa.Select:
    """storage.digest.affinity for each reader of a JSON list, without LATERAL: a reader's
    last HISTORY likes (replies) are those at or above the id of the HISTORY-th newest, one
    index seek away, and the index reads that range."""
    listed = sa.func.json_each(sa.bindparam("readers", type_=sa.String)).table_valued("value")
    reader = sa.select(listed.c.value.label("me")).subquery("reader")
    me, x, parent, mine = reader.c.me, like_t.alias("x"), post_t.alias("parent"), post_t.alias("a")

    def from_newest(column: sa.ColumnElement[int], *where: sa.ColumnElement[bool]
                    ) -> sa.ColumnElement[int]:
        nth = (sa.select(column).where(*where).order_by(column.desc()).limit(1)
               .offset(HISTORY - 1).correlate(reader).scalar_subquery())
        return sa.func.coalesce(nth, 0)

    engaged = sa.union_all(
        sa.select(me, post_t.c.author_id.label("author"), sa.literal(1).label("liked"),
                  sa.literal(0).label("replied"))
        .join_from(reader, like_t, sa.and_(
            like_t.c.person_id == me,
            like_t.c.post_id >= from_newest(x.c.post_id, x.c.person_id == me)))
        .join(post_t, post_t.c.id == like_t.c.post_id),
        sa.select(me, parent.c.author_id, sa.literal(0), sa.literal(1))
        .join_from(reader, mine, sa.and_(
            mine.c.author_id == me, mine.c.reply_to_id.is_not(None),
            mine.c.id >= from_newest(post_t.c.id, post_t.c.author_id == me,
                                     post_t.c.reply_to_id.is_not(None))))
        .join(parent, parent.c.id == mine.c.reply_to_id),
    ).subquery()
    return (sa.select(engaged.c.me, engaged.c.author, sa.func.sum(engaged.c.liked),
                      sa.func.sum(engaged.c.replied))
            .group_by(engaged.c.me, engaged.c.author))


_engaged = affinity_of(_reader.c.me).lateral("engaged")
_AFFINITIES = {
    "postgresql": sa.select(_reader.c.me, _engaged.c.author, _engaged.c.liked,
                            _engaged.c.replied).join_from(_reader, _engaged, sa.true()),
    "sqlite": _sqlite_affinities(),
}


def affinities(session: Session, readers: Sequence[int]) -> dict[int, dict[int, tuple[int, int]]]:
    """For each of `readers` (person ids) who engaged with anyone lately: author id ->
    (likes, replies), as storage.digest.affinity."""
    found: dict[int, dict[int, tuple[int, int]]] = {}
    if not readers:
        return found
    dialect = session.get_bind().dialect.name
    listed = list(readers) if dialect == "postgresql" else json.dumps(list(readers))
    for me, author, liked, replied in session.execute(_AFFINITIES[dialect], {"readers": listed}):
        found.setdefault(me, {})[author] = (int(liked), int(replied))
    return found


def _mentions(span: sa.Subquery) -> sa.Select:
    newest = sa.func.row_number().over(partition_by=span.c.n, order_by=P.c.id.desc())
    mentions = (
        sa.select(span.c.n, P.c.id, newest.label("newest"))
        .select_from(span)
        # Bounded by id, which the mention key serves: else PostgreSQL, expecting
        # thousands of mentions, hashes the whole post table to join them.
        .join(mention_t, sa.and_(mention_t.c.person_id == span.c.me,
                                 mention_t.c.post_id >= sa.bindparam("first", type_=sa.Integer),
                                 mention_t.c.post_id < sa.bindparam("last", type_=sa.Integer)))
        .join(P, P.c.id == mention_t.c.post_id)
        .outerjoin(ORIG, ORIG.c.id == P.c.repost_of_id)
        .where(P.c.created_at > span.c.since, P.c.created_at <= span.c.until,
               visible_to(span.c.me), unmuted(span.c.me, P.c.author_id))
        .subquery()
    )
    return (sa.select(mentions.c.n, mentions.c.id).where(mentions.c.newest <= N)
            .order_by(mentions.c.n, mentions.c.newest))


def _new_followers(span: sa.Subquery) -> sa.Select:
    newest = sa.func.row_number().over(partition_by=span.c.n, order_by=NEWEST_FOLLOWS)
    follows = (
        sa.select(span.c.n, person_t.c.handle,
                  sa.func.count().over(partition_by=span.c.n).label("count"),
                  newest.label("newest"))
        .select_from(span)
        .join(follow_t, sa.and_(follow_t.c.followee_id == span.c.me,
                                follow_t.c.created_at > span.c.since,
                                follow_t.c.created_at <= span.c.until))
        .join(person_t, sa.and_(person_t.c.id == follow_t.c.follower_id,
                                person_t.c.suspended_at.is_(None)))  # storage.suspension
        .subquery()
    )
    return (sa.select(follows.c.n, follows.c.handle, follows.c.count)
            .where(follows.c.newest <= N).order_by(follows.c.n, follows.c.newest))


_SPANS = {dialect: _span_table(dialect) for dialect in ("postgresql", "sqlite")}
_MENTIONS = {dialect: _mentions(span) for dialect, span in _SPANS.items()}
_NEW_FOLLOWERS = {dialect: _new_followers(span) for dialect, span in _SPANS.items()}


def mention_ids(session: Session, spans: Sequence[Span], limit: int, ids: tuple[int, int]
                ) -> list[list[int]]:
    """For each of `spans`, in order: the ids of the newest `limit` posts that mention its
    reader, written in its (since, until], as storage.reading.mentions reads them (the rule
    applied, nobody muted), newest first. `ids` bounds the posts' ids, [first, last): what
    storage.post_ids.PostIds.span gives from the earliest `since` to the latest `until`."""
    found: list[list[int]] = [[] for _ in spans]
    if not spans:
        return found
    params = {**_span_params(session, spans), "n": limit, "first": ids[0], "last": ids[1]}
    for n, post in session.execute(_MENTIONS[session.get_bind().dialect.name], params):
        found[n].append(post)
    return found


def new_followers(session: Session, spans: Sequence[Span], limit: int
                  ) -> list[tuple[list[str], int]]:
    """For each of `spans`, in order: the handles of up to `limit` people who followed its
    reader in its (since, until], newest first, and how many did (storage.digest.new_followers)."""
    handles: list[list[str]] = [[] for _ in spans]
    counts = [0] * len(spans)
    if spans:
        params = {**_span_params(session, spans), "n": limit}
        for n, handle, count in session.execute(
                _NEW_FOLLOWERS[session.get_bind().dialect.name], params):
            handles[n].append(handle)
            counts[n] = count
    return list(zip(handles, counts, strict=True))


_POSTS = POSTS.where(P.c.id == sa.any_(sa.bindparam("ids", type_=ARRAY(sa.Integer))))
POSTS_PER_STATEMENT = 1000


def posts(session: Session, ids: Iterable[int]) -> dict[int, PostView]:
    """The posts numbered `ids` (any number, repeats read once) as storage.digest.posts
    reads them: post id -> post.

    A thousand a statement: for more, PostgreSQL's stock costs prefer a merge join over
    the whole person table, in parallel, to looking each author up, and a chunk's three
    thousand posts took 3 to 4 times longer in one statement than in three.
    """
    unique = list(dict.fromkeys(ids))
    found: dict[int, PostView] = {}
    for start in range(0, len(unique), POSTS_PER_STATEMENT):
        part = unique[start:start + POSTS_PER_STATEMENT]
        if _postgres(session):  # an array: one parameter rather than a thousand
            found.update((view.id, view)
                         for view in map(to_view, session.execute(_POSTS, {"ids": part})))
        else:
            found.update(digest.posts(session, part))
    return found
