"""Discord's global rate limit, kept at the wire for every request the bot makes.

Discord allows a bot 50 requests a second in all, on top of each route's bucket
(https://discord.com/developers/docs/topics/rate-limits#global-rate-limit);
interaction responses and follow-ups are not bound by it. discord.py keeps the
route buckets from the X-RateLimit headers, but learns of the global limit only
from a 429, and then retries on its own, unpaced, at most five times.

So Plaza paces at the wire: an aiohttp trace (`Pacing.trace`, handed to the
client as `http_trace`) waits for a turn before each request to the REST API
leaves, whoever made it: a message, a DM channel opened, discord.py's own
retry after a 429. Requests made while sending a digest (`bulk()`) wait first
for a turn of the lower `bulk_per_second`, so a digest burst always leaves room
for people's replies. Each limiter holds one request at a time (a bucket of
one), so no burst can pass the limit within a second.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import SimpleNamespace

import aiohttp
from aiolimiter import AsyncLimiter

from bot.adapters.discord.config import Pace

# Interaction callbacks and follow-ups (webhooks with the interaction's token): exempt.
_EXEMPT = re.compile(r"/(?:interactions|webhooks)/")
_bulk: ContextVar[bool] = ContextVar("plaza_discord_bulk", default=False)


@contextmanager
def bulk() -> Iterator[None]:
    """Requests made inside count as bulk (a digest), within this task and what it awaits."""
    token = _bulk.set(True)
    try:
        yield
    finally:
        _bulk.reset(token)


def in_bulk() -> bool:
    """Whether the running code sends in bulk (inside `bulk()`)."""
    return _bulk.get()


class Pacing:
    """Turns for requests to the REST API at `api_url`, under `pace`."""

    def __init__(self, pace: Pace, api_url: str) -> None:
        self.api_url = api_url
        self.all = AsyncLimiter(1, 1 / pace.per_second)
        self.bulk = AsyncLimiter(1, 1 / pace.bulk_per_second)
        self.paced = 0  # requests that waited for a turn, for benchmarks

    async def turn(self, urgent: bool) -> None:
        """Wait until one request may leave; a bulk one waits for both limiters."""
        if not urgent:
            await self.bulk.acquire()
        await self.all.acquire()
        self.paced += 1

    def trace(self) -> aiohttp.TraceConfig:
        """The aiohttp trace that paces each request to the API as it starts."""
        config = aiohttp.TraceConfig()
        config.on_request_start.append(self._starting)
        return config

    async def _starting(self, session: aiohttp.ClientSession, context: SimpleNamespace,
                        params: aiohttp.TraceRequestStartParams) -> None:
        url = str(params.url)
        if url.startswith(self.api_url) and not _EXEMPT.search(url):
            await self.turn(urgent=not _bulk.get())
