"""The fake Bot API server refuses what Telegram refuses; otherwise its green lights mean nothing.

Plain HTTP calls here, no python-telegram-bot: this is about the fake itself.
"""

from __future__ import annotations

import json

import aiohttp
import pytest

from tests.fakes.telegram_html import EntityError, plain
from tests.fakes.telegram_server import FakeTelegram


@pytest.mark.parametrize("text", [
    "<script>x</script>", "<b>unclosed", "a & b", "</b>", "<b><i>x</b></i>", "1 < 2",
    "2 > 1", "&nbsp;", "<a href=x>", "<b",
])
def test_what_telegram_cannot_parse_is_refused(text: str) -> None:
    with pytest.raises(EntityError):
        plain(text)


def test_telegram_html_reads_as_its_text() -> None:
    assert plain('<b>bold</b> <a href="https://x.org">link</a> &lt;&amp;&gt;&quot; &#128512;'
                 ) == 'bold link <&>" 😀'


async def _send(client: aiohttp.ClientSession, server: FakeTelegram, chat: int, **extra) -> dict:
    url = f"{server.base_url}/bot{server.token}/sendMessage"
    fields = {"chat_id": str(chat), "text": "hi", **extra}
    async with client.post(url, data=fields) as answer:
        return await answer.json()


async def test_the_fake_enforces_telegrams_rates() -> None:
    async with FakeTelegram() as server, aiohttp.ClientSession() as client:
        server.open_chats(range(1, 40))
        answers = [await _send(client, server, chat) for chat in range(1, 32)]
        assert [a["ok"] for a in answers] == [True] * 30 + [False]
        assert answers[-1]["error_code"] == 429
        assert answers[-1]["parameters"] == {"retry_after": 1}
        again = await _send(client, server, 1)
        assert again["error_code"] == 429 and server.too_many == 2


async def test_the_fake_enforces_one_message_a_second_per_chat() -> None:
    async with FakeTelegram() as server, aiohttp.ClientSession() as client:
        server.open_chats([7])
        first, second = await _send(client, server, 7), await _send(client, server, 7)
        assert first["ok"] and second["error_code"] == 429


@pytest.mark.parametrize(("extra", "description"), [
    ({"text": "<b>x", "parse_mode": "HTML"}, "can't parse entities"),
    ({"text": " \n "}, "message text is empty"),
    ({"text": "x" * 4097}, "message is too long"),
    ({"reply_markup": json.dumps({"inline_keyboard": [[{"text": "b",
                                                         "callback_data": "x" * 65}]]})},
     "BUTTON_DATA_INVALID"),
])
async def test_the_fake_refuses_bad_messages_like_telegram(extra: dict, description: str) -> None:
    async with FakeTelegram() as server, aiohttp.ClientSession() as client:
        server.open_chats([7])
        answer = await _send(client, server, 7, **extra)
        assert answer["error_code"] == 400 and description in answer["description"]
        assert server.sent[7] == []


async def test_the_fake_knows_only_chats_that_exist() -> None:
    async with FakeTelegram() as server, aiohttp.ClientSession() as client:
        answer = await _send(client, server, 12345)
        assert answer["description"] == "Bad Request: chat not found"
