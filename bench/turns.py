"""Push messages through the conversation engine on the synthetic network, in 1 and N processes.

    python -m bench.turns [--url URL | --db PATH] [--messages 10000] [--people 1000]
                          [--seed S] [--mix default|reads] [--processes 2]
                          [--states in_process|database]

Each message is a whole turn as an adapter would run it: identity, offline
understanding, the network's rules, and the rendered reply, with no language
model, one thread a process. The same messages run twice, side by side: in one
process, then shared among `--processes` processes (each person's messages all
in one process and in order, as `Turns` keeps a chat's turns), each process
with its own engine; turns per second count every turn by the wall clock, from
the moment every process is ready to the last one's end.

`--mix default` is 40 % feed reads, 25 % posts, 20 % follows and 15 % searches,
English and French; `--mix reads` only the feed reads and searches. Chat states
are kept in each process, as the terminal keeps them, or with `--states
database` in the database, as `plaza run` does (a save is then a write).

`--url` names the network: a SQLite file (`--db PATH` is short for
sqlite:///PATH, bench/network.db by default) or a PostgreSQL database
(postgresql://postgres@127.0.0.1:5432/plaza_bench, loaded by
`python -m bench.generate --url`). Each run works on a fresh copy, so the
posts and follows written here never change another benchmark's figures: the
file is copied into a temporary folder; the database is cloned
(CREATE DATABASE ... TEMPLATE, which needs nobody else connected to it for a
moment) and dropped afterwards. The copy is migrated if it is behind.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import multiprocessing
import os
import platform
import random
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from multiprocessing.synchronize import Barrier
from pathlib import Path
from queue import Empty
from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bench.generate import DEFAULT_OUT
from bench.pg_load import libpq_url
from bench.words import TOPICS
from bot.conversation import Conversation
from bot.conversation.states import DatabaseStates, InProcessStates
from bot.messages import Incoming
from bot.phrases import LANGUAGES, say
from storage.db import database_url, make_engine, migrate, session_scope
from storage.models import Platform

# The targets of issue 11: turns/s in one process, and what a second process adds
# (on SQLite, for reads: its writers take turns by design).
TURNS_PER_S = {"sqlite": 1200, "postgresql": 600}
SCALING, P99_MS = 1.5, 10.0
MIXES = {
    "default": {"feed": 40, "post": 25, "follow": 20, "search": 15},
    "reads": {"feed": 40, "search": 15},
}
FEED = ["what's new?", "quoi de neuf ?", "show me my feed", "/feed"]
POSTS = ["post: Morning run done, {topic} next! #{tag}", "publie : Soirée {topic} ce soir",
         "/post Anyone here into {topic}?"]
FOLLOW = ["follow @{handle}", "abonne-moi à @{handle}", "/follow {handle}"]
SEARCH = ["search {topic}", "what are people saying about #{tag}", "cherche {topic}"]
TEMPLATES = {"feed": FEED, "post": POSTS, "follow": FOLLOW, "search": SEARCH}
WARMUP = 200  # turns each process runs before the clock starts: caches, compiled statements
STUCK_S = 1800  # a process silent this long has failed, not slowed down
CLONE_WAIT_S = 600  # for the network's database to be free of other sessions, to clone it
CRASH = {say("error.crash", language) for language in LANGUAGES}

Message = tuple[str, Incoming]  # (kind, the message)


@dataclass(frozen=True)
class Share:
    """One process's work: the database, where chat states live, and its messages."""

    url: str
    states: str
    warmup: list[Message]
    messages: list[Message]


@dataclass
class Result:
    """What one process measured: each turn's kind and milliseconds, when its clock ran
    (time.monotonic, the same clock in every process), CPU seconds, turns started over
    (storage.db.run_optimistically) and turns that failed; and how often the process
    gave the CPU up to wait (a lock, a sleep, the disk) or had it taken by another
    process: on a shared machine, which of the two slowed it down."""

    timings: list[tuple[str, float]]
    began: float
    ended: float
    cpu: float
    started_over: int
    failed: int
    waited: int
    preempted: int


@dataclass
class Run:
    """Every process of one configuration, together."""

    processes: int
    results: list[Result] = field(default_factory=list)

    @property
    def turns(self) -> int:
        return sum(len(result.timings) for result in self.results)

    @property
    def wall(self) -> float:
        return max(r.ended for r in self.results) - min(r.began for r in self.results)

    @property
    def rate(self) -> float:
        return self.turns / self.wall

    def times(self, kind: str | None = None) -> list[float]:
        return [ms for result in self.results for k, ms in result.timings
                if kind is None or k == kind]


