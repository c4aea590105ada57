"""Bulk loading into a migrated SQLite file: raw sqlite3, big transactions, no per-row work.

During the load the triggers and the secondary indexes are set aside: one
'rebuild' of each FTS index, and one recount of follows, beat a trigger per row,
and an index built once beats one kept sorted under random inserts (on the default network they save
about 10 s and 5 s; the whole run takes 43 s). Afterwards the indexes are
recreated from the very SQL the migrations left in sqlite_master and the
triggers come back from `storage.search_schema`, so the file has exactly the
schema the migrations made.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from storage.counters import RECOUNT, SQLITE_COUNTER_TRIGGERS
from storage.models import search_document
from storage.search_schema import SQLITE_FTS_TABLES, SQLITE_TRIGGERS

# Set aside during the load: the full-text index is rebuilt and the follow counts
# recounted once instead (storage.counters).
TRIGGERS = {**SQLITE_TRIGGERS, **SQLITE_COUNTER_TRIGGERS}

COLUMNS = {
    "person": "id, handle, display_name, bio, language, timezone, digest_time, digest_enabled,"
    " created_at",
    "interest": "person_id, tag",
    "identity": "id, person_id, platform, external_id, chat_id, unreachable, last_seen_at",
    "follow": "follower_id, followee_id, created_at",
    "block": "blocker_id, blocked_id, created_at",
    "mute": "muter_id, muted_id, created_at",
    "post": "id, author_id, text, visibility, reply_to_id, repost_of_id, created_at, root_id",
    "post_tag": "tag, post_id",
    "mention": "person_id, post_id, kind",
    "post_like": "person_id, post_id, created_at",
}


def _secondary_indexes(connection: sqlite3.Connection) -> list[tuple[str, str]]:
    """(name, CREATE INDEX ...) of every explicit index; the automatic ones of primary
    keys and unique constraints have no SQL and stay."""
    query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    return list(connection.execute(query))


@contextmanager
def bulk(connection: sqlite3.Connection) -> Iterator[None]:
    """Make `connection` fit for loading, and the file fit for Plaza again afterwards."""
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA cache_size = -1000000")  # about 1 GB
    connection.execute("PRAGMA temp_store = MEMORY")
    indexes = _secondary_indexes(connection)
    for name in TRIGGERS:
        connection.execute(f"DROP TRIGGER {name}")
    for name, _ in indexes:
        connection.execute(f"DROP INDEX {name}")
    yield
    # What the application's column default writes (storage.models.search_document).
    connection.create_function("search_document", -1, search_document, deterministic=True)
    with transaction(connection):
        connection.execute("UPDATE post SET search_text = search_document(text)")
        connection.execute(
            "UPDATE person SET search_text = search_document(handle, display_name, bio)"
        )
        for _, sql in indexes:
            connection.execute(sql)
        for table in SQLITE_FTS_TABLES:
            connection.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
        for sql in RECOUNT:
            connection.execute(sql)
        for sql in TRIGGERS.values():
            connection.execute(sql)
    connection.execute("PRAGMA journal_mode = WAL")


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[None]:
    connection.execute("BEGIN")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def insert(connection: sqlite3.Connection, table: str, rows: Iterable[tuple]) -> int:
    """Insert `rows` (in the order of COLUMNS[table]) in one transaction; returns the count."""
    columns = COLUMNS[table]
    marks = ", ".join("?" * (columns.count(",") + 1))
    with transaction(connection):
        cursor = connection.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
    return cursor.rowcount
