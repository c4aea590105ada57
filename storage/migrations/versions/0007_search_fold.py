"""Search reads text folded once, in Python, the same way on both engines.

Adds `search_text` to `post` and `person`, the row's words folded and split by
storage.text.search_words and joined by single spaces, and rebuilds the
full-text index over it (storage.search_schema: `create_folded_search`).
Before, each engine folded the raw text its own way and queries were folded a
third way, so "Straße" found nothing on SQLite and "ılık" nothing on PostgreSQL;
and PostgreSQL's parser kept "résumé.pdf" or "bob@example.org" as one token.

Tags and interests stored under the old fold are folded again: post tags are read
anew from each post's text (the old pattern cut "#हिन्दी" down to "ह"), interests
are refolded (Hangul back in syllables). A post whose text now holds a tag over
the length limit keeps its old tags.

Revision ID: 0007_search_fold
Revises: 0006_thread_root
Create Date: 2026-12-01
"""

from collections.abc import Iterator, Sequence

import sqlalchemy as sa
from alembic import op

from storage.errors import InvalidInput
from storage.models import search_document
from storage.search_schema import (
    create_folded_search,
    create_search,
    drop_folded_search,
    drop_search,
)
from storage.text import INTEREST_MAX, fold, hashtags

revision: str = "0007_search_fold"
down_revision: str | None = "0006_thread_root"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5_000


def _rows(connection: sa.Connection, table: str, columns: str) -> Iterator[Sequence[sa.Row]]:
    """Every row of `table` as (id, *columns), a batch at a time, by id."""
    last = 0
    while batch := connection.execute(sa.text(
        f"SELECT id, {columns} FROM {table} WHERE id > :last ORDER BY id LIMIT {BATCH}"
    ), {"last": last}).all():
        yield batch
        last = batch[-1][0]


def _fill_search_text(connection: sa.Connection) -> None:
    update = "UPDATE {} SET search_text = :s WHERE id = :id"
    for batch in _rows(connection, "post", "text"):
        connection.execute(sa.text(update.format("post")),
                           [{"id": i, "s": search_document(text)} for i, text in batch])
    for batch in _rows(connection, "person", "handle, display_name, bio"):
        connection.execute(sa.text(update.format("person")),
                           [{"id": i, "s": search_document(*rest)} for i, *rest in batch])


def _refold_tags(connection: sa.Connection) -> None:
    for batch in _rows(connection, "post", "text"):
        tagged = {}
        for post_id, text in batch:
            if any(sign in text for sign in "#＃﹟"):
                try:
                    tagged[post_id] = hashtags(text)
                except InvalidInput:
                    continue
        if not tagged:
            continue
        connection.execute(sa.text("DELETE FROM post_tag WHERE post_id IN :ids")
                           .bindparams(sa.bindparam("ids", expanding=True)),
                           {"ids": list(tagged)})
        rows = [{"t": tag, "p": p} for p, tags in tagged.items() for tag in tags]
        if rows:
            connection.execute(sa.text("INSERT INTO post_tag (tag, post_id) VALUES (:t, :p)"),
                               rows)


def _refold_interests(connection: sa.Connection) -> None:
    rows = connection.execute(sa.text("SELECT person_id, tag FROM interest")).all()
    refolded = [(person, tag, fold(tag)) for person, tag in rows]
    changed = [(person, old, new) for person, old, new in refolded if new != old]
    kept = {(person, tag) for person, tag in rows}
    for person, old, new in changed:
        connection.execute(sa.text("DELETE FROM interest WHERE person_id = :p AND tag = :t"),
                           {"p": person, "t": old})
        kept.discard((person, old))
        if (person, new) not in kept and len(new) <= INTEREST_MAX:
            connection.execute(sa.text("INSERT INTO interest (person_id, tag) VALUES (:p, :t)"),
                               {"p": person, "t": new})
            kept.add((person, new))


def upgrade() -> None:
    connection = op.get_bind()
    # Plain ADD COLUMN: a batch rebuild on SQLite would drop the full-text triggers.
    for table in ("post", "person"):
        op.add_column(table, sa.Column("search_text", sa.Text(), nullable=False,
                                       server_default=""))
    drop_search(connection)
    _fill_search_text(connection)
    _refold_tags(connection)
    _refold_interests(connection)
    create_folded_search(connection)


def downgrade() -> None:
    connection = op.get_bind()
    drop_folded_search(connection)
    for table in ("person", "post"):
        op.drop_column(table, "search_text")
    create_search(connection)
    if connection.dialect.name == "sqlite":
        for table in ("post_fts", "person_fts"):
            connection.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
