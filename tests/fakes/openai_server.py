"""A local OpenAI-compatible server on a real socket, scripted test by test.

The real `openai` client talks to it through `base_url` (what OPENAI_BASE_URL
sets), so everything between our code and the wire is the genuine article.
Each request takes the next scripted answer:

    server.script(tool_call("follow", {"handle": "bob"}))
    server.script(status(429), status(429))      # the client retries once
    server.script(delay(5, text("too late")))    # longer than the client waits
    server.script(hang(text("at last")))         # held until server.release()

and is recorded (`server.requests`) so a test can check what was sent: the
tools, the messages, and that nobody else's words were among them. A request
with nothing scripted gets a 500 and is counted in `unscripted`.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Any

from aiohttp import web


@dataclass(frozen=True)
class Usage:
    prompt: int = 120
    completion: int = 12
    cached: int = 0

    def body(self) -> dict[str, Any]:
        return {"prompt_tokens": self.prompt, "completion_tokens": self.completion,
                "total_tokens": self.prompt + self.completion,
                "prompt_tokens_details": {"cached_tokens": self.cached}}


@dataclass(frozen=True)
class Answer:
    """What the server sends back for one request."""

    status: int = 200
    json: dict[str, Any] | None = None
    raw: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    hold: bool = False  # wait for release() (or the server's stop) before answering


def _completion(message: dict[str, Any], finish: str, usage: Usage) -> dict[str, Any]:
    return {"id": "chatcmpl-fake", "object": "chat.completion", "created": 1_700_000_000,
            "model": "fake-model",
            "choices": [{"index": 0, "message": {"role": "assistant", **message},
                         "finish_reason": finish, "logprobs": None}],
            "usage": usage.body()}


def tool_calls(*calls: tuple[str, dict[str, Any] | str], usage: Usage = Usage()) -> Answer:
    """One or more tool calls; a str argument is sent as is (to script malformed JSON)."""
    listed = [{"id": f"call_{i}", "type": "function",
               "function": {"name": name,
                            "arguments": args if isinstance(args, str) else json.dumps(args)}}
              for i, (name, args) in enumerate(calls)]
    return Answer(json=_completion({"content": None, "tool_calls": listed}, "tool_calls", usage))


def tool_call(name: str, args: dict[str, Any] | str | None = None,
              usage: Usage = Usage()) -> Answer:
    return tool_calls((name, {} if args is None else args), usage=usage)


def text(content: str, usage: Usage = Usage()) -> Answer:
    return Answer(json=_completion({"content": content}, "stop", usage))


def status(code: int, error_code: str | None = None, retry_after: str | None = None) -> Answer:
    """An HTTP error in OpenAI's shape, e.g. 429 with code "insufficient_quota"."""
    body = {"error": {"message": f"fake error {code}", "type": "fake", "param": None,
                      "code": error_code}}
    headers = {"retry-after": retry_after} if retry_after else {}
    return Answer(status=code, json=body, headers=headers)


def delay(seconds: float, then: Answer) -> Answer:
    return replace(then, delay=seconds)


def hang(then: Answer) -> Answer:
    """`then`, once the test calls `release()`: a model that hangs for as long as needed."""
    return replace(then, hold=True)


def garbage() -> Answer:
    """A 200 whose body is not JSON at all (a proxy's error page, say)."""
    return Answer(raw="<html>bad gateway</html>", headers={"content-type": "text/html"})


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    query: dict[str, str] = field(default_factory=dict)

    @property
    def wire(self) -> str:
        """Everything the client sent, as one string to search."""
        return json.dumps(self.body, ensure_ascii=False)


class FakeOpenAI:
    """Runs in its own thread and event loop, so the synchronous client can block on it."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.unscripted = 0
        self._script: deque[Answer] = deque()
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._stopping: asyncio.Event | None = None
        self._released: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self._socket.getsockname()[1]}/v1"

    def script(self, *answers: Answer) -> None:
        with self._lock:
            self._script.extend(answers)

    def release(self) -> None:
        """Let every held request (and any held one still to come) be answered."""
        assert self._released is not None, "the server is not running"
        self._loop.call_soon_threadsafe(self._released.set)

    @property
    def pending(self) -> int:
        """Scripted answers no request has taken yet."""
        with self._lock:
            return len(self._script)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.json() if request.can_read_body else {}
        with self._lock:
            self.requests.append(Request(request.path, dict(request.headers), body,
                                         dict(request.query)))
            answer = self._script.popleft() if self._script else None
        if answer is None:
            self.unscripted += 1
            answer = status(500)
        if answer.hold and self._released is not None and self._stopping is not None:
            waits = {asyncio.ensure_future(self._released.wait()),
                     asyncio.ensure_future(self._stopping.wait())}
            _, left = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for wait in left:
                wait.cancel()
        if answer.delay and self._stopping is not None:
            try:
                await asyncio.wait_for(self._stopping.wait(), answer.delay)
            except TimeoutError:
                pass
        if answer.raw is not None:
            return web.Response(status=answer.status, text=answer.raw, headers=answer.headers)
        return web.json_response(answer.json, status=answer.status, headers=answer.headers)

    async def _start(self) -> None:
        self._stopping = asyncio.Event()
        self._released = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5, access_log=None)
        await self._runner.setup()
        await web.SockSite(self._runner, self._socket).start()

    async def _stop(self) -> None:
        assert self._stopping is not None and self._runner is not None
        self._stopping.set()
        await self._runner.cleanup()

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()
        self._socket.close()
