"""Plaza keeps under Discord's global limit at the wire, whoever makes the request, and
people's replies go ahead of a digest burst."""

from __future__ import annotations

import asyncio

from bot.adapters.base import Priority
from bot.adapters.discord import DiscordAdapter
from bot.adapters.discord.config import Pace
from bot.messages import Reply
from tests.adapters.discord.discord_support import config_for
from tests.fakes.discord_server import FakeDiscord, User

PEOPLE = [User(5000 + n, f"reader{n}") for n in range(40)]


def busiest_second(server: FakeDiscord) -> int:
    """The most requests the fake counted against the global limit in any one second."""
    times = sorted(at for at, _, route in server.requests
                   if not route.startswith(("/interactions", "/webhooks")))
    return max((sum(1 for t in times[i:] if t - start < 1.0)
                for i, start in enumerate(times)), default=0)


async def test_a_burst_keeps_under_the_global_limit_with_no_429(
        discord_server: FakeDiscord) -> None:
    discord_server.add_user(*PEOPLE)
    adapter = DiscordAdapter(config_for(discord_server, pace=Pace(per_second=20,
                                                                   bulk_per_second=20)))
    await adapter.start(None)
    try:
        await asyncio.gather(*(adapter.send(str(user.id), Reply(f"digest {user.id}"))
                               for user in PEOPLE))
    finally:
        await adapter.stop()
    assert len(discord_server.requests) >= 2 * len(PEOPLE)  # a DM opened, then a message
    assert busiest_second(discord_server) <= 21  # one may sit on the second's edge
    assert discord_server.too_many == 0
    for user in PEOPLE:
        [sent] = discord_server.sent[discord_server.dm_channel_of(user)]
        assert sent.content == f"digest {user.id}"


async def test_requests_slow_on_their_way_do_not_bunch_up_with_the_next_ones(
        discord_server: FakeDiscord) -> None:
    # Once the DMs are open, the first three messages arrive 0.3 s late, beside the next
    # ones sent on time: spaced at the start alone, 20 on time and these three would
    # share one second at Discord.
    discord_server.add_user(*PEOPLE)
    adapter = DiscordAdapter(config_for(discord_server, pace=Pace(per_second=20,
                                                                   bulk_per_second=20)))
    await adapter.start(None)
    try:
        for round_ in ("first", "second"):
            discord_server.on_the_way.extend([0.3] * 3 if round_ == "second" else [])
            await asyncio.gather(*(adapter.send(str(user.id), Reply(f"{round_} {user.id}"))
                                   for user in PEOPLE))
    finally:
        await adapter.stop()
    assert busiest_second(discord_server) <= Pace(per_second=20).window == 21
    assert all(len(discord_server.sent[discord_server.dm_channel_of(user)]) == 2
               for user in PEOPLE)


async def test_a_reply_goes_ahead_of_a_digest_burst(discord_server: FakeDiscord) -> None:
    discord_server.add_user(*PEOPLE)
    alice = PEOPLE[0]
    adapter = DiscordAdapter(config_for(discord_server, pace=Pace(per_second=20,
                                                                   bulk_per_second=10)))
    await adapter.start(None)
    try:
        digests = [asyncio.create_task(adapter.send(str(user.id), Reply("digest")))
                   for user in PEOPLE[1:]]
        await discord_server.wait_until(lambda: len(discord_server.requests) >= 6)
        await adapter.outbox.deliver(str(alice.id), Reply("your answer"), Priority.reply)
        answered = discord_server.sent[discord_server.dm_channel_of(alice)][0].at
        await asyncio.gather(*digests)
    finally:
        await adapter.stop()
    digest_times = sorted(discord_server.sent[discord_server.dm_channel_of(user)][0].at
                          for user in PEOPLE[1:])
    assert sum(1 for at in digest_times if at < answered) <= 6  # not behind the burst
    assert discord_server.too_many == 0


async def test_notifications_go_ahead_of_a_digest_burst(discord_server: FakeDiscord) -> None:
    # 36 digests (a DM opened, then a message: 72 bulk requests at 10 a second) start;
    # three notifications, to people whose DMs must be opened too, come a moment later.
    discord_server.add_user(*PEOPLE)
    told = PEOPLE[:3]
    adapter = DiscordAdapter(config_for(discord_server, pace=Pace(per_second=20,
                                                                   bulk_per_second=10)))
    await adapter.start(None)
    try:
        digests = [asyncio.create_task(adapter.send(str(user.id), Reply("digest")))
                   for user in PEOPLE[4:]]
        await discord_server.wait_until(lambda: len(discord_server.requests) >= 6)
        await asyncio.gather(*(adapter.send(str(user.id), Reply("notice"),
                                            Priority.notification) for user in told))
        waiting = sum(not task.done() for task in digests)
        await asyncio.gather(*digests)
    finally:
        await adapter.stop()
    # the six requests of the notices went after at most a few of the burst's 72: as
    # digests, they would have waited for all of them
    assert waiting >= 30, f"only {waiting} of the 36 digests were still to go"
    assert all([m.content for m in discord_server.sent[discord_server.dm_channel_of(user)]]
               == ["notice"] for user in told)
    assert discord_server.too_many == 0
