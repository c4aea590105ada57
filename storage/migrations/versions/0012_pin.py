"""Pinned posts: the one post a person shows first on their profile.

A table of its own rather than a column on person, so that person and post do not
point at each other (a cycle neither engine can create or drop in one order).

Revision ID: 0012_pin
Revises: 0011_inbox
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision: str = "0012_pin"
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


def downgrade() -> None:
    op.drop_index(op.f("ix_pin_post_id"), table_name="pin")
    op.drop_table("pin")
