"""Build every person's digest for one day on a generated network, and the floor to beat.

    python -m bench.digest [--db PATH | --url URL] [--day 2026-10-31] [--people N]
                           [--processes 2] [--per-person]

Each person's digest is built as the scheduler builds it at their local digest
time on `--day` (the generated network's last day): read and ranked in a real
SQLModel session, summarised by code and rendered to the text and buttons a
person receives. By default as a busy tick builds them: the posts the day's
digests cover are read once per process (storage.digest_window) and each chunk
of 500 people is composed together (`bot.digest.compose.gather_many`; a digest's
time is its chunk's shared out); `--per-person` reads them digest by digest
(`gather`), as a quiet tick does. The same people are then read with the raw feed
alone, the least any digest must cost: the statements Plaza's feed runs for each
of them, recorded and replayed through the raw driver (`bench.feed.RawFeed`); the
floor's wall is the time the busiest process spent in those statements. Work is
split over `--processes` processes; printed are digests per second (wall clock,
process start-up included), p50 and p99 per digest, and each process's peak
memory, with the issue-11 targets: everyone in 60 s on PostgreSQL, 40 s on SQLite
(measured on `--people` and multiplied up to everyone when given), and 300 MB a
process. Exit status 1 when a target is missed.

`--url` reads any database Plaza can (a PostgreSQL one is filled by
`python -m bench.generate --url`); `--db` is a SQLite file, bench/network.db unless
given. The database is migrated first if it is behind.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlmodel import col, select

from bench.feed import RawFeed
from bench.generate import DEFAULT_OUT
from bench.replay import describe, machine, p50_p99, shown, source_url, verdict
from bench.spread import END
from bot.digest.compose import gather, gather_many, written
from bot.digest.summary import extractive
from bot.replies import render
from storage.db import make_engine, migrate, session_scope
from storage.digest_window import Recent
from storage.models import Person
from storage.schedule import due_on, zone

TARGET_SECONDS = {"postgresql": 60.0, "sqlite": 40.0}  # for every person, by engine
TARGET_MB = 300.0  # peak resident memory of each process
CHUNK = 500  # people read at a time, as a tick claims them in batches
Work = tuple[str, str, date, list[int], bool]  # kind, database URL, day, people, bulk


def _build(url: str, day: date, ids: list[int], bulk: bool) -> tuple[list[float], int, int]:
    """Build the digests of `ids`; their times in ms, how many were empty, and the items."""
    engine = make_engine(url)
    recent, times, empty, items = Recent(), [], 0, 0
    with session_scope(engine, read_only=True) as session:
        if bulk:  # the posts all the day's digests cover, read once (as a busy tick does).
            # A local date runs from UTC+14 to UTC-12; a digest covers the 24 h before it.
            midnight = datetime.combine(day, datetime.min.time(), UTC)
            recent.open(session, midnight - timedelta(hours=14 + 24),
                        midnight + timedelta(hours=36))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            people = session.scalars(select(Person).where(col(Person.id).in_(chunk))).all()
            if not bulk:  # each digest read on its own, as a quiet tick does
                for person in people:
                    started = time.perf_counter()
                    now = due_on(day, person.digest_time, zone(person.timezone))
                    digest = gather(session, person, now, since=now - timedelta(hours=24),
                                    recent=recent)
                    render(written(digest, extractive), person.language, now)
                    times.append((time.perf_counter() - started) * 1000)
                    empty += digest.empty
                    items += len(digest.posts)
                session.expunge_all()
                continue
            # A busy tick composes its batch together (compose.gather_many): a time per
            # digest is the chunk's time shared out evenly.
            started = time.perf_counter()
            readers = []
            for person in people:
                now = due_on(day, person.digest_time, zone(person.timezone))
                readers.append((person, now, now - timedelta(hours=24)))
            digests = gather_many(session, readers, recent)
            for (person, now, _), digest in zip(readers, digests, strict=True):
                render(written(digest, extractive), person.language, now)
                empty += digest.empty
                items += len(digest.posts)
            each = (time.perf_counter() - started) * 1000 / max(1, len(readers))
            times += [each] * len(readers)
            session.expunge_all()
    engine.dispose()
    return times, empty, items


def _floor(url: str, ids: list[int]) -> list[float]:
    """The raw feed's time for each of `ids` (ms): a chunk's statements are recorded
    through Plaza, untimed, then replayed and timed one read at a time."""
    feed, times = RawFeed(url), []
    try:
        for start in range(0, len(ids), CHUNK):
            for statements in feed.record(ids[start:start + CHUNK]):
                started = time.perf_counter()
                feed(statements)
                times.append((time.perf_counter() - started) * 1000)
    finally:
        feed.close()
    return times


def _run(work: Work) -> tuple[list[float], int, int, float]:
    """One process's share: (times, empty, items, peak memory in MB)."""
    kind, url, day, ids, bulk = work
    if kind == "digest":
        times, empty, items = _build(url, day, ids, bulk)
    else:
        times, empty, items = _floor(url, ids), 0, 0
    return times, empty, items, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(kind: str, url: str, day: date, ids: list[int], processes: int, bulk: bool = True
            ) -> tuple[float, list[float], int, int, list[float]]:
    """Wall time (s; for the floor, the busiest process's time in its statements), all
    times (ms), empty and item counts, and each process's peak memory (MB)."""
    shares = [(kind, url, day, ids[i::processes], bulk) for i in range(processes)]
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.map(_run, shares)
    wall = time.perf_counter() - started
    if kind == "floor":
        wall = max(sum(result[0]) for result in results) / 1000
    times = [t for result in results for t in result[0]]
    return (wall, times, sum(r[1] for r in results), sum(r[2] for r in results),
            [r[3] for r in results])


