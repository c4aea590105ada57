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

With an inbox (every update an adapter passes carries its `update_id`), an
update is written to the database before the adapter tells the platform it
arrived (`receive`), then worked through by whichever worker holds its chat
(bot/shared/chat_locks.py): that worker takes the chat's unsent updates oldest
first, runs each turn (marked done with its effects, Conversation.handle_received),
sends its replies, and marks it sent. A second delivery of an update finds its row
and is dropped. A worker that dies leaves rows behind; `sweep` finds chats whose
updates wait too long and works through them, resending the replies of a turn
done but not sent (a rare double, never a loss). Replies of an update received by
another worker go out through the adapter's `replier` for the chat.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from datetime import timedelta

from bot.adapters.base import Send
from bot.conversation.core import Conversation
from bot.conversation.receipts import (
    UnreadableEntry,
    incoming_from_json,
    incoming_json,
    position,
    replies_from_json,
)
from bot.errors import DeliveryError, Stopping, Unreachable
from bot.messages import Incoming, Reply
from bot.shared.chat_locks import ChatKey, ChatLocks, LocalChatLocks
from storage import graph, inbox, network
from storage.db import DEFERRED, session_scope
from storage.models import Platform, utcnow

log = logging.getLogger(__name__)

# An unsent update older than this was left by a worker that died, or waits on a slow
# turn: a sweep tries its chat. Trying is safe at any age (a live holder keeps its chat:
# the sweep's task queues behind it in this process, or finds it held in Redis); this
# only spares the database the queries for updates a worker is about to take.
STALLED_AFTER = timedelta(seconds=5)
SWEEP_EVERY = 5.0  # seconds between sweeps
PRUNE_EVERY = 3600.0  # seconds between deletions of expired inbox rows


