"""Send a burst of digests through the Telegram adapter, against Telegram's limits.

    python -m bench.telegram_send [--messages 3000]

A local fake Bot API server enforces Telegram's limits (30 messages a second
overall, one a second per chat, 429 beyond); the real python-telegram-bot
client and Plaza's send path (`TelegramAdapter.send`, as the digest scheduler
calls it) send one message to each of `--messages` chats, all queued at once.
Printed: the rate achieved as a share of the limit (target at least 90 %), the
429 answers (target 0) and the messages lost or doubled (target 0). Exit
status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import time

from bench.sending import LIMIT_PER_S, received, report
from bot.adapters.base import Send
from bot.adapters.telegram.adapter import TelegramAdapter, TelegramConfig
from bot.messages import Incoming, Reply
from storage.models import Platform
from tests.fakes.telegram_server import FakeTelegram

FIRST_CHAT = 10_000


async def burst(messages: int) -> dict[str, float]:
    chats = range(FIRST_CHAT, FIRST_CHAT + messages)
    async with FakeTelegram(per_second=LIMIT_PER_S, per_chat=1.0) as server:
        server.open_chats(chats)
        adapter = TelegramAdapter(TelegramConfig(server.token, base_url=server.base_url))
        await adapter.start(_NobodyWrites())
        started = time.monotonic()
        try:
            await asyncio.gather(*(adapter.send(str(chat), Reply(f"Your digest, chat {chat}"))
                                   for chat in chats))
        finally:
            await adapter.stop()
        elapsed = time.monotonic() - started
        figures = received(server, chats)
        wrong = [chat for chat in chats
                 if any(s.text != f"Your digest, chat {chat}" for s in server.sent[chat])]
    return {**figures, "seconds": elapsed, "wrong": len(wrong)}


class _NobodyWrites:
    """A handler for a bench where nobody writes: every event is left unanswered."""

    async def __call__(self, incoming: Incoming, send: Send) -> None:
        await send([])

    async def moved(self, platform: Platform, old_chat: str, new_chat: str) -> None:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000, help="chats, one message each")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    figures = asyncio.run(burst(args.messages))
    print(f"sent {figures['messages']:.0f} messages to {args.messages} chats in "
          f"{figures['seconds']:.1f} s")
    faults = {"lost": figures["lost"], "doubled": figures["doubled"],
              "wrong text": figures["wrong"]}
    return 0 if report(figures, faults) else 1


if __name__ == "__main__":
    raise SystemExit(main())
