"""How much model a turn may use: per-person call limits and a breaker for outages.

`HourlyLimit` and `Breaker` live in the process, like the chat memory: a
restart forgets who used what this hour, which at worst grants a few extra
calls. Both are shared by every conversation thread, hence the locks, and take
a monotonic clock so tests can move time by hand.

With REDIS_URL set, N workers would each grant the full allowance and each wait
out its own cool-down, so `SharedHourlyLimit` and `SharedBreaker` keep both in
Redis, under one `Link` per process (its client and its health). When Redis
fails, each falls back to the in-process object it wraps for `Link.REST`
seconds, with one warning: a turn never waits on, or crashes for, the budget.
Nothing here imports redis or limits unless a Link is made.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict, deque
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import redis

MonotonicClock = Callable[[], float]
HOUR = 3600.0
T = TypeVar("T")
log = logging.getLogger(__name__)


class HourlyLimit:
    """At most `calls` model calls per person in any sliding hour (OWASP LLM10)."""

    def __init__(self, calls: int, clock: MonotonicClock) -> None:
        self.calls = calls
        self.clock = clock
        self._used: defaultdict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def take(self, who: str) -> bool:
        """Count one call for `who` and say whether it was allowed."""
        now = self.clock()
        with self._lock:
            used = self._used[who]
            while used and used[0] <= now - HOUR:
                used.popleft()
            if len(used) >= self.calls:
                return False
            used.append(now)
            return True


class Breaker:
    """After the model fails, nobody waits on it until a cool-down has passed.

    One person's timeout costs them up to two attempts; without the breaker,
    everyone writing during an outage would wait as long. `open` is checked
    before each call; `trip` sets how long to stay away (a provider's
    Retry-After when it gave one).
    """

    def __init__(self, cooldown: float, clock: MonotonicClock) -> None:
        self.cooldown = cooldown
        self.clock = clock
        self._until = 0.0
        self._lock = threading.Lock()

    def open(self) -> bool:
        """True while the model is resting: less than the last trip's seconds ago."""
        with self._lock:
            return self.clock() < self._until

    def trip(self, seconds: float | None = None) -> None:
        """Rest the model `seconds` (else `cooldown`) from now, or longer if already so."""
        with self._lock:
            self._until = max(self._until, self.clock() + (seconds or self.cooldown))


class Link:
    """One process's Redis connection for the shared budgets, and whether it works.

    `url` is REDIS_URL; `prefix` starts every key (bot.shared.redis.key("model") in
    service, one per test). A command that fails (connection refused, a timeout
    after `TIMEOUT` seconds, an error reply) sends every caller to its in-process
    fallback for `REST` seconds (on `clock`), with one warning per outage and one
    info line when Redis answers again.
    """

    TIMEOUT = 1.0  # seconds to connect or answer: a healthy Redis answers in a millisecond
    REST = 30.0  # seconds on the fallback before asking Redis again

    def __init__(self, url: str, prefix: str, clock: MonotonicClock) -> None:
        from bot.shared.redis import sync_client

        self.client: redis.Redis = sync_client(url, timeout=self.TIMEOUT)
        self.url = url
        self.prefix = prefix
        self.clock = clock
        self._down_until: float | None = None  # None: Redis is believed to work
        self._lock = threading.Lock()

    def key(self, *parts: str) -> str:
        """This link's Redis key for `parts`: "<prefix>:part:part"."""
        return ":".join((self.prefix, *parts))

    def call(self, shared: Callable[[], T], fallback: Callable[[], T]) -> T:
        """`shared()` (which talks to Redis), or `fallback()` when Redis is failing."""
        import redis

        with self._lock:
            resting = self._down_until is not None and self.clock() < self._down_until
        if resting:
            return fallback()
        try:
            result = shared()
        except redis.RedisError as error:
            with self._lock:
                first = self._down_until is None
                self._down_until = self.clock() + self.REST
            if first:  # once per outage, not once per turn
                log.warning("Redis failed (%s: %s); model budgets are counted in this process "
                            "until it answers again", type(error).__name__, error)
            return fallback()
        with self._lock:
            back, self._down_until = self._down_until is not None, None
        if back:
            log.info("Redis answers again; model budgets are shared by every worker")
        return result


class SharedHourlyLimit(HourlyLimit):
    """`HourlyLimit` counted in Redis for every worker of the bot: `calls` per person in a
    moving hour (the `limits` library's moving window, on Redis's keys and the wall
    clock), and in this process, as the class it extends, while Redis fails."""

    def __init__(self, calls: int, clock: MonotonicClock, link: Link) -> None:
        from limits import RateLimitItemPerHour
        from limits.storage import RedisStorage
        from limits.strategies import MovingWindowRateLimiter

        super().__init__(calls, clock)
        self.link = link
        self.item = RateLimitItemPerHour(calls)
        storage = RedisStorage(link.url, connection_pool=link.client.connection_pool,
                               key_prefix=link.key("hourly"))
        self.limiter = MovingWindowRateLimiter(storage)

    def take(self, who: str) -> bool:
        """Count one call for `who` across workers and say whether it was allowed."""
        return self.link.call(lambda: self.limiter.hit(self.item, who),
                              lambda: super(SharedHourlyLimit, self).take(who))


# Sets the breaker's key to expire in ARGV[1] ms unless it already lasts longer: the
# later of the current end and the new one, decided in Redis so two trips cannot race.
_TRIP = """
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
    redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 1
"""


class SharedBreaker(Breaker):
    """`Breaker` kept in Redis: a key that exists while every worker stays away from the
    model, expiring (on Redis's own clock) when the cool-down ends; in this process, as
    the class it extends, while Redis fails. A trip is kept here too, so an outage of
    Redis forgets none."""

    def __init__(self, cooldown: float, clock: MonotonicClock, link: Link) -> None:
        super().__init__(cooldown, clock)
        self.link = link
        self.name = link.key("breaker")
        self._trip = link.client.register_script(_TRIP)

    def open(self) -> bool:
        """True while someone, in any worker, tripped it less than its cool-down ago."""
        return self.link.call(lambda: bool(self.link.client.exists(self.name)),
                              super().open)

    def trip(self, seconds: float | None = None) -> None:
        """Keep everyone away for `seconds` (else the cool-down), or longer if already so."""
        super().trip(seconds)
        milliseconds = max(1, round((seconds or self.cooldown) * 1000))
        self.link.call(lambda: self._trip(keys=[self.name], args=[milliseconds]), lambda: None)


class Notices:
    """Who has been told that Plaza is understanding them the simple way, and why.

    A fallback is announced once per person and reason, and again only after
    the model has worked for them in between.
    """

    def __init__(self) -> None:
        self._told: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def first(self, who: str, reason: str) -> bool:
        """True the first time `who` meets `reason` since the model last worked for them."""
        with self._lock:
            told = self._told.setdefault(who, set())
            if reason in told:
                return False
            told.add(reason)
            return True

    def clear(self, who: str) -> None:
        with self._lock:
            self._told.pop(who, None)
