"""Discord's rate limits as the fake enforces them, and the faults a test scripts.

As documented (https://discord.com/developers/docs/topics/rate-limits):

- every route has a bucket, kept apart per major parameter (channel, guild, webhook id
  and token); each answer carries X-RateLimit-Limit, -Remaining, -Reset (epoch seconds),
  -Reset-After (seconds) and -Bucket (an opaque hash of the route);
- over a bucket: 429, X-RateLimit-Scope "user", JSON {message, retry_after, global: false};
- the global limit (50 requests in any second by default, a sliding window here) spans
  every route but the interaction endpoints, which Discord exempts: 429 with
  X-RateLimit-Global "true", X-RateLimit-Scope "global" and "global": true;
- a 429 carries Retry-After and, as Discord's answers all do, a `Via` header: discord.py
  takes a 429 without `Via` for a Cloudflare ban and gives up instead of retrying.

The buckets' sizes are not published; the defaults below are plausible and each one can
be set per route template ("POST /channels/{channel_id}/messages": (requests, seconds)).
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

from tests.fakes.discord_rules import MESSAGES, Refusal

Limit = tuple[int, float]  # (requests, per this many seconds)
DEFAULT_BUCKETS: dict[str, Limit] = {
    "POST /channels/{channel_id}/messages": (5, 5.0),
    "POST /users/@me/channels": (10, 1.0),
    "POST /webhooks/{webhook_id}/{webhook_token}": (5, 2.0),
    "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original": (5, 2.0),
}
DEFAULT_LIMIT: Limit = (50, 1.0)  # any other route
VIA = {"Via": "1.1 google"}


@dataclass
class _Window:
    resets: float  # time.monotonic() when the bucket refills
    used: int = 0


class RateLimits:
    """Per-route buckets and the global limit; `too_many_route` / `too_many_global` count
    the 429s each caused."""

    def __init__(self, global_per_second: int = 50, buckets: Mapping[str, Limit] | None = None,
                 default: Limit = DEFAULT_LIMIT) -> None:
        self.global_per_second = global_per_second
        self.buckets = {**DEFAULT_BUCKETS, **(buckets or {})}
        self.default = default
        self.too_many_route = self.too_many_global = 0
        self._recent: deque[float] = deque()
        self._windows: dict[tuple[str, str], _Window] = {}

    def admit(self, route: str, major: str, exempt: bool = False) -> dict[str, str]:
        """Count one request to `route` ("POST /channels/{channel_id}/messages") for the
        major parameters `major`; answer its rate-limit headers or raise a 429 `Refusal`."""
        now = time.monotonic()
        if not exempt:
            self._global(now)
        limit, per = self.buckets.get(route, self.default)
        window = self._windows.get((route, major))
        if window is None or window.resets <= now:
            window = self._windows[(route, major)] = _Window(now + per)
        reset_after = window.resets - now
        headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(0, limit - window.used - 1)),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": hashlib.sha1(route.encode()).hexdigest()[:16], **VIA}
        if window.used >= limit:
            self.too_many_route += 1
            headers["X-RateLimit-Remaining"] = "0"
            raise _too_many(reset_after, False, headers | {"X-RateLimit-Scope": "user"})
        window.used += 1
        return headers

    def _global(self, now: float) -> None:
        while self._recent and self._recent[0] <= now - 1.0:
            self._recent.popleft()
        if len(self._recent) >= self.global_per_second:
            self.too_many_global += 1
            retry_after = self._recent[0] + 1.0 - now + 0.001
            raise _too_many(retry_after, True, {
                "X-RateLimit-Global": "true", "X-RateLimit-Scope": "global", **VIA})
        self._recent.append(now)


def _too_many(retry_after: float, is_global: bool, headers: dict[str, str]) -> Refusal:
    retry_after = math.ceil(retry_after * 1000) / 1000
    body = {"message": "You are being rate limited.", "retry_after": retry_after,
            "global": is_global}
    if is_global:
        body["code"] = 0
    return Refusal(429, 0, "You are being rate limited.", reason=f"429 retry_after={retry_after}",
                   headers=headers | {"Retry-After": str(math.ceil(retry_after))}, body=body)


@dataclass
class Fault:
    """The next `times` requests of `method` whose path (after /api/v10) matches `path`
    (re.search) answer `status`, with Discord's JSON `code`; status 0 hangs up unanswered."""

    method: str
    path: re.Pattern[str]
    status: int
    code: int | None = None
    times: int = 1
    retry_after: float = 0.05
    is_global: bool = False  # a 429 of the global limit rather than of the route's bucket
    struck: list[str] = field(default_factory=list)

    def strike(self, method: str, path: str) -> Refusal | None:
        if not self.times or method != self.method.upper() or not self.path.search(path):
            return None
        self.times -= 1
        self.struck.append(path)
        if self.status == 429 and self.is_global:
            return _too_many(self.retry_after, True, {
                "X-RateLimit-Global": "true", "X-RateLimit-Scope": "global", **VIA})
        if self.status == 429:
            return _too_many(self.retry_after, False, {"X-RateLimit-Scope": "user", **VIA})
        code = self.code if self.code is not None else 0
        default = {500: "500: Internal Server Error", 502: "502: Bad Gateway",
                   403: MESSAGES[50013], 404: "404: Not Found"}.get(self.status, "Error")
        message = MESSAGES.get(code, default) if self.code is not None else default
        return Refusal(self.status, code, message, reason=f"scripted {self.status}",
                       headers=dict(VIA))
