"""The Redis connection several workers of one bot share, when REDIS_URL is set.

Every key Plaza writes starts with `PREFIX` and the bot it belongs to, so two
bots (or a test run beside a real one) can share one Redis server:

    key("chat", "telegram", "42")  ->  "plaza:chat:telegram:42"

Clients are made lazily, one per process and event loop; none is made when
REDIS_URL is unset, and nothing in the single-process mode imports redis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import redis
    import redis.asyncio

PREFIX = "plaza"


def key(*parts: str) -> str:
    """The Redis key of `parts` under Plaza's prefix: "plaza:part:part"."""
    return ":".join((PREFIX, *parts))


def client(url: str) -> redis.asyncio.Redis:
    """An asyncio client for `url` (redis:// or rediss://); connects on first use.
    Raises ValueError for a URL redis-py cannot read."""
    import redis.asyncio

    return redis.asyncio.Redis.from_url(url, health_check_interval=30)


def sync_client(url: str, timeout: float | None = None) -> redis.Redis:
    """A blocking client for `url`, for code running on the turn threads; `timeout`
    (seconds) bounds connecting and each answer (None: wait as long as it takes)."""
    import redis

    return redis.Redis.from_url(url, health_check_interval=30, socket_timeout=timeout,
                                socket_connect_timeout=timeout)
