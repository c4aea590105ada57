"""Time the feed and suggestions per follow-count bucket, beside the raw-SQL baseline.

    python -m bench.feed [--db PATH | --url URL] [--samples 300] [--seed S]

People are put in buckets by how many accounts they follow (1–9, 10–99, 100–999,
1,000+). Up to `--samples` people of each bucket (all of them when fewer; the
HEAVIEST people following the most are always among them) have the first page of
their feed read (`storage.network.feed`, 20 posts), alone and with each post's counts
as a person reading it is shown them (`storage.network.with_counts`, side by side in one
run), and their suggestions made
(`storage.network.suggestions`) in a real SQLModel session; the statements each call
ran are replayed through the raw driver as the baseline, the two taking turns going
first (bench.replay). Printed: one table, a line per bucket and read, with the
HEAVIEST alone as a line of suggestions, each with its issue-11 target met or NOT MET.

`--url` reads any database Plaza can (a PostgreSQL one is filled by
`python -m bench.generate --url`); `--db` is a SQLite file, bench/network.db unless
given. Nothing is written.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from sqlmodel import Session

from bench.replay import (
    Job,
    RawConnection,
    Row,
    Statement,
    compare,
    headline,
    read_arguments,
    record,
    table,
)
from storage import network
from storage.db import make_engine
from storage.models import Person
from storage.views import Page

LIMIT = 20
HEAVIEST = 20  # people following the most accounts, always sampled
WARM_UP = 100  # people read on both sides before timing starts
BUCKETS = ((1, 9), (10, 99), (100, 999), (1_000, None))  # accounts followed, inclusive


def read_feed(session: Session, viewer: Person) -> Page:
    """The first page of `viewer`'s feed, posts alone (as before counts were shown)."""
    return network.feed(session, viewer, limit=LIMIT)


def read_feed_counted(session: Session, viewer: Person) -> Page:
    """The first page of `viewer`'s feed as a person asking for it gets it: each post with
    its likes, reposts and replies counted (issue 16)."""
    return network.with_counts(session, viewer, network.feed(session, viewer, limit=LIMIT))


class RawFeed:
    """The feed's floor: the statements Plaza's feed runs for each person (recorded on an
    engine of its own), replayed through the raw driver. bench.digest measures against it."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.raw = RawConnection(url)

    def record(self, viewers: Sequence[int]) -> list[list[Statement]]:
        """The statements of each viewer's feed read, in the order of `viewers`."""
        jobs = [Job(("feed",), viewer, read_feed) for viewer in viewers]
        record(self.engine, jobs)
        return [job.statements for job in jobs]

    def __call__(self, statements: Sequence[Statement]) -> int:
        """Replay one read's statements; returns the rows fetched."""
        return self.raw.run(statements)

    def close(self) -> None:
        self.raw.close()
        self.engine.dispose()


def bucket_label(low: int, high: int | None) -> str:
    return f"{low:,}+" if high is None else f"{low:,}–{high:,}"


def following(engine: sa.Engine) -> dict[int, int]:
    """Accounts followed, by person, for everyone who follows someone."""
    query = "SELECT follower_id, count(*) FROM follow GROUP BY follower_id"
    with engine.connect() as connection:
        return {person: count for person, count in connection.exec_driver_sql(query)}


def sample_buckets(follows: dict[int, int], samples: int, heaviest: set[int],
                   rng: random.Random) -> dict[str, list[int]]:
    """Up to `samples` people per bucket (label -> ids), `heaviest` always among them."""
    chosen = {}
    for low, high in BUCKETS:
        members = sorted(p for p, n in follows.items() if n >= low and (high is None or n <= high))
        forced = [p for p in members if p in heaviest]
        rest = [p for p in members if p not in heaviest]
        room = max(0, samples - len(forced))
        chosen[bucket_label(low, high)] = forced + rng.sample(rest, min(room, len(rest)))
    return chosen


def run(url: str, samples: int, seed: int, out: Callable[[str], None] = print) -> bool:
    """Measure and print the table; returns whether every target is met."""
    engine = make_engine(url)
    out(headline(url, engine))
    engine_name = engine.dialect.name
    follows = following(engine)
    engine.dispose()
    rng = random.Random(seed)
    heaviest = set(sorted(follows, key=lambda p: (-follows[p], p))[:HEAVIEST])
    buckets = sample_buckets(follows, samples, heaviest, rng)
    top = f"suggestions, {len(heaviest)} heaviest"
    jobs = []
    for label, viewers in buckets.items():
        for viewer in viewers:
            jobs.append(Job((f"feed, follows {label}",), viewer, read_feed))
            jobs.append(Job((f"feed + counts, follows {label}",), viewer, read_feed_counted))
            extra = (top,) if viewer in heaviest else ()
            jobs.append(Job((f"suggestions, {label}", *extra), viewer, network.suggestions))
    timed = {job.viewer for job in jobs}
    others = sorted(set(follows) - timed)
    warm = [Job(("warm",), viewer, call) for viewer in rng.sample(others, min(WARM_UP, len(others)))
            for call in (read_feed, network.suggestions)]
    compare(url, jobs, warm, seed)
    rows = [*(Row(f"feed, follows {label}", "feed") for label in buckets),
            *(Row(f"feed + counts, follows {label}", "feed") for label in buckets),
            *(Row(f"suggestions, {label}", "suggestions") for label in buckets),
            Row(top, "suggestions")]
    met = table(jobs, rows, engine_name, out)
    if heaviest:
        out(f"the {len(heaviest)} heaviest follow {min(follows[p] for p in heaviest):,} to "
            f"{max(follows.values()):,} accounts; sql: statements a call (the feed reads in "
            "widening windows)")
    return met


def main(argv: list[str] | None = None) -> None:
    run(*read_arguments("python -m bench.feed", __doc__, "people timed per bucket", argv))


if __name__ == "__main__":
    main()
