"""Test engines: every storage test runs on SQLite and, when TEST_POSTGRES_URL is
set, on PostgreSQL too. The run's header names the engines it ran on; a
PostgreSQL that was asked for and cannot be reached stops the run. The tests of
several workers sharing Redis run when TEST_REDIS_URL is set (tests/redis_support.py).

Every conversation test runs twice more: with chat states kept in the process,
and in the database under test (`states`)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from bot.conversation.states import ChatStates, DatabaseStates, InProcessStates
from storage.db import database_url, make_engine, migrate
from tests.processes import Bot, plaza_run
from tests.redis_support import REDIS_URL

# The conversation, model and clock fixtures every chat-facing package's tests share.
pytest_plugins = ["tests.chat_fixtures"]

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
ENGINES = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]
SCHEMA = f"plaza_test_{uuid.uuid4().hex[:8]}"


def _schema_url(url: str, schema: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{database_url(url)}{separator}options=-csearch_path%3D{schema}"


def pytest_configure(config: pytest.Config) -> None:
    if REDIS_URL:
        import redis

        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5).ping()
        except redis.RedisError as exc:
            raise pytest.UsageError(f"TEST_REDIS_URL is set but unreachable: {exc}") from exc
    if not POSTGRES_URL:
        return
    try:
        engine = make_engine(POSTGRES_URL)
        with engine.begin() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {SCHEMA}")
        engine.dispose()
    except sa.exc.OperationalError as exc:
        raise pytest.UsageError(f"TEST_POSTGRES_URL is set but unreachable: {exc}") from exc


def pytest_unconfigure(config: pytest.Config) -> None:
    if POSTGRES_URL:
        engine = make_engine(POSTGRES_URL)
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        engine.dispose()


def pytest_report_header(config: pytest.Config) -> list[str]:
    note = "" if POSTGRES_URL else " (set TEST_POSTGRES_URL to add postgresql)"
    shared = "redis: yes" if REDIS_URL else "redis: no (set TEST_REDIS_URL to test with Redis)"
    return [f"databases: {', '.join(ENGINES)}{note}", shared]


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[sa.Engine]:
    engine = make_engine(_schema_url(POSTGRES_URL, SCHEMA))
    migrate(engine)
    yield engine
    engine.dispose()


def _truncate(engine: sa.Engine) -> None:
    tables = ", ".join(table.name for table in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@pytest.fixture
def sqlite_engine(tmp_path) -> Iterator[sa.Engine]:
    """A migrated, empty SQLite database, for tests where the engine makes no difference."""
    engine = make_engine(f"sqlite:///{tmp_path / 'plaza.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> sa.Engine:
    """A migrated, empty database on each engine under test."""
    if request.param == "postgresql":
        engine = request.getfixturevalue("postgres_engine")
        _truncate(engine)
        return engine
    return request.getfixturevalue("sqlite_engine")


@pytest.fixture
def pg(engine: sa.Engine) -> sa.Engine:
    """`engine` where it is PostgreSQL; skipped on SQLite, whose one writer at a time rules
    out the interleavings of races between transactions."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time: these interleavings cannot happen")
    return engine


@pytest.fixture
def session(engine: sa.Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session
        session.rollback()


@pytest.fixture(params=ENGINES)
def empty_database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """The URL of an empty, unmigrated database on each engine under test: a new SQLite
    file, or a PostgreSQL schema of its own (dropped afterwards), for what must start from
    nothing: migrations from an old revision, the `plaza` command in a subprocess."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'plaza.db'}"
        return
    schema = f"plaza_empty_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield _schema_url(POSTGRES_URL, schema)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture(params=["in_process", "database"])
def states(request: pytest.FixtureRequest, engine: sa.Engine) -> ChatStates:
    """Where a conversation keeps chat states: in the process (the terminal's), or in
    the database under test (`plaza run`'s)."""
    return DatabaseStates(engine) if request.param == "database" else InProcessStates()


@pytest.fixture(scope="module")
def network_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small generated network (tests/generated_network.py) as a SQLite file, made
    once per test module."""
    from tests.generated_network import small_network  # it imports this module

    return small_network(tmp_path_factory.mktemp("network") / "network.db")


@pytest.fixture(scope="module", params=ENGINES)
def generated(request: pytest.FixtureRequest, network_file: Path) -> Iterator[sa.Engine]:
    """That network on each engine under test, for the module's tests to read."""
    from tests.generated_network import engine_on  # it imports this module

    with engine_on(request.param, network_file) as engine:
        yield engine


@pytest.fixture
async def plaza_processes(tmp_path: Path) -> AsyncIterator[Callable[..., Awaitable[Bot]]]:
    """Starts `python -m bot run` in `tmp_path` with the settings given (a SQLite file
    there unless DATABASE_URL says otherwise); whatever still runs at the end is killed."""
    bots: list[Bot] = []

    async def launch(**settings: str) -> Bot:
        database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'plaza.db'}"}
        bots.append(await plaza_run(tmp_path, **(database | settings)))
        return bots[-1]

    yield launch
    for bot in bots:
        bot.stop()
        await bot.exit_status()
