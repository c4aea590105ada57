"""Migration 0015_reports_kept on a database that holds reports, on each engine: every
report keeps its number and learns the reported handle, numbers are still never given
twice, and a report now outlives the account it is about."""

from __future__ import annotations

from datetime import UTC, datetime, time

import sqlalchemy as sa
from alembic import command

from storage.db import alembic_config, migrate
from storage.models import UTCDateTime

_NOW = sa.bindparam("now", datetime.now(UTC), type_=UTCDateTime())
_PERSON = sa.text(
    "INSERT INTO person (handle, display_name, bio, language, timezone, digest_time,"
    " digest_enabled, created_at) VALUES (:handle, '', '', 'en', 'UTC', :at, :on, :now)"
    " RETURNING id"
).bindparams(sa.bindparam("at", time(8), type_=sa.Time()),
             sa.bindparam("on", True, type_=sa.Boolean()), _NOW)
_REPORT = sa.text(
    "INSERT INTO report (reporter_id, person_id, post_id, reason, status, created_at)"
    " VALUES (:by, :about, NULL, :why, 'open', :now) RETURNING id").bindparams(_NOW)


def test_reports_keep_their_numbers_and_outlive_the_reported_account(
        blank: sa.Engine) -> None:
    migrate(blank, "0014_notifications")
    with blank.begin() as db:
        alice, bob, carol = (db.execute(_PERSON, {"handle": h}).scalar_one()
                             for h in ("alice", "bob", "carol"))
        kept = db.execute(_REPORT, {"by": alice, "about": bob, "why": "spam"}).scalar_one()
        newest = db.execute(_REPORT, {"by": alice, "about": carol, "why": "x"}).scalar_one()
        db.execute(sa.text("DELETE FROM report WHERE id = :id"), {"id": newest})
    migrate(blank)
    with blank.begin() as db:
        rows = db.execute(sa.text("SELECT id, person_id, handle, reason FROM report")).all()
        assert [tuple(row) for row in rows] == [(kept, bob, "bob", "spam")]
        # The number the deleted report had is still never given again.
        again = db.execute(_REPORT, {"by": alice, "about": carol, "why": "y"}).scalar_one()
        assert again > newest
        db.execute(sa.text("DELETE FROM person WHERE id = :id"), {"id": bob})
        left = db.execute(sa.text("SELECT person_id, handle FROM report WHERE id = :id"),
                          {"id": kept}).one()
        assert tuple(left) == (None, "bob")  # the operator's record stays, the person nulled


def test_going_down_drops_what_needs_the_new_schema(blank: sa.Engine) -> None:
    migrate(blank)
    with blank.begin() as db:
        alice, bob, carol = (db.execute(_PERSON, {"handle": h}).scalar_one()
                             for h in ("alice", "bob", "carol"))
        orphan = db.execute(_REPORT, {"by": alice, "about": bob, "why": "a"}).scalar_one()
        stays = db.execute(_REPORT, {"by": alice, "about": carol, "why": "b"}).scalar_one()
        db.execute(sa.text("DELETE FROM person WHERE id = :id"), {"id": bob})
    command.downgrade(alembic_config(blank), "0014_notifications")
    with blank.connect() as db:
        ids = list(db.execute(sa.text("SELECT id FROM report")).scalars())
        tables = set(sa.inspect(db).get_table_names())
    assert ids == [stays] and orphan != stays
    assert "suspended_identity" not in tables
    migrate(blank)
