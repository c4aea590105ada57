"""What a person reads: their feed, someone's posts, what mentions them.

Every query here takes the viewer and applies the visibility rule
(storage.visibility) in SQL, so a hidden post is never loaded, let alone shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TypeVar

import sqlalchemy as sa
from sqlmodel import Session

from storage.errors import NotAllowed
from storage.models import Mention, Person, Post, UTCDateTime
from storage.relations import block_between, follow_t, followee_ids
from storage.tables import row_id, table
from storage.views import Page, PostView
from storage.visibility import may_see, repost_shown, unmuted

post_t, person_t, mention_t = table(Post), table(Person), table(Mention)
MAX_PAGE = 50
NEWEST = 2**31 - 1  # a cursor above every post id (ids are 32-bit integers)

P = post_t.alias("p")
_author = person_t.alias("author")
ORIG = post_t.alias("orig")  # a repost's original, outer-joined in POSTS
_orig_author = person_t.alias("orig_author")
_me = sa.bindparam("me", type_=sa.Integer)

# Posts with their author and, for a repost, the original and its author.
POSTS = (
    sa.select(
        P.c.id, _author.c.handle, _author.c.display_name, P.c.text, P.c.created_at,
        P.c.visibility, P.c.reply_to_id,
        ORIG.c.id, _orig_author.c.handle, _orig_author.c.display_name, ORIG.c.text,
        ORIG.c.created_at,
        P.c.edited_at, P.c.quote_of_id, ORIG.c.edited_at, ORIG.c.quote_of_id,
    )
    .select_from(P)
    .join(_author, _author.c.id == P.c.author_id)
    .outerjoin(ORIG, ORIG.c.id == P.c.repost_of_id)
    .outerjoin(_orig_author, _orig_author.c.id == ORIG.c.author_id)
)


def visible_to(viewer: sa.ColumnElement[int] | int) -> sa.ColumnElement[bool]:
    """POSTS rows `viewer` may see: the post (`p`) and, for a repost, its original."""
    return sa.and_(may_see(viewer, P), repost_shown(viewer, ORIG))


# The feed's SQL differs per engine, chosen in `feed` below; each shape is checked by
# a plan test (tests/storage/test_plans.py).
#
# SQLite: ids in windows just below the newest post under `start`, each wider than the
# last (SPANS), stopping as soon as the page is full. A window costs one index seek per
# person followed plus a scan of bare ids, which stays small both for someone following
# thousands of busy people (an unbounded query gathers and sorts all their posts) and
# for someone following two quiet ones (walking the post table back crosses all of
# it). Windows are contiguous: pages are the unbounded query's.
_candidates = sa.select(post_t.c.id).where(
    post_t.c.author_id.in_(sa.union_all(followee_ids(_me), sa.select(_me))),
    unmuted(_me, post_t.c.author_id),
    post_t.c.id < sa.bindparam("before", type_=sa.Integer),
    post_t.c.id
    >= sa.select(sa.func.max(post_t.c.id))
    .where(post_t.c.id < sa.bindparam("start", type_=sa.Integer))
    .scalar_subquery()
    - sa.bindparam("span", type_=sa.Integer),
)
FEED = (
    POSTS.where(P.c.id.in_(_candidates), visible_to(_me))
    .order_by(P.c.id.desc())
    .limit(sa.bindparam("n", type_=sa.Integer))
)
SPANS = (8_192, 65_536, 524_288, 4_194_304, NEWEST)  # in ids; the last is all history

# PostgreSQL plans a statement before it knows a window's bound when the bound is a
# subquery (and, once psycopg prepares a statement, before it knows any parameter), and
# then walked the primary key back across the whole table for people following a few
# quiet accounts. Two shapes whose good plan does not depend on the values:
# - following few (FEW): for each person followed, their newest `n` post ids, read from
#   the author/id index alone (a LATERAL join), merged; the rule is applied to the `n`
#   newest of those (FEW_FEED). When it hides some, the page is read again with the
#   rule inside the lateral join (FEW_FEED_EXACT), which costs more, about 1 µs a post;
# - following many: the windows again, but the bound `lo` is computed first, and the post
#   table is walked back from `before` down to `lo`, each post checked for a follow by
#   one probe of the follow key; busy networks fill a page within the first window.
FEW = 100  # people followed
_BEFORE, _N = sa.bindparam("before", type_=sa.Integer), sa.bindparam("n", type_=sa.Integer)
_authors = sa.union_all(
    followee_ids(_me).where(unmuted(_me, follow_t.c.followee_id)), sa.select(_me)
).subquery("authors")


def _few(exact: bool) -> sa.Select:
    newest = sa.select(P.c.id).where(P.c.author_id == _authors.c[0], P.c.id < _BEFORE)
    if exact:
        newest = newest.outerjoin(ORIG, ORIG.c.id == P.c.repost_of_id).where(visible_to(_me))
    lateral = newest.order_by(P.c.id.desc()).limit(_N).lateral("newest")
    ids = (sa.select(lateral.c.id).select_from(_authors).join(lateral, sa.true())
           .order_by(lateral.c.id.desc()).limit(_N))
    return POSTS.where(P.c.id.in_(ids), visible_to(_me)).order_by(P.c.id.desc()).limit(_N)


FEW_FEED, FEW_FEED_EXACT = _few(exact=False), _few(exact=True)
_followed = sa.exists().where(follow_t.c.follower_id == _me,
                              follow_t.c.followee_id == P.c.author_id)
PG_FEED_MANY = (
    POSTS.where(P.c.id < _BEFORE, P.c.id >= sa.bindparam("lo", type_=sa.Integer),
                sa.or_(P.c.author_id == _me, _followed), unmuted(_me, P.c.author_id),
                visible_to(_me))
    .order_by(P.c.id.desc())
    .limit(_N)
)
_TOP = sa.select(sa.func.max(post_t.c.id)).where(post_t.c.id < _BEFORE)

R = TypeVar("R", bound=Sequence)


def newest_first(fetch: Callable[[dict[str, int]], Sequence[R]], before: int, n: int) -> list[R]:
    """The first `n` rows of FEED below `before`, window after window.

    `fetch` runs FEED with a window's parameters (the caller adds the viewer), so
    the benchmark can drive the very same windows through plain sqlite3.
    """
    rows: list[R] = []
    for span in SPANS:
        below = rows[-1][0] if rows else before
        rows.extend(fetch({"start": before, "before": below, "span": span, "n": n - len(rows)}))
        if len(rows) == n:
            break
    return rows


def _feed_rows(session: Session, viewer: Person, before: int, n: int) -> Sequence[sa.Row]:
    """The first `n` feed rows below the id `before`, in the shape for the session's engine."""
    me = row_id(viewer)
    if session.get_bind().dialect.name == "sqlite":
        return newest_first(lambda window: session.execute(FEED, {"me": me, **window}).all(),
                            before, n)
    if viewer.following_count < FEW:
        params = {"me": me, "before": before, "n": n}
        few = session.execute(FEW_FEED, params).all()
        return few if len(few) == n else session.execute(FEW_FEED_EXACT, params).all()
    top = session.execute(_TOP, {"before": before}).scalar()
    rows: list[sa.Row] = []
    for span in SPANS:
        if top is None:
            break
        below = rows[-1][0] if rows else before
        rows.extend(session.execute(PG_FEED_MANY, {"me": me, "before": below, "n": n - len(rows),
                                                   "lo": top - span}).all())
        if len(rows) == n or top - span < 0:
            break
    return rows


