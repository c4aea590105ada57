"""Push mixed messages through the conversation engine on the synthetic network.

    python -m bench.turns [--db PATH] [--messages 10000] [--people 1000] [--seed S]
                          [--states in_process|database]

Each message is a whole turn as an adapter would run it: identity, offline
understanding, the network's rules, and the rendered reply, on one thread (one
core), with no language model. Chat states are kept in the process, as the
terminal keeps them, or with `--states database` in the database, as `plaza run`
does. The network file is copied first, so the posts and follows written here
never change the figures of other benchmarks; the copy is migrated if it is behind.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.generate import DEFAULT_OUT
from bench.words import TOPICS
from bot.conversation import Conversation
from bot.conversation.states import DatabaseStates, InProcessStates
from bot.messages import Incoming
from storage.db import make_engine, migrate
from storage.models import Platform

TURNS_PER_S, P99_MS = 1000, 10.0
MIX = {"feed": 40, "post": 25, "follow": 20, "search": 15}
FEED = ["what's new?", "quoi de neuf ?", "show me my feed", "/feed"]
POSTS = ["post: Morning run done, {topic} next! #{tag}", "publie : Soirée {topic} ce soir",
         "/post Anyone here into {topic}?"]
FOLLOW = ["follow @{handle}", "abonne-moi à @{handle}", "/follow {handle}"]
SEARCH = ["search {topic}", "what are people saying about #{tag}", "cherche {topic}"]


def _people(path: Path, count: int, rng: random.Random) -> tuple[list[tuple], list[str]]:
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT i.platform, i.external_id, p.handle FROM identity i "
            "JOIN person p ON p.id = i.person_id"
        ).fetchall()
    return rng.sample(rows, count), [handle for _, _, handle in rows]


def _messages(rng: random.Random, actors: list[tuple], handles: list[str], count: int):
    kinds = rng.choices(list(MIX), weights=list(MIX.values()), k=count)
    for kind in kinds:
        platform, external, _ = rng.choice(actors)
        topic = rng.choice(TOPICS)
        tag = "".join(c for c in topic if c.isalnum())
        template = rng.choice({"feed": FEED, "post": POSTS, "follow": FOLLOW,
                               "search": SEARCH}[kind])
        text = template.format(topic=topic, tag=tag, handle=rng.choice(handles))
        yield kind, Incoming(Platform(platform), external, external, text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--states", choices=["in_process", "database"], default="in_process")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "turns.db"
        shutil.copyfile(args.db, copy)
        actors, handles = _people(copy, args.people, rng)
        engine = make_engine(f"sqlite:///{copy}")
        migrate(engine)
        states = DatabaseStates(engine) if args.states == "database" else InProcessStates()
        conversation = Conversation(engine, states=states)
        messages = list(_messages(rng, actors, handles, args.messages))
        for _, incoming in messages[:200]:  # warm caches and compiled statements
            conversation.handle(incoming)
        timings: dict[str, list[float]] = defaultdict(list)
        started, cpu_started = time.perf_counter(), time.process_time()
        for kind, incoming in messages:
            begin = time.perf_counter()
            conversation.handle(incoming)
            timings[kind].append((time.perf_counter() - begin) * 1000)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        engine.dispose()
    every = [t for times in timings.values() for t in times]
    rate = len(every) / elapsed
    p99 = statistics.quantiles(every, n=100)[98]
    print(f"{len(every)} turns from {args.people} people on {args.db.name}, one thread, no LLM, "
          f"chat states {args.states.replace('_', ' ')}")
    print(f"{'kind':<8}{'turns':>7}{'p50 ms':>9}{'p99 ms':>9}")
    for kind, times in sorted(timings.items()):
        print(f"{kind:<8}{len(times):>7}{statistics.median(times):>9.2f}"
              f"{statistics.quantiles(times, n=100)[98]:>9.2f}")
    print(f"{'all':<8}{len(every):>7}{statistics.median(every):>9.2f}{p99:>9.2f}")
    print(f"CPU time: {cpu / len(every) * 1000:.3f} ms a turn, so {len(every) / cpu:,.0f} turns "
          "per second of one core (wall clock below counts time lost to other processes)")
    print(f"throughput: {rate:,.0f} turns/s (target ≥ {TURNS_PER_S}: "
          f"{'met' if rate >= TURNS_PER_S else 'NOT met'}); "
          f"p99 {p99:.2f} ms (target < {P99_MS:g} ms: {'met' if p99 < P99_MS else 'NOT met'})")


if __name__ == "__main__":
    main()
