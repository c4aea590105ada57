"""`plaza digest`: one person's digest by hand, or one scheduler tick by hand.

    plaza digest --user alice            print it (nothing is recorded or moved)
    plaza digest --user alice --explain  ... with each post's score, term by term
    plaza digest --user alice --send     send it now where alice was last seen
    plaza digest --due                   send every digest due now, then exit

`--due` is refused beside a `plaza run` on the same database unless both have
REDIS_URL (bot.shared.workers): each would send at Telegram's full rate.

`--due` sends to console people by printing, and to the people of each
platform the settings configure through its adapter, started for sending only
(bot.adapters.registry.senders: it never polls, so a running `plaza run` keeps
receiving the updates).
"""

from __future__ import annotations

import asyncio
import sys
from collections import Counter

import sqlalchemy as sa

from bot.adapters.registry import senders
from bot.digest.compose import gather, written
from bot.digest.scheduler import Batching, DigestScheduler
from bot.digest.summary_model import summarizer
from bot.digest.tally import describe
from bot.errors import DeliveryError, Unreachable
from bot.replies import render
from bot.settings import Settings
from bot.shared.workers import Role, claimed
from bot.understanding.llm import from_settings
from storage import deliveries, network
from storage.db import session_scope
from storage.errors import NotFound
from storage.models import utcnow
from storage.tables import row_id


def due(settings: Settings, engine: sa.Engine) -> int:
    """One tick: every digest due now goes out; what happened, in one line on standard error."""

    async def tick() -> Counter[str]:
        async with senders(settings) as found:
            scheduler = DigestScheduler(engine, found, summarizer(from_settings(settings, engine)),
                                        pace=Batching.from_settings(settings))
            try:
                return await scheduler.tick()
            finally:
                await scheduler.stop()

    # Refused (one line, exit 1) while a `plaza run` without REDIS_URL serves the database.
    with claimed(settings, engine, Role.digest):
        print(describe(asyncio.run(tick())), file=sys.stderr)
    return 0


def show(settings: Settings, engine: sa.Engine, handle: str, send: bool, explain: bool) -> int:
    """Print (or send) `handle`'s digest as it would be now, without touching the schedule."""
    now = utcnow()
    try:
        with session_scope(engine, read_only=True) as session:
            person = network.person_by_handle(session, handle)
            digest = gather(session, person, now)
    except NotFound:
        print(f"Nobody is called @{handle.lstrip('@')}.", file=sys.stderr)
        return 1
    summarize = summarizer(from_settings(settings, engine))
    reply = render(written(digest, summarize), digest.language, now)
    if explain:
        print("\n".join(entry.explain() for entry in digest.ranked) or "(no posts)",
              end="\n\n")
    if not send:
        print(reply.text)
        return 0

    async def deliver() -> str | None:
        async with senders(settings) as found:
            with session_scope(engine, read_only=True) as session:
                where = deliveries.routes(session, row_id(person), list(found))
            if not where:
                return None
            route = where[0]
            try:
                await found[route.platform].send(route.chat_id, reply)
            except Unreachable:  # skipped by digests until they write again, as in a tick
                with session_scope(engine) as session:
                    network.chat_unreachable(session, route.platform, route.chat_id)
                raise
            return route.platform

    try:
        platform = asyncio.run(deliver())
    except Unreachable:
        print(f"Could not send @{person.handle}'s digest: the platform says their chat can no "
              "longer be written to (they blocked the bot or left).", file=sys.stderr)
        return 1
    except DeliveryError:
        print(f"Could not send @{person.handle}'s digest: the platform did not take it, even "
              "after retrying. Try again later.", file=sys.stderr)
        return 1
    if platform is None:
        print(f"@{person.handle} cannot be reached on any platform here.", file=sys.stderr)
        return 1
    print(f"Sent to @{person.handle} on {platform}.", file=sys.stderr)
    return 0
