"""Real `plaza run` processes pushing notifications, on each engine (issue 17): one
killed with SIGKILL in the middle of a fan-out and another started: every subscriber
told, none twice but a message caught in flight at the kill."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

import sqlalchemy as sa

from storage import network, notifications
from storage.db import session_scope
from storage.models import Platform
from tests.fakes.telegram_server import TOKEN, FakeTelegram
from tests.processes import plaza_env

ROOT = Path(__file__).resolve().parents[2]
LEASE = 1.0  # seconds: how long the killed worker's claims hold
SUBSCRIBERS = 60
FIRST_CHAT = 7000


def subscribers_of_a_post(engine: sa.Engine) -> list[int]:
    """An author with SUBSCRIBERS people asking to hear of their posts, each reachable on
    Telegram in a private chat, and one post of theirs: the chat ids to be told."""
    chats = list(range(FIRST_CHAT, FIRST_CHAT + SUBSCRIBERS))
    with session_scope(engine) as session:
        author = network.register(session, "author", platform=Platform.telegram,
                                  external_id="6999")
        for chat in chats:
            reader = network.register(session, f"reader{chat}", platform=Platform.telegram,
                                      external_id=str(chat))
            notifications.subscribe(session, reader, "author")
        network.post(session, author, "the one post everybody waits for")
    return chats


async def plaza_run(engine: sa.Engine, telegram: FakeTelegram) -> asyncio.subprocess.Process:
    env = plaza_env(DATABASE_URL=engine.url.render_as_string(hide_password=False),
                    TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=telegram.base_url,
                    PLAZA_DIGEST_LEASE=str(LEASE))
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=ROOT, env=env,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE)


def recorded(engine: sa.Engine) -> set[str]:
    """The chats whose notification is recorded as sent."""
    with engine.connect() as connection:
        return set(connection.execute(sa.text(
            "SELECT i.external_id FROM notification n JOIN identity i "
            "ON i.person_id = n.recipient_id WHERE n.status = 'sent'")).scalars())


async def test_a_worker_killed_mid_fan_out_then_another_tells_each_subscriber_once(
    engine: sa.Engine,
) -> None:
    chats = subscribers_of_a_post(engine)
    async with FakeTelegram() as telegram:  # Telegram's own limits: 30 a second, 1 per chat
        telegram.open_chats(chats)

        def told() -> int:
            return sum(1 for chat in chats if telegram.sent[chat])

        first = await plaza_run(engine, telegram)
        await telegram.wait_until(lambda: told() >= 15, timeout=60)
        first.send_signal(signal.SIGKILL)
        assert await first.wait() == -signal.SIGKILL
        at_kill = {str(chat) for chat in chats if telegram.sent[chat]}
        in_flight = at_kill - recorded(engine)  # taken by Telegram, not yet recorded
        assert 15 <= len(at_kill) < len(chats) and len(in_flight) <= 2
        await asyncio.sleep(LEASE + 0.5)  # the dead worker's claims run out
        second = await plaza_run(engine, telegram)
        try:
            await telegram.wait_until(lambda: told() == len(chats), timeout=60)
            await asyncio.sleep(0.5)  # anything sent twice would have arrived by now
        finally:
            second.send_signal(signal.SIGTERM)
            _, log = await second.communicate()
        assert second.returncode == 0, log.decode()
        counts = {str(chat): len(telegram.sent[chat]) for chat in chats}
        texts = {sent.text for chat in chats for sent in telegram.sent[chat]}
    print(f"\nkilled after {len(at_kill)} of {len(chats)} notifications "
          f"({len(in_flight)} caught in flight)")
    assert texts == {"🔔 New from @author (#1): “the one post everybody waits for”"}
    assert all(n >= 1 for n in counts.values())  # none lost
    assert {chat for chat, n in counts.items() if n > 1} <= in_flight  # none doubled otherwise
    assert recorded(engine) == {str(chat) for chat in chats}
    assert telegram.too_many == 0 and telegram.refused == []
