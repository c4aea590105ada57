"""Handles close to one that names nobody: "Did you mean @ethan?" for "@ethen".

Candidates are the viewer's neighbours (people they follow and who follow them, at
most NEIGHBOURS of each) and the handles that share the typed one's first letter (at
most SAME_LETTER, in handle order): a typo rarely hits the first letter, and a
neighbour is who a person most often means. Neither side of a block is ever
suggested. Scored with rapidfuzz's WRatio (0 to 100), which also ranks a missing
suffix ("sarah" -> "sarah_k") high.
"""

from __future__ import annotations

import sqlalchemy as sa
from rapidfuzz import fuzz, process
from sqlmodel import Session

from storage.models import Block, Follow, Person
from storage.tables import table

NEIGHBOURS = 2000
SAME_LETTER = 5000
CUTOFF = 80.0  # "ethen" -> "ethan" scores 80, "sarah" -> "sarah_k" 90

person_t, follow_t, block_t = table(Person), table(Follow), table(Block)


def similar_handles(session: Session, handle: str, viewer_id: int, limit: int = 3) -> list[str]:
    """Up to `limit` existing handles close to `handle` (lower case, no @), best first;
    never `handle` itself nor the viewer's own."""
    handle = handle.lower().lstrip("@")
    if not handle:
        return []
    blocked = sa.union(
        sa.select(block_t.c.blocked_id).where(block_t.c.blocker_id == viewer_id),
        sa.select(block_t.c.blocker_id).where(block_t.c.blocked_id == viewer_id),
    )
    allowed = sa.and_(person_t.c.id != viewer_id, person_t.c.id.not_in(blocked))
    by_id = person_t.c.id
    followees = (sa.select(follow_t.c.followee_id).where(follow_t.c.follower_id == viewer_id)
                 .limit(NEIGHBOURS).scalar_subquery())
    followers = (sa.select(follow_t.c.follower_id).where(follow_t.c.followee_id == viewer_id)
                 .limit(NEIGHBOURS).scalar_subquery())
    letter = handle[0].replace("_", r"\_")
    queries = (
        sa.select(person_t.c.handle).where(by_id.in_(followees), allowed),
        sa.select(person_t.c.handle).where(by_id.in_(followers), allowed),
        sa.select(person_t.c.handle)
        .where(person_t.c.handle.like(f"{letter}%", escape="\\"), allowed)
        .order_by(person_t.c.handle).limit(SAME_LETTER),
    )
    candidates = {found for query in queries for (found,) in session.execute(query)}
    candidates.discard(handle)
    found = process.extract(handle, candidates, scorer=fuzz.WRatio, score_cutoff=CUTOFF,
                            limit=limit)
    return [choice for choice, _, _ in sorted(found, key=lambda f: (-f[1], f[0]))]
