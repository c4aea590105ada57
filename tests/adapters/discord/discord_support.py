"""What the Discord tests share: people, a server, and `Plaza`, Plaza's Discord adapter
running on the fake Discord, which tests talk to the way people would."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import timedelta

import discord
import pytest
import sqlalchemy as sa
import yarl
from sqlmodel import select

from bot.adapters.discord import DiscordAdapter, DiscordConfig
from bot.adapters.discord.config import Pace
from bot.conversation import Conversation, Understander
from bot.conversation.states import ChatStates, DatabaseStates
from bot.conversation.turns import Turns
from bot.digest.scheduler import DigestScheduler
from storage import network
from storage.db import session_scope
from storage.models import Identity, Platform, utcnow
from storage.models import Person as PlazaPerson
from tests.fakes.discord_server import Channel, FakeDiscord, Guild, Sent, User

ALICE = User(2001, "alice", "Alice")
BOB = User(2002, "bob", "Bob", locale="fr")
CAROL = User(2003, "carol.k", None)
JAZZ = Guild(7001, "Jazz", [Channel(7101, "general", 7001), Channel(7102, "random", 7001)])
GENERAL = JAZZ.channels[0]
# Room for retries in a channel's bucket: discord.py counts a request that got no answer
# against the bucket (it cannot know better), so with Discord's 5 messages in 5 s a
# channel's fifth retry would wait out the bucket's 5 s.
ROOMY = {"POST /channels/{channel_id}/messages": (50, 1.0)}
# Far above the fake's global limit, as tests send little: pacing is the benchmark's matter.
FAST = Pace(per_second=500, bulk_per_second=400)


@pytest.fixture(autouse=True)
def discord_urls_put_back() -> Iterator[None]:
    """discord.py's URLs are class attributes the adapter sets: put them back after a test."""
    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    yield
    discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


class Plaza:
    """Plaza's Discord adapter running on `server`; each chat read where people read it."""

    def __init__(self, server: FakeDiscord, adapter: DiscordAdapter, engine: sa.Engine):
        self.server, self.adapter, self.engine = server, adapter, engine

    def dm_of(self, user: User) -> int:
        return self.server.dm_channel_of(user)

    async def say(self, user: User, text: str, expect: int = 1, **fields: object) -> list[Sent]:
        """`user` writes `text` in their DM with Plaza; the `expect` messages they get back."""
        channel = self.dm_of(user)
        before = len(self.server.sent[channel])
        self.server.dm(user, text, **fields)
        return await self.received(channel, before, expect)

    async def join(self, user: User, text: str = "hi") -> list[Sent]:
        """`user`'s first direct message, a greeting: Plaza's greeting, and its question
        about when their digest should arrive (a first DM opens a chat on Discord)."""
        return await self.say(user, text, expect=2)

    async def say_in(self, channel: Channel, user: User, text: str, expect: int = 1,
                     mention: bool = True, **fields: object) -> list[Sent]:
        before = len(self.server.sent[channel.id])
        self.server.channel_message(user, channel, text, mention_bot=mention, **fields)
        return await self.received(channel.id, before, expect)

    async def slash(self, user: User, name: str, options: dict[str, object] | None = None,
                    channel: Channel | None = None, expect: int = 1, locale: str = "en-US"
                    ) -> list[Sent]:
        where = channel.id if channel else self.dm_of(user)
        before = len(self.server.sent[where])
        self.server.slash(user, name, options, channel, locale)
        return await self.received(where, before, expect)

    async def press(self, user: User, sent: Sent, custom_id: str, expect: int = 1,
                    channel: Channel | None = None) -> list[Sent]:
        before = len(self.server.sent[sent.channel_id])
        self.server.press(user, sent, custom_id, channel)
        return await self.received(sent.channel_id, before, expect)

    async def received(self, channel_id: int, before: int, expect: int) -> list[Sent]:
        messages = await self.server.wait_for(channel_id, before + expect)
        return messages[before:]

    def contents(self, channel_id: int) -> list[str]:
        return [sent.content for sent in self.server.sent[channel_id]]

    def rows(self, table: str) -> int:
        """How many rows `table` holds now."""
        with self.engine.connect() as db:
            return int(db.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())

    def identity(self, user: User) -> Identity | None:
        with session_scope(self.engine) as session:
            found = session.exec(select(Identity).where(
                Identity.platform == Platform.discord,
                Identity.external_id == str(user.id))).first()
            if found is not None:
                session.expunge(found)
            return found

    async def digests(self, *people: User) -> Counter[str]:
        """The digests of `people`, due now and sent even if empty, by one tick of the
        scheduler `plaza run` runs, through this adapter; how each ended."""
        with session_scope(self.engine) as session:
            for user in people:
                found = session.exec(select(PlazaPerson).join(Identity).where(
                    Identity.platform == Platform.discord,
                    Identity.external_id == str(user.id))).first()
                assert found is not None, f"{user.username} has not written yet"
                network.update_settings(session, found, digest_always=True)
                found.digest_due_at = utcnow() - timedelta(minutes=1)
        return await self.tick()

    async def tick(self) -> Counter[str]:
        """One tick of the digest scheduler through this adapter; how each digest ended."""
        scheduler = DigestScheduler(self.engine, {Platform.discord: self.adapter})
        try:
            return await scheduler.tick()
        finally:
            await scheduler.stop()

    async def notifications(self) -> int:
        """Push the notifications due now once, as the job `plaza run` runs every few
        seconds does, through this adapter; how many messages went."""
        scheduler = DigestScheduler(self.engine, {Platform.discord: self.adapter})
        try:
            return await scheduler.notifier.push()
        finally:
            await scheduler.stop()


def config_for(server: FakeDiscord, **options: object) -> DiscordConfig:
    settings: dict[str, object] = {"api_url": server.api_url, "gateway_url": server.gateway_url,
                                   "pace": FAST, "backoff": 0.01, "guild_ready_timeout": 0.05,
                                   **options}
    return DiscordConfig(server.token, **settings)  # type: ignore[arg-type]


@asynccontextmanager
async def running(server: FakeDiscord, engine: sa.Engine, states: ChatStates | None = None,
                  understand: Understander | None = None, **options: object
                  ) -> AsyncIterator[Plaza]:
    """Plaza started on `server`; on leaving, stopped, and failed if Discord would have
    refused a message, a message could have pinged someone, an interaction was answered
    late, or a rate limit was hit."""
    adapter = DiscordAdapter(config_for(server, **options))
    conversation = (Conversation(engine, states=states or DatabaseStates(engine))
                    if understand is None else
                    Conversation(engine, understand=understand,
                                 states=states or DatabaseStates(engine)))
    turns = Turns(conversation)
    await adapter.start(turns)
    try:
        yield Plaza(server, adapter, engine)
    finally:
        await adapter.stop()
        turns.close()
    assert server.refused == [], "Discord would have refused these messages"
    assert server.pinging == [], "these messages could have pinged someone"
    assert server.late == [], "these interactions were acknowledged after 3 s"
    assert server.too_many == 0, "a rate limit was hit"


def point_at(server: FakeDiscord) -> None:
    """discord.py's URLs at `server`, for a plain client in a test."""
    discord.http.Route.BASE = server.api_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(server.gateway_url)


async def settle(seconds: float = 0.2) -> None:
    """Give the loop a moment where a test checks that nothing (more) happens."""
    await asyncio.sleep(seconds)
