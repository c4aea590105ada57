"""`python -m bot run` with a token, as a real process against the fake Bot API server:
it serves, stops cleanly on SIGTERM, yields to another poller, takes the Bot API URL
however it is written, says what a 404 means, and never logs a secret."""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from tests.adapters.telegram.telegram_support import ALICE, polling
from tests.fakes.openai_server import FakeOpenAI, status, tool_call
from tests.fakes.telegram_server import FakeTelegram
from tests.processes import STARTUP, Bot, plaza_env


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:  # Telegram's real limits: Plaza's default pace
        yield fake


@pytest.fixture
def start(server: FakeTelegram, plaza_processes: Callable[..., Awaitable[Bot]]
          ) -> Callable[..., Awaitable[Bot]]:
    async def launch(token: str = server.token, **env: str) -> Bot:
        return await plaza_processes(**{"TELEGRAM_BOT_TOKEN": token,
                                        "TELEGRAM_BASE_URL": server.base_url, **env})

    return launch


async def test_serves_stops_on_sigterm_and_a_restart_does_not_answer_twice(
    server: FakeTelegram, start
) -> None:
    first = await start()
    await polling(server)
    update = server.message(ALICE, "/start")
    greeting, question = await server.wait_for(ALICE.id, 2)
    assert greeting.text.startswith("Hi Alice!") and "digest" in question.text
    first.process.send_signal(signal.SIGTERM)
    assert await first.exit_status() == 0
    assert server.called("getUpdates")[-1]["offset"] == str(update["update_id"] + 1)

    second = await start()
    await polling(server, len(server.called("getUpdates")) + 1)
    server.message(ALICE, "hello")
    *_, hello = await server.wait_for(ALICE.id, 3)
    assert hello.text == "Hi Alice! What's up?"
    second.process.send_signal(signal.SIGINT)
    assert await second.exit_status() == 0
    assert len(server.sent[ALICE.id]) == 3  # the first /start was not answered again
    assert not any(server.token in line for line in first.log + second.log)


async def test_a_second_process_on_the_same_token_makes_the_older_one_leave(
    server: FakeTelegram, start, tmp_path: Path
) -> None:
    older = await start()
    await polling(server)
    # On a database of its own: on the same one, it would be refused at start
    # (tests/cli/test_workers.py); Telegram's 409 is what catches two databases.
    newer = await start(DATABASE_URL=f"sqlite:///{tmp_path / 'other.db'}")
    assert await older.exit_status() == 1
    conflict = [line for line in older.log if "409 Conflict" in line]
    assert len(conflict) == 1, older.log
    server.message(ALICE, "/start")
    greeting, _ = await server.wait_for(ALICE.id, 2)  # the newer one serves on
    assert greeting.text.startswith("Hi Alice!")
    newer.process.send_signal(signal.SIGTERM)
    assert await newer.exit_status() == 0
    # "Conflict", not a bare "409": a log line's timestamp may end in ",409" milliseconds
    assert not any("Conflict" in line for line in newer.log), newer.log


async def test_a_wrong_token_stops_with_a_clear_message_that_does_not_show_it(start) -> None:
    bot = await start(token="999999:not-the-right-token")
    assert await bot.exit_status(STARTUP) == 1
    assert any("Telegram refused TELEGRAM_BOT_TOKEN" in line for line in bot.log)
    assert not any("not-the-right-token" in line for line in bot.log)


async def test_a_webhook_without_its_secret_is_refused_by_name(start) -> None:
    bot = await start(TELEGRAM_WEBHOOK_URL="https://plaza.example.org/telegram")
    assert await bot.exit_status(STARTUP) == 1
    assert any("TELEGRAM_WEBHOOK_SECRET" in line for line in bot.log)