class Turns:
    """Runs conversation turns off the event loop, one at a time per chat, replies included.

    `workers` threads serve turns that need no model; `model_workers` more serve
    those that may wait on one (Conversation.may_wait), so with every model
    thread waiting on a hung model, "what's new?" still finds a thread at once.
    `locks` say who holds a chat: this process alone unless given (RedisChatLocks
    when several workers serve one bot).
    """

    def __init__(
        self, conversation: Conversation, workers: int = 16, model_workers: int = 32,
        locks: ChatLocks | None = None,
    ) -> None:
        self.conversation = conversation
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="turn")
        self._model_pool = ThreadPoolExecutor(model_workers, thread_name_prefix="model-turn")
        self.locks: ChatLocks = locks or LocalChatLocks()
        # This process's own lock of each chat, which the shared ones take first.
        self._local = locks if isinstance(locks, LocalChatLocks) else LocalChatLocks()
        # How to answer in a chat of each platform, for updates another worker received.
        self.repliers: dict[str, Callable[[str], Send]] = {}
        # The sends adapters gave with updates this process received, until used.
        self._sends: dict[tuple[str, str], Send] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopping = False
        self._swept: set[ChatKey] = set()  # chats a sweep's task is queued for or working
        # A reader need not wait for SQLite's one writer (storage.db.session_scope).
        self._reading = conversation.engine.execution_options(**{DEFERRED: True})

    async def __call__(self, incoming: Incoming, send: Send) -> None:
        """Handle `incoming` and send its replies; returns once they are sent (or, with an
        inbox, once the worker holding its chat has them)."""
        task = await self.receive(incoming, send)
        if task is not None:
            await asyncio.shield(task)

    async def receive(self, incoming: Incoming, send: Send) -> asyncio.Task[None] | None:
        """Take `incoming` in: once this returns, it is safe (written to the inbox when it
        carries an update_id) and the platform may be told it arrived. Returns the task
        working through its chat, or None for an update received before (a redelivery,
        acted on once).

        Raises what the database raises when the update could not be kept, and Stopping
        once `stop_receiving` was called: the platform must then not be told it
        arrived, so it delivers it again.
        """
        loop = asyncio.get_running_loop()
        if self._stopping:
            raise Stopping
        if incoming.update_id is None:
            return self._start(self._direct(incoming, send))
        fresh = await loop.run_in_executor(self._pool, self._keep, incoming)
        if not fresh:
            log.info("update %s of %s arrived again; it was received already",
                     incoming.update_id, incoming.platform)
            return None
        update = (incoming.platform, incoming.update_id)
        self._sends[update] = send
        return self._start(self._received(update, (incoming.platform, incoming.chat_id)))

    async def _received(self, update: tuple[str, str], key: ChatKey) -> None:
        try:
            await self._work_through(key)
        finally:  # worked by this process, or another holds the chat: the send is unused
            self._sends.pop(update, None)

    def _start(self, work: Awaitable[None]) -> asyncio.Task[None]:
        task: asyncio.Task[None] = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def wait(self) -> None:
        """Until the turns started so far have ended (for a stop)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def stop_receiving(self) -> None:
        """Take no more updates (`receive` raises Stopping: the platform delivers them
        again, elsewhere or later) and finish the turns started, sweeps' included."""
        self._stopping = True
        await self.wait()

    def _keep(self, incoming: Incoming) -> bool:
        update_id = str(incoming.update_id)
        with self.conversation.engine.begin() as db:
            return inbox.receive(db, incoming.platform, update_id, incoming.chat_id,
                                 position(update_id), incoming_json(incoming), utcnow())

    async def _direct(self, incoming: Incoming, send: Send) -> None:
        """A turn with no inbox (the terminal, a test): run and answered in the chat's
        order, in this process."""
        async with self._local.lock((incoming.platform, incoming.chat_id)):  # through send
            replies = await self._run(incoming, received=False)
            if replies is not None:
                await self._send(incoming, replies, send)

    async def _work_through(self, key: ChatKey) -> None:
        """Hold chat `key` and work through its unsent updates, oldest first, until none is
        left; nothing if another worker holds it (it will find them).

        In one process every update has a task of its own queued behind the holder, so
        one look at the inbox is enough. With several workers, an update kept by another
        worker while this one holds the chat has only this holder to find it: the holder
        looks again until it finds none, and once more after letting go, so an update
        kept just as it found none is not left behind.
        """
        loop = asyncio.get_running_loop()
        shared = self.locks.shared
        try:
            while True:
                async with self.locks.hold(key) as held:
                    if not held:
                        return
                    while entries := await loop.run_in_executor(self._pool, self._unsent, key):
                        for entry in entries:
                            if not await self._work(entry):
                                return  # not this process's to work: left as it is
                        if not shared and len(entries) < inbox.BATCH:
                            break
                if not shared or not await loop.run_in_executor(self._pool, self._unsent,
                                                                 key):
                    return
        except Exception:  # the database or Redis away: a sweep comes back for them
            log.error("working through chat %s failed; left for a sweep", key, exc_info=True)

    def _unsent(self, key: ChatKey) -> list[inbox.Entry]:
        with self._reading.connect() as db:
            return inbox.unsent(db, *key)

    async def _work(self, entry: inbox.Entry) -> bool:
        """One update from the inbox: its turn run unless done, its replies sent, marked;
        False when it is not this process's to work: its platform is not served here, or
        another worker did its turn meanwhile (its hold lapsed: that worker sends)."""
        loop = asyncio.get_running_loop()
        try:
            incoming = incoming_from_json(entry.payload)
            replies = (replies_from_json(entry.replies) if entry.done and entry.replies
                       else None)
        except UnreadableEntry as error:  # written by another version: never readable here
            log.error("update %s of %s unreadable, dropped: %s", entry.update_id,
                      entry.platform, error)
            await loop.run_in_executor(self._pool, self._sent, entry)
            return True
        send = self._sends.pop((entry.platform, entry.update_id), None)
        if send is None:
            replier = self.repliers.get(entry.platform)
            if replier is None:
                return False
            send = replier(entry.chat_id)
        if not entry.done:
            replies = await self._run(incoming, received=True)
            if replies is None:
                return False
        if replies:
            await self._send(incoming, replies, send)
        await loop.run_in_executor(self._pool, self._sent, entry)
        return True

    def _sent(self, entry: inbox.Entry) -> None:
        with self.conversation.engine.begin() as db:
            inbox.sent(db, entry.platform, entry.update_id, utcnow())

    async def _run(self, incoming: Incoming, received: bool) -> list[Reply] | None:
        """The turn for `incoming` on the right pool; None when another worker did it."""
        loop = asyncio.get_running_loop()
        # Only a model can make a turn wait; asking which ones may reads the chat's
        # state (perhaps from the database), so off the event loop, and only then.
        waits = self.conversation.understanding_waits and await loop.run_in_executor(
            self._pool, self.conversation.may_wait, incoming)
        pool = self._model_pool if waits else self._pool
        if received:
            return await loop.run_in_executor(pool, self.conversation.handle_received,
                                              incoming)
        return await loop.run_in_executor(pool, self.conversation.handle, incoming)

    async def _send(self, incoming: Incoming, replies: list[Reply], send: Send) -> None:
        """Send a turn's replies, in the chat's hold: before its next turn can undo what
        a gone chat's marking says."""
        loop = asyncio.get_running_loop()
        try:
            await send(replies)
        except Unreachable as gone:
            await loop.run_in_executor(self._pool, self._unreachable, incoming.platform,
                                       gone.chat_id)
            if gone.chat_id != incoming.chat_id:  # the private answer to a group: say so
                notice = await loop.run_in_executor(
                    self._pool, self.conversation.unreachable_privately, incoming)
                with suppress(DeliveryError):
                    await send([notice])
        except DeliveryError:
            pass  # the adapter logged it; the person may simply ask again

    async def sweep(self) -> int:
        """Work through the chats whose updates wait longer than a live worker leaves them
        (STALLED_AFTER), on the platforms this process can answer on; how many chats."""
        loop = asyncio.get_running_loop()
        platforms = list(self.repliers)
        if not platforms:
            return 0
        chats = await loop.run_in_executor(self._pool, self._stalled, platforms)
        fresh = [key for key in chats if key not in self._swept]
        for key in fresh:  # one sweep's task per chat at a time, however long it waits
            self._swept.add(key)
            self._start(self._swept_through(key))
        return len(fresh)

    async def _swept_through(self, key: ChatKey) -> None:
        try:
            await self._work_through(key)
        finally:
            self._swept.discard(key)

    def _stalled(self, platforms: list[str]) -> list[ChatKey]:
        with self._reading.connect() as db:
            return inbox.stalled(db, utcnow() - STALLED_AFTER, platforms)

    async def sweeping(self, every: float = SWEEP_EVERY) -> None:
        """Sweep every `every` seconds, and delete expired inbox rows hourly, until
        cancelled; a failure is logged and the next round tries again."""
        loop = asyncio.get_running_loop()
        pruned_at = float("-inf")
        while True:
            try:
                if await self.sweep():
                    log.info("took over chats with updates left waiting")
                if loop.time() - pruned_at >= PRUNE_EVERY:
                    await loop.run_in_executor(self._pool, self._prune)
                    pruned_at = loop.time()
            except Exception:
                log.error("sweeping the inbox failed", exc_info=True)
            await asyncio.sleep(every)

    def _prune(self) -> None:
        with session_scope(self.conversation.engine) as session:
            while inbox.prune(session, utcnow() - inbox.EXPIRY):
                session.commit()

    def _unreachable(self, platform: Platform, chat_id: str) -> None:
        with session_scope(self.conversation.engine) as session:
            network.chat_unreachable(session, platform, chat_id)

    async def moved(self, platform: Platform, old_chat: str, new_chat: str) -> None:
        # Not the old chat's lock: a send to the old chat, inside a turn holding it, is
        # what usually finds out about the move. The new chat's, taken before anything is
        # awaited: a message to the new chat that came after the news of the move (the
        # "yes" to a question asked before it) waits for what the chat knew to arrive.
        async with self._local.lock((platform, new_chat)):
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(self._pool, self.conversation.moved, platform,
                                       old_chat, new_chat)
        # Updates to the new chat that found it held meanwhile are still to be worked.
        self._start(self._work_through((platform, new_chat)))

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
