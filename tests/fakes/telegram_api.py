"""The HTTP side of the fake Bot API server: Telegram's URLs, answers and errors.

`POST` (or `GET`) `/bot<token>/<method>` runs the subclass's `_<method>(params)`
and answers as Telegram does: `{"ok": true, "result": ...}`, or, for a
`Refusal` it raised, `{"ok": false, "error_code", "description"}` with
`parameters` (`retry_after` on a 429, `migrate_to_chat_id` for a group that
became a supergroup); status 0 drops the connection unanswered. A wrong token
gets 401 and an unknown method 404. Every call is recorded in `calls` (every
400 that is Plaza's fault in `refused` too), and whoever waits in `wait_until`
is woken after each one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, Self

import aiohttp
from aiohttp import web

from tests.fakes.telegram_rules import Refusal


class BotApi:
    def __init__(self, token: str) -> None:
        self.token = token
        self.base_url = ""
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.refused: list[tuple[str, str]] = []  # (method, description) of every 400
        self._news = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None  # for calls out, to a webhook
        self._tasks: set[asyncio.Task] = set()

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._endpoint)
        app.router.add_get("/bot{token}/{method}", self._endpoint)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # the port the OS chose
        self.base_url = f"http://127.0.0.1:{port}"
        self._session = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._session:
            await self._session.close()
        if self._runner:
            await self._runner.cleanup()

    def called(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    async def wait_until(self, check: Callable[[], object], timeout: float = 10.0) -> None:
        async with self._news:
            await asyncio.wait_for(self._news.wait_for(check), timeout)

    def _fault(self, method: str, params: dict[str, Any]) -> None:
        """Raise a `Refusal` to refuse a call before its method runs."""

    async def _notify(self) -> None:
        async with self._news:
            self._news.notify_all()

    def _background(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _endpoint(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return _answer(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        try:
            params: dict[str, Any] = dict(await request.post())
        except ConnectionResetError:  # the client gave up (a poll cancelled on stop)
            return _answer(499, {"ok": False})
        self.calls.append((method, params))
        await self._notify()
        handler = getattr(self, f"_{method}", None)
        try:
            if handler is None:
                raise Refusal(404, "Not Found")
            self._fault(method, params)
            result = await handler(params)
        except Refusal as error:
            if error.status == 0 and request.transport:
                request.transport.abort()  # the connection drops: no answer at all
            if error.status == 400 and error.migrate_to is None:
                self.refused.append((method, error.description))
            body: dict[str, Any] = {"ok": False, "error_code": error.status,
                                    "description": error.description}
            if parameters := error.parameters():
                body["parameters"] = parameters
            return _answer(error.status, body)
        finally:
            await self._notify()
        return _answer(200, {"ok": True, "result": result})


def _answer(status: int, body: dict[str, Any]) -> web.Response:
    return web.json_response(body, status=status)
