"""People, identities, posts and the social graph, with full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime
from storage.search_schema import create_search, drop_search

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(column: str, target: str, table: str, ondelete: str = "CASCADE"
        ) -> sa.ForeignKeyConstraint:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{referred}"), ondelete=ondelete
    )


def _pair_table(table: str, left: str, right: str, index_on: str | None) -> None:
    """A (person, person) edge table: follow, block, mute."""
    op.create_table(
        table,
        sa.Column(left, sa.Integer(), nullable=False),
        sa.Column(right, sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _fk(left, "person.id", table),
        _fk(right, "person.id", table),
        sa.PrimaryKeyConstraint(left, right, name=op.f(f"pk_{table}")),
    )
    if index_on:
        op.create_index(f"ix_{table}_{index_on}", table, [index_on])


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handle", sa.String(30), nullable=False),
        sa.Column("display_name", sa.String(50), nullable=False),
        sa.Column("bio", sa.String(300), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("digest_time", sa.Time(), nullable=False),
        sa.Column("digest_enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("handle", name=op.f("uq_person_handle")),
    )
    op.create_table(
        "interest",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(40), nullable=False),
        _fk("person_id", "person.id", "interest"),
        sa.PrimaryKeyConstraint("person_id", "tag", name=op.f("pk_interest")),
    )
    op.create_index("ix_interest_tag", "interest", ["tag"])
    op.create_table(
        "identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(64), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=True),
        sa.Column("unreachable", sa.Boolean(), nullable=False),
        sa.Column("last_seen_at", UTCDateTime(), nullable=False),
        _fk("person_id", "person.id", "identity"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity")),
        sa.UniqueConstraint(
            "platform", "external_id", name=op.f("uq_identity_platform_external_id")
        ),
    )
    op.create_table(
        "post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("visibility", sa.String(16), nullable=False),
        sa.Column("reply_to_id", sa.Integer(), nullable=True),
        sa.Column("repost_of_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _fk("author_id", "person.id", "post"),
        _fk("reply_to_id", "post.id", "post", ondelete="SET NULL"),
        _fk("repost_of_id", "post.id", "post"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post")),
    )
    op.create_index("ix_post_author_id_id", "post", ["author_id", "id"])
    op.create_index("ix_post_reply_to_id", "post", ["reply_to_id"])
    op.create_index("ix_post_repost_of_id", "post", ["repost_of_id"])
    op.create_table(
        "post_tag",
        sa.Column("tag", sa.String(50), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        _fk("post_id", "post.id", "post_tag"),
        sa.PrimaryKeyConstraint("tag", "post_id", name=op.f("pk_post_tag")),
    )
    op.create_table(
        "mention",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        _fk("person_id", "person.id", "mention"),
        _fk("post_id", "post.id", "mention"),
        sa.PrimaryKeyConstraint("person_id", "post_id", name=op.f("pk_mention")),
    )
    op.create_index("ix_mention_post_id", "mention", ["post_id"])
    op.create_table(
        "post_like",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _fk("person_id", "person.id", "post_like"),
        _fk("post_id", "post.id", "post_like"),
        sa.PrimaryKeyConstraint("person_id", "post_id", name=op.f("pk_post_like")),
    )
    op.create_index("ix_post_like_post_id", "post_like", ["post_id"])
    _pair_table("follow", "follower_id", "followee_id", index_on="followee_id")
    _pair_table("block", "blocker_id", "blocked_id", index_on="blocked_id")
    _pair_table("mute", "muter_id", "muted_id", index_on="muted_id")
    create_search(op.get_bind())


def downgrade() -> None:
    drop_search(op.get_bind())
    for table in ("mute", "block", "follow", "post_like", "mention", "post_tag", "post"):
        op.drop_table(table)
    for table in ("identity", "interest", "person"):
        op.drop_table(table)
