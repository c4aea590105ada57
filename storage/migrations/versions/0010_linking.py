"""Linking identities: one person on several platforms.

`link_code` keeps the one-time codes people ask for to join another platform's
account to theirs (only each code's SHA-256, storage/linking.py); `link_failure`
the wrong codes each platform account entered, which pause its tries after five
in an hour; `person.digest_platform` where the digest goes first, NULL for the
platform used last. Nothing is carried over: none of this existed.

Revision ID: 0010_linking
Revises: 0009_read_paths
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision: str = "0010_linking"
down_revision: str | None = "0009_read_paths"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("person", sa.Column("digest_platform", sa.String(16), nullable=True))
    op.create_table(
        "link_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("claimed_platform", sa.String(16), nullable=True),
        sa.Column("claimed_external_id", sa.String(64), nullable=True),
        sa.Column("claimed_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="CASCADE",
                                name=op.f("fk_link_code_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_code")),
        sa.UniqueConstraint("digest", name=op.f("uq_link_code_digest")),
    )
    op.create_index("ix_link_code_person_id", "link_code", ["person_id"])
    op.create_table(
        "link_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(64), nullable=False),
        sa.Column("failed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_failure")),
    )
    op.create_index("ix_link_failure_platform_external_id_failed_at", "link_failure",
                    ["platform", "external_id", "failed_at"])


def downgrade() -> None:
    op.drop_index("ix_link_failure_platform_external_id_failed_at", table_name="link_failure")
    op.drop_table("link_failure")
    op.drop_index("ix_link_code_person_id", table_name="link_code")
    op.drop_table("link_code")
    op.drop_column("person", "digest_platform")
