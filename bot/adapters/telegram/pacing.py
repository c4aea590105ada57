"""Pacing for everything Plaza sends to Telegram: replies now, digests in bulk later.

Telegram asks bots to stay under about 30 messages a second overall and one a
second in any one chat, and answers 429 (retry after N seconds) beyond that.
A 429 costs a round trip and seconds of silence, so Plaza paces itself ahead of
the limit instead of bouncing off it.

Each chat has its own queue (messages to one person stay in order, a second
apart); the heads of those queues compete for the shared rate, replies to
someone who just wrote first, bulk sends (digests) after. A burst of thousands
of digests therefore never delays an answer by more than a few slots.

A chat's second counts from the later of two moments: when its last message
set out, and when Telegram's answer to it came back (`done`). Telegram may
have received the message as late as the answer, so a request slowed on its
way (a loaded machine, a slow network) cannot bring the next one within the
second as Telegram measures it. The overall rate holds the same way: besides
the even spacing, at most `Rates.window` messages are in flight or were
answered within the last second, so requests bunched up on their way (one
delayed, the next not) still reach Telegram under 30 in any second.

PTB's AIORateLimiter is not used: it has no per-private-chat spacing and no
notion of a reply jumping ahead of a digest burst.

Those limits are the bot's, not a process's. With REDIS_URL set, every process
of the bot also passes a gate shared through Redis (bot.shared.rates): a digest
takes a place among the bot's digests (`shared_bulk_per_second`) before it
queues here, so digests of every process together leave the rest of
`shared_per_second` to replies; once a message's local turn comes, it takes a
place in the bot's overall rate and its chat's second, holding the turn until
then, so a process waits on Redis with one message at a time, the most urgent.
Without REDIS_URL nothing of the kind is made or imported.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.adapters.base import Priority
from bot.shared.rates import SharedLimits, SharedRate

if TYPE_CHECKING:
    from bot.adapters.telegram.config import TelegramConfig

CATCH_UP = 0.005  # seconds of timer lateness made up for, so the rate holds without a burst


@dataclass(frozen=True, slots=True)
class Rates:
    """The rates to keep: 5 % under Telegram's limits, so network jitter never trips them.

    With REDIS_URL, every process of the bot together also keeps `shared_per_second`
    messages in any second, of which digests at most `shared_bulk_per_second`, and one
    message per chat per second plus the margin of `per_chat_interval`. The shared
    windows count whole messages over whole seconds (bot.shared.rates); 27 digests a
    second still reach 90 % of Telegram's 30, and the 28th place is the replies'. Two
    places of Telegram's 30 stay free for the messages a loaded host or the network
    slowed between their place and Telegram (a CI run on a busy machine met one 429 in
    300 digests with a single free place).
    """

    per_second: float = 28.5
    per_chat_interval: float = 1.05
    shared_per_second: int = 28
    shared_bulk_per_second: int = 27

    @property
    def window(self) -> int:
        """Messages in flight or answered within the last second, at most: the rate rounded
        down, plus one for a message that straddles the second's edge (29 by default)."""
        return int(self.per_second) + 1

    def shared(self) -> SharedLimits:
        """The limits every process keeps together (Telegram's per-chat rule: one a second)."""
        return SharedLimits(self.shared_per_second, self.shared_bulk_per_second,
                            per_chat_seconds=1,
                            chat_margin=max(self.per_chat_interval - 1.0, 0.0))


@dataclass
class _Chat:
    waiting: deque[tuple[int, int, asyncio.Future[None]]] = field(default_factory=deque)
    last: float = float("-inf")  # when its last message set out, or its answer came back
    queued: bool = False  # its head is in one of the heaps, or holds the turn
    flying: bool = False  # a message was sent and Telegram has not answered yet


