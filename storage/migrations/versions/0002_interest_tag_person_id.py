"""People by interest from the index alone: (tag, person_id) replaces (tag).

Search and suggestions look people up by tag and need nothing but their ids.
With the id in the index, SQLite no longer visits one table row per person
holding a popular interest: on the benchmark network (bench/) this halves
shared-interest suggestions and the interest part of people search.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_interest_tag_person_id", "interest", ["tag", "person_id"])
    op.drop_index("ix_interest_tag", table_name="interest")


def downgrade() -> None:
    op.create_index("ix_interest_tag", "interest", ["tag"])
    op.drop_index("ix_interest_tag_person_id", table_name="interest")
