"""What every adapter is: start(handler), send(chat, reply), stop(). Nothing more.

The conversation is synchronous (it talks to the database); `Turns` runs it on
a thread pool so one slow turn never holds up other people, while each chat's
messages are still handled in the order they came.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol
from weakref import WeakValueDictionary

from bot.conversation import Conversation
from bot.messages import Incoming, Reply
from storage.models import Platform

Handler = Callable[[Incoming], Awaitable[list[Reply]]]


class Adapter(Protocol):
    platform: Platform

    async def start(self, handler: Handler) -> None:
        """Begin receiving; every event becomes an `Incoming` passed to `handler`."""

    async def send(self, chat_id: str, reply: Reply) -> None:
        """Deliver one reply, paced to the platform's limits.

        Raises bot.errors.Unreachable when the platform says the chat is gone
        for good, DeliveryError when it still fails after retries.
        """

    async def stop(self) -> None:
        """Stop receiving, finish what is in flight, release connections."""


class Turns:
    """Runs conversation turns off the event loop, one at a time per chat."""

    def __init__(self, conversation: Conversation, workers: int = 16) -> None:
        self.conversation = conversation
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="turn")
        # A chat's lock lives while a turn of that chat holds or awaits it, then goes.
        self._locks: WeakValueDictionary[tuple[str, str], asyncio.Lock] = WeakValueDictionary()

    async def __call__(self, incoming: Incoming) -> list[Reply]:
        key = (incoming.platform, incoming.chat_id)
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        async with lock:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._pool, self.conversation.handle, incoming)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
