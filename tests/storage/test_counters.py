"""Follower and following counts kept by the database (storage/counters.py), on both
engines, through every way a follow comes and goes."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import command
from sqlmodel import Session

from storage import network
from storage.db import alembic_config, make_engine, migrate
from storage.models import Person

COUNTED = """SELECT handle, follower_count, following_count,
    (SELECT count(*) FROM follow WHERE followee_id = person.id),
    (SELECT count(*) FROM follow WHERE follower_id = person.id)
    FROM person ORDER BY handle"""


def _counts(session: Session) -> dict[str, tuple[int, int]]:
    """handle -> (followers, following) as kept, checked against the follow rows."""
    rows = session.execute(sa.text(COUNTED)).all()
    for handle, kept_in, kept_out, real_in, real_out in rows:
        assert (kept_in, kept_out) == (real_in, real_out), handle
    return {handle: (kept_in, kept_out) for handle, kept_in, kept_out, _, _ in rows}


def test_counts_follow_every_follow_unfollow_block_and_deletion(
        session: Session, person: Callable[..., Person]) -> None:
    ann, bob, cid = person("ann"), person("bob"), person("cid")
    network.follow(session, ann, "bob")
    network.follow(session, cid, "bob")
    network.follow(session, bob, "ann")
    network.follow(session, ann, "bob")  # already following: nothing changes
    assert _counts(session) == {"ann": (1, 1), "bob": (2, 1), "cid": (0, 1)}
    assert network.profile(session, ann, bob).followers == 2
    network.unfollow(session, cid, "bob")
    assert _counts(session)["bob"] == (1, 1)
    network.block(session, bob, "ann")  # a block ends the follows both ways
    assert _counts(session) == {"ann": (0, 0), "bob": (0, 0), "cid": (0, 0)}
    network.unblock(session, bob, "ann")
    network.follow(session, ann, "cid")
    network.follow(session, cid, "ann")
    network.delete_account(session, cid)
    assert _counts(session) == {"ann": (0, 0), "bob": (0, 0)}
    assert network.profile(session, bob, ann).following == 0


def test_migration_0009_counts_the_follows_already_there(empty_database_url: str) -> None:


    engine = make_engine(empty_database_url)
    try:
        migrate(engine, "0008_chat_state")
        with engine.begin() as connection:
            for handle in ("ann", "bob", "cid"):
                connection.execute(sa.text(
                    "INSERT INTO person (handle, display_name, bio, language, timezone,"
                    " digest_time, digest_enabled, created_at, digest_always, search_text)"
                    " VALUES (:h, '', '', 'en', 'UTC', '08:00:00', true, '2026-11-01', false, :s)"
                ), {"h": handle, "s": handle})
            connection.execute(sa.text(
                "INSERT INTO follow (follower_id, followee_id, created_at) SELECT a.id, b.id,"
                " '2026-11-02' FROM person a, person b WHERE a.id <> b.id AND b.handle = 'bob'"))
        migrate(engine)
        with Session(engine) as session:
            assert _counts(session) == {"ann": (0, 1), "bob": (2, 0), "cid": (0, 1)}
            network.unfollow(session, network.person_by_handle(session, "ann"), "bob")
            assert _counts(session)["bob"] == (1, 0)
            session.commit()
        command.downgrade(alembic_config(engine), "0008_chat_state")
        with engine.connect() as connection:
            columns = {c["name"] for c in sa.inspect(connection).get_columns("person")}
            assert "follower_count" not in columns
            assert connection.exec_driver_sql("SELECT count(*) FROM follow").scalar_one() == 1
    finally:
        engine.dispose()
