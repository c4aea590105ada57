"""Chat state in the database, so that any worker can take a chat's next turn.

`chat_state` holds, per (platform, chat, person on that platform), what the
conversation keeps between turns as opaque text, and a version each write
raises by one (storage/chat_state.py). Before, it lived in the process that
served the chat: a restart forgot a pending question, and a second process
could not see it. Nothing is carried over: there was nothing stored to carry.

Revision ID: 0008_chat_state
Revises: 0007_search_fold
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision: str = "0008_chat_state"
down_revision: str | None = "0007_search_fold"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_state",
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("external_id", sa.String(64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("platform", "chat_id", "external_id", name=op.f("pk_chat_state")),
    )
    op.create_index("ix_chat_state_platform_external_id", "chat_state",
                    ["platform", "external_id"])


def downgrade() -> None:
    op.drop_index("ix_chat_state_platform_external_id", table_name="chat_state")
    op.drop_table("chat_state")