def _line(label: str, count: int, wall: float, times: list[float]) -> str:
    p50, p99 = p50_p99(times)
    return (f"{label:<24}{count:>9,}{wall:>9.1f} s{count / wall:>10,.0f}/s"
            f"{p50:>9.3f}{p99:>9.3f}")


def run(url: str, day: date, people: int | None, processes: int,
        out: Callable[[str], None] = print, bulk: bool = True) -> bool:
    """Measure and print the figures; returns whether every target is met."""
    engine = make_engine(url)
    migrate(engine)
    with engine.connect() as connection:
        total = connection.exec_driver_sql("SELECT max(id) FROM person").scalar() or 0
    engine_name, described = engine.dialect.name, describe(engine)
    engine.dispose()
    ids = list(range(1, (people or total) + 1))
    how = "in bulk" if bulk else "one person at a time"
    out(f"{shown(url)}: digests of {len(ids):,} people for {day}, {how}, in {processes} "
        f"processes\n{described}; {machine()}")
    wall, times, empty, items, memory = measure("digest", url, day, ids, processes, bulk)
    floor_wall, floor_times, *_ = measure("floor", url, day, ids, processes)
    out(f"{'':<24}{'people':>9}{'wall':>11}{'rate':>12}{'p50 ms':>9}{'p99 ms':>9}")
    out(_line("digest, built", len(ids), wall, times))
    out(_line("feed, raw SQL (floor)", len(ids), floor_wall, floor_times))
    out(f"per digest: {statistics.mean(times) / statistics.mean(floor_times):.1f}x the floor "
        f"(means); {items / max(1, len(ids) - empty):.1f} posts in a non-empty digest, "
        f"{empty:,} with nothing new")
    scaled, seconds = wall * total / len(ids), TARGET_SECONDS[engine_name]
    met_time, met_memory = scaled <= seconds, max(memory) <= TARGET_MB
    out(f"peak memory per process: {', '.join(f'{mb:.0f} MB' for mb in memory)}")
    out(f"target ({engine_name}): all {total:,} in ≤ {seconds:.0f} s "
        f"({'measured' if len(ids) == total else 'scaled'}: {scaled:.1f} s): "
        f"{verdict(met_time)}; ≤ {TARGET_MB:.0f} MB a process: {verdict(met_memory)}")
    return met_time and met_memory


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.digest",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_OUT, help="a SQLite network file")
    parser.add_argument("--url", help="a database URL instead, e.g. postgresql://…/plaza_bench")
    parser.add_argument("--day", type=date.fromisoformat,
                        default=(END - timedelta(days=1)).date(),
                        help="the local date whose digests are built")
    parser.add_argument("--people", type=int, help="only the first N people (figures scaled)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--per-person", action="store_true",
                        help="read each digest's posts on its own, as a quiet tick does")
    args = parser.parse_args(argv)
    if not args.url and not args.db.exists():
        parser.error(f"{args.db} does not exist; run python -m bench.generate first")
    met = run(source_url(args.db, args.url), args.day, args.people, args.processes,
              bulk=not args.per_person)
    raise SystemExit(0 if met else 1)


if __name__ == "__main__":
    main()
