"""Replies know their thread's first post; no follow stands across a block.

`post.root_id` is the first post of a reply's thread (NULL on a first post).
Who may see a reply in a followers-only thread follows from it
(storage/visibility.py). Existing replies get it by walking `reply_to_id` down
from every post that answers nothing; a reply whose parent was deleted before
this migration starts a thread of its own.

It has no foreign key, on purpose: a thread outlives its first post, and its
replies keep the number of the deleted post, which then finds no row, so the
rule shows them to their authors alone; post numbers are never reused. (SQLite
could only add the key by rebuilding the table, and its DROP TABLE with keys on
would empty the tables that point at posts.)

Follows that stand across a block (a follow racing a block, before both locked
the pair) are removed: a block ends follows both ways.

Revision ID: 0006_thread_root
Revises: 0005_ids
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_thread_root"
down_revision: str | None = "0005_ids"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# UPDATE ... FROM: SQLite 3.33 and later, PostgreSQL.
_BACKFILL = """
UPDATE post SET root_id = thread.root_id
FROM (
    WITH RECURSIVE walk(id, root_id) AS (
        SELECT id, id FROM post WHERE reply_to_id IS NULL
        UNION ALL
        SELECT reply.id, walk.root_id FROM post AS reply JOIN walk ON reply.reply_to_id = walk.id
    )
    SELECT id, root_id FROM walk WHERE id <> root_id
) AS thread
WHERE post.id = thread.id
"""

_FOLLOWS_ACROSS_BLOCKS = """
DELETE FROM follow WHERE EXISTS (
    SELECT 1 FROM block
    WHERE (block.blocker_id = follow.follower_id AND block.blocked_id = follow.followee_id)
       OR (block.blocker_id = follow.followee_id AND block.blocked_id = follow.follower_id)
)
"""


def upgrade() -> None:
    op.add_column("post", sa.Column("root_id", sa.Integer(), nullable=True))
    op.execute(_BACKFILL)
    op.execute(_FOLLOWS_ACROSS_BLOCKS)


def downgrade() -> None:
    op.drop_column("post", "root_id")
