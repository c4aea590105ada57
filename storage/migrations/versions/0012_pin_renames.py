"""Pinned posts, handles held for whoever changed away from them, the last export.

`pin`: the one post a person shows first on their profile; a table of its own rather
than a column on person, so that person and post do not point at each other (a cycle
neither engine can create or drop in one order). `held_handle.person_id`: who changed
their handle away from this one (NULL for a deleted account's), so that "follow @old"
still finds them while it is held. `person.last_export_at`: exports are limited to one
every few minutes (storage.flood.claim_export).

Revision ID: 0012_pin_renames
Revises: 0011_inbox
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision: str = "0012_pin_renames"
down_revision: str | None = "0011_inbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pin",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("pinned_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_pin_person_id_person"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["post_id"], ["post.id"], name=op.f("fk_pin_post_id_post"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_pin")),
    )
    op.create_index(op.f("ix_pin_post_id"), "pin", ["post_id"])
    op.add_column("person", sa.Column("last_export_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("held_handle") as batch:  # SQLite: the table is rebuilt
        batch.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_held_handle_person_id_person"), "person",
                                 ["person_id"], ["id"], ondelete="SET NULL")
        batch.create_index(op.f("ix_held_handle_person_id"), ["person_id"])


def downgrade() -> None:
    with op.batch_alter_table("held_handle") as batch:
        batch.drop_index(op.f("ix_held_handle_person_id"))
        batch.drop_constraint(op.f("fk_held_handle_person_id_person"), type_="foreignkey")
        batch.drop_column("person_id")
    # Not a batch: rebuilding person on SQLite would break the triggers that name it
    # (storage.counters); both engines drop a column in place (SQLite since 3.35).
    op.execute("ALTER TABLE person DROP COLUMN last_export_at")
    op.drop_index(op.f("ix_pin_post_id"), table_name="pin")
    op.drop_table("pin")
