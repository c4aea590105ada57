"""The send path paces itself: no 429 from a server enforcing Telegram's limits, each chat in
order a second apart, and answers to people ahead of a burst of digests.

The fixtures fail every test here if the server had to answer 429.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
import sqlalchemy as sa

from bot.adapters.base import Priority
from bot.adapters.telegram.pacing import Rates
from bot.messages import Reply
from tests.adapters.telegram.telegram_support import ALICE, FAST_PACE, Plaza, running
from tests.fakes.telegram_server import FakeTelegram

CHATS = range(5001, 5046)


@pytest.fixture
async def real_limits(sqlite_engine: sa.Engine) -> AsyncIterator[Plaza]:
    """Telegram's own limits on the server, Plaza's own default pace."""
    async with FakeTelegram() as server:
        server.open_chats(CHATS)
        async with running(server, sqlite_engine, pace=Rates()) as plaza:
            yield plaza


async def test_a_burst_keeps_under_telegrams_limits_and_delivers_each_message_once(
    real_limits: Plaza,
) -> None:
    send = real_limits.adapter.send
    one_chat = [send(str(CHATS[0]), Reply(f"part {n}")) for n in range(3)]
    many = [send(str(chat), Reply(f"digest for {chat}")) for chat in CHATS[1:]]
    await asyncio.gather(*one_chat, *many)
    sent = real_limits.server.sent
    assert [s.text for s in sent[CHATS[0]]] == ["part 0", "part 1", "part 2"]
    assert all([s.text for s in sent[chat]] == [f"digest for {chat}"] for chat in CHATS[1:])
    times = [s.at for s in sent[CHATS[0]]]
    assert all(later - earlier >= 1.0 for earlier, later in zip(times, times[1:], strict=False))


async def test_messages_slow_on_their_way_do_not_bunch_up_with_the_next_ones(
    real_limits: Plaza,
) -> None:
    # The first three are counted 0.3 s late, beside the next ones sent on time: spaced
    # at the start alone, the 31st would find 27 others and these three in its second.
    slow = CHATS[:3]
    real_limits.server.on_the_way.update(dict.fromkeys(slow, 0.3))
    send = real_limits.adapter.send
    first = [asyncio.create_task(send(str(chat), Reply("slow"))) for chat in slow]
    await asyncio.sleep(0.1)
    await asyncio.gather(*first, *(send(str(chat), Reply(f"digest for {chat}"))
                                   for chat in CHATS[3:]))
    assert all(len(real_limits.server.sent[chat]) == 1 for chat in CHATS)


@pytest.fixture
async def slow_server(sqlite_engine: sa.Engine) -> AsyncIterator[Plaza]:
    """A server allowing 50 messages a second, so a burst of 135 lasts about three seconds."""
    async with FakeTelegram(per_second=50, per_chat=0.05) as server:
        server.open_chats(CHATS)
        async with running(server, sqlite_engine, pace=replace(FAST_PACE, per_second=48)) as plaza:
            yield plaza


async def test_an_answer_to_someone_goes_ahead_of_a_digest_burst(slow_server: Plaza) -> None:
    plaza = slow_server
    await plaza.say(ALICE, "/start", expect=2)
    burst = [asyncio.create_task(plaza.adapter.send(str(chat), Reply(f"digest {n}")))
             for n in range(3) for chat in CHATS]
    await asyncio.sleep(0.2)
    [answer] = await plaza.say(ALICE, "hello")
    waiting = sum(not task.done() for task in burst)
    assert answer.text == "Hi Alice! What's up?"
    assert waiting > 100  # most of the burst still had to go when Alice got her answer
    await asyncio.gather(*burst)


async def test_notifications_go_ahead_of_a_digest_burst(slow_server: Plaza) -> None:
    plaza = slow_server
    send = plaza.adapter.send
    digests = [asyncio.create_task(send(str(chat), Reply(f"digest {n}")))
               for n in range(3) for chat in CHATS[5:]]
    await asyncio.sleep(0.2)
    await asyncio.gather(*(send(str(chat), Reply("notice"), Priority.notification)
                           for chat in CHATS[:5]))
    waiting = sum(not task.done() for task in digests)
    assert waiting > 95  # most of the 120 digests queued before them still had to go
    # (as digests themselves, the five went after some fifty of them: about 70 left)
    await asyncio.gather(*digests)
    assert all([s.text for s in plaza.server.sent[chat]] == ["notice"] for chat in CHATS[:5])


async def test_a_cancelled_send_gives_its_turn_away(slow_server: Plaza) -> None:
    send = slow_server.adapter.send
    first = asyncio.create_task(send(str(CHATS[0]), Reply("one")))
    dropped = asyncio.create_task(send(str(CHATS[0]), Reply("cancelled")))
    last = asyncio.create_task(send(str(CHATS[0]), Reply("three")))
    await asyncio.sleep(0)
    dropped.cancel()
    await asyncio.gather(first, last)
    assert [s.text for s in slow_server.server.sent[CHATS[0]]] == ["one", "three"]
