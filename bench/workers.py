"""Turns per second with 1, 2 and 4 webhook workers on PostgreSQL, side by side (issue 14).

    python -m bench.workers [--url URL] [--messages 6000] [--people 1000] [--seed S]
                            [--mix default|reads] [--workers 1,2,4] [--in-flight 8]
                            [--redis redis://127.0.0.1:6379/0]

What a `plaza run` webhook worker does, without the platform: each worker is a
process with its own engine and event loop running `Turns` as `plaza run` does,
chat states in the database and chats held through Redis (RedisChatLocks), each
update kept in the inbox before its turn (`Turns.receive`), and replies handed
to a Send that only looks for the crash apology. The updates are dealt round
robin to the workers, as a load balancer deals webhook posts, whoever's chat
they belong to (a worker whose update's chat another holds leaves it to that
one, through the inbox); each worker has at most `--in-flight` of them going at
once (a webhook's concurrent connections), each until the holder of its chat has
done it, so what is measured is a worker at full load, not a queue growing
without end.

Two times are measured: a turn (`Conversation.handle_received` on its thread,
the turn's effects and its inbox row marked done in one transaction), and an
update's time from arrival to sent (the inbox's received_at to sent_at: keeping
it, waiting for its chat's holder and a thread, the turn, the send, the mark),
in milliseconds. Turns per second count every measured update of every worker
by the wall clock, from the moment every worker is ready to the last one sent.
The messages are bench.turns's (the synthetic network's people: feed reads,
posts, follows, searches, English and French), on a fresh copy of the network
per run (bench.turns._copy: CREATE DATABASE ... TEMPLATE, dropped after); chats
are held under a Redis key prefix of the run's own.

The targets of issue 14: 2 workers at least 1.7x one, and the p99 of a turn under
20 ms (on the 2-core machine this was written on, where 4 workers share 2 cores
with PostgreSQL and Redis: 4 shows where the machine, not Plaza, stops scaling).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import random
import statistics
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from multiprocessing.synchronize import Barrier
from pathlib import Path
from queue import Empty
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bench.turns import CRASH, MIXES, STUCK_S, Message, _copy, _messages, _p99, _people
from bot.adapters.base import Send
from bot.conversation import Conversation
from bot.conversation.states import DatabaseStates
from bot.conversation.turns import Turns
from bot.messages import Incoming, Reply
from storage.db import database_url, make_engine, migrate
from storage.models import Platform

SCALING, P99_MS = 1.7, 20.0
WARMUP = 200  # updates each worker handles before the clock starts
WARM_IDS = 10 ** 9  # the measured updates' ids start here, the warm-up's below


class Timed(Conversation):
    """The conversation, noting how long each turn's `handle` took on its thread, in
    milliseconds: the turn itself, without the inbox, the lock and the wait for a thread."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.handled: list[float] = []

    def handle_received(self, incoming: Incoming) -> list[Reply] | None:
        before = time.perf_counter()
        try:
            return super().handle_received(incoming)
        finally:
            self.handled.append((time.perf_counter() - before) * 1000)


@dataclass(frozen=True)
class Share:
    """One worker's updates: (update id, the message), in the order they arrive; where
    its chats are held in Redis (`space`, a key prefix of this run's own)."""

    url: str
    redis_url: str
    space: str
    in_flight: int
    warmup: list[tuple[int, Incoming]]
    updates: list[tuple[int, Incoming]]


@dataclass
class Result:
    """What one worker measured: each turn's milliseconds on its thread (Timed), when its
    clock ran (time.time(), the clock the inbox's timestamps are read from), its CPU
    seconds, and the replies it sent that were the crash apology."""

    handled: list[float]
    began: float
    ended: float
    cpu: float
    failed: int


@dataclass
class Run:
    """Every worker of one configuration, together, and the inbox they left: each measured
    update's milliseconds from arrival to sent (received_at to sent_at), the last sent_at,
    and how many were never sent."""

    workers: int
    results: list[Result] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    last_sent: float = 0.0
    unsent: int = 0

    @property
    def turns(self) -> int:
        return len(self.latencies)

    @property
    def wall(self) -> float:
        return max(self.last_sent, *(r.ended for r in self.results)) - min(
            r.began for r in self.results)

    @property
    def rate(self) -> float:
        return self.turns / self.wall

    def handled(self) -> list[float]:
        return [ms for result in self.results for ms in result.handled]


