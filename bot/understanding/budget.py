"""How much model a turn may use: per-person call limits and a breaker for outages.

Both live in the process, like the chat memory: a restart forgets who used
what this hour, which at worst grants a few extra calls. Both are shared by
every conversation thread, hence the locks, and take a monotonic clock so
tests can move time by hand.
"""

from __future__ import annotations

import threading
from collections import defaultdict, deque
from collections.abc import Callable

MonotonicClock = Callable[[], float]
HOUR = 3600.0


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
        with self._lock:
            return self.clock() < self._until

    def trip(self, seconds: float | None = None) -> None:
        with self._lock:
            self._until = max(self._until, self.clock() + (seconds or self.cooldown))


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
