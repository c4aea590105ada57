"""The Discord adapter's life: buttons still work after a restart, a send-only adapter
(`plaza digest`) logs in and sends without opening the gateway or touching the commands,
and an interaction is acknowledged at once even while the chat waits on a slow model."""

from __future__ import annotations

import asyncio

import sqlalchemy as sa

from bot.adapters import registry
from bot.messages import Reply
from bot.settings import Settings
from storage.models import Platform
from tests.adapters.discord.discord_support import ALICE, BOB, Plaza, running
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeOpenAI, delay, text, tool_call
from tests.understanding.llm_support import Ticker, model_understanding


async def test_buttons_sent_before_a_restart_still_work(discord_server: FakeDiscord,
                                                        sqlite_engine: sa.Engine) -> None:
    async with running(discord_server, sqlite_engine) as plaza:
        await plaza.join(ALICE)
        await plaza.say(ALICE, "post: before the restart")
        await plaza.join(BOB)
        [feed] = await plaza.say(BOB, "show me @alice's posts")
        assert "plaza:like:1" in feed.custom_ids()
    async with running(discord_server, sqlite_engine) as plaza:  # a new process, in effect
        [liked] = await plaza.press(BOB, feed, "plaza:like:1")
        assert liked.content == "Liked #1 ♥"
    assert discord_server.connections.identifies == 2


async def test_send_only_mode_sends_a_digest_and_opens_no_gateway(
        discord_server: FakeDiscord) -> None:
    discord_server.add_user(ALICE)
    configured = Settings(_env_file=None, discord_bot_token=discord_server.token,
                          discord_api_url=discord_server.api_url,
                          discord_gateway_url=discord_server.gateway_url)
    assert registry.configured(configured) == [Platform.discord]
    async with registry.senders(configured) as found:
        assert set(found) == {Platform.console, Platform.discord}
        await found[Platform.discord].send(str(ALICE.id), Reply("Your digest"))
    [sent] = discord_server.sent[discord_server.dm_channel_of(ALICE)]
    assert sent.content == "Your digest"
    assert discord_server.connections.identifies == 0
    assert discord_server.commands == []  # a `plaza run` elsewhere owns the commands


async def test_an_interaction_is_acknowledged_while_the_chat_waits_on_a_model(
        discord_server: FakeDiscord, sqlite_engine: sa.Engine) -> None:
    with FakeOpenAI() as model_server, model_understanding(
            model_server, sqlite_engine, Ticker()) as model:
        model_server.script(delay(1.5, tool_call("read_feed")), text("unused"))
        async with running(discord_server, sqlite_engine, understand=model) as plaza:
            await plaza.join(ALICE)
            dm = plaza.dm_of(ALICE)
            before = len(discord_server.sent[dm])
            discord_server.dm(ALICE, "zorp blick flarn")  # words only a model might read
            for _ in range(500):  # the turn holds the chat once the model has the message
                if model_server.requests:
                    break
                await asyncio.sleep(0.01)
            assert model_server.requests, "the message never reached the model"
            asked = discord_server.slash(ALICE, "help")  # waits for the chat's turn
            feed, helped = await plaza.received(dm, before, 2)
            # the command's answer waited for the model's turn, its acknowledgement did not
            assert feed.interaction_id is None and helped.interaction_id == asked
            [(kind, seconds, _)] = discord_server.responses[asked]
            assert kind == 5 and seconds < 1.0  # deferred at once, though answered later


# Discord's privileged intents (Gateway, "Privileged Intents"): server members,
# presences, message content. Plaza needs none: it must run with all three off.
PRIVILEGED = (1 << 1) | (1 << 8) | (1 << 15)


async def test_plaza_identifies_with_no_privileged_intent_and_still_reads_dms(
        plaza: Plaza) -> None:
    intents = plaza.server.connections.intents
    assert intents is not None and intents & PRIVILEGED == 0
    welcome, _ = await plaza.say(ALICE, "hi", expect=2)
    assert welcome.content.startswith("Hi Alice!")