class _Counting(logging.Handler):
    """Counts the turns storage.db started over under the write lock."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _worker(share: Share, start: Barrier, results: Any) -> None:
    """Run `share` in this process once every process is ready; put a Result in `results`."""
    engine = make_engine(share.url)
    states = DatabaseStates(engine) if share.states == "database" else InProcessStates()
    conversation = Conversation(engine, states=states)
    for _, incoming in share.warmup:
        conversation.handle(incoming)
    started_over = _Counting()
    logging.getLogger("storage.db").addHandler(started_over)
    logging.getLogger("storage.db").setLevel(logging.DEBUG)
    start.wait()
    timings, failed = [], 0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    began, cpu = time.monotonic(), time.process_time()
    for kind, incoming in share.messages:
        before = time.perf_counter()
        replies = conversation.handle(incoming)
        timings.append((kind, (time.perf_counter() - before) * 1000))
        failed += any(reply.text in CRASH for reply in replies)
    ended, cpu = time.monotonic(), time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_SELF)
    engine.dispose()
    results.put(Result(timings, began, ended, cpu, started_over.count, failed,
                       after.ru_nvcsw - usage.ru_nvcsw, after.ru_nivcsw - usage.ru_nivcsw))


def _people(url: str, count: int, rng: random.Random) -> tuple[list[tuple], list[str]]:
    """`count` identities drawn at random (platform, external id, handle), and every handle."""
    engine = make_engine(url)
    with session_scope(engine, read_only=True) as session:
        rows = [tuple(row) for row in session.execute(sa.text(
            "SELECT i.platform, i.external_id, p.handle FROM identity i "
            "JOIN person p ON p.id = i.person_id ORDER BY i.id"))]
    engine.dispose()
    return rng.sample(rows, count), [handle for _, _, handle in rows]


def _messages(rng: random.Random, actors: list[tuple], handles: list[str], count: int,
              mix: dict[str, int]) -> Iterator[Message]:
    kinds = rng.choices(list(mix), weights=list(mix.values()), k=count)
    for kind in kinds:
        platform_name, external, _ = rng.choice(actors)
        topic = rng.choice(TOPICS)
        tag = "".join(c for c in topic if c.isalnum())
        template = rng.choice(TEMPLATES[kind])
        text = template.format(topic=topic, tag=tag, handle=rng.choice(handles))
        yield kind, Incoming(Platform(platform_name), external, external, text)


def _shares(url: str, states: str, actors: list[tuple], messages: list[Message],
            warmup: list[Message], processes: int) -> list[Share]:
    """Each person's messages to one process (actors dealt round the processes)."""
    where = {(platform_name, external): i % processes
             for i, (platform_name, external, _) in enumerate(actors)}

    def part(listed: list[Message], n: int) -> list[Message]:
        return [m for m in listed if where[(str(m[1].platform), m[1].external_id)] == n]

    return [Share(url, states, part(warmup, n)[:WARMUP], part(messages, n))
            for n in range(processes)]


def _run(shares: list[Share]) -> Run:
    """Every share in a process of its own, started together."""
    context = multiprocessing.get_context("spawn")
    start, queue = context.Barrier(len(shares) + 1), context.Queue()
    workers = [context.Process(target=_worker, args=(share, start, queue)) for share in shares]
    for worker in workers:
        worker.start()
    start.wait(timeout=STUCK_S)  # every process warmed up: the clock starts in each
    run = Run(len(shares))
    deadline = time.monotonic() + STUCK_S
    while len(run.results) < len(workers):
        try:
            run.results.append(queue.get(timeout=1))
        except Empty as nothing:
            if time.monotonic() > deadline or not any(w.is_alive() for w in workers):
                raise SystemExit("a benchmark process failed; see its error above") from nothing
    for worker in workers:
        worker.join()
    return run


@contextmanager
def _copy(url: str, folder: Path, n: int) -> Iterator[str]:
    """A fresh copy of the network at `url`, as a URL; removed afterwards."""
    source = make_url(database_url(url))
    if source.get_backend_name() == "sqlite":
        assert source.database, "a SQLite URL names a file"
        target = folder / f"turns-{n}.db"
        shutil.copyfile(source.database, target)
        try:
            yield f"sqlite:///{target}"
        finally:
            for path in (target, target.with_name(target.name + "-wal"),
                         target.with_name(target.name + "-shm")):
                path.unlink(missing_ok=True)
        return
    name = f"{source.database}_turns_{os.getpid()}_{n}"
    admin = libpq_url(source.set(database="postgres").render_as_string(hide_password=False))
    deadline = time.monotonic() + CLONE_WAIT_S
    with psycopg.connect(admin, autocommit=True) as connection:
        # FILE_COPY (PostgreSQL 15+) copies the files, where the default logs every page.
        how = " STRATEGY FILE_COPY" if connection.info.server_version >= 150000 else ""
        for attempt in itertools.count():
            try:
                connection.execute(
                    f'CREATE DATABASE "{name}" TEMPLATE "{source.database}"{how}')
                break
            except psycopg.errors.ObjectInUse as busy:  # PostgreSQL waited 5 s already
                if time.monotonic() > deadline:
                    raise SystemExit(f"{source.database} stayed in use by other sessions; "
                                     "CREATE DATABASE ... TEMPLATE needs it alone") from busy
                if attempt == 0:
                    print(f"waiting for {source.database} to be free of other sessions, "
                          "to clone it", flush=True)
    try:
        yield source.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _p99(times: list[float]) -> float:
    return statistics.quantiles(times, n=100)[98] if len(times) > 1 else times[0]