class Pacer:
    """Hands out send turns so that both rates hold; `turn()` once per message."""

    def __init__(self, pace: Rates = Rates(), shared: SharedRate | None = None) -> None:
        self.pace = pace
        self.shared = shared  # the gate shared with the bot's other processes, if any
        self._interval = 1.0 / pace.per_second
        self._next = float("-inf")  # earliest time of the next turn, for the overall rate
        self._chats: dict[str, _Chat] = {}
        self._ready: list[tuple[int, int, str]] = []  # (priority, seq, chat): may go now
        self._later: list[tuple[float, int, str]] = []  # (time, seq, chat): chat too recent
        self._seq = itertools.count()
        self._timer: asyncio.TimerHandle | None = None
        self._handed = False  # a turn was given and its caller has not resumed yet
        self._flying = 0  # messages sent that Telegram has not answered yet
        self._answered: deque[float] = deque()  # when answers came back, the last second's

    @classmethod
    def for_bot(cls, config: TelegramConfig) -> Pacer:
        """The pacer of the bot `config` names: its sends shared through Redis with the
        bot's other processes when `config.redis_url` is set, keyed by the bot's numeric
        id (the token's part before ':'), alone otherwise."""
        if config.redis_url is None:
            return cls(config.pace)
        bot_id = config.token.split(":", 1)[0]
        return cls(config.pace, SharedRate(config.redis_url, "telegram", bot_id,
                                           config.pace.shared()))

    async def close(self) -> None:
        """Let the shared gate's connections go, if there is one."""
        if self.shared is not None:
            await self.shared.close()

    async def turn(self, chat_id: str, priority: Priority = Priority.digest) -> None:
        """Wait until one message to `chat_id` may go out; the caller sends it right after.

        Waiting messages go by `priority` (an answer, then a notification, then a digest),
        then in the order they came. With a shared gate, a message that is not an answer
        (a notification or a digest) first waits for a place among the
        bot's digests, and every message, once its local turn comes, for a place in the
        bot's overall rate and its chat's second."""
        if self.shared is not None and priority != Priority.reply:
            await self.shared.bulk()
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        chat = self._chats.setdefault(chat_id, _Chat())
        chat.waiting.append((int(priority), next(self._seq), waiter))
        if not chat.queued:
            self._queue_head(chat_id, chat, loop.time())
        self._release(loop)
        sending = False
        try:
            await waiter  # a cancelled waiter is skipped when its turn comes
            if self.shared is not None:  # the turn is held meanwhile: see the docstring
                await self.shared.send(chat_id)
            sending = True
        finally:
            if waiter.done() and not waiter.cancelled():
                self._started(chat_id, loop, sending)

    def done(self, chat_id: str) -> None:
        """Telegram answered the message sent on `chat_id`'s last turn (whatever it said)."""
        loop = asyncio.get_running_loop()
        self._flying = max(self._flying - 1, 0)
        self._answered.append(loop.time())
        chat = self._chats.get(chat_id)
        if chat is None:
            self._release(loop)
            return
        chat.last, chat.flying = max(chat.last, loop.time()), False
        if not chat.waiting and not chat.queued:
            loop.call_at(loop.time() + self.pace.per_chat_interval, self._forget, chat_id, loop)
        self._release(loop)

    def _started(self, chat_id: str, loop: asyncio.AbstractEventLoop, sending: bool) -> None:
        """The caller holding the turn runs: spacing counts from now, not from the hand-over.

        Counting from the hand-over would let a busy event loop resume several
        callers at once, and their messages would leave in a bunch.
        """
        now = loop.time()
        self._next = max(self._next, now - CATCH_UP) + self._interval
        self._handed = False
        chat = self._chats[chat_id]
        chat.last, chat.flying = now, sending
        self._flying += sending
        self._next_of(chat_id, chat, loop)
        self._release(loop)

    def _next_of(self, chat_id: str, chat: _Chat, loop: asyncio.AbstractEventLoop) -> None:
        chat.queued = False
        if chat.waiting:
            self._queue_head(chat_id, chat, loop.time())
        else:
            loop.call_at(loop.time() + self.pace.per_chat_interval, self._forget, chat_id, loop)

    def _queue_head(self, chat_id: str, chat: _Chat, now: float) -> None:
        priority, seq, _ = chat.waiting[0]
        due = chat.last + self.pace.per_chat_interval
        if due <= now:
            heapq.heappush(self._ready, (priority, seq, chat_id))
        else:
            heapq.heappush(self._later, (due, seq, chat_id))
        chat.queued = True

    def _release(self, loop: asyncio.AbstractEventLoop) -> None:
        """Give out every turn that is due now, then sleep until the next one."""
        now = loop.time()
        while self._later and self._later[0][0] <= now:
            _, _, chat_id = heapq.heappop(self._later)
            chat = self._chats[chat_id]
            priority, seq, _ = chat.waiting[0]
            heapq.heappush(self._ready, (priority, seq, chat_id))
        while self._answered and self._answered[0] <= now - 1.0:
            self._answered.popleft()
        while (self._ready and not self._handed and self._next <= now
               and self._flying + len(self._answered) < self.pace.window):
            _, seq, chat_id = heapq.heappop(self._ready)
            chat = self._chats[chat_id]
            due = chat.last + self.pace.per_chat_interval
            if due > now:  # its last message's answer came back after this head queued
                heapq.heappush(self._later, (due, seq, chat_id))
                continue
            _, _, waiter = chat.waiting.popleft()
            if waiter.done():  # cancelled callers give their turn away
                self._next_of(chat_id, chat, loop)
            else:
                waiter.set_result(None)  # one turn at a time: see _started
                self._handed = True
        self._wake_at(loop)

    def _wake_at(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._timer:
            self._timer.cancel()
            self._timer = None
        moments = []
        if self._ready and not self._handed:
            if self._flying + len(self._answered) < self.pace.window:
                moments.append(self._next)
            elif self._answered:  # full: the oldest answer leaving the second frees a place
                moments.append(max(self._next, self._answered[0] + 1.0))
            # else all are in flight: the next answer (`done`) releases
        if self._later:
            moments.append(self._later[0][0])
        if moments:
            self._timer = loop.call_at(min(moments), self._release, loop)

    def _forget(self, chat_id: str, loop: asyncio.AbstractEventLoop) -> None:
        """Drop an idle chat once its spacing has passed, so memory follows activity."""
        chat = self._chats.get(chat_id)
        if chat is None or chat.waiting or chat.queued or chat.flying:
            return  # busy again: its next turn, or the answer awaited, schedules another check
        due = chat.last + self.pace.per_chat_interval
        if due > loop.time():
            loop.call_at(due, self._forget, chat_id, loop)
        else:
            del self._chats[chat_id]
