"""Send a burst of direct messages through the Discord adapter, against Discord's limits.

    python -m bench.discord_send [--people 3000] [--json]

A local fake Discord (tests/fakes/discord_server.py) enforces Discord's global
limit (50 requests in any second) and its per-route buckets, answering 429
beyond either. The real discord.py client and Plaza's send path
(`DiscordAdapter.send`, as the digest scheduler calls it, started send-only
with its default pace) send one message to each of `--people` people, all
queued at once; each one first opens that person's DM channel
(POST /users/@me/channels), then posts the message in it, so every message is
two requests.

Printed: the requests a second the fake received, as a share of the global
limit (target at least 85 %), and the busiest second; messages a second; the
429 answers, global and per route, with when they came (target 0 once a
route's bucket is learned from its first answer); messages lost, doubled or
with the wrong text (target 0); the time it all took. Exit status 1 when a
target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import time
from bisect import bisect_left
from collections import Counter
from dataclasses import asdict, dataclass, field

from bot.adapters.discord.adapter import DiscordAdapter, DiscordConfig
from bot.messages import Reply
from tests.fakes.discord_limits import DEFAULT_BUCKETS, RateLimits
from tests.fakes.discord_rules import Refusal
from tests.fakes.discord_server import FakeDiscord, User

GLOBAL_LIMIT = 50  # requests in any second, per bot (Discord's documented global limit)
TARGET_SHARE = 0.85
OPEN_DM = "POST /users/@me/channels"
FIRST_USER = 300_000_000_000_000_000  # user ids, one per person, shaped like snowflakes


@dataclass
class TooMany:
    """A 429 the fake answered: `at` seconds after the burst began."""

    at: float
    route: str
    scope: str  # "global" or "route"


class CountedLimits(RateLimits):
    """The fake's rate limits, also noting when each 429 came and for which route."""

    def __init__(self, limits: RateLimits) -> None:
        super().__init__(limits.global_per_second, limits.buckets, limits.default)
        self.since = time.monotonic()
        self.answered: list[TooMany] = []
        self.first: dict[str, float] = {}  # route: s, its first answer that was not a 429

    def admit(self, route: str, major: str, exempt: bool = False) -> dict[str, str]:
        before = self.too_many_global
        at = time.monotonic() - self.since
        try:
            headers = super().admit(route, major, exempt)
        except Refusal:
            scope = "global" if self.too_many_global > before else "route"
            self.answered.append(TooMany(at, route, scope))
            raise
        self.first.setdefault(route, at)
        return headers


@dataclass
class Figures:
    people: int
    seconds: float  # from the first send queued to the last one answered
    requests: int  # every request the fake received during the burst, 429s included
    requests_per_s: float  # over the burst: from its first request to its last
    busiest_second: int  # most requests within any one-second window
    messages: int  # messages the fake kept
    messages_per_s: float
    dm_channels_opened: int  # POST /users/@me/channels answered (not 429)
    too_many: list[TooMany] = field(default_factory=list)
    first_answers: dict[str, float] = field(default_factory=dict)  # route: s, first non-429
    failed: int = 0  # sends that raised
    lost: int = 0
    doubled: int = 0
    wrong: int = 0

    @property
    def share(self) -> float:
        return self.requests_per_s / GLOBAL_LIMIT

    @property
    def late_429s(self) -> list[TooMany]:
        """The 429s after their route's first answer had taught discord.py its bucket."""
        return [t for t in self.too_many
                if t.at > self.first_answers.get(t.route, float("inf"))]

    def met(self) -> bool:
        return (self.share >= TARGET_SHARE and not self.late_429s
                and not (self.failed or self.lost or self.doubled or self.wrong))


def text_for(user_id: int) -> str:
    return f"Your digest, person {user_id}"


