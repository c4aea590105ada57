"""Notifications (issue 17).

`notification`: what happened to a person, kept until pushed to them, unique per
recipient and event key (storage.notifications); `subscription`: "notify me when
@alice posts"; `person.notify_off`, `person.quiet_from`, `person.quiet_until`: the kinds
a person turned off and their quiet hours.

Revision ID: 0014_notifications
Revises: 0013_edit_quote_report
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision: str = "0014_notifications"
down_revision: str | None = "0013_edit_quote_report"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added in place, never by a batch: rebuilding person on SQLite would drop the
    # full-text and follow-count triggers that name it.
    op.add_column("person", sa.Column("notify_off", sa.String(128), nullable=False,
                                      server_default=""))
    op.add_column("person", sa.Column("quiet_from", sa.Time(), nullable=True))
    op.add_column("person", sa.Column("quiet_until", sa.Time(), nullable=True))
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("claimed_until", UTCDateTime(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["recipient_id"], ["person.id"],
                                name=op.f("fk_notification_recipient_id_person"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["actor_id"], ["person.id"],
                                name=op.f("fk_notification_actor_id_person"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
        sa.UniqueConstraint("recipient_id", "key", name=op.f("uq_notification_recipient_id_key")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_notification_status_due_at", "notification", ["status", "due_at"])
    op.create_table(
        "subscription",
        sa.Column("subscriber_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["subscriber_id"], ["person.id"],
                                name=op.f("fk_subscription_subscriber_id_person"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["person.id"],
                                name=op.f("fk_subscription_author_id_person"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("subscriber_id", "author_id", name=op.f("pk_subscription")),
    )
    op.create_index("ix_subscription_author_id", "subscription", ["author_id"])


def downgrade() -> None:
    op.drop_table("subscription")
    op.drop_table("notification")
    for column in ("quiet_until", "quiet_from", "notify_off"):
        op.execute(f"ALTER TABLE person DROP COLUMN {column}")
