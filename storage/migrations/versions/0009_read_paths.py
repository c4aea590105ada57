"""Reads that cost the same on both engines: kept follow counts, stored search vectors.

Adds `follower_count` and `following_count` to `person`, filled from the follow
rows and kept in step by triggers (storage/counters.py), so people search and
profiles read two columns instead of counting follows per person. On PostgreSQL,
posts and people get a stored `search_vector` with the GIN index moved onto it
(storage/search_schema.py), so a search reads each row's words instead of
computing them; SQLite's FTS5 tables are unchanged.

Revision ID: 0009_read_paths
Revises: 0008_chat_state
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.counters import create_counters, drop_counters, recount
from storage.search_schema import drop_search_vectors, store_search_vectors

revision: str = "0009_read_paths"
down_revision: str | None = "0008_chat_state"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTS = ("follower_count", "following_count")


def upgrade() -> None:
    # Plain ADD COLUMN on both engines: SQLite needs no table rebuild for a column
    # with a constant default.
    for name in COUNTS:
        op.add_column("person", sa.Column(name, sa.Integer(), nullable=False,
                                          server_default="0"))
    connection = op.get_bind()
    recount(connection)
    create_counters(connection)
    store_search_vectors(connection)


def downgrade() -> None:
    connection = op.get_bind()
    drop_search_vectors(connection)
    drop_counters(connection)
    for name in COUNTS:
        op.drop_column("person", name)