def report(runs: list[Run], engine: str, mix: str, out: Callable[[str], None] = print) -> None:
    """The figures of each run side by side, and the targets."""
    widths = "".join(f"{f'{r.processes} process' + ('es' if r.processes > 1 else ''):>20}"
                     for r in runs)
    out(f"{'':<22}{widths}")
    out(f"{'kind':<10}{'turns':>12}" + f"{'p50 ms':>10}{'p99 ms':>10}" * len(runs))
    for kind in sorted({k for r in runs for result in r.results for k, _ in result.timings}):
        cells = "".join(f"{statistics.median(r.times(kind)):>10.2f}{_p99(r.times(kind)):>10.2f}"
                        for r in runs)
        out(f"{kind:<10}{len(runs[0].times(kind)):>12,}{cells}")
    out(f"{'all':<10}{runs[0].turns:>12,}" + "".join(
        f"{statistics.median(r.times()):>10.2f}{_p99(r.times()):>10.2f}" for r in runs))
    out(f"{'turns/s (wall clock)':<22}" + "".join(f"{r.rate:>20,.0f}" for r in runs))
    out(f"{'CPU ms a turn':<22}" + "".join(
        f"{sum(x.cpu for x in r.results) / r.turns * 1000:>20.3f}" for r in runs))
    out(f"{'CPU / wall, a process':<22}" + "".join(
        f"{sum(x.cpu for x in r.results) / r.wall / r.processes:>20.2f}" for r in runs))
    out(f"{'waits a 1,000 turns':<22}" + "".join(
        f"{sum(x.waited for x in r.results) / r.turns * 1000:>20,.0f}" for r in runs))
    out(f"{'preempted a 1,000':<22}" + "".join(
        f"{sum(x.preempted for x in r.results) / r.turns * 1000:>20,.0f}" for r in runs))
    out(f"{'started over':<22}" + "".join(
        f"{sum(x.started_over for x in r.results):>20,}" for r in runs))
    out(f"{'failed':<22}" + "".join(f"{sum(x.failed for x in r.results):>20,}" for r in runs))
    one, target = runs[0], TURNS_PER_S[engine]
    p99 = _p99(one.times())
    met = _verdict(one.rate >= target)
    out(f"one process: {one.rate:,.0f} turns/s (target ≥ {target:,}: {met}); "
        f"p99 {p99:.2f} ms (target < {P99_MS:g} ms: {_verdict(p99 < P99_MS)})")
    for more in runs[1:]:
        ratio = more.rate / one.rate
        applies = engine == "postgresql" or mix == "reads"
        verdict = _verdict(ratio >= SCALING) if applies else "the target is for reads on SQLite"
        out(f"{more.processes} processes: {ratio:.2f}x one (target ≥ {SCALING}x: {verdict})")


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.turns",
                                     description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--url", help="sqlite:///PATH or postgresql://... (copied first)")
    where.add_argument("--db", type=Path, help=f"a SQLite file (default {DEFAULT_OUT})")
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--mix", choices=list(MIXES), default="default")
    parser.add_argument("--processes", type=int, default=2,
                        help="processes of the second run (the first has one)")
    parser.add_argument("--states", choices=["in_process", "database"], default="in_process")
    args = parser.parse_args(argv)
    url = args.url or f"sqlite:///{args.db or DEFAULT_OUT}"
    engine_name = make_url(database_url(url)).get_backend_name()
    mix = MIXES[args.mix]
    counts = sorted({1, args.processes})
    out = print
    with tempfile.TemporaryDirectory() as folder, ExitStack() as copies:
        # Every copy first: the network must be free of other sessions to be cloned.
        urls = [copies.enter_context(_copy(url, Path(folder), n)) for n in range(len(counts))]
        for copy in urls:
            engine = make_engine(copy)
            migrate(engine)
            engine.dispose()
        rng = random.Random(args.seed)
        actors, handles = _people(urls[0], args.people, rng)
        messages = list(_messages(rng, actors, handles, args.messages, mix))
        warmup = list(_messages(rng, actors, handles, WARMUP * max(counts) * 2, mix))
        runs = [_run(_shares(copy, args.states, actors, messages, warmup, processes))
                for copy, processes in zip(urls, counts, strict=True)]
    share = ", ".join(f"{kind} {weight / sum(mix.values()):.0%}" for kind, weight in mix.items())
    shown = url if engine_name == "sqlite" else make_url(database_url(url)).render_as_string()
    out(f"{len(messages):,} turns from {args.people:,} people, {args.mix} mix ({share}), "
        f"no LLM, chat states {args.states.replace('_', ' ')}")
    out(f"on a fresh copy of {shown} per run; {os.cpu_count()} cores "
        f"{platform.machine()}, Python {platform.python_version()}")
    report(runs, engine_name, args.mix, out)


if __name__ == "__main__":
    main()
