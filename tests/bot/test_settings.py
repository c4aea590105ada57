"""Settings as people write them: a Bot API server's URL in any of its usual spellings."""

from __future__ import annotations

import pytest

from bot.settings import Settings

ROOT = "http://127.0.0.1:8081"


@pytest.mark.parametrize(("given", "root"), [
    (f"{ROOT}/bot", ROOT),  # python-telegram-bot's base_url
    (f"{ROOT}/bot/", ROOT),
    (f"{ROOT}//", ROOT),
    (f"{ROOT}/bot123456:AAH-x_y", ROOT),  # copied from a request, token and all
    (f" {ROOT} ", ROOT),
    ("https://proxy.example/telegram/bot", "https://proxy.example/telegram"),
    ("https://proxy.example/robot", "https://proxy.example/robot"),  # a path of its own
    ("https://user:pw@proxy.example/bot/", "https://user:pw@proxy.example"),
])
def test_telegram_base_url_is_read_as_the_servers_root(given: str, root: str) -> None:
    assert Settings(_env_file=None, telegram_base_url=given).telegram_base_url == root


def test_an_empty_telegram_base_url_means_telegrams_own() -> None:
    assert Settings(_env_file=None, telegram_base_url="").telegram_base_url is None
