"""Editing a post: its author changes its text; the texts before are kept.

As on Mastodon: any time, as often as wanted; the post keeps its number, its replies,
likes and reposts, and is shown as edited with the time (`Post.edited_at`); each text it
showed before is kept in `post_version`, read back by `versions` (shown when the post is
opened) and exported with it. A reply keeps its thread and level; a repost has no text of
its own to edit. What the post names is read again: people named anew get a mention, people
no longer named lose theirs; the author of the post a reply answers keeps theirs.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage.errors import InvalidInput, NotAllowed, Reason
from storage.models import (
    Mention,
    MentionKind,
    Person,
    Post,
    PostTag,
    PostVersion,
    search_document,
    utcnow,
)
from storage.posts import addressed, view, visible_post
from storage.reading import with_quotes
from storage.suspension import ensure_active
from storage.tables import row_id, table
from storage.text import clean_post_text, hashtags
from storage.views import PostView, Version

mention_t, tag_t, version_t = table(Mention), table(PostTag), table(PostVersion)
VERSIONS_SHOWN = 5  # earlier texts listed when a post is opened; an export holds them all


def edit_post(session: Session, actor: Person, post_id: int, text: str,
              now: datetime | None = None) -> PostView:
    """Change the text of `actor`'s post numbered `post_id` to `text` at `now` (UTC, default
    the present); the text it showed until then is kept (`versions`). Returns the post as
    it reads now.

    Raises NotAllowed(Reason.suspended) for a suspended `actor`, NotFound for a post `actor`
    may not see, NotAllowed(Reason.edit_not_yours) for
    someone else's, NotAllowed(Reason.repost_no_text) for a repost, InvalidInput for text
    that is empty, too long or carries a tag too long (storage.text), and
    InvalidInput(Reason.unchanged) when the text is the one it has."""
    ensure_active(actor)  # a suspended account can't change what it published
    target = visible_post(session, actor, post_id)
    me, number = row_id(actor), row_id(target)
    if target.author_id != me:
        raise NotAllowed(Reason.edit_not_yours, id=post_id)
    if target.repost_of_id is not None:
        raise NotAllowed(Reason.repost_no_text, id=post_id)
    text = clean_post_text(text)
    if text == target.text:
        raise InvalidInput(Reason.unchanged, field="text", id=number)
    tags = hashtags(text)  # may refuse the text: before anything is written
    now = now or utcnow()
    session.add(PostVersion(post_id=number, text=target.text,
                            written_at=target.edited_at or target.created_at, replaced_at=now))
    target.text, target.edited_at = text, now
    target.search_text = search_document(text)  # an UPDATE runs no column default
    session.execute(tag_t.delete().where(tag_t.c.post_id == number))
    for tag in tags:
        session.add(PostTag(tag=tag, post_id=number))
    named = set(addressed(session, actor, text, number))
    held = {person_id: kind for person_id, kind in session.execute(
        sa.select(mention_t.c.person_id, mention_t.c.kind).where(mention_t.c.post_id == number))}
    gone = [person_id for person_id, kind in held.items()
            if kind == MentionKind.mention and person_id not in named]
    if gone:
        session.execute(mention_t.delete().where(mention_t.c.post_id == number,
                                                 mention_t.c.person_id.in_(gone)))
    for person_id in sorted(named - set(held)):
        session.add(Mention(person_id=person_id, post_id=number))
    session.flush()
    [shown] = with_quotes(session, actor, [view(session, target)])
    return shown


def forget_edits(session: Session, actor: Person, post_id: int, count: int,
                 edited_at: datetime | None) -> int:
    """Forget the `count` latest edits of `actor`'s post numbered `post_id` once its words
    are back to what they were before them (an undone edit, and the edit that undid it:
    the words the first removed must not stay listed as an earlier version, nor the post
    marked edited). `edited_at` is the post's mark before them (None: never edited).
    Returns how many earlier texts were forgotten; 0 for a post that isn't `actor`'s."""
    post = session.get(Post, post_id)
    if post is None or post.author_id != row_id(actor):
        return 0
    latest = (sa.select(version_t.c.id).where(version_t.c.post_id == post_id)
              .order_by(version_t.c.id.desc()).limit(count))
    gone = session.exec(version_t.delete().where(
        version_t.c.id.in_(list(session.execute(latest).scalars())))).rowcount
    post.edited_at = edited_at
    session.flush()
    return gone


def versions(session: Session, viewer: Person, post_id: int,
             limit: int | None = VERSIONS_SHOWN) -> list[Version]:
    """The texts the post numbered `post_id` showed before its edits, the latest first (up
    to `limit`; None: all), for a `viewer` who may see it. Raises NotFound otherwise."""
    visible_post(session, viewer, post_id)
    return versions_of(session, post_id, limit)


def versions_of(session: Session, post_id: int,
                limit: int | None = VERSIONS_SHOWN) -> list[Version]:
    """`versions` for a caller that has checked the reader may see the post already
    (storage.threads.open_post): no second visibility query, no row lock on a read."""
    query = (select(PostVersion).where(PostVersion.post_id == post_id)
             .order_by(col(PostVersion.id).desc()))
    if limit is not None:
        query = query.limit(limit)
    return [Version(text=row.text, written_at=row.written_at, replaced_at=row.replaced_at)
            for row in session.exec(query)]


def edit_counts(session: Session, post_ids: list[int]) -> dict[int, int]:
    """How many earlier texts each of `post_ids` has (left out: none)."""
    if not post_ids:
        return {}
    rows = session.execute(sa.select(version_t.c.post_id, sa.func.count())
                           .where(version_t.c.post_id.in_(post_ids))
                           .group_by(version_t.c.post_id))
    return {post_id: n for post_id, n in rows}
