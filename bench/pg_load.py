"""Copy a generated SQLite network into PostgreSQL, so both engines hold the same rows.

    python -m bench.generate --url postgresql://postgres@127.0.0.1:5432/plaza_bench

The target database is emptied (its `public` schema dropped) and migrated by
`storage.db.migrate`, as every Plaza database is; then each table's rows go in
through COPY, with the secondary indexes (the full-text GIN indexes among them)
and the foreign keys set aside and rebuilt once at the end, and no trigger run
(the follow counts are recounted once, after), which is several
times faster than keeping them up to date row by row. Identity sequences are
moved past the largest id, and the tables analysed, so the planner starts with
statistics, as autovacuum would give it after a while.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from storage.counters import RECOUNT
from storage.db import database_url, make_engine, migrate

# A text COPY of every column the two files share; sqlite3 hands back booleans as 0/1,
# which PostgreSQL's boolean input accepts, and times as ISO text.
SKIP = {"alembic_version"}


def libpq_url(url: str) -> str:
    """`url` (any spelling storage.db accepts) as a libpq connection string."""
    return make_url(database_url(url)).set(drivername="postgresql").render_as_string(
        hide_password=False)


def _fresh_schema(url: str) -> None:
    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
        connection.execute("CREATE SCHEMA public")
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()


def _set_aside(cursor: psycopg.Cursor) -> tuple[list[str], list[str]]:
    """Drop the foreign keys and secondary indexes; returns the SQL that makes them again."""
    keys = cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE contype = 'f' AND connamespace = 'public'::regnamespace").fetchall()
    indexes = cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public'"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
    ).fetchall()
    for table, name, _ in keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return ([sql for _, sql in indexes],
            [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {sql}' for table, name, sql in keys])


def _tables(cursor: psycopg.Cursor) -> dict[str, list[str]]:
    rows = cursor.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = 'public' ORDER BY table_name, ordinal_position").fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        if table not in SKIP:
            tables.setdefault(table, []).append(column)
    return tables


def load(path: Path, url: str, out: Callable[[str], None] = print) -> dict[str, int]:
    """Replace what the database at `url` holds with the network in the SQLite file `path`;
    returns rows per table."""
    started = time.perf_counter()
    _fresh_schema(url)
    source = sqlite3.connect(path)
    counts: dict[str, int] = {}
    with psycopg.connect(libpq_url(url)) as connection, connection.cursor() as cursor:
        # No trigger runs during the load (the follow counts come from the file); the
        # foreign keys are checked when they are made again, below. Needs a superuser.
        cursor.execute("SET session_replication_role = replica")
        indexes, keys = _set_aside(cursor)
        for table, columns in _tables(cursor).items():
            present = {row[1] for row in source.execute(f'PRAGMA table_info("{table}")')}
            shared = [c for c in columns if c in present]
            if not shared:
                continue
            names = ", ".join(f'"{c}"' for c in shared)
            rows = source.execute(f'SELECT {names} FROM "{table}"')
            with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                count = 0
                for row in rows:
                    copy.write_row(row)
                    count += 1
            counts[table] = count
            out(f"  {table:<16}{count:>11,} rows  {time.perf_counter() - started:6.1f} s")
        for sql in [*indexes, *keys]:
            cursor.execute(sql)
        for sql in RECOUNT:  # a file written before migration 0009 has no counts to copy
            cursor.execute(sql)
        out(f"  indexes and keys rebuilt  {time.perf_counter() - started:6.1f} s")
        serials = cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = 'public'"
            " AND (is_identity = 'YES' OR column_default LIKE 'nextval%')").fetchall()
        for table, column in serials:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'),"
                f' coalesce((SELECT max("{column}") FROM "{table}"), 0) + 1, false)')
        connection.commit()
    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    source.close()
    out(f"  analysed  {time.perf_counter() - started:6.1f} s")
    return counts
