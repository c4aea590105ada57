"""The gateway's faults: a dropped connection and its resume, events delivered twice, a
stop while a turn is in flight; and the token, which no log line may hold."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa

from bot.adapters.discord.format import custom_id
from tests.adapters.discord.discord_support import (
    ALICE,
    BOB,
    GENERAL,
    JAZZ,
    ROOMY,
    Plaza,
    running,
)
from tests.fakes.discord_server import TOKEN, FakeDiscord

HELLO = "Hi Alice! What's up?"



@pytest.fixture
async def discord_server() -> AsyncIterator[FakeDiscord]:
    """The fake with room in a channel's bucket for the retries here (discord.py counts a
    request that got no answer against it: see test_discord_faults)."""
    async with FakeDiscord(guilds=[JAZZ], buckets=ROOMY) as fake:
        yield fake



@pytest.mark.parametrize("code", [4000, None], ids=["closed", "dropped"])
async def test_what_is_said_while_the_gateway_is_down_is_answered_once_after_resuming(
        alice: Plaza, code: int | None) -> None:
    server = alice.server
    server.disconnect(code)
    [posted] = await alice.say(ALICE, "post: said while you were away")
    assert posted.content == "Posted! It's #1."
    assert (server.connections.identifies, server.connections.resumes) == (1, 1)
    assert server.connections.paths[-1] == server.gateway.resume_path
    [hello] = await alice.say(ALICE, "hello")
    assert hello.content == HELLO
    assert alice.contents(alice.dm_of(ALICE)).count("Posted! It's #1.") == 1
    assert alice.rows("post") == 1


async def test_a_message_delivered_twice_is_acted_on_once(alice: Plaza) -> None:
    server = alice.server
    before = len(server.sent[alice.dm_of(ALICE)])
    message_id = server.dm(ALICE, "post: only once")
    [posted] = await alice.received(alice.dm_of(ALICE), before, 1)
    server.redeliver(message_id)
    [hello] = await alice.say(ALICE, "hello")  # after the second delivery, in order
    assert (posted.content, hello.content) == ("Posted! It's #1.", HELLO)
    assert alice.rows("post") == 1


async def test_a_press_delivered_twice_is_acted_on_once(alice: Plaza) -> None:
    await alice.say(ALICE, "post: like me")
    await alice.join(BOB, "salut")
    await alice.say(BOB, "suivre @alice")
    [feed] = await alice.say(BOB, "quoi de neuf ?")
    [liked] = await alice.press(BOB, feed, custom_id("like:1"))
    assert liked.content == "Vous aimez le n°1 ♥"
    assert liked.interaction_id is not None
    alice.server.redeliver(liked.interaction_id)
    [bob_again] = await alice.say(BOB, "bonjour")
    assert bob_again.content.startswith("Bonjour Bob")
    assert alice.rows("post_like") == 1
    assert len(alice.server.responses[liked.interaction_id]) == 1  # acknowledged once
    answers = [s for s in alice.server.sent[feed.channel_id]
               if s.interaction_id == liked.interaction_id]
    assert len(answers) == 1


async def test_a_slash_command_delivered_twice_is_acted_on_once(alice: Plaza) -> None:
    [posted] = await alice.slash(ALICE, "post", {"text": "one slash, one post"})
    assert posted.content == "Posted! It's #1." and posted.interaction_id is not None
    alice.server.redeliver(posted.interaction_id)
    [hello] = await alice.say(ALICE, "hello")
    assert hello.content == HELLO
    assert alice.rows("post") == 1
    assert len(alice.server.responses[posted.interaction_id]) == 1


async def test_stop_lets_a_turn_in_flight_answer_before_the_gateway_closes(
        alice: Plaza) -> None:
    """As on SIGTERM: the answer is held back by a 429 when stop() begins."""
    server = alice.server
    channel = alice.dm_of(ALICE)
    fault = server.fail_next("POST", f"^/channels/{channel}/messages$", 429, retry_after=0.5)
    before = len(server.sent[channel])
    server.dm(ALICE, "post: last words")
    await server.wait_until(lambda: fault.struck)  # the turn is done; its answer waits
    assert server.gateway.live is not None and len(server.sent[channel]) == before
    gateway_when_answered: list[bool] = []

    async def watch() -> None:
        await server.wait_until(lambda: len(server.sent[channel]) > before)
        gateway_when_answered.append(server.gateway.live is not None)

    watching = asyncio.create_task(watch())
    await alice.adapter.stop()
    await watching
    assert alice.contents(channel)[before:] == ["Posted! It's #1."]
    assert gateway_when_answered == [True]  # answered while the gateway was still open
    assert server.gateway.live is None  # and closed after
    assert alice.rows("post") == 1


async def test_the_token_never_reaches_a_log(
        discord_server: FakeDiscord, sqlite_engine: sa.Engine,
        caplog: pytest.LogCaptureFixture) -> None:
    """DEBUG from before the start to after the stop, through the faults that log most."""
    for logger in ("discord", "bot", "aiohttp", "asyncio"):
        caplog.set_level(logging.DEBUG, logger=logger)
    server = discord_server
    async with running(server, sqlite_engine) as plaza:
        await plaza.join(ALICE)
        await plaza.say(ALICE, "post: hello at DEBUG")
        await plaza.join(BOB, "salut")
        await plaza.say(BOB, "suivre @alice")
        [feed] = await plaza.say(BOB, "quoi de neuf ?")
        await plaza.press(BOB, feed, custom_id("like:1"))
        await plaza.slash(BOB, "feed")
        await plaza.say_in(GENERAL, ALICE, "what's new?")
        server.fail_next("POST", "/messages$", 0)  # a network error, retried
        server.fail_next("POST", "/messages$", 503)  # a server error, retried
        await plaza.say(ALICE, "hello")
        server.disconnect(None)  # a resume carries the token again
        await plaza.say(ALICE, "hello")
        server.unreachable.add(ALICE.id)
        server.dm(ALICE, "hello")
        await server.wait_until(lambda: "unreachable" in caplog.text)
    assert server.connections.resumes == 1
    assert {"discord.client", "discord.http", "discord.gateway", "bot.adapters.discord.delivery"
            } <= {record.name for record in caplog.records}  # DEBUG was on where it matters
    secret = TOKEN.rsplit(".", 1)[-1]
    for record in caplog.records:
        text = f"{record.getMessage()} {record.args!r} {record.exc_text or ''}"
        assert TOKEN not in text and secret not in text, record.name
    assert secret not in caplog.text
