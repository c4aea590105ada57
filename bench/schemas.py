"""A PostgreSQL schema of its own for one benchmark run: made, migrated, dropped after."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from storage.db import database_url, make_engine, migrate


@contextmanager
def postgres_schema(url: str, prefix: str) -> Iterator[tuple[sa.Engine, str]]:
    """(an engine on a new schema "<prefix>_<8 hex>" at `url`, migrated to the head; the
    schema's name); the schema is dropped with everything in it on leaving."""
    schema = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in url else "?"
    engine = make_engine(f"{database_url(url)}{separator}options=-csearch_path%3D{schema}")
    try:
        migrate(engine)
        yield engine, schema
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()
