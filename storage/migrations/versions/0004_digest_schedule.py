"""The daily digest: each person's next due time, worker claims, and the delivery key.

Also two indexes the digest reads by: a person's identities (where to send),
and followers newest first ("new followers since your last digest"), which
replaces the index on followee_id alone, its prefix.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN: a batch rebuild on SQLite would drop the full-text triggers.
    for name in ("digest_due_at", "digest_claimed_until", "last_digest_at"):
        op.add_column("person", sa.Column(name, UTCDateTime(), nullable=True))
    op.add_column("person", sa.Column("digest_always", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.create_index("ix_person_digest_due_at", "person", ["digest_due_at"])
    op.create_index("ix_identity_person_id", "identity", ["person_id"])
    op.create_index("ix_follow_followee_id_created_at", "follow", ["followee_id", "created_at"])
    op.drop_index("ix_follow_followee_id", table_name="follow")
    op.create_table(
        "digest_delivery",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column("lease_until", UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(16), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_digest_delivery_person_id_person"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("person_id", "local_date", name=op.f("pk_digest_delivery")),
    )


def downgrade() -> None:
    op.drop_table("digest_delivery")
    op.create_index("ix_follow_followee_id", "follow", ["followee_id"])
    op.drop_index("ix_follow_followee_id_created_at", table_name="follow")
    op.drop_index("ix_identity_person_id", table_name="identity")
    op.drop_index("ix_person_digest_due_at", table_name="person")
    for name in ("digest_always", "last_digest_at", "digest_claimed_until", "digest_due_at"):
        op.drop_column("person", name)
