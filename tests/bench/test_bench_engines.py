"""The read benchmarks at a tiny size, on each engine under test: a generated SQLite
file and, when the tests have a PostgreSQL, the same network copied into a database of
its own (`python -m bench.generate --url`, dropped afterwards). Each benchmark runs as
a subprocess and prints its table with Plaza's figures and the raw baseline's on every
row. Timings are never asserted here; the targets live in the benchmarks."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from bench.pg_load import libpq_url
from tests.conftest import ENGINES, POSTGRES_URL

ROOT = Path(__file__).resolve().parents[2]
TINY = ["--people", "300", "--posts", "3000", "--follows-per-person", "12", "--seed", "3"]
NUMBER = r"\d[\d,]*(?:\.\d+)?"
# label, n, statements a call, Plaza p50 p99, raw p50 p99, ratios, target and verdict
ROW = (r"^{label} +(\d+) +{n}( +{n}){{4}} +{n}x +{n}x  .+: (met|NOT MET)$")


def _run(*args: str, check: bool = True) -> str:
    done = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    if check and done.returncode:
        raise AssertionError(f"{args} ended {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("engines") / "network.db"
    _run("bench.generate", *TINY, "--out", str(path))
    return path


@pytest.fixture(scope="module", params=ENGINES)
def source(request: pytest.FixtureRequest, network: Path) -> Iterator[list[str]]:
    """The benchmark arguments that read the tiny network on one engine."""
    if request.param == "sqlite":
        yield ["--db", str(network)]
        return
    assert POSTGRES_URL
    name = f"plaza_bench_{uuid.uuid4().hex[:8]}"
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(libpq_url(POSTGRES_URL), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        _run("bench.generate", "--out", str(network), "--url", url)
        yield ["--url", url]
    finally:
        with psycopg.connect(libpq_url(POSTGRES_URL), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


def _row(printed: str, label: str) -> int:
    """The row's n; fails unless it has both sides' figures and a verdict."""
    found = re.search(ROW.format(label=re.escape(label), n=NUMBER), printed, re.M)
    assert found, f"no figures for {label!r} in:\n{printed}"
    return int(found.group(1))


def test_the_feed_benchmark_prints_plaza_and_raw_per_bucket(source: list[str]) -> None:
    printed = _run("bench.feed", *source, "--samples", "8")
    engine = "postgresql" if "--url" in source else "sqlite"
    assert f"target ({engine})" in printed
    # 12 follows each on average: the first two buckets are peopled, the others not, and
    # the 20 heaviest followers, always timed, are all in the second.
    for label in ("feed, follows 1–9", "suggestions, 1–9"):
        assert _row(printed, label) == 8
    for label in ("feed, follows 10–99", "suggestions, 10–99", "suggestions, 20 heaviest"):
        assert _row(printed, label) == 20
    assert re.search(r"^feed, follows 1,000\+ +0  nobody$", printed, re.M)


def test_the_search_benchmark_prints_plaza_and_raw_per_search(source: list[str]) -> None:
    printed = _run("bench.search", *source, "--samples", "8")
    for label in ("posts by words", "posts by hashtag", "people by topic"):
        assert _row(printed, label) == 8


def test_a_days_digests_print_their_figures_and_the_raw_floor(source: list[str]) -> None:
    printed = _run("bench.digest", *source, "--processes", "1", check=False)
    engine = "postgresql" if "--url" in source else "sqlite"
    assert "digests of 300 people for 2026-10-31, in bulk, in 1 processes" in printed
    figures = rf" +300 +{NUMBER} s +{NUMBER}/s +{NUMBER} +{NUMBER}$"
    assert re.search(r"^digest, built" + figures, printed, re.M), printed
    assert re.search(r"^feed, raw SQL \(floor\)" + figures, printed, re.M), printed
    assert re.search(rf"^peak memory per process: {NUMBER} MB$", printed, re.M)
    assert f"target ({engine}): all 300 in ≤ " in printed
