"""Each read for a chunk of digests answers, for every reader, what its per-person
counterpart answers, on a generated network on each engine; and reads what it says it
reads in as few statements as it says."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from bench.spread import END
from storage import digest, digest_chunk, digest_seeds, network
from storage.db import session_scope
from storage.digest import HISTORY
from storage.models import Person
from storage.post_ids import PostIds
from storage.suggestions import seeded
from tests.generated_network import SAMPLED

NOW = END - timedelta(hours=6)




@pytest.fixture
def reading(generated: sa.Engine) -> Iterator[Session]:
    with session_scope(generated, read_only=True) as session:
        yield session


def _readers(session: Session) -> list[int]:
    return list(session.execute(sa.select(Person.id).where(Person.id % SAMPLED == 0)
                                .order_by(Person.id)).scalars())


def _spans(readers: list[int]) -> list[digest_chunk.Span]:
    """Spans of three lengths, ending at three moments of the last day."""
    return [(me, NOW - timedelta(hours=(2, 24, 72)[me % 3]) - timedelta(minutes=me % 90),
             NOW - timedelta(minutes=me % 90)) for me in readers]


@contextmanager
def _statements(engine: sa.Engine) -> Iterator[list[tuple[str, object]]]:
    """The statements run on `engine` inside the block, with their parameters."""
    seen: list[tuple[str, object]] = []

    def record(conn: object, cursor: object, statement: str, parameters: object,
               *rest: object) -> None:
        seen.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def test_followees_and_affinities_are_the_per_person_ones(reading: Session) -> None:
    readers = _readers(reading)
    followees = digest_chunk.followees(reading, readers)
    affinities = digest_chunk.affinities(reading, readers)
    for me in readers:
        assert sorted(followees.get(me, [])) == sorted(digest.followees(reading, me))
        assert affinities.get(me, {}) == digest.affinity(reading, me)
    assert sum(map(len, followees.values())) > 5000 and len(affinities) > 200
    likes, replies = zip(*((sum(n for n, _ in e.values()), sum(n for _, n in e.values()))
                           for e in affinities.values()), strict=True)
    assert max(likes) == max(replies) == HISTORY  # someone liked and answered more
    # The generated network's mutes and blocks stand across follows: they are left out.
    shielded = reading.execute(sa.text("SELECT muter_id, muted_id FROM mute UNION ALL "
                                       "SELECT blocker_id, blocked_id FROM block")).all()
    kept = {(me, other) for me, ids in followees.items() for other in ids}
    assert len([pair for pair in shielded if pair[0] in followees]) >= 50
    assert not kept & set(shielded)


def test_mentions_and_new_followers_are_the_per_person_ones(reading: Session) -> None:
    spans = _spans(_readers(reading))
    ids = PostIds().span(reading, min(s for _, s, _ in spans), max(u for _, _, u in spans))
    mentions = digest_chunk.mention_ids(reading, spans, 3, ids)
    followers = digest_chunk.new_followers(reading, spans, 5)
    for (me, since, until), mentioned, new in zip(spans, mentions, followers, strict=True):
        person = reading.get(Person, me)
        assert person is not None
        expected = network.mentions(reading, person, since, 3, until)
        assert mentioned == [post.id for post in expected]
        assert new == digest.new_followers(reading, me, since, until, 5)
    assert sum(map(bool, mentions)) > 20 and sum(count for _, count in followers) > 20
    assert any(count > 5 for _, count in followers)  # more than the five named


def test_posts_and_suggestions_are_the_per_person_ones(reading: Session) -> None:
    readers = _readers(reading)
    wanted = list(range(1, 4000, 3)) * 2  # repeats are read once
    assert digest_chunk.posts(reading, wanted) == digest.posts(reading, sorted(set(wanted)))
    followees = digest_chunk.followees(reading, readers)
    seeds = {me: sorted(followees.get(me, []))[:3] for me in readers}
    seeds[readers[0]] = []
    found = digest_seeds.seeded(reading, seeds, 3)
    for me, ids in seeds.items():
        assert found[me] == seeded(reading, me, ids, 3)
    assert sum(map(bool, found.values())) > 200


def test_a_chunk_reads_in_a_few_statements(generated: sa.Engine) -> None:
    with session_scope(generated, read_only=True) as session:
        readers = _readers(session)
        spans = _spans(readers)
        ids = PostIds().span(session, NOW - timedelta(days=4), NOW)
        with _statements(generated) as statements:
            digest_chunk.mention_ids(session, spans, 3, ids)
            digest_chunk.new_followers(session, spans, 5)
            digest_chunk.posts(session, range(1, 2500))
            digest_chunk.followees(session, readers)
            digest_chunk.affinities(session, readers)
            digest_seeds.seeded(session, {me: [me + 1] for me in readers}, 3)
        # PostgreSQL reads each in one statement (posts a thousand at a time); SQLite keeps
        # the per-person statements for followees and suggestions.
        postgres = generated.dialect.name == "postgresql"
        batched = 2 + 3 + 1 + (2 if postgres else 2 * len(readers))
        assert len(statements) == batched
        assert not [s for s, _ in statements if re.search(r"VALUES \(", s)]  # one parameter each


def test_on_postgresql_each_reader_is_read_with_the_per_person_plan(generated: sa.Engine
                                                                     ) -> None:
    if generated.dialect.name != "postgresql":
        pytest.skip("the LATERAL reads are PostgreSQL's")
    with session_scope(generated, read_only=True) as session:
        readers = _readers(session)[:50]
        spans = [(me, NOW - timedelta(hours=24), NOW) for me in readers]
        ids = PostIds().span(session, NOW - timedelta(hours=24), NOW)
        with _statements(generated) as statements:
            digest_chunk.followees(session, readers)
            digest_seeds.seeded(session, {me: [me + 1, me + 2] for me in readers}, 3)
            digest_chunk.mention_ids(session, spans, 3, ids)
        cursor = session.connection().connection.driver_connection.cursor()  # type: ignore
        plans = []
        for statement, parameters in statements:
            cursor.execute("EXPLAIN " + statement, parameters)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    followees, suggestions, mentions = plans
    # Each reader's follows, mutes and blocks hashed once, as for one person: the LATERAL
    # read stays a subquery of its own, not a join checking them row by row.
    assert "hashed SubPlan" in followees and "hashed SubPlan" in suggestions
    # A chunk's mentions are found through the mention table's keys, by id.
    assert "Seq Scan on post" not in mentions and "mention" in mentions


def test_nothing_to_read_reads_nothing(reading: Session) -> None:
    assert digest_chunk.mention_ids(reading, [], 3, (1, 2)) == []
    assert digest_chunk.new_followers(reading, [], 5) == []
    assert digest_chunk.posts(reading, []) == {}
    assert digest_chunk.followees(reading, []) == {}
    assert digest_chunk.affinities(reading, []) == {}
    assert digest_seeds.seeded(reading, {}, 3) == {}
    quiet = [(1, datetime(2030, 1, 1, tzinfo=UTC), datetime(2030, 1, 2, tzinfo=UTC))]
    assert digest_chunk.new_followers(reading, quiet, 5) == [([], 0)]
