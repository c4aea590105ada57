"""Several Plaza processes on one database: the ones that would double a rate limit are
refused at start with one line saying what to do (bot.shared.workers).

Real `plaza run` and `plaza digest --due` processes on each engine, against the fake
Bot API server: a second worker without REDIS_URL is refused, and once the first is
killed with SIGKILL (no clean-up of its own) a new one starts, the lock released by
the kernel or PostgreSQL. The rest of the table (webhook workers, Discord's gateway,
digests beside digests) is checked on PostgreSQL with the context manager itself, one
connection per "process" (advisory locks belong to a session).
"""

from __future__ import annotations

import asyncio
import random
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.settings import Settings
from bot.shared.workers import Refused, Role, claimed
from storage.db import make_engine
from tests.fakes.telegram_server import FakeTelegram
from tests.processes import STARTUP, Bot, plaza_env, plaza_run
from tests.redis_support import REDIS_URL, needs_redis

ROOT = Path(__file__).resolve().parents[2]
Start = Callable[..., Awaitable[Bot]]


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    """A fake Bot API server for a bot of this test's own (its id keys the polling lock)."""
    async with FakeTelegram(token=f"{random.randrange(10**8, 10**9)}:AAH-fake-token-workers"
                            ) as fake:
        yield fake


@pytest.fixture
async def start(empty_database_url: str, telegram: FakeTelegram, tmp_path: Path
                ) -> AsyncIterator[Start]:
    """Starts `plaza run` polling `telegram` on the test's database, with `settings` added;
    whatever still runs at the end is killed."""
    bots: list[Bot] = []

    async def launch(**settings: str) -> Bot:
        bots.append(await plaza_run(tmp_path, DATABASE_URL=empty_database_url,
                                    TELEGRAM_BOT_TOKEN=telegram.token,
                                    TELEGRAM_BASE_URL=telegram.base_url, **settings))
        return bots[-1]

    yield launch
    for bot in bots:
        bot.stop()
        await bot.exit_status()


async def serving(bot: Bot) -> None:
    """Until `bot` logs that it serves Telegram (fails if it exits first)."""
    async def on() -> None:
        while not any("Plaza is on" in line for line in bot.log):
            assert bot.process.returncode is None, "".join(bot.log)
            await asyncio.sleep(0.05)
    await asyncio.wait_for(on(), STARTUP)


def errors(bot: Bot) -> list[str]:
    """The lines of its log that are not DEBUG or INFO chatter."""
    return [line for line in bot.log if " DEBUG " not in line and " INFO " not in line]


