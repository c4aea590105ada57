"""A `plaza run` killed in the middle of a turn loses nothing: the update was kept before
Telegram heard it arrived, and the restarted worker answers it.

The turn is held mid-way by a language model that does not answer (the fake
OpenAI server holding the request), so the SIGKILL lands inside it for certain.
Long polling: Telegram counts the update delivered once the next getUpdates
asks past it, which the worker does at once. Webhook: Telegram heard 200.
Either way only the inbox still has it.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa

from storage.db import make_engine
from tests.adapters.telegram.telegram_support import ALICE, polling
from tests.adapters.telegram.test_telegram_webhook import free_port
from tests.fakes.openai_server import FakeOpenAI, hang, tool_call
from tests.fakes.telegram_server import FakeTelegram
from tests.processes import STARTUP

SECRET = "wh-secret-for-the-crash"


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


async def _until(check, within: float = STARTUP) -> None:
    async def poll() -> None:
        while not check():
            await asyncio.sleep(0.05)

    await asyncio.wait_for(poll(), within)


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_a_worker_killed_mid_turn_loses_nothing(
    server: FakeTelegram, plaza_processes, tmp_path, mode: str
) -> None:
    env = {"TELEGRAM_BOT_TOKEN": server.token, "TELEGRAM_BASE_URL": server.base_url}
    if mode == "webhook":
        port = free_port()
        env |= {"TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
                "TELEGRAM_WEBHOOK_SECRET": SECRET, "PORT": str(port)}
    with FakeOpenAI() as model:
        model.script(hang(tool_call("read_feed")))
        first = await plaza_processes(**env, OPENAI_BASE_URL=model.base_url,
                                      PLAZA_MODEL="fake-model", OPENAI_API_KEY="sk-test-crash-key")
        if mode == "polling":
            await polling(server)
        else:
            await _until(lambda: server.webhook is not None)
        server.message(ALICE, "/start")
        await server.wait_for(ALICE.id, 2)
        update = server.message(ALICE, "anything interesting from my friends lately")
        await _until(lambda: len(model.requests) == 1)  # the turn waits on the model
        first.process.send_signal(signal.SIGKILL)
        assert await first.exit_status() == -signal.SIGKILL
        if mode == "polling":  # Telegram was told it arrived: it will never send it again
            assert int(server.called("getUpdates")[-1]["offset"]) > update["update_id"]
        else:
            assert set(server.webhook_answers) == {200}
        model.release()
    with FakeOpenAI() as model:  # restarted: the update left in the inbox is done now
        model.script(tool_call("read_feed"))
        second = await plaza_processes(**env, OPENAI_BASE_URL=model.base_url,
                                       PLAZA_MODEL="fake-model", OPENAI_API_KEY="sk-test-crash-key")
        *_, answer = await server.wait_for(ALICE.id, 3)
        assert answer.text.startswith("Your feed is empty"), answer.text
        assert "anything interesting from my friends lately" in model.requests[0].wire
        second.process.send_signal(signal.SIGTERM)
        assert await second.exit_status() == 0
    engine = make_engine(f"sqlite:///{tmp_path / 'plaza.db'}")
    with engine.connect() as db:
        assert db.execute(sa.text("SELECT count(*) FROM inbox WHERE sent_at IS NULL")
                          ).scalar() == 0
    engine.dispose()
    assert len(server.sent[ALICE.id]) == 3  # the greeting, its question, this answer
