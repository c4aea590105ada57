"""Delete the most followed person of the benchmark network, while others keep posting.

    python -m bench.delete [--db PATH] [--postgres URL]

Works on a copy of the network (bench/network.db, from `python -m bench.generate`),
migrated to the current schema first. Times `storage.network.delete_account` for
the person with the most followers: the transaction (what holds the write lock),
then, on SQLite, the merging of the full-text indexes that follows the commit, in
short steps. Meanwhile another thread posts as someone else, one post every
10 ms, as other people's turns would; it reports how long its writes waited and
whether any failed. With `--postgres URL` the same network is first copied into a
fresh schema there (COPY, then VACUUM ANALYZE as autovacuum would: about a minute
and a half) and the deletion is timed again.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from bench.generate import DEFAULT_OUT
from bench.load import COLUMNS
from bench.schemas import postgres_schema
from storage import network
from storage.counters import recount
from storage.db import make_engine, migrate, session_scope
from storage.models import Person

TARGET_S = 1.0
_MOST_FOLLOWED = ("SELECT followee_id, count(*) FROM follow GROUP BY followee_id "
                  "ORDER BY count(*) DESC LIMIT 1")


@dataclass
class Probe:
    """Someone else posting every `pause` seconds until stopped: their waits and failures."""

    engine: sa.Engine
    handle: str
    pause: float = 0.010
    waits: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self._stop.is_set():
            started = time.perf_counter()
            try:
                with session_scope(self.engine) as session:
                    author = network.person_by_handle(session, self.handle)
                    network.post(session, author, "still here while someone leaves")
            except Exception as error:  # a failed turn is what this measures
                self.failures.append(f"{type(error).__name__}: {error}"[:200])
            self.waits.append(time.perf_counter() - started)
            time.sleep(self.pause)

    @contextmanager
    def running(self) -> Iterator[None]:
        thread = threading.Thread(target=self.run, daemon=True)
        thread.start()
        time.sleep(0.2)  # a few posts before, for a baseline
        try:
            yield
        finally:
            time.sleep(0.2)
            self._stop.set()
            thread.join()

    def report(self) -> str:
        waits = sorted(w * 1000 for w in self.waits)
        return (f"{len(waits)} posts by @{self.handle} meanwhile: median "
                f"{statistics.median(waits):.1f} ms, longest {waits[-1]:.0f} ms, "
                f"{len(self.failures)} failed"
                + (f" ({self.failures[0]})" if self.failures else ""))


def _victim_and_bystander(engine: sa.Engine) -> tuple[int, str, str, int, int]:
    with engine.connect() as connection:
        victim, followers = connection.exec_driver_sql(_MOST_FOLLOWED).one()
        handle = connection.exec_driver_sql(
            f"SELECT handle FROM person WHERE id = {victim}").scalar_one()
        posts = connection.exec_driver_sql(
            f"SELECT count(*) FROM post WHERE author_id = {victim}").scalar_one()
        bystander = connection.exec_driver_sql(
            f"SELECT handle FROM person WHERE id <> {victim} ORDER BY id LIMIT 1").scalar_one()
    return victim, handle, bystander, followers, posts


@contextmanager
def transactions(engine: sa.Engine) -> Iterator[list[float]]:
    """Seconds each transaction of this thread held (on SQLite: the write lock)."""
    held: list[float] = []
    mine, opened = threading.get_ident(), {}

    def begin(connection: sa.Connection) -> None:
        if threading.get_ident() == mine:
            opened[id(connection)] = time.perf_counter()

    def end(connection: sa.Connection) -> None:
        if (started := opened.pop(id(connection), None)) is not None:
            held.append(time.perf_counter() - started)

    events = [("begin", begin), ("commit", end), ("rollback", end)]
    for name, listener in events:
        sa.event.listen(engine, name, listener)
    try:
        yield held
    finally:
        for name, listener in events:
            sa.event.remove(engine, name, listener)


def delete_most_followed(engine: sa.Engine, label: str) -> float:
    """Delete the most followed person on `engine` and print the figures; returns the
    longest transaction's seconds."""
    victim, handle, bystander, followers, posts = _victim_and_bystander(engine)
    print(f"{label}: deleting @{handle} ({followers:,} followers, {posts:,} posts)")
    probe = Probe(engine, bystander)
    moments: dict[str, float] = {}
    # The engine's listeners are added before the probe starts and removed after it stops:
    # SQLAlchemy's listener list may not change while another thread's connection reads it.
    with transactions(engine) as held, probe.running():
        started = time.perf_counter()
        with session_scope(engine) as session:
            # Listeners run in the order they were added: this one before the
            # full-text merge that delete_account asks for.
            sa.event.listen(session, "after_commit",
                            lambda _: moments.update(gone=time.perf_counter()))
            network.delete_account(session, session.get(Person, victim))
        done = time.perf_counter()
    gone = moments["gone"] - started
    longest = max(held)
    verdict = "met" if longest < TARGET_S else "NOT met"
    print(f"  account gone after {gone:.2f} s, in {len(held)} transactions "
          f"(longest {longest * 1000:,.0f} ms, target < {TARGET_S:g} s: {verdict})")
    if engine.dialect.name == "sqlite":
        print(f"  then the full-text index merge, in short steps: {done - moments['gone']:.2f} s")
    print(f"  {probe.report()}")
    return longest


