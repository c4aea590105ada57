"""Several senders of one bot keep Telegram's limits together through one real Redis: no
429, never more than the limit in any second, a reply ahead of the others' digests, one
chat's second kept across senders, and the sends going on alone when Redis goes away.

Each adapter here has its own pacer, queues and Redis connections, as separate
processes have; only Redis is shared. The limits are scaled up (Telegram's rate
tripled, its per-chat second kept, as the shared windows count whole seconds).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

import pytest

from bot.adapters.base import Priority
from bot.adapters.telegram.adapter import TelegramAdapter, TelegramConfig
from bot.adapters.telegram.pacing import Rates
from bot.messages import Reply
from tests.fakes.telegram_server import FakeTelegram
from tests.redis_support import REDIS_URL, needs_redis, redis_prefix  # noqa: F401

pytestmark = [needs_redis, pytest.mark.usefixtures("redis_prefix")]
LIMIT = 90  # messages in any second, at the fake server
PACE = Rates(per_second=88, per_chat_interval=1.05, shared_per_second=84,
             shared_bulk_per_second=81)
ROOT = Path(__file__).resolve().parents[3]


@asynccontextmanager
async def senders(server: FakeTelegram, count: int, redis_url: str | None = REDIS_URL,
                  ) -> AsyncIterator[list[TelegramAdapter]]:
    """`count` send-only adapters of the server's bot, as `plaza digest --due` starts."""
    async with AsyncExitStack() as stack:
        adapters = []
        for _ in range(count):
            adapter = TelegramAdapter(TelegramConfig(server.token, base_url=server.base_url,
                                                     pace=PACE, backoff=0.01,
                                                     redis_url=redis_url))
            await adapter.start(None)
            stack.push_async_callback(adapter.stop)
            stack.push_async_callback(adapter.outbox.pacer.close)
            adapters.append(adapter)
        yield adapters


def busiest_second(server: FakeTelegram) -> int:
    """The most messages the server accepted in any one second."""
    times = sorted(sent.at for messages in server.sent.values() for sent in messages)
    return max((sum(1 for t in times[i:] if t - start < 1.0) for i, start in enumerate(times)),
               default=0)


async def test_three_senders_keep_the_bots_limit_together() -> None:
    chats = range(20_001, 20_301)  # 100 digests each: over three seconds of the shared rate
    async with FakeTelegram(per_second=LIMIT, per_chat=1.0) as server:
        server.open_chats(chats)
        async with senders(server, 3) as adapters:
            await asyncio.gather(*(adapters[n % 3].send(str(chat), Reply(f"digest {chat}"))
                                   for n, chat in enumerate(chats)))
        assert server.too_many == 0
        assert busiest_second(server) <= LIMIT
        assert all([s.text for s in server.sent[chat]] == [f"digest {chat}"] for chat in chats)


async def test_a_reply_goes_ahead_of_the_other_senders_digests() -> None:
    chats = range(22_001, 22_601)
    alice = 22_999
    async with FakeTelegram(per_second=LIMIT, per_chat=1.0) as server:
        server.open_chats([*chats, alice])
        async with senders(server, 3) as (first, second, serving):
            burst = [asyncio.create_task(adapter.send(str(chat), Reply("digest")))
                     for adapter, part in ((first, chats[::2]), (second, chats[1::2]))
                     for chat in part]
            await server.wait_until(lambda: len(server.sent) >= 2 * LIMIT)  # the window full
            before = sum(map(len, server.sent.values()))
            await serving.outbox.deliver(str(alice), Reply("your answer"), Priority.reply)
            [answer] = server.sent[alice]
            ahead = sum(1 for messages in server.sent.values() for sent in messages
                        if sent.at < answer.at) - before
            waiting = sum(not task.done() for task in burst)
            await asyncio.gather(*burst)
        assert ahead <= LIMIT // 5  # a few places (those in flight), not the burst's rest
        assert waiting > 200
        assert server.too_many == 0


async def test_two_senders_to_one_chat_keep_its_second() -> None:
    chat = 23_001
    async with FakeTelegram(per_second=LIMIT, per_chat=1.0) as server:
        server.open_chats([chat])
        async with senders(server, 2) as adapters:
            await asyncio.gather(*(adapter.outbox.deliver(str(chat), Reply(f"from {n}"),
                                                         Priority.reply)
                                   for n, adapter in enumerate(adapters)))
        first, second = sorted(sent.at for sent in server.sent[chat])
        assert second - first >= 1.0
        assert server.too_many == 0


class Proxy:
    """A TCP relay to Redis on a port of its own, which a test can cut."""

    def __init__(self) -> None:
        self.links: list[asyncio.StreamWriter] = []
        self.server: asyncio.Server | None = None
        self.url = ""

    async def __aenter__(self) -> Proxy:
        self.server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        self.url = f"redis://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.cut()

    def cut(self) -> None:
        """Redis goes out of reach: open links dropped, new ones refused."""
        if self.server is not None:
            self.server.close()
        for writer in self.links:
            writer.transport.abort()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", 6379)
        self.links += [writer, upstream_writer]

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(ConnectionError, OSError):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.transport.abort()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))


async def test_redis_gone_mid_run_loses_nothing_and_warns_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    chats = range(24_001, 24_301)
    caplog.set_level(logging.WARNING, logger="bot.shared.rates")
    async with FakeTelegram(per_second=LIMIT, per_chat=1.0) as server, Proxy() as proxy:
        server.open_chats(chats)
        async with senders(server, 2, redis_url=proxy.url) as adapters:
            burst = [asyncio.create_task(adapters[n % 2].send(str(chat), Reply("digest")))
                     for n, chat in enumerate(chats)]
            await server.wait_until(lambda: len(server.sent) >= 60)
            proxy.cut()
            await asyncio.gather(*burst)
        assert all(len(server.sent[chat]) == 1 for chat in chats)  # none lost, none doubled
    warnings = [r for r in caplog.records if "out of reach" in r.getMessage()]
    assert len(warnings) == 2  # once for each sender, not once a message


def test_without_redis_url_nothing_of_redis_is_imported() -> None:
    probe = ("import sys\n"
             "from bot.adapters.telegram.adapter import TelegramAdapter, TelegramConfig\n"
             "TelegramAdapter(TelegramConfig('123:abc'))\n"
             "print(sorted(m for m in ('redis', 'limits') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
