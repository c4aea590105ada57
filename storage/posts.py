"""Posting and acting on posts: post, reply, repost, like, delete."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, select

from storage.errors import NotAllowed, NotFound
from storage.models import Like, Mention, Person, Post, PostTag, Visibility
from storage.relations import add_edge
from storage.text import clean_post_text, hashtags, mentioned_handles
from storage.views import PostView
from storage.visibility import sees, who_may_see

like_t = Like.__table__


def can_see(session: Session, viewer: Person, post: Post) -> bool:
    """Whether `viewer` may see `post`, by the one rule (storage.visibility)."""
    return post.author_id == viewer.id or sees(session, viewer.id, post.id)


def visible_post(session: Session, viewer: Person, post_id: int) -> Post:
    """The post numbered `post_id` if `viewer` may see it; otherwise it does not exist."""
    post = session.get(Post, post_id)
    if post is None or not can_see(session, viewer, post):
        raise NotFound("post", id=post_id)
    return post


def last_post_id(session: Session, actor: Person) -> int:
    """Number of `actor`'s latest post, what people mean by "my last post"."""
    query = select(Post.id).where(Post.author_id == actor.id).order_by(Post.id.desc()).limit(1)
    post_id = session.exec(query).first()
    if post_id is None:
        raise NotFound("post", id="last")
    return post_id


def view(session: Session, post: Post) -> PostView:
    author = session.get(Person, post.author_id)
    original = session.get(Post, post.repost_of_id) if post.repost_of_id else None
    return PostView(
        id=post.id,
        author=author.handle,
        author_name=author.display_name,
        text=post.text,
        created_at=post.created_at,
        visibility=post.visibility,
        reply_to=post.reply_to_id,
        repost_of=view(session, original) if original else None,
    )


def _addressed(session: Session, author: Person, text: str, post_id: int) -> list[int]:
    """Ids of the people @mentioned in `text`, the post numbered `post_id`, who exist and may
    see it (which leaves out anyone in a block with `author`)."""
    handles = mentioned_handles(text)
    if not handles:
        return []
    query = sa.select(Person.id).where(Person.handle.in_(handles), Person.id != author.id)
    return who_may_see(session, post_id, list(session.execute(query).scalars()))


def _publish(session: Session, author: Person, text: str, **fields) -> Post:
    tags = hashtags(text)  # may refuse the post (a tag too long): before anything is written
    new = Post(author_id=author.id, text=text, **fields)
    session.add(new)
    session.flush()
    for tag in tags:
        session.add(PostTag(tag=tag, post_id=new.id))
    for person_id in _addressed(session, author, text, new.id):
        session.add(Mention(person_id=person_id, post_id=new.id))
    return new


def post(session: Session, author: Person, text: str, visibility: str = "public") -> PostView:
    new = _publish(session, author, clean_post_text(text), visibility=Visibility(visibility))
    session.flush()
    return view(session, new)


def reply(session: Session, author: Person, post_id: int, text: str) -> PostView:
    """Answer a visible post. The reply joins the parent's thread and takes its level, so a
    reply in a followers-only thread is seen by who may see its first post
    (storage.visibility); the parent's author is told, if they may see it."""
    parent = visible_post(session, author, post_id)
    new = _publish(
        session, author, clean_post_text(text), visibility=parent.visibility,
        reply_to_id=parent.id, root_id=parent.root_id or parent.id,
    )
    if parent.author_id != author.id and who_may_see(session, new.id, [parent.author_id]):
        addressed = session.get(Mention, (parent.author_id, new.id))
        if addressed is None:
            session.add(Mention(person_id=parent.author_id, post_id=new.id, kind="reply"))
        else:
            addressed.kind = "reply"
    session.flush()
    return view(session, new)


def repost(session: Session, actor: Person, post_id: int) -> PostView:
    """Share a public post with your followers; reposting a repost shares its original."""
    original = visible_post(session, actor, post_id)
    if original.repost_of_id:
        original = visible_post(session, actor, original.repost_of_id)
    if original.visibility != Visibility.public:
        raise NotAllowed("not_public", id=original.id)
    already = select(Post.id).where(Post.author_id == actor.id, Post.repost_of_id == original.id)
    if session.exec(already).first() is not None:
        raise NotAllowed("already_reposted", id=original.id)
    new = Post(author_id=actor.id, text="", repost_of_id=original.id)
    session.add(new)
    session.flush()
    return view(session, new)


def like(session: Session, actor: Person, post_id: int) -> bool:
    """Like a visible post; False when it was already liked."""
    target = visible_post(session, actor, post_id)
    return add_edge(session, like_t, actor.id, target.id)


def unlike(session: Session, actor: Person, post_id: int) -> bool:
    target = visible_post(session, actor, post_id)
    query = like_t.delete().where(like_t.c.person_id == actor.id, like_t.c.post_id == target.id)
    return session.execute(query).rowcount > 0


def delete_post(session: Session, actor: Person, post_id: int) -> int:
    """Delete one of your own posts; its likes, tags and reposts go with it."""
    target = visible_post(session, actor, post_id)
    if target.author_id != actor.id:
        raise NotAllowed("not_yours", id=post_id)
    session.execute(sa.delete(Post).where(Post.id == target.id))
    return target.id


def like_count(session: Session, post_id: int) -> int:
    query = sa.select(sa.func.count()).select_from(like_t).where(like_t.c.post_id == post_id)
    return session.execute(query).scalar_one()
