"""Posting and acting on posts: post, reply, repost, like, delete, and taking a like or a
repost back."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage import notifications
from storage.errors import NotAllowed, NotFound, Reason
from storage.models import (
    HeldHandle,
    Mention,
    MentionKind,
    Person,
    Post,
    PostTag,
    Visibility,
    utcnow,
)
from storage.relations import add_edge, like_t
from storage.suspension import ensure_active
from storage.tables import row_id, table
from storage.text import clean_post_text, hashtags, mentioned_handles
from storage.views import PostView
from storage.visibility import sees, who_may_see

person_t, held_t = table(Person), table(HeldHandle)


def can_see(session: Session, viewer: Person, post: Post) -> bool:
    """Whether `viewer` may see `post`, by the one rule (storage.visibility)."""
    me = row_id(viewer)
    return post.author_id == me or sees(session, me, row_id(post))


# Every caller writes a row pointing at the post (a like, a reply, a repost) or deletes it:
# FOR KEY SHARE holds it until the transaction ends. On PostgreSQL a deletion in flight
# is waited for and then the post is found gone, instead of a foreign-key error at the
# insert that a person read as a crash (SQLite has one writer at a time; it ignores it).
_HELD_POST = (select(Post).where(col(Post.id) == sa.bindparam("post"))
              .with_for_update(read=True, key_share=True)
              .execution_options(populate_existing=True))


def visible_post(session: Session, viewer: Person, post_id: int) -> Post:
    """The post numbered `post_id` if `viewer` may see it, held until the transaction ends
    (see _HELD_POST); raises NotFound otherwise, as if it did not exist."""
    post = session.exec(_HELD_POST, params={"post": post_id}).first()
    if post is None or not can_see(session, viewer, post):
        raise NotFound(Reason.post, id=post_id)
    return post


def writable(session: Session, actor: Person, post_id: int, kind: str) -> None:
    """Refuse now what writing `kind` ("edit_post", "quote" or "reply") about the post
    numbered `post_id` would refuse once its words come, so a person asked for the words
    is never asked in vain. Raises NotAllowed(Reason.suspended) for a suspended `actor`,
    NotFound for a post they may not see, NotAllowed(Reason.edit_not_yours /
    repost_no_text) for an edit of someone else's post or of a repost,
    NotAllowed(Reason.not_quotable) for a quote of a post that is not public."""
    ensure_active(actor)
    if kind == "quote":
        target = visible_post(session, actor, original_of(session, post_id))
        if target.visibility != Visibility.public:
            raise NotAllowed(Reason.not_quotable, id=row_id(target))
        return
    target = visible_post(session, actor, post_id)
    if kind == "edit_post":
        if target.author_id != row_id(actor):
            raise NotAllowed(Reason.edit_not_yours, id=post_id)
        if target.repost_of_id is not None:
            raise NotAllowed(Reason.repost_no_text, id=post_id)


def last_post_id(session: Session, actor: Person) -> int:
    """Number of `actor`'s latest post, what people mean by "my last post"."""
    query = (select(Post.id).where(Post.author_id == row_id(actor))
             .order_by(col(Post.id).desc()).limit(1))
    post_id = session.exec(query).first()
    if post_id is None:
        raise NotFound(Reason.post, id="last")
    return post_id


def view(session: Session, post: Post) -> PostView:
    """`post` as people see it, with its author's names and, for a repost, its original."""
    author = session.get_one(Person, post.author_id)
    original = session.get(Post, post.repost_of_id) if post.repost_of_id else None
    return PostView(
        id=row_id(post),
        author=author.handle,
        author_name=author.display_name,
        text=post.text,
        created_at=post.created_at,
        visibility=post.visibility,
        reply_to=post.reply_to_id,
        repost_of=view(session, original) if original else None,
        edited_at=post.edited_at,
        quote_of=post.quote_of_id,
    )


def addressed(session: Session, author: Person, text: str, post_id: int) -> list[int]:
    """Ids of the people @mentioned in `text`, the post numbered `post_id`, who exist and may
    see it (which leaves out anyone in a block with `author`). A handle its owner changed
    away from lately names them still (storage.accounts.change_handle)."""
    handles = mentioned_handles(text)
    if not handles:
        return []
    now, me = utcnow(), row_id(author)
    query = sa.union(
        sa.select(person_t.c.id).where(person_t.c.handle.in_(handles), person_t.c.id != me),
        sa.select(held_t.c.person_id).where(held_t.c.handle.in_(handles),
                                            held_t.c.held_until > now,
                                            held_t.c.person_id.is_not(None),
                                            held_t.c.person_id != me))
    return who_may_see(session, post_id, sorted(set(session.execute(query).scalars())))


def publish(session: Session, author: Person, text: str, **fields: Any) -> Post:
    """Write a post of `text` (cleaned already) by `author` with `fields` (visibility,
    reply_to_id...), its tags and the mentions of the people it names who may see it."""
    ensure_active(author)  # a suspended account can't post or reply (storage.suspension)
    tags = hashtags(text)  # may refuse the post (a tag too long): before anything is written
    new = Post(author_id=row_id(author), text=text, **fields)
    session.add(new)
    session.flush()
    new_id = row_id(new)
    for tag in tags:
        session.add(PostTag(tag=tag, post_id=new_id))
    for person_id in addressed(session, author, text, new_id):
        session.add(Mention(person_id=person_id, post_id=new_id))
    return new


