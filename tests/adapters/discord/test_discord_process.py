"""`python -m bot run` with both tokens, as a real process against the fake Telegram and
the fake Discord: one network across both platforms, a clean stop on SIGTERM, a clear
line when Discord refuses the token, and no secret in the log."""

from __future__ import annotations

import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from tests.adapters.discord.discord_support import JAZZ
from tests.adapters.telegram.telegram_support import ALICE, polling
from tests.fakes.discord_server import FakeDiscord, User
from tests.fakes.telegram_server import FakeTelegram
from tests.processes import STARTUP, Bot

DANA = User(3001, "dana", "Dana")

Start = Callable[..., Awaitable[Bot]]


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def discord_fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(guilds=[JAZZ]) as fake:
        yield fake


@pytest.fixture
def start(telegram: FakeTelegram, discord_fake: FakeDiscord,
          plaza_processes: Callable[..., Awaitable[Bot]]) -> Start:
    async def launch(**env: str) -> Bot:
        return await plaza_processes(**{
            "TELEGRAM_BOT_TOKEN": telegram.token, "TELEGRAM_BASE_URL": telegram.base_url,
            "DISCORD_BOT_TOKEN": discord_fake.token,
            "DISCORD_API_URL": discord_fake.base_url,  # a bare root, as pasted
            "DISCORD_GATEWAY_URL": discord_fake.gateway_url, **env})

    return launch


async def test_one_run_serves_both_platforms_on_one_network(
        telegram: FakeTelegram, discord_fake: FakeDiscord, start: Start) -> None:
    bot = await start()
    await polling(telegram)
    await discord_fake.wait_connected(STARTUP)
    dm = discord_fake.dm_channel_of(DANA)

    telegram.message(ALICE, "hello")
    await telegram.wait_for(ALICE.id, 1)
    discord_fake.dm(DANA, "hello")
    await discord_fake.wait_for(dm, 2)  # a greeting, and when the digest should come
    telegram.message(ALICE, "follow @dana")
    discord_fake.dm(DANA, "follow @alice")
    await telegram.wait_for(ALICE.id, 2)
    await discord_fake.wait_for(dm, 3)
    telegram.message(ALICE, "post: hello from Telegram")
    discord_fake.dm(DANA, "post: hello from Discord")
    await telegram.wait_for(ALICE.id, 3)
    await discord_fake.wait_for(dm, 4)

    telegram.message(ALICE, "what's new?")
    discord_fake.dm(DANA, "what's new?")
    *_, alice_feed = await telegram.wait_for(ALICE.id, 4)
    *_, dana_feed = await discord_fake.wait_for(dm, 5)
    assert "@dana" in alice_feed.text and "hello from Discord" in alice_feed.text
    assert "@alice" in dana_feed.content and "hello from Telegram" in dana_feed.content
    assert [c["name"] for c in discord_fake.commands][:2] == ["post", "feed"]  # published

    bot.process.send_signal(signal.SIGTERM)
    assert await bot.exit_status(30.0) == 0  # Heroku allows 30 s
    log = "".join(bot.log)
    assert "Plaza is on Discord as plaza (gateway, 1 server)." in log
    assert "Plaza is on Telegram as @PlazaBot (long polling)." in log
    assert discord_fake.token not in log and telegram.token not in log
    assert discord_fake.pinging == [] and discord_fake.refused == []


async def test_discord_alone_serves_and_stops(discord_fake: FakeDiscord, start: Start) -> None:
    bot = await start(TELEGRAM_BOT_TOKEN="")
    await discord_fake.wait_connected(STARTUP)
    discord_fake.dm(DANA, "hello")
    hello, _ = await discord_fake.wait_for(discord_fake.dm_channel_of(DANA), 2)
    assert hello.content.startswith("Hi Dana!")
    bot.process.send_signal(signal.SIGTERM)
    assert await bot.exit_status(30.0) == 0
    assert not any("Telegram" in line for line in bot.log)


async def test_a_refused_discord_token_stops_with_a_clear_line(start: Start) -> None:
    wrong = "MTk4NjIy.not-the-right.token-at-all"
    bot = await start(DISCORD_BOT_TOKEN=wrong)
    assert await bot.exit_status(STARTUP) == 1
    assert any("Discord refused DISCORD_BOT_TOKEN" in line for line in bot.log), bot.log
    assert not any(wrong in line for line in bot.log)


async def test_a_wrong_api_url_is_named(start: Start, tmp_path: Path) -> None:
    bot = await start(DISCORD_API_URL="http://127.0.0.1:9")  # nothing listens there
    assert await bot.exit_status(STARTUP) == 1
    assert any("Could not reach the Discord API at http://127.0.0.1:9/api/v10" in line
               for line in bot.log), bot.log
