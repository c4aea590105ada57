"""Flood and spam control: how fast one person may post, say the same thing again and
mention other people, checked before a post or reply is written.

Today nothing stops a script from posting 200 copies of one text at @victim in half a
second; each would land in the victim's mentions. A post over a limit is refused with
NotAllowed(Reason.slow_down) carrying `wait` (whole seconds until it would pass),
`rule` ("rate", "repeat", "mentions" or "export") and `what` was refused ("post",
"reply", "quote" or "edit", as the caller says), which the conversation says in the
person's language, naming what was not done ("your reply wasn't sent"): nothing is
kept, the person sends it again later, nothing is dropped unsaid. The counts are read
from the posts table, so every worker of one database keeps the same limits; two posts
written at the very same moment by two workers may both pass the last place (the check
and the write are not one step), which leaves a burst one post over, never unbounded.

Newer accounts (younger than `new_for`) get the lower rate, as spam accounts are
mostly new ones. The limits come from the settings (bot.settings.FloodSettings) through
`configure`, once at start; `LIMITS` holds them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from storage.errors import NotAllowed, Reason
from storage.models import Mention, Person, Post
from storage.tables import row_id, table
from storage.text import mentioned_handles

post_t, mention_t, person_t = table(Post), table(Mention), table(Person)
RECENT = 100  # a person's latest posts read for the checks: a bounded, indexed read


@dataclass(frozen=True, slots=True)
class FloodLimits:
    """Per person: `per_minute` posts (replies count) in any 60 seconds, `new_per_minute`
    for accounts younger than `new_for`; the same text at most `repeats` times within
    `repeat_window`; at most `mentions` people @mentioned within `mention_window`."""

    per_minute: int = 20
    new_per_minute: int = 10
    new_for: timedelta = timedelta(days=1)
    repeats: int = 3
    repeat_window: timedelta = timedelta(hours=1)
    mentions: int = 30
    mention_window: timedelta = timedelta(minutes=10)
    export_every: timedelta = timedelta(minutes=5)


LIMITS = FloodLimits()


def configure(limits: FloodLimits) -> None:
    """Use `limits` from now on (called once at start, from the settings)."""
    global LIMITS
    LIMITS = limits


_NOT_WORDS = re.compile(r"[\W_]+")


def _words(text: str) -> str:
    """What makes two posts "the same words": letters and digits, case and accents kept,
    punctuation, emoji and spacing left out ("you're a clown!" = "YOU'RE a  clown")."""
    return " ".join(_NOT_WORDS.split(text.casefold())).strip()


def _wait(oldest: datetime, window: timedelta, now: datetime) -> int:
    return max(1, math.ceil((oldest + window - now).total_seconds()))


def check(session: Session, author: Person, text: str, now: datetime,
          what: str = "post") -> None:
    """Refuse a post of `text` by `author` at `now` (UTC) that would go over a limit of
    LIMITS: raises NotAllowed(Reason.slow_down, wait=seconds, rule=..., what=`what`), or
    NotAllowed(Reason.too_many_mentions, limit=..., what=`what`). `what`: the kind of
    writing checked ("post", "reply", "quote", "edit"), so the refusal can say which was
    not done."""
    limits, me = LIMITS, row_id(author)
    recent = session.execute(
        sa.select(post_t.c.id, post_t.c.text, post_t.c.created_at)
        .where(post_t.c.author_id == me, post_t.c.repost_of_id.is_(None))
        .order_by(post_t.c.id.desc()).limit(RECENT)).all()
    rate = limits.new_per_minute if now - author.created_at < limits.new_for \
        else limits.per_minute
    minute = [row.created_at for row in recent if row.created_at > now - timedelta(minutes=1)]
    if len(minute) >= rate:
        raise NotAllowed(Reason.slow_down, rule="rate", what=what,
                         wait=_wait(minute[rate - 1], timedelta(minutes=1), now))
    words = _words(text)
    same = [row.created_at for row in recent
            if row.created_at > now - limits.repeat_window and _words(row.text) == words]
    if len(same) >= limits.repeats:
        raise NotAllowed(Reason.slow_down, rule="repeat", what=what,
                         wait=_wait(same[limits.repeats - 1], limits.repeat_window, now))
    handles = mentioned_handles(text)
    if not handles:
        return
    since = now - limits.mention_window
    window = [row.id for row in recent if row.created_at > since]
    earlier = dict(session.execute(
        sa.select(mention_t.c.person_id, sa.func.min(post_t.c.created_at))
        .join(post_t, post_t.c.id == mention_t.c.post_id)
        .where(mention_t.c.post_id.in_(window)).group_by(mention_t.c.person_id)).all()) \
        if window else {}
    named = set(session.execute(sa.select(person_t.c.id)
                                .where(person_t.c.handle.in_(handles))).scalars())
    if len(named) > limits.mentions:  # never passes, however long one waits
        raise NotAllowed(Reason.too_many_mentions, limit=limits.mentions, what=what)
    if len(named | set(earlier)) > limits.mentions:
        first = min(earlier.values(), default=now)
        raise NotAllowed(Reason.slow_down, rule="mentions", what=what,
                         wait=_wait(first, limits.mention_window, now))


def claim_export(session: Session, person: Person, now: datetime) -> None:
    """Count an export of `person`'s data at `now` (UTC), or refuse it when the last one
    was less than LIMITS.export_every ago: NotAllowed(Reason.slow_down, rule="export",
    wait=seconds). One conditional UPDATE, so two workers asked at once let one through."""
    every, me = LIMITS.export_every, row_id(person)
    claimed = session.exec(
        sa.update(person_t)
        .where(person_t.c.id == me, sa.or_(person_t.c.last_export_at.is_(None),
                                            person_t.c.last_export_at <= now - every))
        .values(last_export_at=now)
    ).rowcount
    if claimed:
        return
    last = session.execute(sa.select(person_t.c.last_export_at)
                           .where(person_t.c.id == me)).scalar_one()
    raise NotAllowed(Reason.slow_down, rule="export", wait=_wait(last, every, now))
