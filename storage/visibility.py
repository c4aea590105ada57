"""Who may see a post: the one visibility rule. Every read applies it in SQL.

level          who may see it                     where it appears
-------------  ---------------------------------  ---------------------------------------------
public         everyone except people in a block  feeds and digests of the author's followers,
               with its author                    search, the author's posts, mentions of the
                                                  people it names; liked, answered, reposted
followers      its author and their followers     the same places, for those people only;
                                                  never reposted
a reply in a   its author, the thread's first     for them only: feeds of those who also follow
followers      author and that author's           the reply's author, search, the reply's
thread         followers: exactly who may see     author's posts; mentions of the parent's
               the thread's first post            author and of those it names, among them

What holds at every level:

- A reply takes its parent's level, so a thread has one level, its first post's
  (`post.root_id` names that first post). In a followers-only thread "followers"
  are the first author's: a reply is never shown to its own author's followers
  on that account, and the first author sees every reply.
- You always see your own posts. A block, either way, hides each person's posts
  from the other, even where a follow was left standing.
- A repost shows only when its original may be seen, and its original's author
  is not muted.
- Someone named with @ in a post they may not see gets no mention: no row is
  written for them, and mentions are read through the rule, so whoever loses
  sight of a post later loses its mention too.
- If a followers-only thread's first post is deleted, its replies stay visible
  to their authors alone: nobody is left whose followers they were written for.
- A suspended account's posts (storage.suspension) are seen by their author alone, so
  they leave feeds, search, trending, mentions, digests and reposts at once and come
  back as they were if the suspension is lifted.
- The AI opt-out (`person.ai_opt_out`) hides nothing from people: it keeps that
  author's posts out of every language model's prompt, whoever asks (`ai_usable`,
  `ai_excluded`). Code-written digests and answers still quote them.
- Mutes are the reader's choice, not a permission: a muted person's posts stay
  reachable by number and in search, and are left out of feeds, digests,
  mentions and suggestions (`unmuted`).

Used by storage.reading (feed, someone's posts, mentions), storage.search,
storage.digest and storage.digest_window (a digest's posts and mentions),
storage.posts (a post by number: like, reply, repost, delete; who gets a
mention), and through them by the bot's digests and summaries; an export holds
only its owner's own posts. People are kept apart by the same blocks and mutes
in people search and suggestions, seeds included (storage.suggestions).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlmodel import Session

from storage.models import Person, Post, Visibility
from storage.relations import blocked_ids, follow_t, followee_ids, muted_ids
from storage.tables import table

post_t, person_t = table(Post), table(Person)
Viewer = sa.ColumnElement[int] | int


def _kept_apart(viewer: Viewer) -> sa.CompoundSelect:
    """Authors whose posts `viewer` may not see whatever their level: everyone in a block
    with them (storage.relations.blocked_ids), and every suspended account but their own
    (storage.suspension). One list, so each engine plans one anti-join as it did for blocks
    alone (an OR beside it cost PostgreSQL its index plan for reposts' originals)."""
    suspended = person_t.alias("suspended")
    return sa.union_all(*blocked_ids(viewer).selects,
                        sa.select(suspended.c.id).where(suspended.c.suspended_at.is_not(None),
                                                        suspended.c.id != viewer))


def may_see(viewer: Viewer, post: sa.FromClause) -> sa.ColumnElement[bool]:
    """The rule, as a condition on `post` (the post table or an alias of it) for `viewer`
    (a person id, a bound parameter or a column)."""
    first = post_t.alias("thread_first")
    # Two levels down: a viewer column is correlated explicitly (automatic correlation
    # reaches only the enclosing statement).
    followed = followee_ids(viewer).correlate_except(follow_t)
    # A first post is its own first post; a deleted one finds no row, which hides the thread.
    first_followed = sa.exists().where(
        first.c.id == sa.func.coalesce(post.c.root_id, post.c.id),
        sa.or_(first.c.author_id == viewer, first.c.author_id.in_(followed)),
    )
    return sa.and_(
        post.c.author_id.not_in(_kept_apart(viewer)),
        sa.or_(post.c.visibility == Visibility.public.value, post.c.author_id == viewer,
               first_followed),
    )


def unmuted(viewer: Viewer, author: sa.ColumnElement[int]) -> sa.ColumnElement[bool]:
    """`author` is not muted by `viewer`: what feeds, digests and mentions add to the rule."""
    return author.not_in(muted_ids(viewer))


def repost_shown(viewer: Viewer, original: sa.FromClause) -> sa.ColumnElement[bool]:
    """For a post outer-joined to its `original` (all NULL when it is not a repost)."""
    return sa.or_(original.c.id.is_(None),
                  sa.and_(may_see(viewer, original), unmuted(viewer, original.c.author_id)))


_ME, _POST = sa.bindparam("me", type_=sa.Integer), sa.bindparam("post", type_=sa.Integer)
_SEEN = sa.select(post_t.c.id).where(post_t.c.id == _POST, may_see(_ME, post_t))
_AMONG = sa.select(person_t.c.id).select_from(person_t).join(post_t, post_t.c.id == _POST).where(
    person_t.c.id.in_(sa.bindparam("people", expanding=True)), may_see(person_t.c.id, post_t)
)


def sees(session: Session, viewer: int, post: int) -> bool:
    """True when the person numbered `viewer` may see the post numbered `post` (which exists)."""
    return session.execute(_SEEN, {"me": viewer, "post": post}).first() is not None


def who_may_see(session: Session, post: int, people: list[int]) -> list[int]:
    """Those of `people` (person ids) who may see the post numbered `post`."""
    if not people:
        return []
    return list(session.execute(_AMONG, {"post": post, "people": people}).scalars())


def ai_usable(author: sa.ColumnElement[int]) -> sa.ColumnElement[bool]:
    """`author` has not kept their posts out of language models: what any read whose
    text goes to a model adds to `may_see`."""
    return author.not_in(sa.select(person_t.c.id).where(person_t.c.ai_opt_out))


def ai_excluded(session: Session, handles: Iterable[str]) -> set[str]:
    """Those of `handles` whose posts must never reach a language model (their AI opt-out)."""
    wanted = sorted(set(handles))
    if not wanted:
        return set()
    return set(session.execute(sa.select(person_t.c.handle).where(
        person_t.c.handle.in_(wanted), person_t.c.ai_opt_out)).scalars())
