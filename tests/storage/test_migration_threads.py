"""Migration 0006_thread_root on a database that holds data, on each engine: replies learn their
thread's first post, and a follow a race left across a block goes."""

from __future__ import annotations

from datetime import UTC, datetime, time

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlmodel import Session

from storage.db import alembic_config, migrate
from storage.models import UTCDateTime
from storage.visibility import sees

_PERSON = sa.text(
    "INSERT INTO person (handle, display_name, bio, language, timezone, digest_time,"
    " digest_enabled, created_at) VALUES (:handle, '', '', 'en', 'UTC', :at, :on, :now)"
    " RETURNING id"
).bindparams(sa.bindparam("at", time(8), type_=sa.Time()),
             sa.bindparam("on", True, type_=sa.Boolean()),
             sa.bindparam("now", datetime.now(UTC), type_=UTCDateTime()))
_POST = sa.text(
    "INSERT INTO post (author_id, text, visibility, reply_to_id, created_at)"
    " VALUES (:author, :text, :level, :parent, :now) RETURNING id"
).bindparams(sa.bindparam("now", datetime.now(UTC), type_=UTCDateTime()))
_EDGE = {table: sa.text(f"INSERT INTO {table} VALUES (:a, :b, :now)").bindparams(
    sa.bindparam("now", datetime.now(UTC), type_=UTCDateTime())) for table in ("follow", "block")}


def test_existing_replies_get_their_threads_first_post(blank: sa.Engine) -> None:
    before = ScriptDirectory.from_config(alembic_config(blank)).get_revision("0006_thread_root")
    migrate(blank, before.down_revision)
    with blank.begin() as db:
        alice, bob, carol, dave = (db.execute(_PERSON, {"handle": h}).scalar_one()
                                   for h in ("alice", "bob", "carol", "dave"))

        def post(author: int, text: str, level: str, parent: int | None = None) -> int:
            values = {"author": author, "text": text, "level": level, "parent": parent}
            return db.execute(_POST, values).scalar_one()

        party = post(alice, "party at my place", "followers")
        see_you = post(bob, "see you there", "followers", party)
        me_too = post(dave, "me too", "followers", see_you)
        news = post(alice, "news for all", "public")
        answer = post(bob, "thanks", "public", news)
        orphan = post(carol, "a reply whose parent was deleted", "followers")
        edges = [("follow", bob, alice), ("follow", dave, alice), ("follow", carol, bob),
                 ("follow", alice, carol), ("block", carol, alice)]
        for table, a, b in edges:
            db.execute(_EDGE[table], {"a": a, "b": b})
    migrate(blank)
    with blank.connect() as db:
        roots = dict(db.execute(sa.text("SELECT id, root_id FROM post")).all())
        follows = set(db.execute(sa.text("SELECT follower_id, followee_id FROM follow")).all())
    assert roots == {party: None, see_you: party, me_too: party, news: None, answer: news,
                     orphan: None}
    assert follows == {(bob, alice), (dave, alice), (carol, bob)}  # alice, carol: blocked
    with Session(blank) as session:
        # carol follows bob, not alice: the thread is closed to her; alice sees the answers
        assert [sees(session, carol, p) for p in (see_you, me_too, answer)] == [
            False, False, True]
        assert [sees(session, alice, p) for p in (see_you, me_too)] == [True, True]
