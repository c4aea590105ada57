"""Time the feed, people search and suggestions on a generated network.

    python -m bench.feed [--db PATH] [--samples 2000] [--seed S]

The feed is read through the real `storage.network.feed` in a real SQLModel
session and, for the same people in the same run, as raw sqlite3: the SQL the
feed compiles to, over its own connection to the same file, window for window
(`storage.reading.newest_first`; one statement for most people). The two take
turns going first, so machine noise lands on both alike, and their ratio is
what SQLAlchemy and the page building cost on top of SQLite.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite
from sqlmodel import Session

from bench.generate import DEFAULT_OUT
from bench.words import TOPICS
from storage import network
from storage.db import make_engine, session_scope
from storage.models import Person
from storage.reading import FEED, NEWEST, newest_first

LIMIT = 20
LABELS = {
    "feed": "feed, storage.network.feed",
    "raw": "feed, raw sqlite3",
    "search": "search_people (a topic)",
    "suggest": "suggestions",
}
TARGETS = {"feed": ("p99", 5.0), "search": ("p50", 20.0), "suggest": ("p50", 20.0)}
FEED_RATIO = 2.0  # feed p50 against raw p50
WARM_UP = 200  # people read before timing starts, so both connections start warm

Call = Callable[[Session, Person], object]


class RawFeed:
    """The feed's own SQL, compiled once for SQLite and run through plain sqlite3."""

    def __init__(self, path: Path) -> None:
        compiled = FEED.compile(dialect=sqlite.dialect(paramstyle="named"))
        self.sql = str(compiled)
        self.params = compiled.params  # holds the literal OFFSET SQLAlchemy adds to LIMIT
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.windows: list[int] = []  # statements run per read

    def __call__(self, viewer: int) -> list[tuple]:
        windows = 0

        def fetch(window: dict[str, int]) -> list[tuple]:
            nonlocal windows
            windows += 1
            values = {**self.params, "me": viewer, **window}
            return self.connection.execute(self.sql, values).fetchall()

        rows = newest_first(fetch, NEWEST, LIMIT + 1)
        self.windows.append(windows)
        return rows


def _ms(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def time_feed(engine: sa.Engine, raw: RawFeed, viewers: list[int]) -> tuple[list, list]:
    """Feed times through storage and through raw sqlite3, taking turns going first."""
    through_storage, through_raw = [], []
    with session_scope(engine, read_only=True) as session:
        for turn, viewer_id in enumerate(viewers):
            viewer = session.get(Person, viewer_id)
            read = partial(network.feed, session, viewer, limit=LIMIT)
            if turn % 2:
                through_raw.append(_ms(partial(raw, viewer_id)))
            through_storage.append(_ms(read))
            if not turn % 2:
                through_raw.append(_ms(partial(raw, viewer_id)))
            session.expunge_all()
    return through_storage, through_raw


def time_calls(engine: sa.Engine, jobs: list[tuple[int, Call]]) -> list[float]:
    """Times of `call(session, viewer)` for each (viewer id, call)."""
    times = []
    with session_scope(engine, read_only=True) as session:
        for viewer_id, call in jobs:
            viewer = session.get(Person, viewer_id)
            times.append(_ms(partial(call, session, viewer)))
            session.expunge_all()
    return times


def p50_p99(times: list[float]) -> tuple[float, float]:
    return statistics.median(times), statistics.quantiles(times, n=100, method="inclusive")[98]


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def machine() -> str:
    """What the figures were measured on."""
    return f"{os.cpu_count()} cores {platform.machine()}, Python {platform.python_version()}"


def report(times: dict[str, list[float]], out: Callable[[str], None] = print) -> None:
    """The table of figures, each target with whether it is met."""
    figures = {name: p50_p99(values) for name, values in times.items()}
    out(f"{'':<28}{'n':>6}{'p50 ms':>9}{'p99 ms':>9}  target")
    for name, label in LABELS.items():
        p50, p99 = figures[name]
        target = ""
        if name in TARGETS:
            which, limit = TARGETS[name]
            met = (p50 if which == "p50" else p99) < limit
            target = f"{which} < {limit:g} ms: {verdict(met)}"
        out(f"{label:<28}{len(times[name]):>6}{p50:>9.3f}{p99:>9.3f}  {target}")
    (feed50, feed99), (raw50, raw99) = figures["feed"], figures["raw"]
    ratio = f"{feed50 / raw50:>8.2f}x{feed99 / raw99:>8.2f}x"
    met = verdict(feed50 / raw50 <= FEED_RATIO)
    out(f"{'feed, storage / raw':<34}{ratio}  p50 within {FEED_RATIO:g}x: {met}")


def run(path: Path, samples: int, seed: int, out: Callable[[str], None] = print) -> None:
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        people = connection.exec_driver_sql("SELECT max(id) FROM person").scalar()
        posts = connection.exec_driver_sql("SELECT max(id) FROM post").scalar()
    rng = random.Random(seed)
    chosen = rng.sample(range(1, people + 1), min(people, samples + WARM_UP))
    warm, viewers = chosen[:WARM_UP], chosen[WARM_UP:] or chosen
    out(f"{path}: {people:,} people, {posts:,} posts; {machine()}, "
        f"SQLite {sqlite3.sqlite_version}")
    raw = RawFeed(path)
    time_feed(engine, raw, warm)
    raw.windows.clear()
    storage_times, raw_times = time_feed(engine, raw, viewers)
    few = viewers[: max(2, len(viewers) // 4)]
    searches = [(v, partial(network.search_people, topic=rng.choice(TOPICS))) for v in few]
    times = {
        "feed": storage_times,
        "raw": raw_times,
        "search": time_calls(engine, searches),
        "suggest": time_calls(engine, [(v, network.suggestions) for v in few]),
    }
    engine.dispose()
    report(times, out)
    windows = raw.windows
    out(f"windows per feed read: mean {statistics.mean(windows):.2f}, max {max(windows)}; "
        f"one window for {windows.count(1) / len(windows):.0%} of people")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.feed", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--db", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--samples", type=int, default=2_000, help="people whose feed is read")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not args.db.exists():
        parser.error(f"{args.db} does not exist; run python -m bench.generate first")
    run(args.db, args.samples, args.seed)


if __name__ == "__main__":
    main()
