"""Three `plaza digest --due` workers deliver one burst of digests together, with and
without the send rate they share through Redis.

    python -m bench.digest_workers [--people 3000] [--workers 3]
        [--postgres postgresql://postgres@127.0.0.1:5432/test]
        [--redis redis://127.0.0.1:6379]

`--people` people are due their digest at the same minute, in a PostgreSQL schema of
the run's own. `--workers` real `python -m bot digest --due` processes claim and
send them together through the real Telegram adapter, to one local fake Bot API
server enforcing Telegram's real limits (30 messages in any second, one a second
per chat, 429 beyond). The burst runs twice, on a fresh schema each time: with
REDIS_URL set (the rate shared by the workers, bot.shared.rates) and without it
(each worker pacing itself alone, as before). Keys in Redis are the fake bot's,
whose id is drawn for the run, and expire within a second of the last send.

Printed for each: elapsed seconds, messages a second and their share of the
bot-wide limit (target at least 90 %), 429 answers, digests lost and doubled
(targets 0). Exit status 1 when the shared run misses a target.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.digest_delivery import due_people
from bench.sending import LIMIT_PER_S, TARGET_SHARE, received
from storage.db import database_url, make_engine, migrate
from tests.fakes.telegram_server import FakeTelegram

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def schema(postgres: str) -> Iterator[str]:
    """A fresh, migrated PostgreSQL schema of its own; its URL. Dropped afterwards."""
    name = f"plaza_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(postgres)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {name}")
    separator = "&" if "?" in postgres else "?"
    url = f"{database_url(postgres)}{separator}options=-csearch_path%3D{name}"
    try:
        yield url
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {name} CASCADE")
        admin.dispose()


def worker_env(**settings: str) -> dict[str, str]:
    """This environment without any Plaza setting, then `settings`."""
    kept = {name: value for name, value in os.environ.items()
            if not name.startswith(("TELEGRAM_", "DISCORD_", "OPENAI_", "PLAZA_", "REDIS_URL",
                                    "DATABASE_URL"))}
    return kept | settings


async def burst(people: int, workers: int, postgres: str, redis: str | None) -> dict[str, float]:
    """One burst of `people` due digests sent by `workers` processes; the figures."""
    with schema(postgres) as url:
        engine = make_engine(url)
        migrate(engine)
        chats = [int(chat) for chat in due_people(engine, people, "telegram")]
        engine.dispose()
        token = f"{random.randrange(10**9, 10**10)}:AAH-bench-token"  # keys of this run only
        async with FakeTelegram(token=token, per_second=LIMIT_PER_S, per_chat=1.0) as server:
            server.open_chats(chats)
            settings = {"DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": token,
                        "TELEGRAM_BASE_URL": server.base_url, "LOG_LEVEL": "WARNING"}
            if redis:
                settings["REDIS_URL"] = redis
            env = worker_env(**settings)
            started = time.monotonic()
            processes = [await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "digest", "--due", cwd=ROOT, env=env,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
                for _ in range(workers)]
            outputs = await asyncio.gather(*(p.communicate() for p in processes))
            elapsed = time.monotonic() - started
            warnings = 0
            for process, (_, errors) in zip(processes, outputs, strict=True):
                if process.returncode != 0:
                    raise SystemExit(f"a worker failed:\n{errors.decode()}")
                lines = errors.decode().splitlines()
                warnings += sum("WARNING" in line for line in lines)
                if os.environ.get("BENCH_SHOW_LOGS"):
                    print("\n".join(lines[-20:]))
            figures = received(server, chats)
            times = sorted(sent.at for chat in chats for sent in server.sent[chat])
            busiest = max((sum(1 for t in times[i:i + 2 * LIMIT_PER_S] if t - start < 1.0)
                           for i, start in enumerate(times)), default=0)
    return {**figures, "seconds": elapsed, "busiest": busiest, "warnings": warnings}


def show(name: str, figures: dict[str, float]) -> None:
    share = figures["rate"] / LIMIT_PER_S
    print(f"{name:<24} {figures['seconds']:7.1f} s {figures['rate']:6.1f}/s {share:7.1%} "
          f"{figures['busiest']:8.0f} {figures['too_many']:6.0f} {figures['lost']:5.0f} "
          f"{figures['doubled']:7.0f} {figures['warnings']:8.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.digest_workers",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=3000, help="digests due at once")
    parser.add_argument("--workers", type=int, default=3, help="`plaza digest --due` processes")
    parser.add_argument("--postgres", default=os.environ.get(
        "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--redis", default="redis://127.0.0.1:6379")
    parser.add_argument("--shared-only", action="store_true",
                        help="skip the run without Redis")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    print(f"{args.people} digests due, {args.workers} workers, fake Telegram at "
          f"{LIMIT_PER_S}/s overall and 1/s per chat")
    print(f"{'':<24} {'elapsed':>9} {'rate':>8} {'of limit':>7} {'busiest s':>8} {'429s':>6} "
          f"{'lost':>5} {'doubled':>7} {'warnings':>8}")
    shared = asyncio.run(burst(args.people, args.workers, args.postgres, args.redis))
    show("shared (REDIS_URL)", shared)
    if not args.shared_only:
        alone = asyncio.run(burst(args.people, args.workers, args.postgres, None))
        show("each alone (no Redis)", alone)
    print(f"targets for the shared run: ≥ {TARGET_SHARE:.0%} of the limit, busiest second ≤ "
          f"{LIMIT_PER_S}, 0 429s, 0 lost, 0 doubled")
    met = (shared["rate"] / LIMIT_PER_S >= TARGET_SHARE and not shared["too_many"]
           and not shared["lost"] and not shared["doubled"])
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