async def digest_due(folder: Path, **settings: str) -> tuple[int, str]:
    """`plaza digest --due` with only `settings`: its status and standard error."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "digest", "--due", cwd=folder, env=plaza_env(**settings),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE)
    _, err = await asyncio.wait_for(process.communicate(), STARTUP)
    return process.returncode or 0, err.decode()


async def test_a_second_worker_without_redis_is_refused_and_one_starts_after_a_sigkill(
    start: Start,
) -> None:
    first = await start()
    await serving(first)
    second = await start()
    assert await second.exit_status(STARTUP) == 1
    refusal = errors(second)
    assert len(refusal) == 1, second.log
    assert "set REDIS_URL so workers share" in refusal[0]
    assert first.process.returncode is None, "the first serves on"
    first.process.send_signal(signal.SIGKILL)
    assert await first.exit_status() == -signal.SIGKILL
    third = await start()
    await serving(third)
    third.process.send_signal(signal.SIGTERM)
    assert await third.exit_status() == 0


async def test_a_digest_tick_beside_a_run_needs_redis_on_both(
    start: Start, empty_database_url: str, tmp_path: Path
) -> None:
    await serving(await start())
    status, err = await digest_due(tmp_path, DATABASE_URL=empty_database_url)
    assert status == 1
    assert err.count("\n") == 1 and "set REDIS_URL on both" in err, err


@needs_redis
async def test_with_redis_a_digest_tick_runs_beside_a_run(
    start: Start, empty_database_url: str, tmp_path: Path
) -> None:
    await serving(await start(REDIS_URL=REDIS_URL))
    status, err = await digest_due(tmp_path, DATABASE_URL=empty_database_url,
                                   REDIS_URL=REDIS_URL)
    assert (status, err) == (0, "No digests were due.\n")
    status, err = await digest_due(tmp_path, DATABASE_URL=empty_database_url)
    assert status == 1 and "set REDIS_URL on both" in err, "without it, still refused"


@needs_redis
async def test_even_with_redis_one_sqlite_file_has_one_worker(
    start: Start, empty_database_url: str
) -> None:
    if not empty_database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL takes several workers with REDIS_URL")
    await serving(await start(REDIS_URL=REDIS_URL))
    second = await start(REDIS_URL=REDIS_URL)
    assert await second.exit_status(STARTUP) == 1
    assert [line for line in errors(second) if "two on one file are never safe" in line]


@needs_redis
async def test_with_redis_on_postgresql_a_second_poller_of_one_bot_is_refused(
    start: Start, empty_database_url: str, telegram: FakeTelegram
) -> None:
    if empty_database_url.startswith("sqlite"):
        pytest.skip("one SQLite file has one worker at all")
    first = await start(REDIS_URL=REDIS_URL)
    await serving(first)
    second = await start(REDIS_URL=REDIS_URL)
    assert await second.exit_status(STARTUP) == 1
    refusal = errors(second)
    assert len(refusal) == 1 and "set TELEGRAM_WEBHOOK_URL" in refusal[0], second.log
    assert first.process.returncode is None


# The rest of the table, on PostgreSQL, through the context manager.

WEBHOOK = {"telegram_webhook_url": "https://plaza.example.org/telegram",
           "telegram_webhook_secret": "wh-S3cret-value"}


@pytest.fixture
def processes(engine: sa.Engine) -> Iterator[Callable[..., None]]:
    """Claims a place as a new "process" (a connection of its own) with `settings`;
    Refused propagates. Every place is let go at the end."""
    if engine.dialect.name != "postgresql":
        pytest.skip("record locks belong to a process: SQLite is tested with processes above")
    url = engine.url.render_as_string(hide_password=False)
    with ExitStack() as stack:
        def claim(role: Role, **settings: object) -> None:
            engine = make_engine(url)
            stack.callback(engine.dispose)
            stack.enter_context(claimed(Settings(_env_file=None, **settings), engine, role))
        yield claim


@needs_redis
def test_webhook_workers_with_redis_serve_together(processes) -> None:
    for _ in range(3):
        processes(Role.run, telegram_bot_token="123456789:AAH-fake-token-hook",
                  redis_url=REDIS_URL, **WEBHOOK)
    processes(Role.digest, redis_url=REDIS_URL)
    with pytest.raises(Refused, match="set REDIS_URL so workers share"):
        processes(Role.run, telegram_bot_token="123456789:AAH-fake-token-hook", **WEBHOOK)
    with pytest.raises(Refused, match="set REDIS_URL on both"):
        processes(Role.digest)


@needs_redis
def test_one_worker_holds_discords_gateway(processes) -> None:
    token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.workers-test-discord-token-000"
    processes(Role.run, discord_bot_token=token, redis_url=REDIS_URL)
    with pytest.raises(Refused, match="leave DISCORD_BOT_TOKEN unset on every worker but one"):
        processes(Role.run, discord_bot_token=token, redis_url=REDIS_URL)
    processes(Role.run, redis_url=REDIS_URL, telegram_bot_token="987654321:AAH-other-bot",
              **WEBHOOK)


@needs_redis
def test_a_run_without_redis_keeps_workers_with_it_away(processes) -> None:
    processes(Role.run, telegram_bot_token="123456789:AAH-fake-token-hook", **WEBHOOK)
    with pytest.raises(Refused, match="without REDIS_URL: set REDIS_URL"):
        processes(Role.run, redis_url=REDIS_URL, **WEBHOOK)
    with pytest.raises(Refused, match="without REDIS_URL serves this database"):
        processes(Role.digest, redis_url=REDIS_URL)


@needs_redis
def test_digest_ticks_go_together_but_keep_a_run_without_redis_away(processes) -> None:
    processes(Role.digest)
    processes(Role.digest)
    with pytest.raises(Refused, match="is sending for this database"):
        processes(Role.run, redis_url=REDIS_URL)
    with pytest.raises(Refused, match="is sending for this database"):
        processes(Role.run)
