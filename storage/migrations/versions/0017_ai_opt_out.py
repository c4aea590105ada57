"""A person's posts kept out of language models (issue 18).

`person.ai_opt_out`: "don't use my posts for AI". Their posts are never sent to a
model, for anyone's summary or explanation (storage.visibility.ai_excluded_ids); they
still appear, quoted, in code-written digests.

Revision ID: 0017_ai_opt_out
Revises: 0016_steering
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_ai_opt_out"
down_revision: str | None = "0016_steering"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added in place, never by a batch: rebuilding person on SQLite would drop the
    # full-text and follow-count triggers that name it.
    op.add_column("person", sa.Column("ai_opt_out", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade() -> None:
    op.execute("ALTER TABLE person DROP COLUMN ai_opt_out")
