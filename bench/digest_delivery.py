"""Deliver a burst of due digests through the fake Telegram server, its limits on.

    python -m bench.digest_delivery [--people 3000]

`--people` people are due their digest at the same minute (each follows
someone who posted an hour ago, so every digest has something in it). One
scheduler tick (`bot.digest.scheduler.DigestScheduler`, as `plaza run` and
`plaza digest --due` run it) claims them, composes each digest and sends it
through the real Telegram adapter and python-telegram-bot, to a local fake Bot
API server that answers 429 beyond 30 messages a second or one a second per
chat. Printed: the rate as a share of that limit (target at least 90 %), the
429 answers (target 0), digests lost or doubled (target 0). Exit status 1
when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from bench.sending import LIMIT_PER_S, received, report
from bot.adapters.telegram.adapter import TelegramAdapter, TelegramConfig
from bot.digest.scheduler import DigestScheduler
from storage.db import make_engine, migrate, session_scope
from storage.models import Follow, Identity, Person, Post, utcnow
from tests.fakes.telegram_server import FakeTelegram

FIRST_CHAT = 5_000


def due_people(engine: sa.Engine, count: int, platform: str) -> list[str]:
    """`count` people due a digest right now, each following one person who just posted;
    their chat ids (FIRST_CHAT on)."""
    now = utcnow()
    minute = (now - timedelta(minutes=1)).replace(second=0, microsecond=0)
    person = {"display_name": "", "bio": "", "language": "en", "timezone": "UTC",
              "digest_time": minute.time(), "created_at": now}
    with session_scope(engine) as session:
        poster = session.execute(sa.insert(Person).returning(Person.id), [
            {**person, "handle": "poster", "digest_enabled": False}]).scalar_one()
        session.execute(sa.insert(Post), [{"author_id": poster, "text": "The bridge opens today",
                                           "visibility": "public",
                                           "created_at": now - timedelta(hours=1)}])
        readers = session.execute(sa.insert(Person).returning(Person.id), [
            {**person, "handle": f"reader{i:05d}", "digest_enabled": True,
             "digest_due_at": minute} for i in range(count)]).scalars().all()
        chats = [str(FIRST_CHAT + i) for i in range(count)]
        session.execute(sa.insert(Identity), [
            {"person_id": reader, "platform": platform, "external_id": chat, "chat_id": chat,
             "unreachable": False, "last_seen_at": now}
            for reader, chat in zip(readers, chats, strict=True)])
        session.execute(sa.insert(Follow), [{"follower_id": reader, "followee_id": poster,
                                             "created_at": now} for reader in readers])
    return chats


async def deliver(people: int, folder: Path) -> dict[str, float]:
    engine = make_engine(f"sqlite:///{folder / 'plaza.db'}")
    migrate(engine)
    chats = [int(chat) for chat in due_people(engine, people, "telegram")]
    async with FakeTelegram(per_second=LIMIT_PER_S, per_chat=1.0) as server:
        server.open_chats(chats)
        adapter = TelegramAdapter(TelegramConfig(server.token, base_url=server.base_url))
        await adapter.start(None)  # sending only, as `plaza digest --due` does
        started = time.monotonic()
        try:
            scheduler = DigestScheduler(engine, {"telegram": adapter})
            tally = await scheduler.tick()
            await scheduler.stop()
        finally:
            await adapter.stop()
        elapsed = time.monotonic() - started
        figures = received(server, chats)
    engine.dispose()
    return {**figures, "sent": tally["sent"], "seconds": elapsed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.digest_delivery",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=3000, help="digests due at once")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        figures = asyncio.run(deliver(args.people, Path(folder)))
    print(f"{figures['sent']:.0f} of {args.people} due digests sent as {figures['messages']:.0f} "
          f"messages in {figures['seconds']:.1f} s (one tick: claim, compose, send)")
    faults = {"lost": figures["lost"], "doubled": figures["doubled"]}
    return 0 if report(figures, faults) else 1


if __name__ == "__main__":
    raise SystemExit(main())