def _sqlite(path: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "delete.db"
        shutil.copyfile(path, copy)
        engine = make_engine(f"sqlite:///{copy}")
        migrate(engine)
        delete_most_followed(engine, f"SQLite {sqlite3.sqlite_version}, a copy of {path.name}")
        engine.dispose()


def _copy_into_postgres(path: Path, engine: sa.Engine) -> None:
    """Every row of the SQLite network into the migrated, empty schema behind `engine`.

    The secondary indexes are set aside during COPY and built once afterwards, and
    foreign keys are not checked row by row (session_replication_role, a superuser
    setting): the file was written by Plaza's own schema, whose keys hold.
    """
    source = sqlite3.connect(path)
    with engine.begin() as connection:
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        connection.exec_driver_sql("SET LOCAL TIME ZONE 'UTC'")
        indexes = connection.exec_driver_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)").all()
        for name, _ in indexes:
            connection.exec_driver_sql(f"DROP INDEX {name}")
        cursor = connection.connection.driver_connection.cursor()
        for table, columns in COLUMNS.items():
            started = time.perf_counter()
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {columns} FROM {table}"):
                    copy.write_row(row)
            print(f"  {table:<10} copied in {time.perf_counter() - started:5.1f} s")
        started = time.perf_counter()
        for _, definition in indexes:
            connection.exec_driver_sql(definition)
        for table in ("person", "identity", "post"):
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
        recount(connection)  # the triggers that keep follow counts were off during COPY
        print(f"  indexes built in {time.perf_counter() - started:5.1f} s")
    started = time.perf_counter()
    with engine.connect() as connection:
        # What autovacuum does to a table that was just loaded: hint bits, statistics.
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            f"VACUUM ANALYZE {', '.join(COLUMNS)}")
    print(f"  vacuumed in {time.perf_counter() - started:5.1f} s")
    source.close()


def _postgres(path: Path, url: str) -> None:
    with postgres_schema(url, "bench_delete") as (engine, schema):
        print(f"PostgreSQL: copying {path.name} into schema {schema}")
        _copy_into_postgres(path, engine)
        with engine.connect() as connection:
            version = connection.exec_driver_sql("SHOW server_version").scalar()
        delete_most_followed(engine, f"PostgreSQL {version}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.delete",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_OUT,
                        help="the network file (python -m bench.generate writes it)")
    parser.add_argument("--postgres", metavar="URL",
                        help="also copy the network into a new schema there and delete again")
    args = parser.parse_args(argv)
    if not args.db.exists():
        raise SystemExit(f"{args.db} does not exist: run python -m bench.generate first")
    _sqlite(args.db)
    if args.postgres:
        _postgres(args.db, args.postgres)


if __name__ == "__main__":
    main()
