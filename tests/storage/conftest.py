from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from storage import network
from storage.db import make_engine
from storage.models import Person, Platform
from tests.conftest import ENGINES, POSTGRES_URL, _schema_url


@pytest.fixture
def person(session: Session) -> Callable[..., Person]:
    """Register someone on the console, interests optional: person("alice", "jazz")."""

    def make(handle: str, *interests: str) -> Person:
        new = network.register(session, handle, platform=Platform.console, external_id=handle)
        if interests:
            network.update_profile(session, new, interests=list(interests))
        return new

    return make


@pytest.fixture(params=ENGINES)
def blank(request: pytest.FixtureRequest, tmp_path) -> Iterator[sa.Engine]:
    """An engine on a database of its own, with no tables yet, on each engine: for
    migrations from an older revision."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        yield engine
        engine.dispose()
        return
    schema = f"plaza_migration_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    engine = make_engine(_schema_url(POSTGRES_URL, schema))
    yield engine
    engine.dispose()
    with admin.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.dispose()