async def test_with_a_model_configured_the_bot_understands_through_it(
    server: FakeTelegram, start
) -> None:
    with FakeOpenAI() as model:
        model.script(tool_call("read_feed"))
        bot = await start(OPENAI_BASE_URL=model.base_url, PLAZA_MODEL="fake-model")
        await polling(server)
        server.message(ALICE, "/start")
        await server.wait_for(ALICE.id, 2)
        server.message(ALICE, "anything interesting from my friends lately")
        *_, answer = await server.wait_for(ALICE.id, 3)
        assert answer.text.startswith("Your feed is empty")
        assert [request.body["model"] for request in model.requests] == ["fake-model"]
        assert "anything interesting from my friends lately" in model.requests[0].wire
        bot.process.send_signal(signal.SIGTERM)
        assert await bot.exit_status() == 0
    assert any("Understanding messages with the language model fake-model" in line
               for line in bot.log)


MODEL_KEY = "sk-live-Pl4zaKey0123456789abcdef"
SECRETS = (MODEL_KEY, "tg-Pa55word", "m0del-Pa55", "qk-7d1f0c2e9b", "wh-S3cret-value",
           "r3dis-Pa55")


def _leaks(log: list[str], token: str) -> list[str]:
    said = "".join(log)
    return [secret for secret in (*SECRETS, token, token.replace(":", "%3A")) if secret in said]


@pytest.mark.parametrize("spelling", ["{root}/bot", "{root}/bot/", "{root}/"])
async def test_the_bot_api_url_may_be_written_as_python_telegram_bot_writes_it(
    server: FakeTelegram, start, spelling: str
) -> None:
    bot = await start(TELEGRAM_BASE_URL=spelling.format(root=server.base_url))
    await polling(server)
    server.message(ALICE, "/start")
    greeting, _ = await server.wait_for(ALICE.id, 2)
    assert greeting.text.startswith("Hi Alice!")
    bot.process.send_signal(signal.SIGTERM)
    assert await bot.exit_status() == 0


async def test_a_404_from_the_bot_api_server_is_named_and_the_token_is_not_blamed(
    server: FakeTelegram, start
) -> None:
    wrong = f"{server.base_url}/telegram-api"  # no Bot API server lives there
    with FakeOpenAI() as elsewhere:  # another kind of server, answering 404 in JSON
        elsewhere.script(status(404))
        behind_a_password = elsewhere.base_url.replace("//", "//tg:tg-Pa55word@")
        # One after the other: both use one database file, and two processes migrating
        # one SQLite file at the same moment race (noted for the many-workers issue).
        bots, statuses = [], []
        for url in (wrong, behind_a_password):
            bots.append(await start(TELEGRAM_BASE_URL=url))
            statuses.append(await bots[-1].exit_status(STARTUP))
        assert statuses == [1, 1]
    shown = (wrong, elsewhere.base_url.replace("//", "//tg:***@"))
    for bot, url in zip(bots, shown, strict=True):
        said = "".join(bot.log)
        assert f"The Bot API server answered 404 at {url}/bot***/getMe" in said, said
        assert "refused TELEGRAM_BOT_TOKEN" not in said
        assert _leaks(bot.log, server.token) == []


async def test_serving_at_debug_with_every_secret_set_logs_none_of_them(
    server: FakeTelegram, start
) -> None:
    with FakeOpenAI() as model:
        model.script(tool_call("read_feed"))
        bot = await start(
            TELEGRAM_BASE_URL=server.base_url.replace("//", "//tg:tg-Pa55word@") + "/bot",
            TELEGRAM_WEBHOOK_SECRET="wh-S3cret-value", OPENAI_API_KEY=MODEL_KEY,
            OPENAI_BASE_URL=model.base_url.replace("//", "//gw:m0del-Pa55@") + "?key=qk-7d1f0c2e9b",
            PLAZA_MODEL="fake-model", REDIS_URL="redis://:r3dis-Pa55@127.0.0.1:6379/0")
        await polling(server)
        server.message(ALICE, "/start")
        await server.wait_for(ALICE.id, 2)
        server.message(ALICE, "anything interesting from my friends lately")
        *_, answer = await server.wait_for(ALICE.id, 3)
        assert answer.text.startswith("Your feed is empty")
        bot.process.send_signal(signal.SIGTERM)
        assert await bot.exit_status() == 0
    assert model.requests[0].query == {"key": "qk-7d1f0c2e9b"}
    assert _leaks(bot.log, server.token) == []
    assert not any("HTTP Request: POST http" in line for line in bot.log), "no request URLs"


