"""Two Discord senders of one bot keep its global limit together through one real Redis.

Each adapter has its own limiters and Redis connections, as separate processes
have; only Redis is shared. Each alone would keep 30 requests a second; the fake
allows the bot 40, so only the shared gate keeps the two under it. Route buckets
(opening a DM: 10 a second) are still each process's, discord.py's, and made roomy
here: the global limit is the matter.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.adapters.discord import DiscordAdapter
from bot.adapters.discord.config import Pace
from bot.adapters.discord.pacing import bot_id
from bot.messages import Reply
from tests.adapters.discord.discord_support import JAZZ, config_for
from tests.fakes.discord_server import TOKEN, FakeDiscord, User
from tests.redis_support import REDIS_URL, needs_redis, redis_prefix  # noqa: F401

pytestmark = [needs_redis, pytest.mark.usefixtures("redis_prefix")]
LIMIT = 40
PEOPLE = [User(6000 + n, f"reader{n}") for n in range(50)]


def busiest_second(server: FakeDiscord) -> int:
    times = sorted(at for at, _, route in server.requests
                   if not route.startswith(("/interactions", "/webhooks")))
    return max((sum(1 for t in times[i:] if t - start < 1.0)
                for i, start in enumerate(times)), default=0)


def test_the_bot_is_named_by_its_user_id_never_its_token() -> None:
    assert bot_id(TOKEN) == "100000000000000000"
    assert TOKEN not in bot_id("not-base64!.x.y")


async def test_two_senders_keep_the_global_limit_together() -> None:
    roomy = {"POST /users/@me/channels": (100, 1.0), "POST /channels/{channel_id}/messages":
             (100, 1.0)}
    async with FakeDiscord(guilds=[JAZZ], global_per_second=LIMIT, buckets=roomy) as server:
        server.add_user(*PEOPLE)
        pace = Pace(per_second=30, bulk_per_second=28)
        adapters = [DiscordAdapter(config_for(server, pace=pace, redis_url=REDIS_URL))
                    for _ in range(2)]
        for adapter in adapters:
            await adapter.start(None)
        try:
            await asyncio.gather(*(adapters[n % 2].send(str(user.id), Reply(f"digest {n}"))
                                   for n, user in enumerate(PEOPLE)))
        finally:
            for adapter in adapters:
                await adapter.pacing.close()
                await adapter.stop()
        assert server.too_many == 0
        assert busiest_second(server) <= LIMIT
        for n, user in enumerate(PEOPLE):
            [sent] = server.sent[server.dm_channel_of(user)]
            assert sent.content == f"digest {n}"
