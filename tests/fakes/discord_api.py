"""The HTTP side of the fake Discord: routes under /api/v10, the bot token, rate limits,
scripted faults and Discord's JSON errors.

Each request to a known route is recorded in `requests` as (time.monotonic(), method,
route template), then, in Discord's order:

1. the token: `Authorization: Bot <token>` or 401 {"message": "401: Unauthorized",
   "code": 0} (interaction callbacks and followups carry no token, as in Discord);
2. a scripted fault (`fail_next`) answers instead, if one matches;
3. the rate limits (discord_limits): headers on every answer, 429 over a limit;
4. the body: JSON, or multipart/form-data with `payload_json` and `files[n]` parts, as
   discord.py uploads attachments;
5. the handler; a `Refusal` it raises becomes Discord's JSON error, and each 400 is
   recorded in `refused` as "<route>: <reason>".
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Self

from aiohttp import BodyPartReader, web

from tests.fakes.discord_limits import VIA, Fault, Limit, RateLimits
from tests.fakes.discord_rules import Refusal

PREFIX = "/api/v10"
MAJOR = ("channel_id", "guild_id", "webhook_id", "webhook_token", "interaction_id",
         "interaction_token")


@dataclass
class Call:
    """One request as a handler sees it."""

    request: web.Request
    route: str  # "POST /channels/{channel_id}/messages"
    params: dict[str, str]
    payload: Any = None
    files: list[tuple[str, bytes]] = field(default_factory=list)

    def int(self, name: str) -> int:
        try:
            return int(self.params[name])
        except ValueError as error:
            raise Refusal(400, 50035, reason=f"{name} is not a snowflake") from error


Handler = Callable[[Call], Awaitable[Any]]


class DiscordApi:
    def __init__(self, token: str, global_per_second: int,
                 buckets: dict[str, Limit] | None) -> None:
        self.token = token
        self.limits = RateLimits(global_per_second, buckets)
        self.requests: list[tuple[float, str, str]] = []
        self.refused: list[str] = []
        self.faults: list[Fault] = []
        self.on_the_way: list[float] = []  # the next requests arrive this many seconds late
        self.base_url = ""
        self._app = web.Application(client_max_size=64 * 1024 * 1024)
        self._runner: web.AppRunner | None = None
        self._waiters: asyncio.Event | None = None

    # -- what the test uses ------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return f"{self.base_url}{PREFIX}"

    @property
    def too_many(self) -> int:
        """429s the limits caused (scripted ones not counted)."""
        return self.limits.too_many_route + self.limits.too_many_global

    @property
    def too_many_route(self) -> int:
        return self.limits.too_many_route

    @property
    def too_many_global(self) -> int:
        return self.limits.too_many_global

    def fail_next(self, method: str, path_regex: str, status: int, code: int | None = None,
                  times: int = 1, retry_after: float = 0.05, is_global: bool = False) -> Fault:
        """The next `times` `method` requests whose path after /api/v10 matches `path_regex`
        (re.search) answer `status` with Discord's JSON error `code` (status 429: retry_after
        seconds, the global limit's 429 if `is_global`; status 0: the connection drops
        unanswered)."""
        fault = Fault(method.upper(), re.compile(path_regex), status, code, times, retry_after,
                      is_global)
        self.faults.append(fault)
        return fault

    async def wait_until(self, check: Callable[[], object], timeout: float = 10.0) -> None:
        """Return once `check()` is true; it is tried after every request and gateway event
        (and every 50 ms, for what the client does on its own). Raises TimeoutError after
        `timeout` seconds."""
        async with asyncio.timeout(timeout):
            while not check():
                if self._waiters is None:
                    self._waiters = asyncio.Event()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._waiters.wait(), 0.05)

    def _changed(self) -> None:
        waiters, self._waiters = self._waiters, None
        if waiters is not None:
            waiters.set()

    # -- serving -----------------------------------------------------------------------

    def route(self, method: str, template: str, handler: Handler, token: bool = True,
              exempt: bool = False) -> None:
        """Serve `method template`; `token` False: no bot token needed (interaction
        endpoints); `exempt`: outside the global rate limit (interaction endpoints)."""
        route = f"{method} {template}"

        async def serve(request: web.Request) -> web.StreamResponse:
            return await self._serve(request, route, handler, token, exempt)

        self._app.router.add_route(method, PREFIX + template, serve)

    async def __aenter__(self) -> Self:
        self._runner = web.AppRunner(self._app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner:
            await self._runner.cleanup()

    async def _serve(self, request: web.Request, route: str, handler: Handler, token: bool,
                     exempt: bool) -> web.StreamResponse:
        if self.on_the_way:  # slow on its way: Discord counts it only now
            await asyncio.sleep(self.on_the_way.pop(0))
        self.requests.append((time.monotonic(), request.method, route.split(" ", 1)[1]))
        path = request.path.removeprefix(PREFIX)
        headers: dict[str, str] = dict(VIA)
        try:
            if token and request.headers.get("Authorization") != f"Bot {self.token}":
                raise Refusal(401, 0, "401: Unauthorized")
            for fault in self.faults:
                if (struck := fault.strike(request.method, path)) is not None:
                    if fault.status == 0 and request.transport is not None:
                        request.transport.abort()
                    raise struck
            major = "+".join(v for k, v in request.match_info.items() if k in MAJOR)
            headers = self.limits.admit(route, major, exempt)
            call = Call(request, route, dict(request.match_info))
            await _read_body(request, call)
            result = await handler(call)
        except Refusal as refusal:
            if refusal.status == 400:
                self.refused.append(f"{route}: {refusal.reason}")
            return _json(refusal.body(), refusal.status, headers | refusal.headers)
        finally:
            self._changed()
        if result is None:
            return web.Response(status=204, headers=headers)
        return _json(result, 200, headers)


def _json(body: Any, status: int, headers: dict[str, str]) -> web.Response:
    """A JSON answer typed exactly `application/json`, as Discord's are: discord.py reads
    any other Content-Type (even with `; charset=utf-8`) as text, not JSON."""
    return web.Response(body=json.dumps(body).encode(), status=status,
                        content_type="application/json", headers=headers)


async def _read_body(request: web.Request, call: Call) -> None:
    if not request.can_read_body:
        return
    if request.content_type == "multipart/form-data":
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "payload_json":
                call.payload = json.loads(await part.text())
            elif part.filename is not None:
                call.files.append((part.filename, bytes(await part.read())))
        return
    try:
        call.payload = await request.json()
    except ValueError as error:
        raise Refusal(400, 50109, "The request body contains invalid JSON.") from error
