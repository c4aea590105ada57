"""Post ids around moments, found by binary search: never narrower than the posts asked for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from storage import network
from storage.models import Platform, Post
from storage.post_ids import PostIds

START = datetime(2026, 5, 20, tzinfo=UTC)


def test_a_span_holds_every_post_of_its_moments_and_little_else(session: Session) -> None:
    assert PostIds().span(session, START, START) == (1, 1)  # no posts yet
    alice = network.register(session, "alice", platform=Platform.console, external_id="alice")
    for n in range(200):  # one post every ten minutes
        made = network.post(session, alice, f"post {n}")
        session.execute(sa.update(Post).where(Post.id == made.id)
                        .values(created_at=START + n * timedelta(minutes=10)))
    network.delete_post(session, alice, 101)  # a gap in the ids
    since, now = START + timedelta(hours=10, minutes=5), START + timedelta(hours=20, minutes=5)
    first, last = PostIds().span(session, since, now)
    inside = [n + 1 for n in range(200) if since < START + n * timedelta(minutes=10) <= now]
    assert first <= inside[0] and inside[-1] < last
    assert inside[0] - first <= 1 and last - inside[-1] <= 2  # a minute or two of slack
    assert PostIds().span(session, START - timedelta(days=1), START + timedelta(days=9)) \
        == (1, 201)
