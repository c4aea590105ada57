"""Candidates read in bulk are the candidates read person by person, on each engine."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from storage import network
from storage.digest import candidates
from storage.digest_window import Recent, Window
from storage.errors import StorageError
from storage.models import Person, Platform, Post
from storage.post_ids import PostIds

START = datetime(2026, 5, 18, tzinfo=UTC)


def busy_network(session: Session) -> list[Person]:
    """Twelve people following, muting and blocking each other, three days of posts,
    replies, reposts and likes, ids growing with time as the application writes them."""
    rng = random.Random(7)
    people = [network.register(session, f"user{i:02d}", platform=Platform.console,
                               external_id=f"user{i:02d}") for i in range(12)]
    for person in people:
        for other in rng.sample(people, 6):
            if other is not person:
                network.follow(session, person, other.handle)
    network.mute(session, people[0], people[1].handle)
    network.block(session, people[2], people[0].handle)
    when = START
    for n in range(300):
        when += timedelta(minutes=rng.randrange(5, 20))
        author, roll, target = rng.choice(people), rng.random(), rng.randrange(1, n + 2)
        try:  # a reply or repost of a post the author may not see or share is refused
            made = (network.reply(session, author, target, f"reply {n}") if roll < 0.15 else
                    network.repost(session, author, target) if roll < 0.2 else None)
        except StorageError:
            made = None
        made = made or network.post(session, author, f"post {n}",
                                    "followers" if roll > 0.9 else "public")
        session.execute(sa.update(Post).where(Post.id == made.id).values(created_at=when))
        for fan in rng.sample(people, rng.randrange(0, 4)):
            try:
                network.like(session, fan, made.id)
            except StorageError:  # hidden from this fan
                pass
    session.flush()
    return people


def test_a_window_answers_exactly_as_the_per_person_query(session: Session) -> None:
    people = busy_network(session)
    ids = PostIds()
    window = Window(session, START, START + timedelta(days=4), ids)
    assert len(window) > 150
    spans = [(START + timedelta(hours=h), START + timedelta(hours=h + 24)) for h in (0, 13, 30)]
    spans.append((START + timedelta(hours=20), START + timedelta(hours=21)))
    compared = 0
    for person in people:
        for since, now in spans:
            expected = candidates(session, person.id, since, now, ids.span(session, since, now))
            assert window.candidates(session, person.id, since, now) == expected
            compared += len(expected)
    assert compared > 200


def test_recent_uses_a_window_only_for_spans_it_covers(session: Session) -> None:
    people = busy_network(session)
    recent = Recent()
    end = START + timedelta(days=2)
    recent.open(session, START + timedelta(hours=12), end)
    inside = (end - timedelta(hours=24), end)
    before = (START, START + timedelta(hours=24))  # starts before the window: per person
    for since, now in (inside, before):
        assert recent.candidates(session, people[3].id, since, now) == candidates(
            session, people[3].id, since, now, recent.ids.span(session, since, now))
    assert recent.fresh(end + timedelta(seconds=30)) and not recent.fresh(end + timedelta(2))
    assert recent.as_of(end + timedelta(seconds=30)) == end
    assert recent.as_of(end + timedelta(minutes=5)) == end + timedelta(minutes=5)
