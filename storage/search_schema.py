"""Full-text search structures, which differ per engine and live outside the models.

Since migration 0005_b both engines index the `search_text` column of `post` and
`person`, which holds the row's words already folded by storage.text.fold, the
very function a query goes through; the engines only split it into words:
SQLite: FTS5 tables kept in step by triggers, unicode61 tokenizer with combining
marks counted as word characters (so "हिन्दी" stays one word) and no folding of
its own. PostgreSQL: GIN indexes over `to_tsvector('simple', search_text)`.

Migration 0001 made the first version, below it: the engines folded the raw text
themselves (unicode61's diacritic removal; unaccent + lower in plaza_fold), each
its own way, and not the way queries were folded.
"""

from __future__ import annotations

from sqlalchemy import Connection

SEARCH_PREFIXES = ("post_fts", "person_fts", "plaza_fold")

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

# By name, so that a bulk load can drop the triggers, fill the tables, 'rebuild' each
# external-content index and put the very same triggers back.
SQLITE_TRIGGERS = {
    s.split()[2]: s for s in _SQLITE_FOLDED_CREATE if s.startswith("CREATE TRIGGER")
}
SQLITE_FTS_TABLES = tuple(
    s.split()[3] for s in _SQLITE_FOLDED_CREATE if s.startswith("CREATE VIRTUAL")
)

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


def is_search_object(name: str | None) -> bool:
    return bool(name) and name.startswith(SEARCH_PREFIXES)


def _run(connection: Connection, statements: list[str]) -> None:
    for statement in statements:
        connection.exec_driver_sql(statement)


def create_search(connection: Connection) -> None:
    """The first version (migration 0001)."""
    _run(connection, _SQLITE_CREATE if connection.dialect.name == "sqlite" else _PG_CREATE)


def drop_search(connection: Connection) -> None:
    _run(connection, _SQLITE_DROP if connection.dialect.name == "sqlite" else _PG_DROP)


def create_folded_search(connection: Connection) -> None:
    """The version over `search_text` (migration 0005_b); an SQLite index is filled from
    the table, a PostgreSQL one fills itself."""
    if connection.dialect.name == "sqlite":
        _run(connection, _SQLITE_FOLDED_CREATE)
        _run(connection, [f"INSERT INTO {t}({t}) VALUES ('rebuild')" for t in SQLITE_FTS_TABLES])
    else:
        _run(connection, _PG_FOLDED_CREATE)


def drop_folded_search(connection: Connection) -> None:
    _run(connection, _SQLITE_DROP if connection.dialect.name == "sqlite" else _PG_FOLDED_DROP)
