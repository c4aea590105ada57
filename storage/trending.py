"""Trending: the hashtags more people used in the last 24 hours than on a usual day.

A tag rises when more distinct people used it in the last 24 hours than on an average
day of the 7 days before (people, not posts: one person posting a tag fifty times is not
a trend). Only posts the viewer may see count (storage.visibility), less those of people
they muted or whose words they hide (storage.steering), and reposts never do (the
original counted once). Tags used by people who
write in the viewer's language come first, as a person reads their own language first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from storage.models import Person, Post, PostTag, utcnow
from storage.post_ids import PostIds
from storage.steering import unhidden
from storage.tables import row_id, table
from storage.visibility import may_see, unmuted

post_t, tag_t, person_t = table(Post), table(PostTag), table(Person)
DAY = timedelta(days=1)
WEEK = 7  # days before the last 24 hours that make a usual day
MIN_PEOPLE = 2  # one person alone never makes a trend


@dataclass(frozen=True)
class Trend:
    """A rising hashtag: `tag` folded, without its "#"; `people` who used it in the last
    24 hours; `usual` people a day on average over the 7 days before (a float)."""

    tag: str
    people: int
    usual: float


def trending(session: Session, viewer: Person, now: datetime | None = None,
             limit: int = 10) -> list[Trend]:
    """Up to `limit` hashtags rising for `viewer` at `now` (UTC, default the present):
    those in the viewer's language first, then by how far above their usual day they
    are, then by how many people used them. [] when nothing rises."""
    now = now or utcnow()
    since = now - (WEEK + 1) * DAY
    low, high = PostIds().span(session, since, now)
    # The day a post falls in, counted back from now: 0 is the last 24 hours.
    day = sa.case(*((post_t.c.created_at > now - (n + 1) * DAY, n) for n in range(WEEK)),
                  else_=WEEK)
    same_language = sa.case((person_t.c.language == viewer.language, post_t.c.author_id))
    me = row_id(viewer)
    rows = session.execute(
        sa.select(tag_t.c.tag, day.label("day"),
                  sa.func.count(sa.distinct(post_t.c.author_id)),
                  sa.func.count(sa.distinct(same_language)))
        .select_from(tag_t.join(post_t, post_t.c.id == tag_t.c.post_id)
                     .join(person_t, person_t.c.id == post_t.c.author_id))
        .where(post_t.c.id.between(low, high), post_t.c.created_at > since,
               post_t.c.created_at <= now, post_t.c.repost_of_id.is_(None),
               may_see(me, post_t), unmuted(me, post_t.c.author_id),
               unhidden(me, post_t, now))
        .group_by(tag_t.c.tag, day)
    ).all()
    today: dict[str, tuple[int, int]] = {}
    before: dict[str, int] = defaultdict(int)
    for tag, n, people, ours in rows:
        if n == 0:
            today[tag] = (people, ours)
        else:
            before[tag] += people
    rising = [(tag, people, ours, before[tag] / WEEK) for tag, (people, ours) in today.items()
              if people >= MIN_PEOPLE and people > before[tag] / WEEK]
    rising.sort(key=lambda t: (t[2] == 0, -(t[1] + 1) / (t[3] + 1), -t[1], t[0]))
    return [Trend(tag, people, usual) for tag, people, _, usual in rising[:limit]]
