"""Full-text search structures, which differ per engine and live outside the models.

Since migration 0007_search_fold both engines index the `search_text` column of `post` and
`person`, which holds the row's words already folded and split by
storage.text.search_words, the very function a query goes through, one space
between two words; the engines only find the spaces (PostgreSQL's parser would
otherwise keep "example.com", "bob@example.org" or "3.14" as one token):
SQLite: FTS5 tables kept in step by triggers, unicode61 tokenizer with combining
marks counted as word characters (so "हिन्दी" stays one word) and no folding of
its own. PostgreSQL: GIN indexes over `to_tsvector('simple', search_text)`.

Migration 0001 made the first version, below it: the engines folded the raw text
themselves (unicode61's diacritic removal; unaccent + lower in plaza_fold), each
its own way, and not the way queries were folded.

FTS5 deletes by adding a "delete" entry beside the words it cancels, which stay
in the file until their segment is merged: `erase_deleted_words` merges them away.
"""

from __future__ import annotations

import re
import time

from sqlalchemy import Connection, Engine

from storage.db import DEFERRED, sqlite_connection

SEARCH_PREFIXES = ("post_fts", "person_fts", "plaza_fold", "search_vector")

_SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE post_fts USING fts5(
        text, content='post', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER post_fts_insert AFTER INSERT ON post BEGIN
        INSERT INTO post_fts(rowid, text) VALUES (new.id, new.text); END""",
    """CREATE TRIGGER post_fts_delete AFTER DELETE ON post BEGIN
        INSERT INTO post_fts(post_fts, rowid, text) VALUES ('delete', old.id, old.text); END""",
    """CREATE VIRTUAL TABLE person_fts USING fts5(
        handle, display_name, bio, content='person', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER person_fts_insert AFTER INSERT ON person BEGIN
        INSERT INTO person_fts(rowid, handle, display_name, bio)
        VALUES (new.id, new.handle, new.display_name, new.bio); END""",
    """CREATE TRIGGER person_fts_delete AFTER DELETE ON person BEGIN
        INSERT INTO person_fts(person_fts, rowid, handle, display_name, bio)
        VALUES ('delete', old.id, old.handle, old.display_name, old.bio); END""",
    """CREATE TRIGGER person_fts_update AFTER UPDATE OF handle, display_name, bio ON person
        BEGIN
        INSERT INTO person_fts(person_fts, rowid, handle, display_name, bio)
        VALUES ('delete', old.id, old.handle, old.display_name, old.bio);
        INSERT INTO person_fts(rowid, handle, display_name, bio)
        VALUES (new.id, new.handle, new.display_name, new.bio); END""",
]

_SQLITE_DROP = [
    "DROP TRIGGER person_fts_update",
    "DROP TRIGGER person_fts_delete",
    "DROP TRIGGER person_fts_insert",
    "DROP TABLE person_fts",
    "DROP TRIGGER post_fts_delete",
    "DROP TRIGGER post_fts_insert",
    "DROP TABLE post_fts",
]

_FOLDED_TOKENIZER = "tokenize=\"unicode61 remove_diacritics 0 categories 'L* M* N* Co'\""

_SQLITE_FOLDED_CREATE = [
    f"""CREATE VIRTUAL TABLE post_fts USING fts5(
        search_text, content='post', content_rowid='id', {_FOLDED_TOKENIZER})""",
    """CREATE TRIGGER post_fts_insert AFTER INSERT ON post BEGIN
        INSERT INTO post_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
    """CREATE TRIGGER post_fts_delete AFTER DELETE ON post BEGIN
        INSERT INTO post_fts(post_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text); END""",
    f"""CREATE VIRTUAL TABLE person_fts USING fts5(
        search_text, content='person', content_rowid='id', {_FOLDED_TOKENIZER})""",
    """CREATE TRIGGER person_fts_insert AFTER INSERT ON person BEGIN
        INSERT INTO person_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
    """CREATE TRIGGER person_fts_delete AFTER DELETE ON person BEGIN
        INSERT INTO person_fts(person_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text); END""",
    """CREATE TRIGGER person_fts_update AFTER UPDATE OF search_text ON person BEGIN
        INSERT INTO person_fts(person_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO person_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
]


# Since migration 0013 a post's text can change (an edit): its words are swapped in the index.
_SQLITE_EDIT_CREATE = [
    """CREATE TRIGGER post_fts_update AFTER UPDATE OF search_text ON post BEGIN
        INSERT INTO post_fts(post_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO post_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
]


def _triggers(statements: list[str]) -> dict[str, str]:
    return {s.split()[2]: s for s in statements if s.startswith("CREATE TRIGGER")}


# By name, so that a bulk load can drop the triggers, fill the tables, 'rebuild' each
# external-content index and put the very same triggers back.
SQLITE_TRIGGERS = _triggers(_SQLITE_FOLDED_CREATE + _SQLITE_EDIT_CREATE)
# The triggers as migration 0001 made them, for a migration that runs before 0007.
FIRST_SQLITE_TRIGGERS = _triggers(_SQLITE_CREATE)
SQLITE_FTS_TABLES = tuple(
    s.split()[3] for s in _SQLITE_FOLDED_CREATE if s.startswith("CREATE VIRTUAL")
)


def sqlite_triggers_on(table: str, triggers: dict[str, str] = SQLITE_TRIGGERS) -> list[str]:
    """The CREATE TRIGGER statements among `triggers` that keep a full-text table in
    step with `table`, for a migration that rebuilds `table` (dropping it drops its
    triggers); a migration passes the set that was live at its place in the chain."""
    on = re.compile(rf"\sON {table}\s")
    return [s for s in triggers.values() if on.search(s)]


_PG_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public",
    """CREATE FUNCTION plaza_fold(text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$""",
    """CREATE INDEX post_fts_gin ON post
        USING gin (to_tsvector('simple', plaza_fold(text)))""",
    """CREATE INDEX person_fts_gin ON person USING gin (
        to_tsvector('simple', plaza_fold(handle || ' ' || display_name || ' ' || bio)))""",
]

_PG_DROP = [
    "DROP INDEX person_fts_gin",
    "DROP INDEX post_fts_gin",
    "DROP FUNCTION plaza_fold(text)",
]

_PG_FOLDED_CREATE = [
    "CREATE INDEX post_fts_gin ON post USING gin (to_tsvector('simple', search_text))",
    "CREATE INDEX person_fts_gin ON person USING gin (to_tsvector('simple', search_text))",
]
_PG_FOLDED_DROP = ["DROP INDEX person_fts_gin", "DROP INDEX post_fts_gin"]

PG_VECTOR = "search_vector"
_PG_STORED_CREATE = [
    statement
    for table in ("post", "person")
    for statement in (
        f"""ALTER TABLE {table} ADD COLUMN {PG_VECTOR} tsvector
            GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED""",
        f"DROP INDEX {table}_fts_gin",
        f"CREATE INDEX {table}_fts_gin ON {table} USING gin ({PG_VECTOR})",
    )
]
_PG_STORED_DROP = [
    statement
    for table in ("post", "person")
    for statement in (
        f"ALTER TABLE {table} DROP COLUMN {PG_VECTOR}",  # drops its index too
        f"CREATE INDEX {table}_fts_gin ON {table} USING gin (to_tsvector('simple', search_text))",
    )
]


def is_search_object(name: str | None) -> bool:
    return name is not None and name.startswith(SEARCH_PREFIXES)


def _run(connection: Connection, statements: list[str]) -> None:
    for statement in statements:
        connection.exec_driver_sql(statement)


def create_search(connection: Connection) -> None:
    """The first version (migration 0001)."""
    _run(connection, _SQLITE_CREATE if connection.dialect.name == "sqlite" else _PG_CREATE)


def drop_search(connection: Connection) -> None:
    _run(connection, _SQLITE_DROP if connection.dialect.name == "sqlite" else _PG_DROP)


def create_folded_search(connection: Connection) -> None:
    """The version over `search_text` (migration 0007_search_fold); an SQLite index is filled from
    the table, a PostgreSQL one fills itself."""
    if connection.dialect.name == "sqlite":
        _run(connection, _SQLITE_FOLDED_CREATE)
        _run(connection, [f"INSERT INTO {t}({t}) VALUES ('rebuild')" for t in SQLITE_FTS_TABLES])
    else:
        _run(connection, _PG_FOLDED_CREATE)


def drop_folded_search(connection: Connection) -> None:
    _run(connection, _SQLITE_DROP if connection.dialect.name == "sqlite" else _PG_FOLDED_DROP)


def create_edit_search(connection: Connection) -> None:
    """Edits reach SQLite's index (migration 0013); PostgreSQL's stored vector follows
    its column by itself."""
    if connection.dialect.name == "sqlite":
        _run(connection, _SQLITE_EDIT_CREATE)


def drop_edit_search(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        _run(connection, [f"DROP TRIGGER {name}" for name in _triggers(_SQLITE_EDIT_CREATE)])


def store_search_vectors(connection: Connection) -> None:
    """PostgreSQL's stored vectors (migration 0009_read_paths); SQLite's FTS5 tables stay."""
    if connection.dialect.name == "postgresql":
        _run(connection, _PG_STORED_CREATE)


def drop_search_vectors(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        _run(connection, _PG_STORED_DROP)


MERGE_PAGES = 500  # index pages (about 2 MB) one merge step writes: some 50 ms of lock


def _merge_step(engine: Engine, table: str, pages: int) -> bool:
    """One bounded step of merging every segment of `table` into one; False once there
    was nothing left to merge (FTS5's own test: fewer than two rows changed)."""
    with engine.begin() as connection:
        driver = sqlite_connection(connection)
        before = driver.total_changes
        connection.exec_driver_sql(
            f"INSERT INTO {table}({table}, rank) VALUES ('merge', ?)", (-pages,)
        )
        return driver.total_changes - before >= 2


def erase_deleted_words(engine: Engine, pages: int = MERGE_PAGES) -> int:
    """Merge SQLite's full-text indexes until the words of deleted rows are gone from them.

    FTS5 forgets a row by writing a "delete" entry beside its words, which stay in
    the file until a merge rewrites the segment holding them. 'merge' with a
    negative page count merges every segment into one, `pages` pages a step: the
    whole index is rewritten (about 31 MB for a million posts, half a second), so
    each step is a short transaction of its own and the next waits as long as the
    last held the write lock, letting other writers in between. The steps stop
    when there is nothing left to merge or once the index's size has been written,
    which finishes the merge of every segment there was at the start; segments
    written meanwhile are left to the next merge. Freed pages are zeroed by PRAGMA
    secure_delete (storage.db). Returns the steps taken; does nothing on
    PostgreSQL, whose index entries go with VACUUM.
    """
    if engine.dialect.name != "sqlite":
        return 0
    engine = engine.execution_options(**{DEFERRED: False})  # each step writes
    steps = 0
    for table in SQLITE_FTS_TABLES:
        with engine.connect() as connection:
            blocks = connection.exec_driver_sql(f"SELECT count(*) FROM {table}_data").scalar_one()
        for _ in range(blocks // pages + 3):
            started = time.perf_counter()
            steps += 1
            if not _merge_step(engine, table, pages):
                break
            time.sleep(time.perf_counter() - started)
    return steps