async def _serve(share: Share, updates: list[tuple[int, Incoming]], turns: Turns) -> None:
    """Hands `updates` to `turns` as webhook posts arrive, at most `share.in_flight` at
    once, each until the worker holding its chat has it (Turns.__call__)."""
    room = asyncio.Semaphore(share.in_flight)

    async def one(update_id: int, incoming: Incoming) -> None:
        async with room:
            await turns(replace(incoming, update_id=str(update_id)), turns.repliers[
                incoming.platform](incoming.chat_id))

    await asyncio.gather(*(one(update_id, incoming) for update_id, incoming in updates))
    await turns.wait()


def _worker(share: Share, start: Barrier, results: Any) -> None:
    """One webhook worker: warms up, waits for every other, serves its share, and puts
    its Result in `results`."""
    from bot.shared.chat_locks import RedisChatLocks
    from bot.shared.redis import client

    engine = make_engine(share.url)
    conversation = Timed(engine, states=DatabaseStates(engine))
    failed = 0

    async def work() -> Result:
        nonlocal failed
        turns = Turns(conversation, locks=RedisChatLocks(client(share.redis_url), share.space))

        def replier(chat_id: str) -> Send:
            async def send(replies: list[Reply]) -> None:
                nonlocal failed
                failed += any(reply.text in CRASH for reply in replies)
            return send

        for each in Platform:
            turns.repliers[each] = replier
        try:
            await _serve(share, share.warmup, turns)
            await asyncio.get_running_loop().run_in_executor(None, start.wait)
            conversation.handled.clear()
            failed = 0
            began, cpu = time.time(), time.process_time()
            await _serve(share, share.updates, turns)
            return Result(list(conversation.handled), began, time.time(),
                          time.process_time() - cpu, failed)
        finally:
            turns.close()

    try:
        results.put(asyncio.run(work()))
    finally:
        engine.dispose()


def _deal(url: str, redis_url: str, in_flight: int, messages: list[Message],
          warmup: list[Message], workers: int) -> list[Share]:
    """The updates round robin to `workers`, as a load balancer deals webhook posts;
    update ids in the order Telegram would number them, warm-up ones first (below
    WARM_IDS)."""
    space = f"plaza-bench-{os.getpid()}-{workers}"
    warm = [(n, incoming) for n, (_, incoming) in enumerate(warmup[:WARMUP * workers], start=1)]
    later = [(n, incoming) for n, (_, incoming) in enumerate(messages, start=WARM_IDS)]
    return [Share(url, redis_url, space, in_flight, warm[w::workers], later[w::workers])
            for w in range(workers)]


def _run(shares: list[Share]) -> Run:
    """Every share in a worker process of its own, started together; then what the inbox
    says of the updates measured."""
    context = multiprocessing.get_context("spawn")
    start, queue = context.Barrier(len(shares) + 1), context.Queue()
    processes = [context.Process(target=_worker, args=(share, start, queue))
                 for share in shares]
    for process in processes:
        process.start()
    start.wait(timeout=STUCK_S)
    run = Run(len(shares))
    deadline = time.monotonic() + STUCK_S
    while len(run.results) < len(processes):
        try:
            run.results.append(queue.get(timeout=1))
        except Empty as nothing:
            if time.monotonic() > deadline or not any(p.is_alive() for p in processes):
                raise SystemExit("a worker failed; see its error above") from nothing
    for process in processes:
        process.join()
    engine = make_engine(shares[0].url)
    with engine.connect() as db:
        rows = db.execute(sa.text(
            "SELECT received_at, sent_at FROM inbox WHERE position >= :first"),
            {"first": WARM_IDS}).all()
    engine.dispose()
    for received, sent in rows:
        if sent is None:
            run.unsent += 1
            continue
        run.latencies.append((sent - received).total_seconds() * 1000)
        run.last_sent = max(run.last_sent, sent.timestamp())
    return run


