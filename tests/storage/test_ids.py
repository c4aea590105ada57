"""Numbers people see are never given out twice: post numbers and person ids, on both
engines, in new databases and in ones upgraded from before AUTOINCREMENT (0004)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from storage import network
from storage.db import make_engine, migrate
from storage.errors import NotFound
from storage.models import Person, Platform
from tests.conftest import ENGINES, POSTGRES_URL, _schema_url


def _delete(session: Session, author: Person, numbers: list[int], *which: int) -> list[int]:
    gone = [numbers[i] for i in which]
    for number in gone:
        network.delete_post(session, author, number)
    session.commit()
    return gone


DELETIONS: dict[str, Callable[[Session, Person, list[int]], list[int]]] = {
    # The case: post a, post b, delete the newest (b).
    "the newest": lambda session, author, numbers: _delete(session, author, numbers, -1),
    "several newest": lambda session, author, numbers: _delete(session, author, numbers, -1, -2),
    "one in the middle": lambda session, author, numbers: _delete(session, author, numbers, 1),
    "the account of their author": lambda session, author, numbers: (
        network.delete_account(session, author), session.commit(), numbers)[-1],
}


@pytest.mark.parametrize("deletion", DELETIONS)
def test_a_post_number_is_never_given_again(session: Session, person, deletion: str) -> None:
    bob, alice = person("bob"), person("alice")
    first = network.post(session, bob, "bob was here first").id
    numbers = [network.post(session, alice, text).id for text in ("a", "b", "c")]
    session.commit()
    gone = DELETIONS[deletion](session, alice, numbers)
    made = network.post(session, bob, "someone else posts").id
    assert made == max(first, *numbers) + 1
    for number in gone:  # a Like button under a deleted post likes nothing
        with pytest.raises(NotFound):
            network.like(session, bob, number)


def test_a_person_id_is_never_given_again(session: Session, person) -> None:
    person("alice")
    bob = person("bob")
    gone = bob.id
    network.delete_account(session, bob)
    session.commit()
    assert person("carol").id == gone + 1


@pytest.fixture(params=ENGINES)
def old_engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[sa.Engine]:
    """A database at revision 0004, as Plaza left it before post numbers were kept."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        migrate(engine, "0004")
        yield engine
        engine.dispose()
        return
    schema = f"plaza_old_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    engine = make_engine(_schema_url(POSTGRES_URL, schema))
    migrate(engine, "0004")
    yield engine
    engine.dispose()
    with admin.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.dispose()


def _count(session: Session, table: str) -> int:
    return session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


# What Plaza before 0005 wrote: three people, posts 1-3 (#4 deleted already), a like,
# a tag, a mention, a reply, a repost and a follow; the full-text triggers index them.
_OLD_ROWS = [
    "INSERT INTO person (id, handle, display_name, bio, language, timezone, digest_time,"
    " digest_enabled, created_at) VALUES (1, 'alice', '', 'climbing in Fontainebleau', 'en',"
    " 'UTC', '08:00:00', true, '2026-11-01 10:00:00'), (2, 'bob', '', '', 'en', 'UTC',"
    " '08:00:00', true, '2026-11-01 10:00:00'), (3, 'carol', '', '', 'fr', 'UTC', '08:00:00',"
    " true, '2026-11-01 10:00:00')",
    "INSERT INTO identity (id, person_id, platform, external_id, unreachable, last_seen_at)"
    " VALUES (1, 1, 'console', 'alice', false, '2026-11-01 10:00:00'),"
    " (2, 2, 'console', 'bob', false, '2026-11-01 10:00:00'),"
    " (3, 3, 'console', 'carol', false, '2026-11-01 10:00:00')",
    "INSERT INTO follow (follower_id, followee_id, created_at)"
    " VALUES (2, 1, '2026-11-01 10:00:00')",
    "INSERT INTO post (id, author_id, text, visibility, reply_to_id, repost_of_id, created_at)"
    " VALUES (1, 1, 'hello #jazz @bob', 'public', NULL, NULL, '2026-11-01 10:01:00'),"
    " (2, 2, 'hi @alice', 'public', 1, NULL, '2026-11-01 10:02:00'),"
    " (3, 2, '', 'public', NULL, 1, '2026-11-01 10:03:00'),"
    " (4, 1, 'the newest one', 'public', NULL, NULL, '2026-11-01 10:04:00')",
    "INSERT INTO post_tag (tag, post_id) VALUES ('jazz', 1)",
    "INSERT INTO mention (person_id, post_id, kind) VALUES (2, 1, 'mention'), (1, 2, 'reply')",
    "INSERT INTO post_like (person_id, post_id, created_at)"
    " VALUES (2, 1, '2026-11-01 10:05:00'), (2, 4, '2026-11-01 10:05:00')",
]


def test_an_upgraded_database_keeps_its_rows_and_never_reuses_a_number(
    old_engine: sa.Engine,
) -> None:
    with old_engine.begin() as connection:
        for statement in _OLD_ROWS:
            connection.exec_driver_sql(statement)
        if old_engine.dialect.name == "postgresql":  # as if those ids had come from it
            for table, top in (("person", 3), ("identity", 3), ("post", 4)):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {top})")
    tables = ("post_like", "post_tag", "mention", "follow", "identity", "post", "person")
    with old_engine.connect() as connection:
        before = {t: connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
                  for t in tables}
    migrate(old_engine)
    with Session(old_engine, expire_on_commit=False) as session:
        # The rebuild of post and person cascaded into none of the rows that refer to them.
        assert {table: _count(session, table) for table in tables} == before
        alice = network.person_by_handle(session, "alice")
        bob = network.person_by_handle(session, "bob")
        assert [p.id for p in network.search_posts(session, bob, "hello")] == [1]
        assert [p.handle for p in network.search_people(session, bob, "fontainebleau")] == [
            "alice"
        ]
        network.delete_post(session, alice, 4)
        session.commit()
        made = network.post(session, bob, "after the upgrade").id
        assert made == 5
        assert [p.id for p in network.search_posts(session, bob, "upgrade")] == [5]
        network.delete_account(session, alice)
        session.commit()
        dave = network.register(session, "dave", platform=Platform.console, external_id="dave")
        assert dave.id == 4
        assert network.post(session, dave, "hi").id == 6


@pytest.mark.skipif("postgresql" not in ENGINES, reason="needs TEST_POSTGRES_URL")
def test_postgres_sequences_start_above_ids_loaded_by_hand(tmp_path) -> None:
    """A table filled with explicit ids (a bulk load) left its sequence behind."""
    schema = f"plaza_old_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    engine = make_engine(_schema_url(POSTGRES_URL, schema))
    try:
        migrate(engine, "0004")
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO person (id, handle, display_name, bio, language, timezone,"
                " digest_time, digest_enabled, created_at) VALUES"
                " (40, 'loaded', '', '', 'en', 'UTC', '08:00', true, now())")
            connection.exec_driver_sql(
                "INSERT INTO post (id, author_id, text, visibility, created_at)"
                " VALUES (500, 40, 'loaded', 'public', now())")
        migrate(engine)
        with Session(engine) as session:
            loaded = network.person_by_handle(session, "loaded")
            assert network.post(session, loaded, "next").id == 501
            made = network.register(session, "newcomer", platform=Platform.console,
                                    external_id="next")  # "next" is a command word
            assert made.id == 41
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()