def to_view(row: sa.Row) -> PostView:
    """A POSTS row as a PostView (its quote, if any, not yet filled: storage.quotes)."""
    (pid, handle, name, text, created, visibility, reply_to, oid, ohandle, oname, otext,
     ocreated, edited, quote_of, oedited, oquote_of) = row
    original = PostView(oid, ohandle, oname, otext, ocreated, edited_at=oedited,
                        quote_of=oquote_of) if oid is not None else None
    return PostView(pid, handle, name, text, created, visibility, reply_to, original,
                    edited_at=edited, quote_of=quote_of)


def with_quotes(session: Session, viewer: Person, posts: list[PostView]) -> list[PostView]:
    """`posts` with each quote (and each repost's original's quote) filled with the quoted
    post as `viewer` may see it; one statement, none when no post quotes. A quote `viewer`
    may not see stays None."""
    wanted = {post.quote_of for post in posts if post.quote_of} | {
        post.repost_of.quote_of for post in posts if post.repost_of and post.repost_of.quote_of}
    if not wanted:
        return posts
    rows = session.execute(POSTS.where(P.c.id.in_(sorted(wanted)), visible_to(row_id(viewer))))
    found = {view.id: view for view in map(to_view, rows)}

    def filled(post: PostView) -> PostView:
        if post.repost_of is not None and post.repost_of.quote_of:
            post = replace(post, repost_of=replace(post.repost_of,
                                                   quote=found.get(post.repost_of.quote_of)))
        return replace(post, quote=found.get(post.quote_of)) if post.quote_of else post

    return [filled(post) for post in posts]


def _page(session: Session, viewer: Person, rows: Sequence[sa.Row], limit: int) -> Page:
    items = with_quotes(session, viewer, [to_view(row) for row in rows[:limit]])
    return Page(items, items[-1].id if len(rows) > limit else None)


def page_limit(limit: int) -> int:
    return max(1, min(limit, MAX_PAGE))


def feed(session: Session, viewer: Person, limit: int = 20, before: int | None = None) -> Page:
    """Your posts and those of people you follow, reposts included, newest first."""
    limit = page_limit(limit)
    return _page(session, viewer, _feed_rows(session, viewer, before or NEWEST, limit + 1),
                 limit)


def posts_by(
    session: Session, viewer: Person, author: Person, limit: int = 20, before: int | None = None
) -> Page:
    """One person's posts as `viewer` may see them."""
    me, them = row_id(viewer), row_id(author)
    if them != me and (reason := block_between(session, me, them)):
        raise NotAllowed(reason, handle=author.handle)
    limit = page_limit(limit)
    query = (POSTS.where(P.c.author_id == them, P.c.id < (before or NEWEST), visible_to(me))
             .order_by(P.c.id.desc()).limit(limit + 1))
    return _page(session, viewer, session.execute(query).all(), limit)


# Built once: every digest reads it, and building it cost more than running it.
_MENTIONS = (
    POSTS.where(P.c.id.in_(sa.select(mention_t.c.post_id).where(mention_t.c.person_id == _me)),
                visible_to(_me), unmuted(_me, P.c.author_id),
                P.c.created_at > sa.bindparam("since", type_=UTCDateTime()),
                P.c.created_at <= sa.bindparam("until", type_=UTCDateTime()))
    .order_by(P.c.id.desc())
    .limit(sa.bindparam("n", type_=sa.Integer))
)
_EVER, _NEVER = datetime(1970, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC)


def mentions(
    session: Session, viewer: Person, since: datetime | None = None, limit: int = 20,
    until: datetime | None = None,
) -> list[PostView]:
    """Posts that @mention `viewer` or reply to their posts, newest first, never from anyone
    muted; written in (since, until] when given (a digest covers that span and the next one
    starts there)."""
    params = {"me": row_id(viewer), "since": since or _EVER, "until": until or _NEVER,
              "n": page_limit(limit)}
    found = [to_view(row) for row in session.execute(_MENTIONS, params)]
    return with_quotes(session, viewer, found)