async def test_a_digest_tick_at_info_logs_no_request_url(server: FakeTelegram,
                                                         tmp_path: Path) -> None:
    variables = plaza_env(TELEGRAM_BOT_TOKEN=server.token, TELEGRAM_BASE_URL=server.base_url,
                          DATABASE_URL=f"sqlite:///{tmp_path / 'plaza.db'}", LOG_LEVEL="INFO")
    returncode, out, err = await _digest_due(tmp_path, variables)
    assert returncode == 0, err.decode()
    assert server.called("getMe"), "the tick checked the token with Telegram"
    said = out.decode() + err.decode()
    assert "No digests were due." in said
    assert _leaks([said], server.token) == [] and "HTTP Request: POST http" not in said


@pytest.mark.parametrize("token, base, says", [
    ("999999:not-the-right-token", "{root}", "Telegram refused TELEGRAM_BOT_TOKEN"),
    ("{token}", "{json404}", "The Bot API server answered 404 at {json404}"),
    ("{token}", "http://127.0.0.1:{closed}", "Could not reach the Telegram Bot API"),
])
async def test_a_digest_tick_that_cannot_start_telegram_says_why_in_one_line(
    server: FakeTelegram, tmp_path: Path, token: str, base: str, says: str
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        closed = probe.getsockname()[1]
    elsewhere = FakeOpenAI()  # another kind of server, answering 404 in JSON
    elsewhere.script(status(404))
    fill = {"root": server.base_url, "token": server.token, "closed": closed,
            "json404": elsewhere.base_url}
    variables = plaza_env(TELEGRAM_BOT_TOKEN=token.format(**fill),
                          TELEGRAM_BASE_URL=base.format(**fill),
                          DATABASE_URL=f"sqlite:///{tmp_path / 'plaza.db'}")
    with elsewhere:
        returncode, out, err = await _digest_due(tmp_path, variables)
    said = err.decode()
    assert returncode == 1, said
    assert said.startswith("plaza: " + says.format(**fill)) and said.count("\n") == 1, said
    assert "Traceback" not in said and out == b""
    assert _leaks([said], server.token) == [] and "not-the-right-token" not in said


async def test_a_start_failure_printed_by_plaza_digest_masks_a_password_in_the_url(
    server: FakeTelegram, tmp_path: Path
) -> None:
    """The line `plaza` prints (not logs) for a platform that cannot start is masked too:
    the 404 names the URL asked, which holds the password of TELEGRAM_BASE_URL."""
    elsewhere = FakeOpenAI()  # answers 404 in JSON, as a wrong Bot API root does
    elsewhere.script(status(404))
    with_password = elsewhere.base_url.replace("http://", "http://plaza:hunter2-secret@")
    variables = plaza_env(TELEGRAM_BOT_TOKEN=server.token, TELEGRAM_BASE_URL=with_password,
                          DATABASE_URL=f"sqlite:///{tmp_path / 'plaza.db'}")
    with elsewhere:
        returncode, out, err = await _digest_due(tmp_path, variables)
    said = err.decode()
    assert returncode == 1, said
    assert said.startswith("plaza: The Bot API server answered 404 at http://plaza:***@"), said
    assert "hunter2-secret" not in said + out.decode()


async def _digest_due(
    folder: Path, variables: dict[str, str]
) -> tuple[int | None, bytes, bytes]:
    """`plaza digest --due` run in `folder` with `variables`: its status, stdout, stderr."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "digest", "--due", cwd=folder, env=variables,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), STARTUP)
    return process.returncode, out, err
