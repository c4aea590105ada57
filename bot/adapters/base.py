"""What every adapter is: start(handler), send(chat, reply), stop(). Nothing more.

Adapters know only these protocols and the neutral shapes of bot.messages; the
conversation behind a `Handler` (bot.conversation.turns.Turns in production) is
not theirs to import, and neither is storage: an adapter translates, and says
what the platform said by raising (bot.errors), never by writing it down.

    Sender    send(chat_id, reply): all a digest needs (the console's outbox is one)
    Adapter   a Sender that also receives: start(handler), stop()
    Handler   what an adapter hands each event to, with a `Send` for its replies
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from enum import IntEnum
from typing import Protocol

from bot.messages import Incoming, Reply
from storage.models import Platform

# Delivers a turn's replies in order, each to `reply.chat_id` or else to the chat the
# turn came from; returns once they are sent. Raises bot.errors.Unreachable when the
# platform says a chat is gone (its `chat_id` says which), DeliveryError when a reply
# still fails after retries; the replies after a failed one are not sent.
Send = Callable[[list[Reply]], Awaitable[None]]


class Handler(Protocol):
    """What an adapter hands its events to (`Turns` in production)."""

    async def __call__(self, incoming: Incoming, send: Send) -> None:
        """Handle `incoming` and pass its replies to `send` before the chat's next event;
        what `send` raises is the handler's to deal with."""

    async def receive(self, incoming: Incoming, send: Send) -> asyncio.Task[None] | None:
        """Keep `incoming` (durably, when it carries an update_id) and start its turn;
        the task of the turn, or None when that update was received before (a platform
        delivering it again). Once this returns, the platform may be told the update
        arrived; it raises when the update could not be kept, and then must not be."""

    async def moved(self, platform: Platform, old_chat: str, new_chat: str) -> None:
        """A chat has a new id (a Telegram group became a supergroup); what it knew follows."""

    async def complete(self, platform: Platform, external_id: str, prefix: str) -> list[str]:
        """Handles of people the person behind `external_id` follows, starting with
        `prefix`, at most 25 (Discord's limit of autocomplete choices): what a handle box
        offers while they type. Reads only; empty for someone Plaza does not know."""


class Priority(IntEnum):
    """Which of the sends waiting for the platform's rate goes first (lowest first): an
    answer to someone who just wrote, then a notification, then a digest."""

    reply = 0
    notification = 1
    digest = 2


class Sender(Protocol):
    """The part of an adapter that writes unprompted (a digest, a notification)."""

    async def send(self, chat_id: str, reply: Reply, priority: Priority = Priority.digest
                   ) -> None:
        """Deliver one reply, paced to the platform's limits behind sends of a higher
        `priority`, never between the parts of another reply to the same chat.

        Raises bot.errors.Unreachable when the platform says the chat is gone
        for good, DeliveryError when it still fails after retries.
        """


class Adapter(Sender, Protocol):
    """One chat platform: receives events for a `Handler`, sends replies and digests.

    `done` is set when the adapter stopped receiving on its own (another process
    took the platform over); `failure` then says why, for the exit status.
    """

    platform: Platform
    done: asyncio.Event
    failure: str | None

    async def start(self, handler: Handler | None) -> None:
        """Connect, then receive: every event becomes an `Incoming` passed to `handler`.

        With no handler, only what sending needs (credentials checked, connection
        open): nothing is received, no polling, no webhook, so another process
        serving the platform is not disturbed. Raises bot.errors.CannotStart when
        the platform refuses the settings (one line for whoever runs Plaza).
        """

    async def stop(self) -> None:
        """Stop receiving, finish what is in flight, release connections."""

    def replier(self, chat_id: str) -> Send:
        """The `Send` that answers a turn in `chat_id`: for updates another worker of the
        bot received and left (the handler finds them in the inbox)."""

    def describe(self) -> str:
        """Where and how it serves, for the log: "Telegram as @PlazaBot (long polling)"."""
