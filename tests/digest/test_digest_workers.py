"""Real worker processes (`plaza digest --due`) on each engine: one killed with SIGKILL in the
middle of a batch and restarted, and two ticking the same minute against one database."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from bench.digest_delivery import due_people
from tests.digest.digest_support import statuses
from tests.fakes.telegram_server import TOKEN, FakeTelegram

ROOT = Path(__file__).resolve().parents[2]
LEASE = 1.0  # seconds: how long the killed worker's claims hold


def worker_env(engine: sa.Engine, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("OPENAI_", "TELEGRAM_", "PLAZA_", "DATABASE_URL"))}
    return {**env, "DATABASE_URL": engine.url.render_as_string(hide_password=False), **extra}


async def worker(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "digest", "--due", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def test_a_worker_killed_mid_batch_then_restarted_sends_each_digest_once(
    engine: sa.Engine,
) -> None:
    chats = due_people(engine, 45, "telegram")
    async with FakeTelegram() as telegram:  # Telegram's own limits: 30 a second, 1 per chat
        telegram.open_chats([int(chat) for chat in chats])
        env = worker_env(engine, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=telegram.base_url,
                         PLAZA_DIGEST_BATCH="10", PLAZA_DIGEST_LEASE=str(LEASE))

        def delivered() -> int:
            return sum(len(telegram.sent[int(chat)]) for chat in chats)

        first = await worker(env)
        await telegram.wait_until(lambda: delivered() >= 15, timeout=60)
        # A send is paced 1/29 s after the last: 10 ms in, the worker has recorded the one
        # just made and is waiting for its next turn, with the rest of its batch claimed.
        await asyncio.sleep(0.01)
        first.send_signal(signal.SIGKILL)
        assert await first.wait() == -signal.SIGKILL
        at_kill = {chat for chat in chats if telegram.sent[int(chat)]}
        with engine.connect() as connection:
            recorded = set(connection.execute(sa.text(
                "SELECT i.chat_id FROM digest_delivery d JOIN identity i "
                "ON i.person_id = d.person_id WHERE d.status = 'sent'")).scalars())
        in_flight = at_kill - recorded  # taken by Telegram, not yet recorded: may go twice
        assert 15 <= len(at_kill) < len(chats) and len(in_flight) <= 1
        await asyncio.sleep(LEASE + 0.5)  # the dead worker's claims run out
        second = await worker(env)
        _, errors = await second.communicate()
        assert second.returncode == 0, errors.decode()
        counts = {chat: len(telegram.sent[int(chat)]) for chat in chats}
    print(f"\nkilled after {len(at_kill)} of {len(chats)} digests "
          f"({len(in_flight)} caught in flight); the restart: {errors.decode().strip()}")
    assert all(n >= 1 for n in counts.values())  # none lost
    assert {chat for chat, n in counts.items() if n > 1} <= in_flight  # none doubled otherwise
    assert statuses(engine) == Counter(sent=len(chats))
    assert telegram.too_many == 0 and telegram.refused == []


async def test_two_workers_on_one_database_send_each_digest_once(engine: sa.Engine) -> None:
    people = 600  # enough for both to be at it together
    chats = due_people(engine, people, "console")
    env = worker_env(engine, PLAZA_DIGEST_BATCH="5")
    workers = [await worker(env), await worker(env)]
    outputs = await asyncio.gather(*(w.communicate() for w in workers))
    assert [w.returncode for w in workers] == [0, 0], [e.decode() for _, e in outputs]
    headers = [[line.removeprefix("── to ").removesuffix(" ──")
                for line in out.decode().splitlines() if line.startswith("── to ")]
               for out, _ in outputs]
    print(f"\ntwo workers on {engine.dialect.name}: {len(headers[0])} + {len(headers[1])} "
          f"digests")
    sent = Counter(headers[0] + headers[1])
    assert sorted(sent) == sorted(chats) and set(sent.values()) == {1}
    assert all(headers), "both workers took part"
    assert statuses(engine) == Counter(sent=people)


async def test_a_running_bot_sends_due_digests_through_its_telegram_adapter(
    engine: sa.Engine,
) -> None:
    """`plaza run`: the scheduler ticks on the adapter's loop as soon as it is up."""
    chats = due_people(engine, 3, "telegram")
    async with FakeTelegram() as telegram:
        telegram.open_chats([int(chat) for chat in chats])
        env = worker_env(engine, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=telegram.base_url)
        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=ROOT, env=env,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE)
        try:
            await telegram.wait_until(
                lambda: all(telegram.sent[int(chat)] for chat in chats), timeout=60)
        finally:
            bot.send_signal(signal.SIGTERM)
            _, log = await bot.communicate()
        assert bot.returncode == 0, log.decode()
        texts = [telegram.sent[int(chat)][0].text for chat in chats]
    assert all("The bridge opens today" in text for text in texts)
    assert statuses(engine) == Counter(sent=3)
