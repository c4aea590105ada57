"""Edits, quotes, reports and suspensions.

`post.edited_at` and `post_version` (the texts a post showed before; storage.editing), and
an SQLite trigger that swaps an edited post's words in the full-text index.
`post.quote_of_id`: the post a post quotes, with no key (a quote outlives what it quotes).
`report`: people's reports for the operator (`plaza reports`); `person.suspended_at`:
an account the operator suspended.

Revision ID: 0013_edit_quote_report
Revises: 0012_pin_renames
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime
from storage.search_schema import create_edit_search, drop_edit_search

revision: str = "0013_edit_quote_report"
down_revision: str | None = "0012_pin_renames"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added in place, never by a batch: rebuilding post or person on SQLite would drop
    # the full-text and follow-count triggers that name them.
    op.add_column("post", sa.Column("edited_at", UTCDateTime(), nullable=True))
    op.add_column("post", sa.Column("quote_of_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_post_quote_of_id"), "post", ["quote_of_id"])
    op.add_column("person", sa.Column("suspended_at", UTCDateTime(), nullable=True))
    op.create_index(op.f("ix_person_suspended_at"), "person", ["suspended_at"])
    op.create_table(
        "post_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_at", UTCDateTime(), nullable=False),
        sa.Column("replaced_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["post.id"],
                                name=op.f("fk_post_version_post_id_post"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post_version")),
    )
    op.create_index("ix_post_version_post_id_id", "post_version", ["post_id", "id"])
    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("post_text", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.Column("told_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["reporter_id"], ["person.id"],
                                name=op.f("fk_report_reporter_id_person"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_report_person_id_person"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report")),
        sqlite_autoincrement=True,  # a report's number is never given to another
    )
    op.create_index("ix_report_reporter_id", "report", ["reporter_id"])
    op.create_index("ix_report_person_id", "report", ["person_id"])
    op.create_index("ix_report_status_id", "report", ["status", "id"])
    create_edit_search(op.get_bind())


def downgrade() -> None:
    drop_edit_search(op.get_bind())
    op.drop_table("report")
    op.drop_table("post_version")
    op.drop_index(op.f("ix_person_suspended_at"), table_name="person")
    op.execute("ALTER TABLE person DROP COLUMN suspended_at")
    op.drop_index(op.f("ix_post_quote_of_id"), table_name="post")
    op.execute("ALTER TABLE post DROP COLUMN quote_of_id")
    op.execute("ALTER TABLE post DROP COLUMN edited_at")
