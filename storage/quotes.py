"""Quoting a post: a new post of one's own words that shows another post under them.

Only a public post can be quoted (as on Mastodon, whose quotes respect the quoted post's
audience): a followers-only post, or a reply in a followers-only thread, was written for
people the quoting person's readers are not. A post hidden by a block either way cannot be
named at all (storage.visibility). A quote of a repost quotes its original. The quoted
post is read each time the quote is shown, through the visibility rule for that reader:
deleted since, or hidden from them by a block since, it shows as unavailable
(`PostView.quote` None while `quote_of` is set). Its author is told, as by a mention, if
they may see the quote.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from storage import notifications
from storage.errors import NotAllowed, Reason
from storage.models import Mention, MentionKind, Person, Visibility, utcnow
from storage.posts import original_of, publish, view, visible_post
from storage.reading import P, with_quotes
from storage.tables import row_id
from storage.text import clean_post_text
from storage.views import PostView
from storage.visibility import may_see, who_may_see


def quote(session: Session, actor: Person, post_id: int, text: str,
          visibility: str = "public") -> PostView:
    """Publish `text` by `actor` quoting the post numbered `post_id` (a repost: its
    original), for everyone or (`visibility` "followers") their followers. Returns the new
    post with its quote filled.

    Raises NotFound for a post `actor` may not see, NotAllowed(Reason.not_quotable) for
    one that is not public, InvalidInput for text out of shape (storage.text)."""
    quoted = visible_post(session, actor, original_of(session, post_id))
    if quoted.visibility != Visibility.public:
        raise NotAllowed(Reason.not_quotable, id=row_id(quoted))
    new = publish(session, actor, clean_post_text(text), visibility=Visibility(visibility),
                  quote_of_id=row_id(quoted))
    new_id = row_id(new)
    if quoted.author_id != row_id(actor) and who_may_see(session, new_id, [quoted.author_id]):
        if session.get(Mention, (quoted.author_id, new_id)) is None:
            session.add(Mention(person_id=quoted.author_id, post_id=new_id,
                                kind=MentionKind.quote))
    session.flush()
    notifications.for_post(session, new_id, row_id(actor), utcnow())
    [shown] = with_quotes(session, actor, [view(session, new)])
    return shown


def quote_count(session: Session, viewer: Person, post_id: int) -> int:
    """How many posts quoting the post numbered `post_id` `viewer` may see."""
    return session.execute(sa.select(sa.func.count()).select_from(P).where(
        P.c.quote_of_id == post_id, may_see(row_id(viewer), P))).scalar_one()
