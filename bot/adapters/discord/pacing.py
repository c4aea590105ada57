"""Discord's global rate limit, kept at the wire for every request the bot makes.

Discord allows a bot 50 requests a second in all, on top of each route's bucket
(https://discord.com/developers/docs/topics/rate-limits#global-rate-limit);
interaction responses and follow-ups are not bound by it. discord.py keeps the
route buckets from the X-RateLimit headers, but learns of the global limit only
from a 429, and then retries on its own, unpaced, at most five times.

So Plaza paces at the wire: an aiohttp trace (`Pacing.trace`, handed to the
client as `http_trace`) waits for a turn before each request to the REST API
leaves, whoever made it: a message, a DM channel opened, discord.py's own retry
after a 429. Requests made while sending a notification or a digest
(`bulk(priority)`) wait first for a turn of the lower `bulk_per_second`, so a
digest burst always leaves room for people's replies; among those waiting for
it, notifications go before digests, then first come first served. Each limiter
holds one request at a time (a bucket of one), so no burst can pass the limit
within a second. Even spacing at the start is not spacing at Discord: one
request slowed on its way and the next not arrive together. So at most
`Pace.window` requests may be in flight or answered within the last second (the
trace's end and exception hooks say when one is answered); Discord received each
one before its answer came back, so it never sees more than that in any second,
however the network bunches them.

The global limit is the bot's, not a process's: with REDIS_URL set, each request
also passes a gate shared by every process of the bot through Redis
(bot.shared.rates), after its local turn: a digest's request a place among the
bot's digests (`bulk_per_second`, whole requests), then every request a place
in the bot's `per_second`; what digests leave of it is the replies'. Without
REDIS_URL nothing of the kind is made or imported.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import heapq
import itertools
import re
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import SimpleNamespace

import aiohttp
from aiolimiter import AsyncLimiter

from bot.adapters.base import Priority
from bot.adapters.discord.config import DiscordConfig, Pace
from bot.shared.rates import SharedLimits, SharedRate

# Interaction callbacks and follow-ups (webhooks with the interaction's token): exempt.
_EXEMPT = re.compile(r"/(?:interactions|webhooks)/")
_bulk: ContextVar[Priority] = ContextVar("plaza_discord_bulk", default=Priority.reply)


@contextmanager
def bulk(priority: Priority = Priority.digest) -> Iterator[None]:
    """Requests made inside count as bulk of `priority` (a notification, a digest), within
    this task and what it awaits."""
    token = _bulk.set(priority)
    try:
        yield
    finally:
        _bulk.reset(token)


def sending() -> Priority:
    """What the running code sends: a reply, or in bulk (inside `bulk()`) its priority."""
    return _bulk.get()


def bot_id(token: str) -> str:
    """The bot's user id, which a Discord token starts with, in base64 before the first
    '.'; a digest of the token if it does not (a key must never hold the token)."""
    head = token.split(".", 1)[0]
    try:
        found = base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        found = ""
    return found if found.isdigit() else hashlib.sha256(token.encode()).hexdigest()[:16]


class Pacing:
    """Turns for requests to the REST API at `api_url`, under `pace`, and under the
    `shared` gate of the bot's processes when there is one."""

    def __init__(self, pace: Pace, api_url: str, shared: SharedRate | None = None) -> None:
        self.api_url = api_url
        self.all = AsyncLimiter(1, 1 / pace.per_second)
        self.bulk = AsyncLimiter(1, 1 / pace.bulk_per_second)
        self.shared = shared
        self.paced = 0  # requests that waited for a turn, for benchmarks
        self.window = pace.window
        self._flying = 0  # paced requests Discord has not answered yet
        self._answered: deque[float] = deque()  # when answers came, the last second's
        self._came = asyncio.Event()  # an answer came: a place may have freed
        # callers waiting for the bulk turn: (priority, arrival, waiter), a heap
        self._bulk_waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._bulk_held = False  # a caller has the bulk turn
        self._arrivals = itertools.count()

    @classmethod
    def for_bot(cls, config: DiscordConfig) -> Pacing:
        """The pacing of the bot `config` names: shared through Redis with its other
        processes when `config.redis_url` is set (keyed by the bot's user id), alone
        otherwise. The shared windows count whole requests: `pace`'s rates rounded down."""
        pace = config.pace
        if config.redis_url is None:
            return cls(pace, config.api_url)
        limits = SharedLimits(int(pace.per_second), int(pace.bulk_per_second))
        return cls(pace, config.api_url,
                   SharedRate(config.redis_url, "discord", bot_id(config.token), limits))

    async def close(self) -> None:
        """Let the shared gate's connections go, if there is one."""
        if self.shared is not None:
            await self.shared.close()

    async def turn(self, priority: Priority = Priority.reply) -> None:
        """Wait until one request may leave; a bulk one (any `priority` but reply) waits
        for both limiters, and with a shared gate for a place among the bot's digests,
        then every request for one in the bot's overall rate."""
        if priority != Priority.reply:
            await self._bulk_turn(priority)
        await self.all.acquire()
        await self._enter()
        try:
            if self.shared is not None:
                await self.shared.send()
        except BaseException:
            self._left()  # never sent: its place is free again
            raise
        self.paced += 1

    async def _bulk_turn(self, priority: Priority) -> None:
        """Wait for a turn of the bulk rate (and a place among the bot's digests with a
        shared gate): one caller at a time, the most urgent `priority` first, then in the
        order they came, so a notification never waits behind a queue of digests."""
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._bulk_waiting, (int(priority), next(self._arrivals), waiter))
        self._next_bulk()
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():  # its turn came as it was cancelled
                self._bulk_held = False
                self._next_bulk()
            raise
        try:
            await self.bulk.acquire()
            if self.shared is not None:
                await self.shared.bulk()
        finally:
            self._bulk_held = False
            self._next_bulk()

    def _next_bulk(self) -> None:
        """Hand the bulk turn to the most urgent caller still waiting, if it is free."""
        while not self._bulk_held and self._bulk_waiting:
            _, _, waiter = heapq.heappop(self._bulk_waiting)
            if not waiter.done():  # a cancelled caller gives its place away
                waiter.set_result(None)
                self._bulk_held = True

    async def _enter(self) -> None:
        """Wait for a place among the requests in flight or answered this last second."""
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            while self._answered and self._answered[0] <= now - 1.0:
                self._answered.popleft()
            if self._flying + len(self._answered) < self.window:
                self._flying += 1
                return
            self._came.clear()
            wait = self._answered[0] + 1.0 - now if self._answered else None
            try:  # until the oldest answer leaves the second, or a new answer comes
                await asyncio.wait_for(self._came.wait(), wait)
            except TimeoutError:
                pass

    def _left(self, answered: bool = False) -> None:
        self._flying = max(self._flying - 1, 0)
        if answered:
            self._answered.append(asyncio.get_running_loop().time())
        self._came.set()

    def trace(self) -> aiohttp.TraceConfig:
        """The aiohttp trace that paces each request to the API as it starts."""
        config = aiohttp.TraceConfig()
        config.on_request_start.append(self._starting)
        config.on_request_end.append(self._answer)
        config.on_request_exception.append(self._answer)
        return config

    async def _starting(self, session: aiohttp.ClientSession, context: SimpleNamespace,
                        params: aiohttp.TraceRequestStartParams) -> None:
        url = str(params.url)
        if url.startswith(self.api_url) and not _EXEMPT.search(url):
            await self.turn(_bulk.get())
            context.plaza_paced = True

    async def _answer(self, session: aiohttp.ClientSession, context: SimpleNamespace,
                      params: object) -> None:
        """A paced request was answered, or failed: counted as answered now either way
        (a failed one may still have reached Discord)."""
        if getattr(context, "plaza_paced", False):
            context.plaza_paced = False
            self._left(answered=True)
