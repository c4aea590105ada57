"""The fake Discord gateway: one websocket session, as https://discord.com/developers/docs/events/gateway
describes it, for the real discord.py client.

- connect with `?v=10&encoding=json&compress=zlib-stream` (discord.py's default: one
  zlib stream per connection, every payload flushed with Z_SYNC_FLUSH so it ends in
  00 00 ff ff) or `zstd-stream` (what discord.py asks for when `zstandard` is importable;
  served if this side can import it too), or uncompressed text frames;
- HELLO (op 10) first; each HEARTBEAT (op 1) answered with HEARTBEAT_ACK (op 11);
- IDENTIFY (op 2) with the bot's token starts a session: READY (with `resume_gateway_url`,
  a different path of this server, so a resume proves discord.py used it), then one
  GUILD_CREATE per guild; a wrong token closes with 4004;
- RESUME (op 6) with the session id replays every dispatch after the client's sequence
  number, then RESUMED; an unknown session gets INVALID_SESSION (op 9, d false);
- `disconnect(code)` drops the live connection (code None: abruptly, no close frame);
  events dispatched meanwhile wait in the session and come with the resume.

Events dispatched before any session exists are delivered right after the first READY,
so a test need not wait for the client to connect before it speaks.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

Greeting = Callable[[], tuple[dict[str, Any], list[dict[str, Any]]]]  # READY fields, guilds


@dataclass
class Connections:
    """What the client did on the gateway: sessions started and resumed, paths connected to,
    the intents it identified with."""

    identifies: int = 0
    resumes: int = 0
    failed_resumes: int = 0
    paths: list[str] = field(default_factory=list)
    compression: list[str | None] = field(default_factory=list)  # `compress` of each
    intents: int | None = None


class _Connection:
    """One websocket; payloads go out in order through `put`, compressed as asked."""

    def __init__(self, ws: web.WebSocketResponse, request: web.Request,
                 compress: Callable[[bytes], bytes] | None) -> None:
        self.ws, self.request = ws, request
        self._queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self._compress = compress
        self.writer = asyncio.get_running_loop().create_task(self._write())

    def put(self, payload: dict[str, Any] | None) -> None:
        self._queue.put_nowait(payload)

    async def _write(self) -> None:
        while (payload := await self._queue.get()) is not None:
            text = json.dumps(payload, separators=(",", ":"))
            try:
                if self._compress is None:
                    await self.ws.send_str(text)
                else:
                    await self.ws.send_bytes(self._compress(text.encode()))
            except (ConnectionError, RuntimeError):
                return

    def abort(self) -> None:
        """Drop the connection without a close frame, as a network failure would."""
        if self.request.transport is not None:
            self.request.transport.abort()


def _compressor(kind: str | None) -> Callable[[bytes], bytes] | None:
    if kind is None:
        return None
    if kind == "zlib-stream":
        stream = zlib.compressobj()
        return lambda data: stream.compress(data) + stream.flush(zlib.Z_SYNC_FLUSH)
    if kind == "zstd-stream":
        try:
            import zstandard  # type: ignore[import-not-found]
        except ImportError as error:
            raise web.HTTPBadRequest(text="zstd-stream needs zstandard on the fake's side too"
                                     ) from error
        zstd = zstandard.ZstdCompressor().compressobj()
        return lambda data: zstd.compress(data) + zstd.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
    raise web.HTTPBadRequest(text=f"unknown compress={kind}")


class Gateway:
    def __init__(self, token: str, heartbeat_ms: int, greeting: Greeting,
                 changed: Callable[[], None]) -> None:
        self.token, self.heartbeat_ms = token, heartbeat_ms
        self.connections = Connections()
        self.resume_path = "/gateway/resume/"
        self.base_url = ""  # ws://127.0.0.1:PORT, once the server listens
        self.session_id: str | None = None
        self.history: list[tuple[int, str, dict[str, Any]]] = []  # (s, t, d) of the session
        self.live: _Connection | None = None  # identified or resumed, receiving dispatches
        self._early: list[tuple[str, dict[str, Any]]] = []  # dispatched before any session
        self._open: set[_Connection] = set()
        self._closing: set[asyncio.Task[None]] = set()
        self._greeting, self._changed = greeting, changed

    @property
    def url(self) -> str:
        return f"{self.base_url}/gateway/"

    def dispatch(self, event: str, data: dict[str, Any]) -> int:
        """Send `event` (MESSAGE_CREATE...) with body `data` in the session; answer its
        sequence number (0 when no session exists yet: it waits for the first READY)."""
        if self.session_id is None:
            self._early.append((event, data))
            return 0
        seq = len(self.history) + 1
        self.history.append((seq, event, data))
        if self.live is not None:
            self.live.put({"op": 0, "t": event, "s": seq, "d": data})
        return seq

    def send_op(self, op: int, data: Any = None) -> None:
        """Send a non-dispatch opcode (7 RECONNECT, 9 INVALID_SESSION...) on the live
        connection; INVALID_SESSION with data False also ends the session."""
        if op == 9 and not data:
            self.session_id = None
        if self.live is not None:
            self.live.put({"op": op, "d": data})

    def disconnect(self, code: int | None = 4000) -> None:
        """Drop the live connection: with close `code`, or abruptly when None."""
        live, self.live = self.live, None
        if live is None:
            return
        if code is None:
            live.abort()
        else:
            live.put(None)
            task = asyncio.get_running_loop().create_task(self._close(live, code))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)

    async def close(self) -> None:
        """Close every connection (code 1001, going away), when the server stops."""
        await asyncio.gather(*self._closing, return_exceptions=True)
        for connection in list(self._open):
            connection.put(None)
            await self._close(connection, 1001)

    @staticmethod
    async def _close(connection: _Connection, code: int) -> None:
        with contextlib.suppress(Exception):
            await connection.ws.close(code=code)

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        if request.query.get("encoding", "json") != "json":
            raise web.HTTPBadRequest(text="only encoding=json is served")
        compress = request.query.get("compress")
        compressor = _compressor(compress)
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        connection = _Connection(ws, request, compressor)
        self._open.add(connection)
        self.connections.paths.append(request.path)
        self.connections.compression.append(compress)
        connection.put({"op": 10, "d": {"heartbeat_interval": self.heartbeat_ms}})
        try:
            async for frame in ws:
                if frame.type is WSMsgType.TEXT:
                    await self._receive(connection, json.loads(frame.data))
        finally:
            if self.live is connection:
                self.live = None
            self._open.discard(connection)
            connection.put(None)
            await asyncio.gather(connection.writer, return_exceptions=True)
            self._changed()
        return ws

    async def _receive(self, connection: _Connection, payload: dict[str, Any]) -> None:
        op, data = payload.get("op"), payload.get("d") or {}
        if op == 1:
            connection.put({"op": 11})
        elif op in (2, 6) and data.get("token") != self.token:
            connection.put(None)
            await connection.ws.close(code=4004, message=b"Authentication failed.")
        elif op == 2:
            self._identify(connection, data)
        elif op == 6:
            self._resume(connection, data)

    def _identify(self, connection: _Connection, data: dict[str, Any]) -> None:
        self.connections.identifies += 1
        self.connections.intents = data.get("intents")
        self._take_over(connection)
        self.session_id, self.history = uuid.uuid4().hex, []
        ready, guilds = self._greeting()
        ready |= {"v": 10, "session_id": self.session_id,
                  "resume_gateway_url": f"{self.base_url}{self.resume_path}"}
        if "shard" in data:
            ready["shard"] = data["shard"]
        self.dispatch("READY", ready)
        for guild in guilds:
            self.dispatch("GUILD_CREATE", guild)
        early, self._early = self._early, []
        for event, body in early:
            self.dispatch(event, body)
        self._changed()

    def _resume(self, connection: _Connection, data: dict[str, Any]) -> None:
        seq = data.get("seq") or 0
        if data.get("session_id") != self.session_id or self.session_id is None:
            self.connections.failed_resumes += 1
            connection.put({"op": 9, "d": False})
            return
        self.connections.resumes += 1
        self._take_over(connection)
        for s, event, body in self.history:
            if s > seq:
                connection.put({"op": 0, "t": event, "s": s, "d": body})
        self.dispatch("RESUMED", {})
        self._changed()

    def _take_over(self, connection: _Connection) -> None:
        """`connection` receives the session's dispatches; a zombie still open is closed."""
        old, self.live = self.live, connection
        if old is not None and old is not connection:
            old.put(None)
            old.abort()
