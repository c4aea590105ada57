"""Write a synthetic Plaza network to a SQLite file.

    python -m bench.generate [--size small] [--people N] [--posts N]
                             [--follows-per-person N] [--seed S] [--out PATH]
                             [--url postgresql://...]

The schema comes from `storage.db.migrate`, as for every Plaza database; the
rows go in through raw sqlite3 (see bench.load). The same seed and sizes give
the same file, so figures measured on it can be compared between runs. With `--url`
the file (written first unless it is there) is then copied into that PostgreSQL
database (bench.pg_load), so both engines hold the very same network.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import time
from pathlib import Path
from typing import NamedTuple

from bench.follows import edge_rows, follow_rows, pairs, partners
from bench.load import bulk, insert
from bench.people import identity_rows, interest_rows, make_people, person_rows
from bench.pg_load import load
from bench.posts import Writer, post_rows
from storage.db import make_engine, migrate

DEFAULT_OUT = Path(__file__).with_name("network.db")


class Size(NamedTuple):
    people: int
    posts: int
    follows_per_person: int


MIN_PEOPLE = 10  # enough to follow, block and mute someone else
SIZES = {"default": Size(100_000, 1_000_000, 70), "small": Size(2_000, 20_000, 30)}


def _fresh_schema(path: Path) -> None:
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()


def generate(path: Path, size: Size, seed: int) -> dict[str, int]:
    """Write the network to `path`, replacing any file there; returns rows per table."""
    _fresh_schema(path)
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    started = time.perf_counter()

    def load(table: str, rows) -> None:
        counts[table] = insert(connection, table, rows)
        print(f"  {table:<10} {counts[table]:>10,} rows  {time.perf_counter() - started:6.1f} s")

    connection = sqlite3.connect(path, isolation_level=None)
    try:
        with bulk(connection):
            people = make_people(rng, size.people)
            load("person", person_rows(rng, people))
            load("interest", interest_rows(people))
            load("identity", identity_rows(rng, people))
            blocks = pairs(rng, people, max(1, size.people // 200))
            load("block", edge_rows(blocks, rng))
            load("mute", edge_rows(pairs(rng, people, max(1, size.people // 100)), rng))
            load("follow", follow_rows(rng, people, size.follows_per_person, blocks))
            writer = Writer(rng, people, partners(blocks))
            load("post", post_rows(writer, size.posts))
            load("post_tag", sorted(writer.derived.tags))
            load("mention", sorted(writer.derived.mentions))
            load("post_like", sorted(writer.derived.likes))
        print(f"  indexes, full-text index, triggers  {time.perf_counter() - started:6.1f} s")
    finally:
        connection.close()
    return counts


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--size", choices=SIZES, default="default",
                        help="preset: default (100k people, 1M posts) or small, for smoke tests")
    parser.add_argument("--people", type=int, help="number of people (overrides --size)")
    parser.add_argument("--posts", type=int, help="number of posts (overrides --size)")
    parser.add_argument("--follows-per-person", type=int, help="mean follows (overrides --size)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--url", help="a PostgreSQL database to copy the network into "
                        "(emptied first); the file is reused when it exists")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    preset = SIZES[args.size]
    size = Size(
        args.people or preset.people,
        args.posts or preset.posts,
        args.follows_per_person or preset.follows_per_person,
    )
    if size.people < MIN_PEOPLE or size.posts < 1 or size.follows_per_person < 1:
        raise SystemExit(f"need at least {MIN_PEOPLE} people, 1 post and 1 follow each")
    if args.url and args.out.exists():
        print(f"copying {args.out} into {args.url}")
        load(args.out, args.url)
        return
    print(f"writing {args.out}: {size.people:,} people, {size.posts:,} posts, "
          f"about {size.follows_per_person} follows each, seed {args.seed}")
    started = time.perf_counter()
    counts = generate(args.out, size, args.seed)
    elapsed = time.perf_counter() - started
    print(f"done in {elapsed:.1f} s: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
    if args.url:
        print(f"copying {args.out} into {args.url}")
        load(args.out, args.url)


if __name__ == "__main__":
    main()
