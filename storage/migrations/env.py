"""Alembic environment: runs against the engine Plaza hands over, or DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.db import make_engine, sqlite_connection
from storage.search_schema import is_search_object

config = context.config


def include_object(obj: object, name: str | None, type_: str, reflected: bool,
                   compare_to: object) -> bool:
    """Full-text structures are hand-written per engine; autogenerate leaves them alone."""
    return not is_search_object(name)


def _sqlite_foreign_keys(connection: Connection, on: bool) -> None:
    # SQLite ignores this pragma inside a transaction, so it goes straight to the
    # driver before Alembic's transaction begins. Off, a migration may rebuild a table
    # (drop the old one, rename the new) without cascading into the rows that refer to it.
    sqlite_connection(connection).execute(f"PRAGMA foreign_keys={int(on)}")


def run_migrations() -> None:
    engine = config.attributes.get("engine") or make_engine()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, on=False)
        try:
            context.configure(
                connection=connection,
                target_metadata=SQLModel.metadata,
                include_object=include_object,
                render_as_batch=sqlite,
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, on=True)


run_migrations()
