"""PostgreSQL connections get JIT off (storage.db.make_engine) without losing what the
person running Plaza set: `options` in DATABASE_URL (a schema's search_path, with other
parameters beside it), or libpq's PGOPTIONS; JIT itself stays as they set it."""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest

from storage.db import database_url, make_engine

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="TEST_POSTGRES_URL not set")


def settings(url: str, *names: str) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return [connection.exec_driver_sql(f"SHOW {name}").scalar_one() for name in names]
    finally:
        engine.dispose()


def with_query(query: str) -> str:
    url = database_url(POSTGRES_URL)
    return f"{url}{'&' if '?' in url else '?'}{query}"


def options(text: str) -> str:
    return "options=" + quote(text, safe="")


@pytest.fixture(autouse=True)
def no_pgoptions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGOPTIONS", raising=False)


def test_jit_is_off_by_default() -> None:
    assert settings(database_url(POSTGRES_URL), "jit") == ["off"]


@pytest.mark.parametrize("query", [
    options("-csearch_path=pg_catalog,public"),
    "sslmode=disable&" + options("-c search_path=pg_catalog,public"),
    options("-c search_path=pg_catalog,public") + "&application_name=plaza-test",
])
def test_the_urls_options_are_kept_and_jit_is_still_off(query: str) -> None:
    assert settings(with_query(query), "search_path", "jit") == ["pg_catalog,public", "off"]


@pytest.mark.parametrize(("query", "jit"), [
    (options("-c jit=on"), "on"),
    ("sslmode=disable&" + options("-c search_path=public -c jit=on"), "on"),
    (options("-c jit_above_cost=10"), "on"),  # whoever tunes JIT wants it
])
def test_jit_as_the_url_sets_it(query: str, jit: str) -> None:
    assert settings(with_query(query), "jit") == [jit]


def test_pgoptions_is_kept_when_the_url_has_none(monkeypatch: pytest.MonkeyPatch) -> None:
    """libpq reads PGOPTIONS only when no `options` are given: adding JIT's must not
    silently drop them."""
    monkeypatch.setenv("PGOPTIONS", "-c work_mem=7MB -c search_path=pg_catalog,public")
    assert settings(database_url(POSTGRES_URL), "work_mem", "search_path", "jit") == [
        "7MB", "pg_catalog,public", "off"]
    monkeypatch.setenv("PGOPTIONS", "-c jit=on")
    assert settings(database_url(POSTGRES_URL), "jit") == ["on"]
