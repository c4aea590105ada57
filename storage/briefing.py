"""Posts one person may have explained or summarised to them (issue 18).

Every read here is the visibility rule (storage.visibility.may_see: followers-only,
blocks, suspensions) plus the reader's mutes, as a feed reads; reposts are left out
(their originals are read as themselves). Each post says whether its author lets it
reach a language model (`Briefed.ai_ok`, person.ai_opt_out): code may quote any of
them, a model's prompt takes only those.

    about(session, viewer, post)       the post, its thread, posts on the same hashtags
    catching_up(session, viewer, ...)  recent posts, on a hashtag or with some words

Both give posts with their counts (storage.threads.counts, a feed's rule) and whether
the viewer follows their author (or wrote them): `network`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from storage.errors import NotFound, Reason
from storage.models import Person, Post, PostTag, utcnow
from storage.posts import can_see, original_of
from storage.reading import POSTS, P, to_view, visible_to
from storage.relations import followee_ids
from storage.steering import unhidden
from storage.tables import row_id, table
from storage.text import fold
from storage.threads import counts
from storage.views import Counts, PostView
from storage.visibility import ai_usable, unmuted

post_t, person_t, tag_t = table(Post), table(Person), table(PostTag)
CANDIDATES = 200  # recent posts read before choosing; the newest first


@dataclass(frozen=True, slots=True)
class Briefed:
    """A post as one reader may have it summarised: `counts` as they would see them,
    `network` when they follow its author (or wrote it), `ai_ok` when its author lets it
    reach a language model."""

    post: PostView
    counts: Counts
    network: bool
    ai_ok: bool

    @property
    def engagement(self) -> int:
        """Likes, reposts and twice the replies: how much the post drew."""
        return self.counts.likes + self.counts.reposts + 2 * self.counts.replies


@dataclass(frozen=True, slots=True)
class About:
    """What "explain #N" reads: the post, the rest of its thread, posts on its hashtags."""

    post: Briefed
    thread: list[Briefed]
    related: list[Briefed]
    tags: list[str]


def _read(session: Session, viewer: Person, condition: sa.ColumnElement[bool],
          order: sa.ColumnElement, limit: int, *, muted_too: bool = False) -> list[Briefed]:
    """Posts `viewer` may see and hasn't muted (or has, `muted_too`: a post asked for by
    number), matching `condition`, in `order`."""
    me = row_id(viewer)
    # As columns, each a CASE: a bare EXISTS over `p` alone would not correlate (SQLAlchemy
    # leaves a subquery its FROM when correlating would take all of it away).
    usable = sa.case((ai_usable(P.c.author_id), True), else_=False)
    network = sa.case((sa.or_(P.c.author_id == me, P.c.author_id.in_(followee_ids(me))), True),
                      else_=False)
    query = (POSTS.add_columns(usable.label("ai_ok"), network.label("network"))
             .where(condition, visible_to(me),
                    sa.true() if muted_too else unmuted(me, P.c.author_id),
                    P.c.repost_of_id.is_(None))
             .order_by(order).limit(limit))
    rows = session.execute(query).all()
    views = [to_view(tuple(row)[:-2]) for row in rows]  # type: ignore[arg-type]
    gathered = counts(session, viewer, [view.id for view in views])
    return [Briefed(view, gathered.get(view.id, Counts()), bool(row.network), bool(row.ai_ok))
            for view, row in zip(views, rows, strict=True)]


def about(session: Session, viewer: Person, post_id: int, thread: int = 6,
          related: int = 5) -> About:
    """The post numbered `post_id` as `viewer` may have it explained (a repost: its
    original; its author muted or not, as it opens), up to `thread` other posts of its
    thread (oldest first) and up to `related` recent posts sharing one of its hashtags
    (newest first), each as `viewer` may see them (the muted left out). Raises NotFound
    when the post does not exist or `viewer` may not see it.
    """
    target = session.get(Post, original_of(session, post_id))
    if target is None or not can_see(session, viewer, target):
        raise NotFound(Reason.post, id=post_id)
    shown = row_id(target)
    # Asked for by number: a muted author's post is explained too, as it is opened.
    found = _read(session, viewer, P.c.id == shown, P.c.id, 1, muted_too=True)
    if not found:
        raise NotFound(Reason.post, id=post_id)
    root = target.root_id or shown
    in_thread = _read(session, viewer, sa.and_(
        sa.func.coalesce(P.c.root_id, P.c.id) == root, P.c.id != shown), P.c.id, thread)
    tags = list(session.execute(sa.select(tag_t.c.tag).where(tag_t.c.post_id == shown)
                                .order_by(tag_t.c.tag)).scalars())
    near: list[Briefed] = []
    if tags:
        seen = {shown, *(b.post.id for b in in_thread)}
        tagged = sa.select(tag_t.c.post_id).where(tag_t.c.tag.in_(tags))
        near = [b for b in _read(session, viewer, P.c.id.in_(tagged), P.c.id.desc(),
                                 related + len(seen)) if b.post.id not in seen][:related]
    return About(found[0], in_thread, near, tags)


def catching_up(session: Session, viewer: Person, since: datetime, *, tag: str | None = None,
                words: str | None = None, network_only: bool = False,
                limit: int = CANDIDATES) -> list[Briefed]:
    """Up to `limit` posts written since `since` (UTC) that `viewer` may see, newest first:
    on the hashtag `tag` (with or without its #), or holding `words` (folded, as search
    folds them), or any; only by people they follow when `network_only`. Never the
    viewer's own (a catch-up is what others said), nor any holding a word they asked
    to hide (storage.steering).
    """
    me = row_id(viewer)
    condition = sa.and_(P.c.created_at >= since, P.c.author_id != me,
                        unhidden(me, P, utcnow()))
    if tag:
        tagged = sa.select(tag_t.c.post_id).where(tag_t.c.tag == fold(tag.lstrip("#")))
        condition = sa.and_(condition, P.c.id.in_(tagged))
    if words:
        for word in fold(words).split():
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            condition = sa.and_(condition, P.c.search_text.like(f"%{escaped}%", escape="\\"))
    if network_only:
        condition = sa.and_(condition, P.c.author_id.in_(followee_ids(me)))
    return _read(session, viewer, condition, P.c.id.desc(), limit)
