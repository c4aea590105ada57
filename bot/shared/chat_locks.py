"""Who holds a chat: one worker at a time works through a chat's updates, in order.

    LocalChatLocks   one process (SQLite, or no REDIS_URL): an asyncio lock per chat
    RedisChatLocks   several workers: a Redis lock per chat, with a lease

`hold(key)` waits for this process's own holder of the chat (its turns queue in
order), never for another worker's: it yields True to the caller that now holds
the chat, False when another worker does, and that holder will find the caller's
update in the inbox (bot/conversation/turns.py checks again after letting go, so
an update written just as the holder finished is never left behind).

Why Redis and not a PostgreSQL advisory lock: a chat is held for a whole turn,
model call and sending included (seconds), and a session-level advisory lock
holds a database connection for as long; at 3 workers with 48 turn threads each
that would need more connections than PostgreSQL's default 100. A Redis lock
costs no connection while held. Its lease (LEASE seconds, renewed while the
turn runs) frees the chat when a worker dies; should a paused worker's lease
lapse and another take the chat, the inbox fences the turn: only one of them can
mark the update done (storage.inbox.finish), the other's effects roll back.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from typing import TYPE_CHECKING, Protocol
from weakref import WeakValueDictionary

if TYPE_CHECKING:
    import redis.asyncio
    from redis.asyncio.lock import Lock as RedisLock

log = logging.getLogger(__name__)

ChatKey = tuple[str, str]  # (platform, chat id)
# Seconds a worker that stopped renewing keeps a chat: how long a crash holds it. Long
# enough that a starved event loop (a loaded machine) still renews in time: at 10 s,
# holds lapsed under a load average of 20 on 2 cores, and two workers then sent one
# chat's replies twice.
LEASE = 20.0
RENEW_EVERY = LEASE / 4


class ChatLocks(Protocol):
    """Holds chats, one holder at a time. `shared`: the holders are workers of several
    processes (else this process's turns alone, each waiting its turn)."""

    shared: bool

    def hold(self, key: ChatKey) -> AbstractAsyncContextManager[bool]:
        """An async context: True inside when the caller holds `key`, False when another
        worker does (nothing is held then); waits for a holder in this process. Raises
        what the lock's store raises."""
        ...


class LocalChatLocks:
    """Chats held in this process: enough when it is the only worker."""

    shared = False

    def __init__(self) -> None:
        # A chat's lock lives while someone holds or awaits it, then goes.
        self._locks: WeakValueDictionary[ChatKey, asyncio.Lock] = WeakValueDictionary()

    def lock(self, key: ChatKey) -> asyncio.Lock:
        """The lock of chat `key`, made when first needed, for whoever must wait for it."""
        found = self._locks.get(key)
        if found is None:
            found = self._locks[key] = asyncio.Lock()
        return found

    @asynccontextmanager
    async def hold(self, key: ChatKey) -> AsyncIterator[bool]:
        async with self.lock(key):  # asyncio's locks are fair: first come, first held
            yield True


class RedisChatLocks(LocalChatLocks):
    """Chats held across workers through Redis (redis-py's Lock: SET NX PX with a token,
    released and renewed only by its owner). Within this process the local lock is taken
    first, so its own turns never race for Redis."""

    shared = True

    def __init__(self, client: redis.asyncio.Redis, space: str = "plaza") -> None:
        super().__init__()
        self.client = client
        self.space = space
        self._away_since: float | None = None  # when Redis stopped answering, if it has

    def _unshared(self, error: Exception) -> None:
        """Say once per outage that chats are held in this process only."""
        if self._away_since is None:
            self._away_since = time.monotonic()
            log.warning("Redis is not answering (%s): holding chats in this process only "
                        "until it does; replies go on", error)

    async def ping(self) -> bool:
        """Whether Redis answers now; a warning names the failure when it does not."""
        from redis.exceptions import RedisError

        try:
            # PING through execute_command: redis-py's own type for ping() is a union of
            # its sync and async answers in some releases (7.4), which mypy will not await.
            return bool(await self.client.execute_command("PING"))
        except RedisError as error:
            self._unshared(error)
            return False

    @asynccontextmanager
    async def hold(self, key: ChatKey) -> AsyncIterator[bool]:
        async with super().hold(key) as here:
            if not here:
                yield False
                return
            lock = self.client.lock(":".join((self.space, "chat", *key)), timeout=LEASE,
                                    blocking=False, thread_local=False)
            from redis.exceptions import RedisError  # only with REDIS_URL: imported here

            try:
                acquired = await lock.acquire()
            except RedisError as error:
                # Redis away: this process holds the chat alone rather than answer nobody.
                # Another worker may then work the chat too; the inbox fences each update
                # (one of them marks it done, the other's effects roll back).
                self._unshared(error)
                yield True
                return
            self._away_since = None
            if not acquired:
                yield False
                return
            done = asyncio.Event()
            renewing = asyncio.create_task(self._renew(lock, key, done))
            try:
                yield True
            finally:
                # Told to stop, never cancelled: a cancellation landing inside redis-py's
                # reacquire() was seen swallowed here, and the renewing went on, holding
                # the chat for ever.
                done.set()
                await renewing
                await self._release(lock, key)

    @staticmethod
    async def _renew(lock: RedisLock, key: ChatKey, done: asyncio.Event) -> None:
        while True:
            with suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), RENEW_EVERY)
            if done.is_set():
                return
            try:
                await lock.reacquire()
            except Exception as error:  # lapsed, or Redis away: the inbox still fences
                log.warning("could not renew the hold on chat %s: %s", key, error)
                return

    @staticmethod
    async def _release(lock: RedisLock, key: ChatKey) -> None:
        from redis.exceptions import LockError, RedisError

        try:
            await lock.release()
        except LockError:
            log.warning("the hold on chat %s had lapsed before its turns were done", key)
        except RedisError as error:  # the lease frees it
            log.warning("could not let go of chat %s: %s", key, error)
