"""The hot reads' query plans, on a small generated network loaded into both engines.

Each engine has its own shape for the feed and for word and people search
(storage/reading.py, storage/search.py); these tests hold each shape to the plan it
was designed for (EXPLAIN on PostgreSQL, EXPLAIN QUERY PLAN on SQLite), and hold
both engines to the same answers on the same network.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from storage import network
from storage.db import session_scope
from storage.models import Person
from storage.reading import FEW
from tests.conftest import POSTGRES_URL
from tests.generated_network import engine_on

needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="TEST_POSTGRES_URL not set")



@pytest.fixture(scope="module")
def sqlite_network(network_file: Path) -> Iterator[sa.Engine]:
    with engine_on("sqlite", network_file) as engine:
        yield engine


@pytest.fixture(scope="module")
def pg_network(network_file: Path) -> Iterator[sa.Engine]:
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL not set")
    with engine_on("postgresql", network_file) as engine:
        yield engine


Call = Callable[[Session, Person], object]


def _statements(engine: sa.Engine, viewer_id: int, call: Call) -> list[tuple[str, object]]:
    """The statements `call` ran, with their parameters, after one warm-up run."""
    seen: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append((statement, parameters))

    with session_scope(engine, read_only=True) as session:
        viewer = session.get(Person, viewer_id)
        assert viewer is not None
        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            call(session, viewer)
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)
    return seen


def _plans(engine: sa.Engine, viewer_id: int, call: Call) -> list[str]:
    """The plan of every statement `call` runs, as text, one string per statement."""
    statements = _statements(engine, viewer_id, call)
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    plans = []
    with engine.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        for statement, parameters in statements:
            cursor.execute(prefix + statement, parameters)
            plans.append("\n".join(str(row[-1]) for row in cursor.fetchall()))
    return plans


def _person(engine: sa.Engine, where: str) -> int:
    with engine.connect() as connection:
        return connection.exec_driver_sql(
            f"SELECT id FROM person WHERE {where} ORDER BY id LIMIT 1").scalar_one()


def _feed(session: Session, viewer: Person) -> object:
    return network.feed(session, viewer)


def _words(session: Session, viewer: Person) -> object:
    return network.search_posts(session, viewer, "coffee")


def _people(session: Session, viewer: Person) -> object:
    return network.search_people(session, viewer, "jazz")


@needs_postgres
def test_the_feed_of_someone_following_few_reads_each_authors_newest_posts(
        pg_network: sa.Engine) -> None:
    viewer = _person(pg_network, "following_count BETWEEN 1 AND 9")
    plan = "\n".join(_plans(pg_network, viewer, _feed))
    assert "ix_post_author_id_id" in plan
    assert "Seq Scan on post" not in plan


@needs_postgres
def test_the_feed_of_someone_following_many_walks_the_newest_posts_back(
        pg_network: sa.Engine) -> None:
    # Someone the cross-engine test below does not read: the follows are PostgreSQL's only.
    viewer = _person(pg_network, "following_count >= 1 AND mod(id, 97) = 50")
    with session_scope(pg_network) as session:
        me = session.get(Person, viewer)
        assert me is not None
        for other in session.scalars(sa.select(Person).where(Person.id != viewer)
                                     .order_by(Person.id).limit(FEW + 20)):
            network.follow(session, me, other.handle)
    plans = _plans(pg_network, viewer, _feed)
    page = next(plan for plan in plans if "person author" in plan)
    assert "Index Scan Backward using pk_post on post p" in page
    assert "Seq Scan on post" not in "\n".join(plans)


@needs_postgres
def test_word_search_walks_recent_posts_and_people_search_looks_people_up_by_id(
        pg_network: sa.Engine) -> None:
    viewer = _person(pg_network, "following_count >= 1")
    words = "\n".join(_plans(pg_network, viewer, _words))
    assert "Index Scan Backward using pk_post on post p" in words
    assert "Seq Scan on post" not in words
    people = "\n".join(_plans(pg_network, viewer, _people))
    assert "Index Scan using pk_person on person" in people
    assert "Seq Scan on person" not in people


def test_on_sqlite_the_feed_uses_the_author_index_and_words_the_full_text_index(
        sqlite_network: sa.Engine) -> None:
    viewer = _person(sqlite_network, "following_count BETWEEN 1 AND 9")
    feed = "\n".join(_plans(sqlite_network, viewer, _feed))
    assert "ix_post_author_id_id" in feed
    assert "SCAN p\n" not in feed + "\n"  # the post table is never read whole
    words = "\n".join(_plans(sqlite_network, viewer, _words))
    assert "VIRTUAL TABLE INDEX" in words


def _answers(engine: sa.Engine, viewers: list[int]) -> list[object]:
    found: list[object] = []
    with session_scope(engine, read_only=True) as session:
        for viewer_id in viewers:
            viewer = session.get(Person, viewer_id)
            assert viewer is not None
            found.append([post.id for post in network.feed(session, viewer).items])
            found.append([post.id for post in network.search_posts(session, viewer, "coffee")])
            found.append([p.handle for p in network.search_people(session, viewer, "jazz")])
    return found


@needs_postgres
def test_both_engines_give_the_same_answers_on_the_same_network(
        sqlite_network: sa.Engine, pg_network: sa.Engine) -> None:
    with sqlite_network.connect() as connection:
        viewers = connection.exec_driver_sql(
            "SELECT id FROM person WHERE id % 97 = 1 ORDER BY id").scalars().all()
    sqlite_answers = _answers(sqlite_network, list(viewers))
    assert any(sqlite_answers[0::3]) and any(sqlite_answers[1::3]) and any(sqlite_answers[2::3])
    assert _answers(pg_network, list(viewers)) == sqlite_answers


def test_follow_counts_are_the_follow_rows(sqlite_network: sa.Engine) -> None:
    query = """SELECT count(*) FROM person WHERE
        follower_count <> (SELECT count(*) FROM follow WHERE followee_id = person.id)
        OR following_count <> (SELECT count(*) FROM follow WHERE follower_id = person.id)"""
    with sqlite_network.connect() as connection:
        assert connection.exec_driver_sql(query).scalar_one() == 0
        assert connection.exec_driver_sql(
            "SELECT sum(follower_count) FROM person").scalar_one() > 0
