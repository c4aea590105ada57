"""Pinning: one post of your own shown first on your profile, as X, Mastodon and Bluesky
do. Pinning another post replaces it; deleting the post unpins it (storage.models.Pin)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from storage.errors import NotAllowed, Reason
from storage.models import Person, Pin, utcnow
from storage.posts import visible_post
from storage.reading import POSTS, P, to_view, visible_to, with_quotes
from storage.tables import row_id, table
from storage.views import PostView

pin_t = table(Pin)


def pin(session: Session, actor: Person, post_id: int) -> bool:
    """Pin `actor`'s own post numbered `post_id` (a repost of theirs pins the repost: it
    shows what they chose to share). Returns False when it was pinned already.

    Raises NotFound for a post `actor` may not see, NotAllowed(pin_not_yours) for
    someone else's post."""
    target = visible_post(session, actor, post_id)
    me = row_id(actor)
    if target.author_id != me:
        raise NotAllowed(Reason.pin_not_yours, id=post_id)
    current = session.get(Pin, me)
    if current is not None and current.post_id == post_id:
        return False
    if current is None:
        session.add(Pin(person_id=me, post_id=row_id(target), pinned_at=utcnow()))
    else:
        current.post_id, current.pinned_at = row_id(target), utcnow()
    session.flush()
    return True


def unpin(session: Session, actor: Person, post_id: int | None = None) -> int | None:
    """Take `actor`'s pinned post off their profile (only if it is `post_id`, when given):
    its number, or None if nothing was unpinned."""
    mine = pin_t.c.person_id == row_id(actor)
    which = mine if post_id is None else sa.and_(mine, pin_t.c.post_id == post_id)
    gone = session.execute(sa.delete(pin_t).where(which)
                           .returning(pin_t.c.post_id)).scalar_one_or_none()
    return None if gone is None else int(gone)


def pinned(session: Session, viewer: Person, person: Person) -> PostView | None:
    """`person`'s pinned post as `viewer` sees it, or None: none pinned, or one `viewer`
    may not see (followers-only, and they don't follow)."""
    shown = sa.select(pin_t.c.post_id).where(pin_t.c.person_id == row_id(person))
    row = session.execute(POSTS.where(P.c.id == shown.scalar_subquery(),
                                      visible_to(row_id(viewer)))).first()
    return None if row is None else with_quotes(session, viewer, [to_view(row)])[0]
