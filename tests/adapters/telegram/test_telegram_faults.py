"""Telegram's failures, scripted on the fake server: nothing lost, nothing doubled, no crash."""

from __future__ import annotations

import asyncio
import logging
import time

import aiohttp
import pytest
import sqlalchemy as sa

from bot.errors import DeliveryError, Unreachable
from bot.messages import Reply
from tests.adapters.telegram.telegram_support import ALICE, BOB, Plaza


def unreachable(plaza: Plaza, person_id: int) -> bool:
    with plaza.engine.connect() as db:
        return db.execute(sa.text("SELECT unreachable FROM identity WHERE external_id = :id"),
                          {"id": str(person_id)}).scalar()


def attempts(plaza: Plaza, person_id: int) -> int:
    return sum(1 for call in plaza.server.called("sendMessage")
               if call["chat_id"] == str(person_id))


@pytest.fixture
async def alice(plaza: Plaza) -> Plaza:
    await plaza.say(ALICE, "/start", expect=2)
    return plaza


async def test_429_waits_retry_after_then_sends_once(alice: Plaza) -> None:
    alice.server.fail("sendMessage", 429, chat_id=ALICE.id, retry_after=1)
    started = time.monotonic()
    [posted] = await alice.say(ALICE, "post: patience")
    assert time.monotonic() - started >= 1.0
    assert posted.text == "Posted! It's #1."
    assert attempts(alice, ALICE.id) == 3 + 1  # two welcome messages, then refused and resent
    await alice.say(ALICE, "hello")
    assert alice.texts(ALICE.id).count("Posted! It's #1.") == 1


async def test_403_marks_the_person_unreachable_until_they_write_again(
    plaza_on_each_database: Plaza,
) -> None:
    plaza = plaza_on_each_database
    await plaza.say(ALICE, "/start", expect=2)
    plaza.server.block(ALICE)
    assert (await plaza.digests(ALICE))["unreachable"] == 1  # Telegram answered 403
    assert unreachable(plaza, ALICE.id)
    tried = attempts(plaza, ALICE.id)
    with pytest.raises(Unreachable):  # no second try at Telegram: it already said no
        await plaza.adapter.send(str(ALICE.id), Reply("Your digest, again"))
    assert attempts(plaza, ALICE.id) == tried

    plaza.server.unblock(ALICE)
    [hello] = await plaza.say(ALICE, "hello")
    assert hello.text == "Hi Alice! What's up?"
    assert not unreachable(plaza, ALICE.id)
    await plaza.adapter.send(str(ALICE.id), Reply("Your digest"))
    assert plaza.texts(ALICE.id)[-1] == "Your digest"


async def test_a_person_who_blocks_mid_conversation_breaks_nothing_for_others(
    alice: Plaza,
) -> None:
    alice.server.block(ALICE)
    alice.server.message(ALICE, "post: my last words")
    [bonjour, _] = await alice.say(BOB, "/start", expect=2)
    assert bonjour.text.startswith("Bonjour Bob !")
    await alice.server.wait_until(lambda: unreachable(alice, ALICE.id))
    assert alice.texts(ALICE.id)[-1] != "Posted! It's #1."


@pytest.mark.parametrize("status", [500, 502, 0], ids=["500", "502", "hang-up"])
async def test_server_and_network_errors_are_retried_then_delivered_once(
    alice: Plaza, status: int
) -> None:
    alice.server.fail("sendMessage", status, chat_id=ALICE.id, times=2)
    [posted] = await alice.say(ALICE, "post: third time lucky")
    assert posted.text == "Posted! It's #1."
    assert attempts(alice, ALICE.id) == 2 + 3


async def test_errors_that_persist_end_in_delivery_error_after_bounded_retries(
    alice: Plaza,
) -> None:
    alice.server.fail("sendMessage", 500, chat_id=ALICE.id, times=50)
    with pytest.raises(DeliveryError) as failure:
        await alice.adapter.send(str(ALICE.id), Reply("Your digest"))
    assert not isinstance(failure.value, Unreachable)
    assert attempts(alice, ALICE.id) == 2 + 5  # the first try and four retries
    assert not unreachable(alice, ALICE.id)


async def test_the_same_update_delivered_twice_is_acted_on_once(alice: Plaza) -> None:
    alice.server.message(ALICE, "post: only once", twice=True)
    await alice.server.wait_for(ALICE.id, 3)
    [hello] = await alice.say(ALICE, "hello")
    assert hello.text == "Hi Alice! What's up?"
    assert alice.texts(ALICE.id).count("Posted! It's #1.") == 1
    with alice.engine.connect() as db:
        assert db.execute(sa.text("SELECT count(*) FROM post")).scalar() == 1


async def test_another_poller_makes_plaza_stop_polling_with_one_log_line(
    plaza: Plaza, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="bot.adapters.telegram.adapter")
    server = plaza.server
    await server.wait_until(lambda: server.called("getUpdates"))
    url = f"{server.base_url}/bot{server.token}/getUpdates"
    async with aiohttp.ClientSession() as other, other.post(url, data={"timeout": "2"}) as r:
        assert r.status == 200  # the newer poll wins: Telegram ends the older one
        await asyncio.wait_for(plaza.adapter.done.wait(), 5)
    polls = len(server.called("getUpdates"))
    await asyncio.sleep(1.6)  # longer than PTB's first retry delay
    assert len(server.called("getUpdates")) == polls  # no retry loop, no parting poll
    assert plaza.adapter.failure == "conflict"
    assert len(caplog.records) == 1 and "409 Conflict" in caplog.records[0].getMessage()
