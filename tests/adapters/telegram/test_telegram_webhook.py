"""Webhook mode: Telegram posts updates to Plaza, which checks Telegram's secret header."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
import sqlalchemy as sa

from tests.adapters.telegram.telegram_support import ALICE, Plaza, running
from tests.fakes import telegram_people as tg
from tests.fakes.telegram_server import FakeTelegram

SECRET = "s3cret-Token_for-webhooks"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
async def hooked(server: FakeTelegram, sqlite_engine: sa.Engine) -> AsyncIterator[Plaza]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/updates"
    async with running(server, sqlite_engine, webhook_url=url, webhook_secret=SECRET,
                       port=port, listen="127.0.0.1") as plaza:
        yield plaza


async def post(plaza: Plaza, update: dict, secret: str | None) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    async with aiohttp.ClientSession() as client, client.post(
        plaza.server.webhook["url"], json=update, headers=headers
    ) as answer:
        return answer.status


async def test_plaza_registers_its_webhook_and_answers_through_it(hooked: Plaza) -> None:
    assert hooked.server.webhook["secret"] == SECRET
    assert hooked.server.webhook["url"].endswith("/telegram/updates")
    greeting, _ = await hooked.say(ALICE, "/start", expect=2)
    assert greeting.text.startswith("Hi Alice!")
    assert hooked.server.called("getUpdates") == []
    assert set(hooked.server.webhook_answers) == {200}


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET + "x"])
async def test_updates_without_the_right_secret_are_refused(hooked: Plaza, secret) -> None:
    update = {"update_id": 999, "message": tg.message(ALICE, "post: forged")}
    assert await post(hooked, update, secret) == 403
    [hello, _] = await hooked.say(ALICE, "/start", expect=2)  # the forged one did nothing
    assert hello.text.startswith("Hi Alice!")
    with hooked.engine.connect() as db:
        assert db.execute(sa.text("SELECT count(*) FROM post")).scalar() == 0


async def test_a_webhook_retry_of_the_same_update_is_acted_on_once(hooked: Plaza) -> None:
    await hooked.say(ALICE, "/start", expect=2)
    update = {"update_id": 4242, "message": tg.message(ALICE, "post: retried")}
    assert await post(hooked, update, SECRET) == 200
    assert await post(hooked, update, SECRET) == 200  # Telegram did not hear the first 200
    hooked.server.message(ALICE, "hello", twice=True)
    await hooked.server.wait_for(ALICE.id, 4)
    await hooked.say(ALICE, "thanks")
    assert hooked.texts(ALICE.id)[2:] == ["Posted! It's #1.", "Hi Alice! What's up?",
                                           "You're welcome!"]


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'"text"', b"{}",
                                  b'{"update_id": "x", "message": 3}'])
async def test_a_body_that_is_no_update_is_refused_with_400_and_nothing_done(
    hooked: Plaza, body: bytes
) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    async with aiohttp.ClientSession() as client, client.post(
        hooked.server.webhook["url"], data=body, headers=headers
    ) as answer:
        assert answer.status == 400
    greeting, _ = await hooked.say(ALICE, "/start", expect=2)  # and it serves on
    assert greeting.text.startswith("Hi Alice!")
