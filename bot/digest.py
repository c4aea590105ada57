"""Composing a digest: what a person's network said since a given time."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from bot.outcomes import Outcome
from storage import network
from storage.models import Person

WINDOW = timedelta(hours=24)
ITEMS = 10
SUGGESTED = 3


def compose(
    session: Session, person: Person, now: datetime, since: datetime | None = None
) -> Outcome:
    """The digest of everything since `since` (the last 24 h by default)."""
    since = since or now - WINDOW
    posts = [
        p for p in network.feed(session, person, limit=50).items
        if p.created_at > since and p.author != person.handle
    ][:ITEMS]
    mentioned = network.mentions(session, person, since=since, limit=ITEMS)
    sections = []
    if posts:
        sections.append(Outcome("digest.posts", posts=posts))
    if mentioned:
        sections.append(Outcome("digest.mentions", posts=mentioned))
    if not sections:
        return Outcome("digest.empty")
    if suggested := network.suggestions(session, person, limit=SUGGESTED):
        sections.append(Outcome("digest.suggestions", people=list(suggested)))
    return Outcome(
        "digest.header", {"date": now.date().isoformat()}, sections=sections,
        subject_post=posts[0].id if posts else mentioned[0].id,
    )
