"""Ids never come back, handles of deleted accounts are held, deletion by the set.

- SQLite gives a new row the largest id in its table plus one, so deleting the
  newest post gave its number to the next post, and an old Like button liked
  that one. `post` and `person` are rebuilt with AUTOINCREMENT (SQLite cannot add
  it in place: the documented twelve-step rebuild, foreign keys off, which
  migrations/env.py provides). Their sqlite_sequence starts at the largest id
  present; ids deleted above it before this migration leave no trace to go by.
  PostgreSQL sequences never go back; their position is only raised to the
  largest id, for tables that were loaded with explicit ids.
- `held_handle`: a deleted account's handle, which nobody may take for a while.
- `ix_post_tag_post_id`: deleting a post looked up its tags by scanning the whole
  table (the key starts with the tag), once per post: 31 s for a big account.

Revision ID: 0005_ids
Revises: 0004
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.sql.schema import SchemaItem

from storage.models import UTCDateTime
from storage.search_schema import FIRST_SQLITE_TRIGGERS, sqlite_triggers_on

revision: str = "0005_ids"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _person_columns() -> list[SchemaItem]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handle", sa.String(30), nullable=False),
        sa.Column("display_name", sa.String(50), nullable=False),
        sa.Column("bio", sa.String(300), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("digest_time", sa.Time(), nullable=False),
        sa.Column("digest_enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("digest_due_at", UTCDateTime(), nullable=True),
        sa.Column("digest_claimed_until", UTCDateTime(), nullable=True),
        sa.Column("last_digest_at", UTCDateTime(), nullable=True),
        sa.Column("digest_always", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("id", name="pk_person"),
        sa.UniqueConstraint("handle", name="uq_person_handle"),
    ]


def _post_columns() -> list[SchemaItem]:
    def fk(column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
        referred = target.split(".")[0]
        return sa.ForeignKeyConstraint([column], [target], ondelete=ondelete,
                                       name=f"fk_post_{column}_{referred}")

    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("visibility", sa.String(16), nullable=False),
        sa.Column("reply_to_id", sa.Integer(), nullable=True),
        sa.Column("repost_of_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        fk("author_id", "person.id", "CASCADE"),
        fk("reply_to_id", "post.id", "SET NULL"),
        fk("repost_of_id", "post.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_post"),
    ]


# The indexes each table had after 0004; a rebuilt table gets them back.
_INDEXES = {
    "person": [("ix_person_digest_due_at", ["digest_due_at"])],
    "post": [("ix_post_author_id_id", ["author_id", "id"]),
             ("ix_post_reply_to_id", ["reply_to_id"]),
             ("ix_post_repost_of_id", ["repost_of_id"])],
}


def _rebuild_with_autoincrement(table: str, columns: list[SchemaItem]) -> None:
    """SQLite's twelve-step table change: a new table, the rows copied with their ids,
    the old one dropped and the new one renamed; then its indexes and full-text
    triggers (dropped with the old table) are made again."""
    bind = op.get_bind()
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        # Dropping the old table would cascade into every row that refers to it.
        raise RuntimeError("rebuilding a table needs PRAGMA foreign_keys=OFF (migrations/env.py)")
    new = f"_{table}_new"
    op.create_table(new, *columns, sqlite_autoincrement=True)
    names = ", ".join(c.name for c in columns if isinstance(c, sa.Column))
    op.execute(f"INSERT INTO {new} ({names}) SELECT {names} FROM {table}")
    copied, had = (bind.exec_driver_sql(f"SELECT count(*) FROM {name}").scalar()
                   for name in (new, table))
    if copied != had:
        raise RuntimeError(f"rebuilding {table}: {copied} rows copied of {had}")
    op.drop_table(table)
    op.rename_table(new, table)
    for name, indexed in _INDEXES[table]:
        op.create_index(name, table, indexed)
    for statement in sqlite_triggers_on(table, FIRST_SQLITE_TRIGGERS):
        op.execute(statement)
    if bind.exec_driver_sql(f"PRAGMA foreign_key_check({table})").first() is not None:
        raise RuntimeError(f"rebuilding {table} broke a foreign key")


def _sequence_past_largest_id(table: str) -> None:
    bind = op.get_bind()
    sequence = bind.exec_driver_sql(f"SELECT pg_get_serial_sequence('{table}', 'id')").scalar()
    bind.exec_driver_sql(
        f"SELECT setval('{sequence}', greatest(max(id), (SELECT last_value FROM {sequence})))"
        f" FROM {table} HAVING max(id) IS NOT NULL"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_with_autoincrement("person", _person_columns())
        _rebuild_with_autoincrement("post", _post_columns())
    else:
        _sequence_past_largest_id("person")
        _sequence_past_largest_id("post")
    op.create_index("ix_post_tag_post_id", "post_tag", ["post_id"])
    op.create_table(
        "held_handle",
        sa.Column("handle", sa.String(30), nullable=False),
        sa.Column("held_until", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("handle", name=op.f("pk_held_handle")),
    )


def downgrade() -> None:
    # AUTOINCREMENT stays: numbers that were never reused need not start being reused.
    op.drop_table("held_handle")
    op.drop_index("ix_post_tag_post_id", table_name="post_tag")
