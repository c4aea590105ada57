"""What every adapter is: start(handler), send(chat, reply), stop(). Nothing more.

Adapters know only these protocols and the neutral shapes of bot.messages; the
conversation behind a `Handler` (bot.conversation.turns.Turns in production) is
not theirs to import.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.messages import Incoming, Reply
from storage.models import Platform

# Delivers a turn's replies in order, each to `reply.chat_id` or else to the chat the
# turn came from; returns once they are sent (or given up).
Send = Callable[[list[Reply]], Awaitable[None]]


class Handler(Protocol):
    """What an adapter hands its events to (`Turns` in production)."""

    async def __call__(self, incoming: Incoming, send: Send) -> None:
        """Handle `incoming` and pass its replies to `send` before the chat's next event."""

    async def moved(self, platform: Platform, old_chat: str, new_chat: str) -> None:
        """A chat has a new id (a Telegram group became a supergroup); what it knew follows."""


class Adapter(Protocol):
    platform: Platform

    async def start(self, handler: Handler) -> None:
        """Begin receiving; every event becomes an `Incoming` passed to `handler`."""

    async def send(self, chat_id: str, reply: Reply) -> None:
        """Deliver one reply, paced to the platform's limits, never between the parts of
        another reply to the same chat.

        Raises bot.errors.Unreachable when the platform says the chat is gone
        for good, DeliveryError when it still fails after retries.
        """

    async def stop(self) -> None:
        """Stop receiving, finish what is in flight, release connections."""
