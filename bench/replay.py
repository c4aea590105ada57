"""Plaza's reads beside the raw-SQL baseline: the statements a Plaza call runs, replayed.

A benchmark hands `compare` jobs: a Plaza call (`storage.network.feed`, a search...)
for one viewer, and the table row it counts in. Each job is run once through Plaza on
an engine of its own, with SQLAlchemy's `before_cursor_execute` event recording every
statement as the driver receives it (its SQL, its parameters, the paramstyle they are
written in). Those very statements are the baseline: replayed through a raw driver
connection (sqlite3 or psycopg, made by `storage.db.make_engine` as Plaza makes its
own, then used with no SQLAlchemy in the way), rows fetched, nothing built from them.
So the baseline follows whatever SQL Plaza runs today, per engine, window for window,
and the ratio of the two is what Plaza's Python (SQLAlchemy, building pages) costs.

Both sides are warmed on the same warm-up jobs first, hold one read transaction each
(as a session does), and then take turns going first, job after job, in a shuffled
order, so machine noise and caches land on both alike. Times are in milliseconds.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlmodel import Session

from storage.db import make_engine, session_scope
from storage.models import Person

Call = Callable[[Session, Person], object]
TRANSACTION = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}
# The paramstyles each raw driver takes as they are (PEP 249).
ACCEPTED = {"sqlite": {"qmark", "named"}, "postgresql": {"pyformat", "format"}}


@dataclass(frozen=True)
class Statement:
    """One statement as the driver received it."""

    sql: str
    parameters: Any  # a tuple (qmark) or a dict (named, pyformat), as the driver takes it
    paramstyle: str


@dataclass(frozen=True)
class Target:
    """An issue-11 target: bounds on Plaza's p50 and p99 (ms), and on p50 against raw's."""

    p50: float | None = None
    p99: float | None = None
    p50_ratio: float | None = None

    def met(self, row: Figures) -> bool:
        return ((self.p50 is None or row.plaza[0] <= self.p50)
                and (self.p99 is None or row.plaza[1] <= self.p99)
                and (self.p50_ratio is None or row.ratio[0] <= self.p50_ratio))

    def __str__(self) -> str:
        bounds = []
        if self.p50 is not None:
            bounds.append(f"p50 ≤ {self.p50:g} ms")
        if self.p50_ratio is not None:
            bounds.append(f"p50 ≤ {self.p50_ratio:g}x raw")
        if self.p99 is not None:
            bounds.append(f"p99 ≤ {self.p99:g} ms")
        return ", ".join(bounds)


# Issue 11, "What to reach": kind of read -> engine -> target.
TARGETS = {
    "feed": {"postgresql": Target(p50=1, p99=10), "sqlite": Target(p50_ratio=1.5, p99=5)},
    "words": {"postgresql": Target(p50=5, p99=30), "sqlite": Target(p50=3, p99=20)},
    "people": {"postgresql": Target(p50=20, p99=60), "sqlite": Target(p50=20, p99=60)},
    "suggestions": {"postgresql": Target(p99=60), "sqlite": Target(p99=60)},
}


@dataclass
class Job:
    """One Plaza call for one viewer, counted in the table rows `rows` (labels)."""

    rows: tuple[str, ...]
    viewer: int
    call: Call
    statements: list[Statement] = field(default_factory=list)
    plaza_ms: float = math.nan
    raw_ms: float = math.nan


@dataclass(frozen=True)
class Row:
    """A line of the table: its label and the kind of read whose target applies."""

    label: str
    kind: str


@dataclass(frozen=True)
class Figures:
    n: int
    statements: float  # mean statements per call
    plaza: tuple[float, float]  # p50, p99
    raw: tuple[float, float]

    @property
    def ratio(self) -> tuple[float, float]:
        return self.plaza[0] / self.raw[0], self.plaza[1] / self.raw[1]


def shown(url: str) -> str:
    """`url` fit to print: no password."""
    return make_url(url).render_as_string(hide_password=True)


@contextmanager
def recording(engine: sa.Engine) -> Iterator[list[Statement]]:
    """Every statement `engine` sends its driver meanwhile, in order, but for transaction
    control (SQLite's BEGIN is sent as one). Raises ValueError on a batch (executemany)."""
    statements: list[Statement] = []

    def record(conn: sa.Connection, cursor: object, sql: str, parameters: Any,
               context: object, executemany: bool) -> None:
        if executemany:  # a read never sends a batch; replaying one would need executemany
            raise ValueError(f"a batch statement in a read: {sql[:80]}")
        if sql.split(maxsplit=1)[0].upper() in TRANSACTION:
            return  # each side holds its own read transaction
        copied = dict(parameters) if isinstance(parameters, dict) else tuple(parameters or ())
        statements.append(Statement(sql, copied, conn.dialect.paramstyle))

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


class RawConnection:
    """A driver connection made as Plaza makes its own, replaying statements bare.

    It holds one read transaction from the first statement on, as a session does,
    and fetches every row of each statement, as Plaza's reads do.
    """

    def __init__(self, url: str) -> None:
        self._engine = make_engine(url, poolclass=sa.pool.NullPool)
        self.engine_name = self._engine.dialect.name
        self._pooled = self._engine.raw_connection()
        driver = self._pooled.driver_connection
        if driver is None:
            raise RuntimeError(f"no driver connection under {self._pooled!r}")
        self.driver: Any = driver  # a sqlite3 or psycopg connection
        if self.engine_name == "sqlite":  # make_engine leaves sqlite3 in autocommit
            self.driver.execute("BEGIN")
        self._cursor = self.driver.cursor()

    def run(self, statements: Sequence[Statement]) -> int:
        """Execute `statements` in order; returns the rows fetched. Raises ValueError for
        a paramstyle this driver does not take."""
        rows = 0
        for statement in statements:
            if statement.paramstyle not in ACCEPTED[self.engine_name]:
                raise ValueError(f"{self.engine_name} does not take {statement.paramstyle}")
            self._cursor.execute(statement.sql, statement.parameters)
            rows += len(self._cursor.fetchall())
        return rows

    def close(self) -> None:
        self.driver.rollback()
        self._pooled.close()
        self._engine.dispose()


def _ms(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _through_plaza(session: Session, job: Job) -> Callable[[], object]:
    viewer = session.get(Person, job.viewer)
    if viewer is None:
        raise LookupError(f"no person {job.viewer}")
    return lambda: job.call(session, viewer)


def record(engine: sa.Engine, jobs: Sequence[Job]) -> None:
    """Fill each job's statements by running it through Plaza on `engine`."""
    with session_scope(engine, read_only=True) as session:
        for job in jobs:
            call = _through_plaza(session, job)  # the viewer's own load is not recorded
            with recording(engine) as statements:
                call()
            job.statements = statements
            session.expunge_all()


def compare(url: str, jobs: list[Job], warm: list[Job], seed: int = 0) -> None:
    """Time every job through Plaza and raw, taking turns going first (fills plaza_ms
    and raw_ms); `warm` jobs run first on both sides, untimed."""
    recorder = make_engine(url)
    record(recorder, [*warm, *jobs])
    recorder.dispose()
    engine, raw = make_engine(url), RawConnection(url)
    order = random.Random(seed).sample(jobs, len(jobs))
    try:
        with session_scope(engine, read_only=True) as session:
            for job in warm:
                _through_plaza(session, job)()
                raw.run(job.statements)
                session.expunge_all()
            for turn, job in enumerate(order):
                call = _through_plaza(session, job)
                replay = partial(raw.run, job.statements)
                if turn % 2:
                    job.raw_ms = _ms(replay)
                job.plaza_ms = _ms(call)
                if not turn % 2:
                    job.raw_ms = _ms(replay)
                session.expunge_all()
    finally:
        raw.close()
        engine.dispose()


def p50_p99(times: Sequence[float]) -> tuple[float, float]:
    """The median and the 99th percentile (inclusive; the largest below two samples)."""
    if len(times) < 2:
        return times[0], times[0]
    return statistics.median(times), statistics.quantiles(times, n=100, method="inclusive")[98]


def figures(jobs: Sequence[Job], label: str) -> Figures | None:
    mine = [job for job in jobs if label in job.rows]
    if not mine:
        return None
    return Figures(len(mine), statistics.mean(len(job.statements) for job in mine),
                   p50_p99([job.plaza_ms for job in mine]), p50_p99([job.raw_ms for job in mine]))


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def table(jobs: Sequence[Job], rows: Sequence[Row], engine_name: str,
          out: Callable[[str], None] = print) -> bool:
    """Print one line per row: n, statements a call, Plaza's and raw's p50 / p99 (ms),
    their ratios, and the row's target with met / NOT MET. Returns whether all are met;
    an empty row (nobody in a bucket) meets its target."""
    width = max(len(row.label) for row in rows) + 1
    out(f"{'':<{width}}{'':>9}{'Plaza ms':>13}{'raw ms':>18}{'Plaza / raw':>16}")
    out(f"{'':<{width}}{'n':>5}{'sql':>4}{'p50':>9}{'p99':>9}{'p50':>9}{'p99':>9}"
        f"{'p50':>8}{'p99':>8}  target ({engine_name})")
    every = True
    for row in rows:
        found = figures(jobs, row.label)
        target = TARGETS[row.kind][engine_name]
        if found is None:
            out(f"{row.label:<{width}}{0:>5}  nobody")
            continue
        met = target.met(found)
        every = every and met
        (p50, p99), (raw50, raw99), (r50, r99) = found.plaza, found.raw, found.ratio
        out(f"{row.label:<{width}}{found.n:>5}{found.statements:>4.1f}{p50:>9.3f}{p99:>9.3f}"
            f"{raw50:>9.3f}{raw99:>9.3f}{r50:>7.2f}x{r99:>7.2f}x  {target}: {verdict(met)}")
    return every


def machine() -> str:
    """What the figures were measured on."""
    return f"{os.cpu_count()} cores {platform.machine()}, Python {platform.python_version()}"


PG_SETTINGS = ("shared_buffers", "work_mem", "effective_cache_size", "random_page_cost", "jit")


def describe(engine: sa.Engine) -> str:
    """The engine, its version and (PostgreSQL) the settings that shape plans."""
    if engine.dialect.name == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with engine.connect() as connection:
        version = connection.exec_driver_sql("SHOW server_version").scalar()
        settings = [f"{name} {connection.exec_driver_sql(f'SHOW {name}').scalar()}"
                    for name in PG_SETTINGS]
    return f"PostgreSQL {str(version).split()[0]} ({', '.join(settings)})"


def counts(engine: sa.Engine) -> str:
    with engine.connect() as connection:
        people = connection.exec_driver_sql("SELECT count(*) FROM person").scalar() or 0
        posts = connection.exec_driver_sql("SELECT count(*) FROM post").scalar() or 0
        follows = connection.exec_driver_sql("SELECT count(*) FROM follow").scalar() or 0
    return f"{people:,} people, {posts:,} posts, {follows:,} follows"


def headline(url: str, engine: sa.Engine) -> str:
    """Where and on what the figures were measured, on two lines."""
    return f"{shown(url)}: {counts(engine)}\n{describe(engine)}; {machine()}"


def source_url(db: os.PathLike[str] | str, url: str | None) -> str:
    """The database a benchmark reads: `url` if given, else the SQLite file `db`."""
    return url or f"sqlite:///{db}"


def read_arguments(prog: str, doc: str | None, samples: str,
                   argv: list[str] | None) -> tuple[str, int, int]:
    """A read benchmark's command line (--db | --url, --samples, --seed, `samples` saying
    what a sample is): (database URL, samples, seed). Exits with a usage error when the
    default SQLite network has not been generated."""
    from bench.generate import DEFAULT_OUT  # generating pulls in what reading needs not

    parser = argparse.ArgumentParser(prog=prog, description=(doc or "").split("\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_OUT, help="a SQLite network file")
    parser.add_argument("--url", help="a database URL instead, e.g. postgresql://…/plaza_bench")
    parser.add_argument("--samples", type=int, default=300, help=samples)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not args.url and not args.db.exists():
        parser.error(f"{args.db} does not exist; run python -m bench.generate first")
    return source_url(args.db, args.url), args.samples, args.seed