def report(runs: list[Run], out: Any = print) -> None:
    """Each run's turns/s, p50 and p99 side by side, the scaling factors and targets."""
    out(f"{'':<24}" + "".join(f"{f'{r.workers} worker' + ('s' if r.workers > 1 else ''):>14}"
                              for r in runs))
    out(f"{'turns/s (wall clock)':<24}" + "".join(f"{r.rate:>14,.0f}" for r in runs))
    out(f"{'x one worker':<24}" + "".join(f"{r.rate / runs[0].rate:>14.2f}" for r in runs))
    out(f"{'turn p50 ms':<24}" + "".join(
        f"{statistics.median(r.handled()):>14.2f}" for r in runs))
    out(f"{'turn p99 ms':<24}" + "".join(f"{_p99(r.handled()):>14.2f}" for r in runs))
    out(f"{'arrival→sent p50 ms':<24}" + "".join(
        f"{statistics.median(r.latencies):>14.2f}" for r in runs))
    out(f"{'arrival→sent p99 ms':<24}" + "".join(f"{_p99(r.latencies):>14.2f}" for r in runs))
    out(f"{'CPU ms a turn (worker)':<24}" + "".join(
        f"{sum(x.cpu for x in r.results) / r.turns * 1000:>14.2f}" for r in runs))
    out(f"{'failed':<24}" + "".join(f"{sum(x.failed for x in r.results):>14,}" for r in runs))
    out(f"{'never sent':<24}" + "".join(f"{r.unsent:>14,}" for r in runs))
    one = runs[0]
    for more in runs[1:]:
        if more.workers == 2:
            ratio = more.rate / one.rate
            out(f"2 workers: {ratio:.2f}x one (target ≥ {SCALING}x: {_verdict(ratio >= SCALING)})")
    worst = max(_p99(r.handled()) for r in runs if r.workers <= 2)
    out(f"p99 of a turn with 1-2 workers: {worst:.2f} ms "
        f"(target < {P99_MS:g} ms: {_verdict(worst < P99_MS)})")


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.workers",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/plaza_bench",
                        help="the network, in PostgreSQL (python -m bench.generate --url)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--messages", type=int, default=6_000)
    parser.add_argument("--people", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--mix", choices=list(MIXES), default="default")
    parser.add_argument("--workers", default="1,2,4", help="worker counts, comma-separated")
    parser.add_argument("--in-flight", type=int, default=8,
                        help="updates a worker keeps unanswered at once")
    args = parser.parse_args(argv)
    if make_url(database_url(args.url)).get_backend_name() != "postgresql":
        raise SystemExit("many workers share PostgreSQL: give --url postgresql://...")
    counts = sorted({int(n) for n in args.workers.split(",")})
    mix = MIXES[args.mix]
    with tempfile.TemporaryDirectory() as folder, ExitStack() as copies:
        urls = [copies.enter_context(_copy(args.url, Path(folder), n))
                for n in range(len(counts))]
        for copy in urls:
            engine = make_engine(copy)
            migrate(engine)
            engine.dispose()
        rng = random.Random(args.seed)
        actors, handles = _people(urls[0], args.people, rng)
        messages = list(_messages(rng, actors, handles, args.messages, mix))
        warmup = list(_messages(rng, actors, handles, WARMUP * max(counts), mix))
        runs = [_run(_deal(copy, args.redis, args.in_flight, messages, warmup, workers))
                for copy, workers in zip(urls, counts, strict=True)]
    share = ", ".join(f"{kind} {weight / sum(mix.values()):.0%}" for kind, weight in mix.items())
    out = print
    out(f"{len(messages):,} turns from {args.people:,} people, {args.mix} mix ({share}), "
        f"no LLM, chat states in the database, updates round robin, "
        f"{args.in_flight} in flight a worker")
    out(f"on a fresh copy of {make_url(database_url(args.url)).render_as_string()} per run; "
        f"{os.cpu_count()} cores {platform.machine()}, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f} at the end")
    report(runs, out)


if __name__ == "__main__":
    main()