def post(session: Session, author: Person, text: str, visibility: str = "public") -> PostView:
    new = publish(session, author, clean_post_text(text), visibility=Visibility(visibility))
    session.flush()
    notifications.for_post(session, row_id(new), row_id(author), utcnow())
    return view(session, new)


def reply(session: Session, author: Person, post_id: int, text: str) -> PostView:
    """Answer a visible post. The reply joins the parent's thread and takes its level, so a
    reply in a followers-only thread is seen by who may see its first post
    (storage.visibility); the parent's author is told, if they may see it."""
    ensure_active(author)
    parent = visible_post(session, author, post_id)
    new = publish(
        session, author, clean_post_text(text), visibility=parent.visibility,
        reply_to_id=parent.id, root_id=parent.root_id or parent.id,
    )
    new_id = row_id(new)
    if parent.author_id != row_id(author) and who_may_see(session, new_id, [parent.author_id]):
        named = session.get(Mention, (parent.author_id, new_id))
        if named is None:
            session.add(Mention(person_id=parent.author_id, post_id=new_id,
                                kind=MentionKind.reply))
        else:
            named.kind = MentionKind.reply
    session.flush()
    notifications.for_post(session, new_id, row_id(author), utcnow())
    return view(session, new)


def repost(session: Session, actor: Person, post_id: int) -> PostView:
    """Share a public post with your followers; reposting a repost shares its original.
    Refused to a suspended account (NotAllowed(suspended))."""
    ensure_active(actor)
    original = visible_post(session, actor, post_id)
    if original.repost_of_id:
        original = visible_post(session, actor, original.repost_of_id)
    if original.visibility != Visibility.public:
        raise NotAllowed(Reason.not_public, id=original.id)
    me = row_id(actor)
    already = select(Post.id).where(Post.author_id == me, Post.repost_of_id == original.id)
    if session.exec(already).first() is not None:
        raise NotAllowed(Reason.already_reposted, id=original.id)
    new = Post(author_id=me, text="", repost_of_id=original.id)
    session.add(new)
    session.flush()
    notifications.for_repost(session, row_id(new), me, original.author_id, utcnow())
    return view(session, new)


def original_of(session: Session, post_id: int) -> int:
    """The post an action on the post numbered `post_id` means: a repost's original (a
    repost shows its original, so liking or opening it acts on what it shows), else
    `post_id` itself. Visibility is not checked here: the action checks it."""
    named = session.get(Post, post_id)
    return named.repost_of_id if named is not None and named.repost_of_id else post_id


def like(session: Session, actor: Person, post_id: int) -> bool:
    """Like a visible post (a repost's original: `original_of`); False when it was
    already liked. Refused to a suspended account (NotAllowed(suspended))."""
    ensure_active(actor)
    target = visible_post(session, actor, original_of(session, post_id))
    added = add_edge(session, like_t, row_id(actor), row_id(target))
    if added:
        notifications.for_like(session, row_id(actor), row_id(target), target.author_id,
                               utcnow())
    return added


def unlike(session: Session, actor: Person, post_id: int) -> bool:
    """Take back `actor`'s like of the post numbered `post_id` (a repost's original:
    `original_of`); False when they had not liked it. A like given before the post went
    out of `actor`'s sight (a block since, a follow ended) is still taken back: it is
    theirs. Raises NotFound for a post they neither liked nor may see, as if it did not
    exist."""
    me = row_id(actor)
    post_id = original_of(session, post_id)
    taken = session.exec(sa.delete(like_t).where(like_t.c.person_id == me,
                                                 like_t.c.post_id == post_id))
    if taken.rowcount:
        return True
    visible_post(session, actor, post_id)  # refuses a post out of sight as not found
    return False


def unrepost(session: Session, actor: Person, post_id: int) -> int:
    """Take back `actor`'s repost of a post: `post_id` names the original or a repost of it
    (one's own or anyone's, as reposting a repost shares its original). Returns the
    original's number. Raises NotFound for a post out of sight that `actor` never
    reposted, NotAllowed(Reason.not_reposted) for one they have not shared."""
    me = row_id(actor)
    original_id = original_of(session, post_id)
    taken = session.exec(sa.delete(Post).where(col(Post.author_id) == me,
                                               col(Post.repost_of_id) == original_id))
    if taken.rowcount:
        return original_id
    visible_post(session, actor, original_id)
    raise NotAllowed(Reason.not_reposted, id=original_id)


def delete_post(session: Session, actor: Person, post_id: int) -> int:
    """Delete one of your own posts; its likes, tags and reposts go with it."""
    target = visible_post(session, actor, post_id)
    if target.author_id != row_id(actor):
        raise NotAllowed(Reason.not_yours, id=post_id)
    gone = row_id(target)
    session.execute(sa.delete(Post).where(col(Post.id) == gone))
    return gone
