"""Opening a post: the post with its counts, the post it answers and its replies, as one
person may see them (the rule of storage.visibility, applied in SQL)."""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa
from sqlmodel import Session

from storage.editing import versions_of
from storage.errors import NotFound, Reason
from storage.models import Person, Post
from storage.posts import can_see, original_of
from storage.quotes import quote_count
from storage.reading import POSTS, P, page_limit, to_view, visible_to, with_quotes
from storage.relations import blocked_ids, like_t
from storage.suspension import SUSPENDED
from storage.tables import row_id, table
from storage.views import Counts, Page, Thread
from storage.visibility import may_see, unmuted

post_t, person_t = table(Post), table(Person)
NAMED = 5  # people named as liking or reposting a post; the counts say how many in all


def _handles(session: Session, query: sa.Select) -> list[str]:
    return list(session.execute(query.limit(NAMED)).scalars())


def open_post(session: Session, viewer: Person, post_id: int, limit: int = 10,
              after: int | None = None) -> Thread:
    """The post numbered `post_id` as `viewer` sees it opened: the post (a repost opens its
    original), how many people like and reposted it, the post it answers when `viewer` may
    see that one, and one page of its direct replies, oldest first, from after the reply
    numbered `after` (the page's `next_cursor` is the next `after`).

    Replies are those `viewer` may see, less those of people they mute (as in a feed);
    `replies` counts exactly those. Likes and reposts count everyone's, as the platforms
    people know do, but a suspended account's (storage.suspension: gone like its posts,
    but for itself); `liked_by` and `reposted_by` name the latest NAMED of them, newest
    first, less anyone in a block with `viewer`.

    Raises NotFound for a post that does not exist or that `viewer` may not see (a block
    either way, a followers-only post of someone they don't follow)."""
    me = row_id(viewer)
    target = session.get(Post, original_of(session, post_id))
    if target is None or not can_see(session, viewer, target):
        raise NotFound(Reason.post, id=post_id)
    shown = row_id(target)
    [post] = [to_view(row) for row in session.execute(POSTS.where(P.c.id == shown))]
    parent = None
    if target.reply_to_id is not None:
        above = session.execute(POSTS.where(P.c.id == target.reply_to_id, visible_to(me)))
        parent = next((to_view(row) for row in above), None)
    unblocked = sa.and_(person_t.c.id.not_in(blocked_ids(me)), _active(me, person_t.c.id))
    liked_by = (sa.select(person_t.c.handle)
                .join(like_t, like_t.c.person_id == person_t.c.id)
                .where(like_t.c.post_id == shown, unblocked)
                .order_by(like_t.c.created_at.desc(), person_t.c.id.desc()))
    reposted_by = (sa.select(person_t.c.handle)
                   .join(post_t, post_t.c.author_id == person_t.c.id)
                   .where(post_t.c.repost_of_id == shown, unblocked)
                   .order_by(post_t.c.id.desc()))
    answered = sa.and_(P.c.reply_to_id == shown, may_see(me, P), unmuted(me, P.c.author_id))
    limit = page_limit(limit)
    rows = session.execute(POSTS.where(answered, P.c.id > (after or 0))
                           .order_by(P.c.id).limit(limit + 1)).all()
    post, *answers = with_quotes(session, viewer, [post, *map(to_view, rows[:limit])])
    if parent is not None:
        [parent] = with_quotes(session, viewer, [parent])
    gathered = counts(session, viewer, [shown]).get(shown, Counts())  # a feed's rule too
    return Thread(
        post=post,
        parent=parent,
        versions=versions_of(session, shown) if post.edited_at else [],
        quotes=quote_count(session, viewer, shown),
        likes=gathered.likes,
        reposts=gathered.reposts,
        liked_by=_handles(session, liked_by),
        reposted_by=_handles(session, reposted_by),
        replies=gathered.replies,
        answers=Page(answers, answers[-1].id if len(rows) > limit else None),
    )


def _active(viewer: int | sa.BindParameter[int], who: sa.ColumnElement[int]
            ) -> sa.ColumnElement[bool]:
    """`who` is no suspended account but `viewer`'s own: a suspended account's likes and
    reposts leave others' counts and lists as its posts leave their feeds
    (storage.visibility.may_see)."""
    return sa.or_(who == viewer, who.not_in(SUSPENDED))


_ME = sa.bindparam("me", type_=sa.Integer)
_IDS = sa.bindparam("ids", expanding=True, type_=sa.Integer)
# Built once, at import: a feed page asks for it every time it is read.
_COUNTS = sa.union_all(
    sa.select(sa.literal_column("'l'"), like_t.c.post_id, sa.func.count())
    .where(like_t.c.post_id.in_(_IDS), _active(_ME, like_t.c.person_id))
    .group_by(like_t.c.post_id),
    sa.select(sa.literal_column("'r'"), post_t.c.repost_of_id, sa.func.count())
    .where(post_t.c.repost_of_id.in_(_IDS), _active(_ME, post_t.c.author_id))
    .group_by(post_t.c.repost_of_id),
    sa.select(sa.literal_column("'a'"), P.c.reply_to_id, sa.func.count())
    .where(P.c.reply_to_id.in_(_IDS), may_see(_ME, P), unmuted(_ME, P.c.author_id))
    .group_by(P.c.reply_to_id),
)


def counts(session: Session, viewer: Person, post_ids: list[int]) -> dict[int, Counts]:
    """Counts of each post in `post_ids` as `viewer` would see them opened (open_post's
    rule: likes and reposts everyone's but suspended accounts', replies those `viewer` may
    see less the muted), in one statement; a post with none of either is left out of the answer."""
    if not post_ids:
        return {}
    found: dict[int, dict[str, int]] = {}
    for kind, post_id, n in session.execute(_COUNTS, {"me": row_id(viewer),
                                                      "ids": sorted(set(post_ids))}):
        found.setdefault(post_id, {})[kind] = n
    return {post_id: Counts(got.get("l", 0), got.get("r", 0), got.get("a", 0))
            for post_id, got in found.items()}


def with_counts(session: Session, viewer: Person, page: Page) -> Page:
    """`page` with each post's counts filled (a repost: its original's, which is what a
    like or reply by its number reaches)."""
    ids = [post.repost_of.id if post.repost_of else post.id for post in page.items]
    known = counts(session, viewer, ids)
    return replace(page, items=[replace(post, counts=known.get(i, Counts()))
                                for post, i in zip(page.items, ids, strict=True)])