async def burst(people: int, open_dm_limit: int | None = None) -> Figures:
    """Send one DM to each of `people` people through the adapter; what the fake saw.
    `open_dm_limit`: the fake's bucket for opening DM channels, requests a second, instead
    of its default."""
    users = [User(FIRST_USER + i, f"person{i}") for i in range(people)]
    buckets = {OPEN_DM: (open_dm_limit, 1.0)} if open_dm_limit else None
    async with FakeDiscord(buckets=buckets) as fake:
        fake.add_user(*users)
        adapter = DiscordAdapter(DiscordConfig(fake.token, api_url=fake.api_url,
                                               gateway_url=fake.gateway_url))
        await adapter.start(None)  # log in only: sending, as `plaza digest --due` does
        limits = fake.limits = CountedLimits(fake.limits)
        started = limits.since = time.monotonic()
        try:
            outcomes = await asyncio.gather(
                *(adapter.send(str(user.id), Reply(text_for(user.id))) for user in users),
                return_exceptions=True)
        finally:
            await adapter.stop()
        seconds = time.monotonic() - started
        return _figures(fake, limits, users, started, seconds,
                        sum(isinstance(o, BaseException) for o in outcomes))


def _figures(fake: FakeDiscord, limits: CountedLimits, users: list[User], started: float,
             seconds: float, failed: int) -> Figures:
    calls = [(at - started, f"{method} {route}") for at, method, route in fake.requests
             if at >= started]
    times = [at for at, _ in calls]
    sent = [s.at - started for user in users for s in fake.sent[fake.dm_channel_of(user.id)]]
    counts = [len(fake.sent[fake.dm_channel_of(user.id)]) for user in users]
    wrong = sum(any(s.content != text_for(user.id) for s in fake.sent[fake.dm_channel_of(user.id)])
                for user in users)
    sent.sort()
    return Figures(
        people=len(users), seconds=seconds, requests=len(calls),
        requests_per_s=_rate(times), busiest_second=_busiest(times),
        messages=len(sent), messages_per_s=_rate(sent),
        dm_channels_opened=sum(route == OPEN_DM for _, route in calls)
        - sum(t.route == OPEN_DM for t in limits.answered),
        too_many=limits.answered, first_answers=limits.first, failed=failed,
        lost=counts.count(0), doubled=sum(n > 1 for n in counts), wrong=wrong)


def _rate(times: list[float]) -> float:
    """Events a second from the first to the last of `times` (sorted seconds)."""
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0


def _busiest(times: list[float]) -> int:
    """The most of `times` (sorted) within any one second: what the global limit counts."""
    return max((i - bisect_left(times, t - 1.0, 0, i) + 1 for i, t in enumerate(times)),
               default=0)


def report(figures: Figures) -> None:
    f = figures
    print(f"sent {f.messages} messages to {f.people} people in {f.seconds:.1f} s "
          f"({f.requests} requests, {f.dm_channels_opened} DM channels opened)")
    print(f"requests {f.requests_per_s:.1f}/s at the fake = {f.share:.1%} of Discord's global "
          f"{GLOBAL_LIMIT}/s (target ≥ {TARGET_SHARE:.0%}); busiest second {f.busiest_second}")
    print(f"messages {f.messages_per_s:.1f}/s")
    scopes = Counter(t.scope for t in f.too_many)
    print(f"429 answers {len(f.too_many)}: global {scopes['global']}, "
          f"route {scopes['route']}; after the bucket was learned {len(f.late_429s)} "
          f"(target 0)")
    for route, hits in sorted(_by_route(f.too_many).items()):
        print(f"  {route}: {len(hits)} ({', '.join(sorted(set(t.scope for t in hits)))}), "
              f"at {hits[0].at:.2f}–{hits[-1].at:.2f} s; bucket learned at "
              f"{f.first_answers.get(route, float('nan')):.2f} s")
    print(f"lost {f.lost}, doubled {f.doubled}, wrong text {f.wrong}, failed sends {f.failed} "
          f"(target 0)")


def _by_route(answers: list[TooMany]) -> dict[str, list[TooMany]]:
    found: dict[str, list[TooMany]] = {}
    for answer in answers:
        found.setdefault(answer.route, []).append(answer)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.discord_send",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=3000, help="people, one DM each")
    parser.add_argument("--open-dm-limit", type=int, metavar="N",
                        help="the fake's bucket for POST /users/@me/channels, N requests a "
                             f"second (default {DEFAULT_BUCKETS[OPEN_DM][0]})")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    figures = asyncio.run(burst(args.people, args.open_dm_limit))
    if args.json:
        print(json.dumps(asdict(figures) | {"share": figures.share,
                                            "late_429s": len(figures.late_429s),
                                            "met": figures.met()}))
    else:
        report(figures)
    return 0 if figures.met() else 1


if __name__ == "__main__":
    raise SystemExit(main())
