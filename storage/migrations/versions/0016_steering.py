"""Steering the feed by talking (issue 18).

`steering_rule`: "show me less politics this week", "never show me crypto": a word or
topic a person hides, wants less or more of, until a time (UTC) or for ever
(storage.steering). Keyed by (person, term): one rule per term, the latest said.

Revision ID: 0016_steering
Revises: 0015_reports_kept
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision: str = "0016_steering"
down_revision: str | None = "0015_reports_kept"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "steering_rule",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_steering_rule_person_id_person"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("person_id", "term", name=op.f("pk_steering_rule")),
    )


def downgrade() -> None:
    op.drop_table("steering_rule")
