"""Turns: the conversation run for adapters, one turn at a time per chat.

The conversation is synchronous (it talks to the database); `Turns` runs it on
threads so one slow turn never holds up other people, while each chat is
handled and answered in the order its messages came:

- a chat's lock is held from the start of a turn until its replies are sent,
  so nothing said in a later turn arrives before, or between the parts of,
  what an earlier turn said (a newcomer's welcome and digest question come
  before the answer to their next message);
- a turn that may wait on a language model runs on a pool of its own, so a
  model that hangs holds none of the threads that every other turn (the
  offline rules, buttons, answers to questions) runs on.

When the platform says a reply's chat is gone (the adapter's send raises
Unreachable), the identity whose private chat that is gets marked unreachable
here, by the same storage rule as a digest's (storage.accounts.chat_unreachable):
adapters never write to storage. When that was the private answer to something
said in a group, the group is told the answer could not be delivered, so the
person is never left with silence.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from weakref import WeakValueDictionary

from bot.adapters.base import Send
from bot.conversation.core import Conversation
from bot.errors import DeliveryError, Unreachable
from bot.messages import Incoming
from storage import graph, network
from storage.db import session_scope
from storage.models import Platform


class Turns:
    """Runs conversation turns off the event loop, one at a time per chat, replies included.

    `workers` threads serve turns that need no model; `model_workers` more serve
    those that may wait on one (Conversation.may_wait), so with every model
    thread waiting on a hung model, "what's new?" still finds a thread at once.
    """

    def __init__(
        self, conversation: Conversation, workers: int = 16, model_workers: int = 32
    ) -> None:
        self.conversation = conversation
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="turn")
        self._model_pool = ThreadPoolExecutor(model_workers, thread_name_prefix="model-turn")
        # A chat's lock lives while a turn of that chat holds or awaits it, then goes.
        self._locks: WeakValueDictionary[tuple[str, str], asyncio.Lock] = WeakValueDictionary()

    def _lock(self, key: tuple[str, str]) -> asyncio.Lock:
        """The lock of the chat `key` (platform, chat id), made when first needed."""
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        return lock

    async def __call__(self, incoming: Incoming, send: Send) -> None:
        async with self._lock((incoming.platform, incoming.chat_id)):  # through the send
            loop = asyncio.get_running_loop()
            # Only a model can make a turn wait; asking which ones may reads the chat's
            # state (perhaps from the database), so off the event loop, and only then.
            waits = self.conversation.understanding_waits and await loop.run_in_executor(
                self._pool, self.conversation.may_wait, incoming)
            pool = self._model_pool if waits else self._pool
            replies = await loop.run_in_executor(pool, self.conversation.handle, incoming)
            try:
                await send(replies)
            except Unreachable as gone:  # in the chat's lock: before its next turn can undo it
                await loop.run_in_executor(self._pool, self._unreachable, incoming.platform,
                                           gone.chat_id)
                if gone.chat_id != incoming.chat_id:  # the private answer to a group: say so
                    notice = await loop.run_in_executor(
                        self._pool, self.conversation.unreachable_privately, incoming)
                    with suppress(DeliveryError):
                        await send([notice])
            except DeliveryError:
                pass  # the adapter logged it; the person may simply ask again

    def _unreachable(self, platform: Platform, chat_id: str) -> None:
        with session_scope(self.conversation.engine) as session:
            network.chat_unreachable(session, platform, chat_id)

    async def moved(self, platform: Platform, old_chat: str, new_chat: str) -> None:
        # Not the old chat's lock: a send to the old chat, inside a turn holding it, is
        # what usually finds out about the move. The new chat's, taken before anything is
        # awaited: a message to the new chat that came after the news of the move (the
        # "yes" to a question asked before it) waits for what the chat knew to arrive.
        async with self._lock((platform, new_chat)):
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(self._pool, self.conversation.moved, platform,
                                       old_chat, new_chat)

    async def complete(self, platform: Platform, external_id: str, prefix: str) -> list[str]:
        """Handles the person follows that start with `prefix`, at most 25; read on the
        turn threads, never the model's, so it answers within Discord's 3 seconds even
        while a model hangs."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._followed_from, platform,
                                          external_id, prefix)

    def _followed_from(self, platform: Platform, external_id: str, prefix: str) -> list[str]:
        with session_scope(self.conversation.engine) as session:
            return graph.followed_from(session, platform, external_id, prefix, limit=25)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self._model_pool.shutdown(wait=True)
