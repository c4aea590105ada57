"""The engine and the schema: URLs, SQLite pragmas, migrations, concurrent writers."""

import multiprocessing
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from storage import network
from storage.db import alembic_config, database_url, make_engine, migrate, session_scope
from storage.models import Platform
from storage.search_schema import is_search_object


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u:p@host:5432/db", "postgresql+psycopg://u:p@host:5432/db"),
        ("postgresql://u@host/db", "postgresql+psycopg://u@host/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_url_accepts_heroku_style_urls(given: str, used: str) -> None:
    assert database_url(given) == used


def test_default_database_is_a_sqlite_file_in_the_working_directory(monkeypatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url() == "sqlite:///plaza.db"
    monkeypatch.setenv("DATABASE_URL", "sqlite:///elsewhere.db")
    assert database_url() == "sqlite:///elsewhere.db"


def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    with engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 10_000
    engine.dispose()


def test_models_and_migrations_agree(engine: sa.Engine) -> None:
    def include(obj, name, type_, reflected, compare_to) -> bool:
        return not is_search_object(name)

    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include}
        )
        assert compare_metadata(context, SQLModel.metadata) == []


def test_migrations_go_down_and_up_again(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    migrate(engine)
    command.downgrade(alembic_config(engine), "base")
    assert set(sa.inspect(engine).get_table_names()) == {"alembic_version"}
    migrate(engine)
    assert {"person", "post", "post_fts", "follow"} <= set(sa.inspect(engine).get_table_names())
    engine.dispose()


def _write_posts(url: str, handle: str, count: int) -> None:
    engine = make_engine(url)
    for i in range(count):
        with session_scope(engine) as session:
            author = network.person_by_handle(session, handle)
            network.post(session, author, f"{handle} says {i}")
    engine.dispose()


def test_two_processes_write_to_one_sqlite_file_without_locking_errors(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    engine = make_engine(url)
    migrate(engine)
    with session_scope(engine) as session:
        for handle in ("alice", "bob"):
            network.register(session, handle, platform=Platform.console, external_id=handle)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_posts, args=(url, h, 150)) for h in ("alice", "bob")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0, 0]
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM post").scalar() == 300
    engine.dispose()
