"""Send rates shared by every process of one bot through Redis, when REDIS_URL is set.

Telegram's ~30 messages a second overall and one a second per chat, and Discord's
50 requests a second, are limits per bot, not per process: `plaza run` beside
two `plaza digest --due` workers would each keep the limit alone and together
send three times it. Each process still paces itself (its queues, each chat's
order, replies before digests: the adapters' pacing modules); `SharedRate` is
the gate a send passes after that, where every process's sends are counted
together in moving windows of one second kept in Redis by the `limits` library
(MovingWindowRateLimiter: a list of timestamps per window, taken and trimmed in
one Lua script, so two processes never take the same place).

Replies go ahead of digests across processes through a separate shared bulk
limit, lower than the overall one. A digest takes a place in both windows, the
bulk one first (`bulk()`), then the overall one (`send()`); a reply only in the
overall one. Digests from all processes together thus never fill more than
`bulk_per_second` of any second, and the rest of the overall rate is left for
replies: a reply waits at most for the next free place, never behind the digest
queue of another process. (A reserve, where a digest waits while fewer than N
places of the overall window remain, would do the same, but checking the window
and then taking a place are two steps another process can come between; two
windows, each taken in one atomic step, keep the rule exact.)

A place is taken in the per-chat window last, right before the message leaves,
so a message that waited for the overall rate does not hold its chat's second
meanwhile. When another process wrote to the chat within the second, the
message waits that second out plus `chat_margin` (Telegram may have received
the other message later than it left).

Keys: "<PREFIX>:rate:<platform>:<bot id>:LIMITER/...", the bot named by its
numeric id (for Telegram the part of the token before ':'), never its token.
Timestamps are each process's clock (time.time(), as `limits` stamps them):
processes on several machines need their clocks kept in step (NTP).

Redis out of reach: a send never fails for it. The first error (or an answer
slower than `REDIS_TIMEOUT` seconds) logs one warning and the process paces
itself alone (its local pacing still holds, so it keeps the limits by itself;
several processes together may then meet Telegram's 429, which the senders wait
out and retry, so nothing is lost). Redis is tried again `RETRY_AFTER` seconds
later; when it answers, one line says the rates are shared again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.shared.redis import client, key

if TYPE_CHECKING:
    import redis.asyncio
    from limits import RateLimitItem
    from limits.aio.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)

RETAKES = 1  # fresh places taken for one send found stale (see SharedRate.send)
REDIS_TIMEOUT = 10.0  # seconds a Redis answer may take (a loaded machine is slow) before
                      # pacing alone; a refused connection fails at once
RETRY_AFTER = 10.0  # seconds of pacing alone before Redis is tried again


@dataclass(frozen=True, slots=True)
class SharedLimits:
    """What every process of one bot keeps together, in whole sends per whole seconds
    (the windows of `limits` count whole hits over whole seconds).

    `per_second`: every send; `bulk_per_second`, lower: digests alone, the difference
    left for replies; `per_chat_seconds`: one message per chat per this many seconds
    (0: no per-chat limit, as on Discord); `chat_margin`: seconds waited beyond a
    chat's window when another process wrote to it. `margin`: seconds past the end of a
    full window before its freed place is taken. Between the moment a place is stamped
    and the moment the platform counts the request lie a round trip to Redis, the
    event loop and the network, longer for some sends than others; without a margin a
    message slowed on its way would still be in the platform's second when the one
    taking its place arrives. It costs a full window that share of its rate.
    `stale`: seconds after which a place taken is no longer trusted when the send is let
    go (the process was stalled meanwhile): a fresh one is taken.
    """

    per_second: int
    bulk_per_second: int
    per_chat_seconds: int = 0
    chat_margin: float = 0.0
    margin: float = 0.02
    stale: float = 0.05

    def __post_init__(self) -> None:
        if not 0 < self.bulk_per_second < self.per_second:
            raise ValueError("bulk_per_second must be above 0 and below per_second, so "
                             "digests always leave room for replies")


class SharedRate:
    """The gate of one bot's sends, shared through Redis at `url` (redis:// or rediss://)
    with every process of the bot (`platform`, `bot_id`) under `limits`.

    Nothing connects before the first send; `close()` lets the connections go.
    """

    def __init__(self, url: str, platform: str, bot_id: str, limits: SharedLimits) -> None:
        self.url = url
        self.limits = limits
        self.prefix = key("rate", platform, bot_id)
        self._client: redis.asyncio.Redis | None = None
        self._limiter: MovingWindowRateLimiter | None = None
        self._items: tuple[RateLimitItem, RateLimitItem, RateLimitItem | None] | None = None
        self._bulk_turns = asyncio.Lock()  # one digest per process waits on Redis at a time
        self._alone_until = float("-inf")  # time.monotonic() until which Redis is not asked
        self._warned = False

    @property
    def alone(self) -> bool:
        """Whether this process paces itself alone for now (Redis out of reach)."""
        return time.monotonic() < self._alone_until

    async def bulk(self) -> None:
        """Wait for a place among the bot's digests (`bulk_per_second`, every process
        together); one caller of a process waits on Redis at a time, the others in order
        behind it. Never raises for Redis: see the module's docstring."""
        async with self._bulk_turns:
            items = self._limit_items()
            await self._take(items[1], "bulk")

    async def send(self, chat_id: str | None = None) -> None:
        """Wait until one send may leave now: a place in the bot's overall rate, then in
        `chat_id`'s (when the limits have one). Never raises for Redis.

        A place found stale when the gate lets the send go (stamped more than `stale`
        seconds earlier: the process was stalled on the way back from Redis, by its
        event loop or the machine) goes unused and a fresh one is taken, at most
        `RETAKES` times: a message must not reach the platform much later than its
        place says while another process's message takes the place it leaves a second
        later. Not at every round trip's length: on a loaded machine every place would
        be retaken, and half the rate wasted."""
        overall, _, chat = self._limit_items()
        chat_taken = False
        retakes = 0
        while True:
            stamped = await self._take(overall, "all")
            if chat_id is not None and chat is not None and not chat_taken:
                wait = await self._try(chat, "chat", chat_id)
                if wait is not None:
                    # Another process wrote to this chat: the overall place goes unused (on
                    # the safe side); wait out the chat's second, then take one anew.
                    await asyncio.sleep(wait + self.limits.chat_margin)
                    continue
                chat_taken = True
            if self.alone or time.time() - stamped <= self.limits.stale or retakes >= RETAKES:
                return
            retakes += 1

    async def close(self) -> None:
        """Let the connections to Redis go (the gate connects again if used after)."""
        if self._client is not None:
            client, self._client, self._limiter = self._client, None, None
            await client.connection_pool.disconnect()

    async def _take(self, item: RateLimitItem, *ids: str) -> float:
        """Wait until a place in `item`'s window for `ids` is taken (or Redis is gone);
        the time (time.time()) just before it was asked for, no later than its stamp."""
        while True:
            asked = time.time()
            wait = await self._try(item, *ids)
            if wait is None:
                return asked
            await asyncio.sleep(wait)

    async def _try(self, item: RateLimitItem, *ids: str) -> float | None:
        """Take a place in the window now: None when taken (or Redis is out of reach),
        else the seconds until the window's oldest send leaves it."""
        if self.alone:
            return None
        try:
            async with asyncio.timeout(REDIS_TIMEOUT):
                limiter = self._limiter_now()
                if await limiter.hit(item, *ids):
                    self._reached()
                    return None
                stats = await limiter.get_window_stats(item, *ids)
        except Exception as error:  # whatever Redis does (or fails to), the send goes on
            self._lost(error)
            return None
        if stats.remaining > 0:
            return 0.0  # the window emptied between the two calls: try again at once
        return max(stats.reset_time - time.time(), 0.0) + self.limits.margin

    def _limit_items(self) -> tuple[RateLimitItem, RateLimitItem, RateLimitItem | None]:
        if self._items is None:
            from limits import RateLimitItemPerSecond

            chat = (RateLimitItemPerSecond(1, self.limits.per_chat_seconds)
                    if self.limits.per_chat_seconds else None)
            self._items = (RateLimitItemPerSecond(self.limits.per_second),
                           RateLimitItemPerSecond(self.limits.bulk_per_second), chat)
        return self._items

    def _limiter_now(self) -> MovingWindowRateLimiter:
        """The limiter, made on first use, on the running loop (Redis clients are bound
        to the loop they first run on)."""
        if self._limiter is None:
            from limits.aio.storage import RedisStorage
            from limits.aio.strategies import MovingWindowRateLimiter

            self._client = client(self.url)
            pool = self._client.connection_pool  # ours, so that close() can let it go
            # limits documents `connection_pool` among the client's options, but types
            # those options as scalars.
            storage = RedisStorage(f"async+{self.url}", implementation="redispy",
                                   wrap_exceptions=True, key_prefix=self.prefix,
                                   connection_pool=pool)  # type: ignore[arg-type]
            self._limiter = MovingWindowRateLimiter(storage)
        return self._limiter

    def _lost(self, error: BaseException) -> None:
        self._alone_until = time.monotonic() + RETRY_AFTER
        if not self._warned:
            self._warned = True
            log.warning("Redis (REDIS_URL) is out of reach (%s): this process paces its "
                        "sends alone, unseen by the bot's other processes, and tries Redis "
                        "again every %.0f s", type(error).__name__, RETRY_AFTER)

    def _reached(self) -> None:
        if self._warned:
            self._warned = False
            log.warning("Redis answers again: sends are paced with the bot's other processes")
