"""`plaza digest` sending on Telegram, as a real process against the fake Bot API server:
it sends only (no polling, no webhook, no menu), to the person's private chat, whose id
need not be theirs (Dan's chat here is not), and a 403 marks that person unreachable."""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from storage import network
from storage.db import make_engine, migrate, session_scope
from storage.models import Platform, utcnow
from tests.fakes.telegram_server import FakeTelegram
from tests.processes import plaza_env

DAN_ID, DANS_CHAT = 1004, 5004
STARTUP = 60.0
RECEIVING = ("getUpdates", "setWebhook", "deleteWebhook", "setMyCommands")


@pytest.fixture
def database(tmp_path: Path) -> sa.Engine:
    """Dan, on Telegram from a private chat whose id is not his, his digest due now."""
    engine = make_engine(f"sqlite:///{tmp_path / 'plaza.db'}")
    migrate(engine)
    with session_scope(engine) as session:
        dan = network.register(session, "dan", platform=Platform.telegram,
                               external_id=str(DAN_ID), chat_id=str(DANS_CHAT))
        network.update_settings(session, dan, digest_always=True)
        dan.digest_due_at = utcnow() - timedelta(minutes=1)
    yield engine
    engine.dispose()


async def plaza(server: FakeTelegram, folder: Path, *args: str) -> tuple[int, str, str]:
    env = plaza_env(TELEGRAM_BOT_TOKEN=server.token, TELEGRAM_BASE_URL=server.base_url,
                    DATABASE_URL=f"sqlite:///{folder / 'plaza.db'}")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=folder, env=env,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), STARTUP)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def unreachable(engine: sa.Engine) -> bool:
    with engine.connect() as db:
        return bool(db.execute(sa.text("SELECT unreachable FROM identity")).scalar())


async def test_a_digest_sent_by_hand_goes_to_the_private_chat_and_nothing_is_received(
    server: FakeTelegram, database: sa.Engine, tmp_path: Path
) -> None:
    server.open_chats([DANS_CHAT])
    status, _, err = await plaza(server, tmp_path, "digest", "--user", "dan", "--send")
    assert (status, err) == (0, "Sent to @dan on telegram.\n")
    assert [sent.text for sent in server.sent[DANS_CHAT]] == [
        "Nothing new since your last digest."]
    assert server.sent[DAN_ID] == []
    assert [method for method in RECEIVING if server.called(method)] == []


async def test_a_tick_by_hand_sends_on_telegram_and_receives_nothing(
    server: FakeTelegram, database: sa.Engine, tmp_path: Path
) -> None:
    server.open_chats([DANS_CHAT])
    status, out, err = await plaza(server, tmp_path, "digest", "--due")
    assert (status, out, err) == (0, "", "1 digest sent.\n")
    assert len(server.sent[DANS_CHAT]) == 1
    assert [method for method in RECEIVING if server.called(method)] == []


async def test_a_403_to_a_digest_sent_by_hand_marks_the_person_unreachable(
    server: FakeTelegram, database: sa.Engine, tmp_path: Path
) -> None:
    server.open_chats([DANS_CHAT])
    server.blocked.add(DANS_CHAT)
    status, _, err = await plaza(server, tmp_path, "digest", "--user", "dan", "--send")
    assert status == 1
    assert err.startswith("Could not send @dan's digest: the platform says their chat can no "
                          "longer be written to")
    assert unreachable(database)
    status, _, err = await plaza(server, tmp_path, "digest", "--user", "dan", "--send")
    assert (status, err) == (1, "@dan cannot be reached on any platform here.\n")
