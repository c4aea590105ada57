"""What sharing the model's budgets through Redis costs a turn, and a worker's start-up check.

    python -m bench.budget [--redis URL] [--postgres URL] [--calls N]

A turn that asks the model first checks the breaker (`open`) and takes one call
from the person's hourly allowance (`take`). Times both, in the process
(no REDIS_URL) and in Redis (one round trip each; the moving window is a Lua
script over a sorted list), over N calls spread over 1,000 people, and prints
the median and 99th percentile in microseconds. Then times
`bot.shared.workers.claimed` for a `plaza run` on a SQLite file and, with
`--postgres`, on PostgreSQL (its own connection, advisory locks), in
milliseconds. Keys are written under a prefix of their own and deleted after.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import redis

from bot.settings import Settings
from bot.shared.workers import Role, claimed
from bot.understanding.budget import Breaker, HourlyLimit, Link, SharedBreaker, SharedHourlyLimit
from storage.db import make_engine


def _times(step: Callable[[int], object], calls: int) -> tuple[float, float]:
    """Median and 99th percentile of `step(i)`, in microseconds."""
    spent = []
    for i in range(calls):
        began = time.perf_counter()
        step(i)
        spent.append((time.perf_counter() - began) * 1e6)
    spent.sort()
    return statistics.median(spent), spent[int(len(spent) * 0.99)]


def budgets(url: str, calls: int) -> None:
    prefix = f"plaza-bench:{uuid.uuid4().hex}"
    link = Link(url, prefix, time.monotonic)
    pairs = {
        "in process": (HourlyLimit(60, time.monotonic), Breaker(30, time.monotonic)),
        "in Redis": (SharedHourlyLimit(60, time.monotonic, link),
                     SharedBreaker(30, time.monotonic, link)),
    }
    try:
        for name, (limit, breaker) in pairs.items():
            take = _times(lambda i, limit=limit: limit.take(f"person{i % 1000}"), calls)
            rest = _times(lambda i, breaker=breaker: breaker.open(), calls)
            print(f"{name:>10}: take {take[0]:7.1f} us (p99 {take[1]:7.1f}), "
                  f"open {rest[0]:7.1f} us (p99 {rest[1]:7.1f})  over {calls} calls")
    finally:
        for key in link.client.scan_iter(f"{prefix}:*"):
            link.client.delete(key)
        link.client.close()


def start_up(database: str, label: str, rounds: int = 50) -> None:
    engine = make_engine(database)
    settings = Settings(_env_file=None)
    spent = []
    for _ in range(rounds):
        began = time.perf_counter()
        with claimed(settings, engine, Role.run):
            spent.append((time.perf_counter() - began) * 1e3)
    engine.dispose()
    print(f"{label:>10}: claiming a `plaza run`'s place {statistics.median(spent):.2f} ms "
          f"(max {max(spent):.2f}) over {rounds}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--postgres", help="a PostgreSQL URL for the start-up check")
    parser.add_argument("--calls", type=int, default=5000)
    args = parser.parse_args()
    redis.Redis.from_url(args.redis).ping()
    budgets(args.redis, args.calls)
    with tempfile.TemporaryDirectory() as folder:
        start_up(f"sqlite:///{Path(folder) / 'plaza.db'}", "SQLite")
    if args.postgres:
        start_up(args.postgres, "PostgreSQL")


if __name__ == "__main__":
    main()
