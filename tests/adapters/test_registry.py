"""The adapters the settings configure (bot.adapters.registry), and its send-only mode:
the real python-telegram-bot against the fake Bot API server."""

from __future__ import annotations

import pytest

from bot.adapters import registry
from bot.errors import CannotStart
from bot.messages import Reply
from bot.settings import Settings
from storage.models import Platform
from tests.adapters.telegram.telegram_support import ALICE
from tests.fakes.telegram_server import FakeTelegram

RECEIVING = ("getUpdates", "setWebhook", "deleteWebhook", "setMyCommands")


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)


def test_without_a_token_no_platform_is_configured() -> None:
    assert registry.configured(settings()) == []
    assert registry.adapters(settings()) == []


async def test_send_only_mode_sends_a_digest_and_receives_nothing(server: FakeTelegram) -> None:
    server.open_chats([ALICE.id])
    configured = settings(telegram_bot_token=server.token, telegram_base_url=server.base_url)
    assert registry.configured(configured) == [Platform.telegram]
    async with registry.senders(configured) as found:
        assert set(found) == {Platform.console, Platform.telegram}
        await found[Platform.telegram].send(str(ALICE.id), Reply("Your digest"))
    assert [sent.text for sent in server.sent[ALICE.id]] == ["Your digest"]
    assert server.called("getMe"), "the token was checked"
    assert [method for method in RECEIVING if server.called(method)] == []


async def test_send_only_mode_says_why_a_platform_cannot_start(server: FakeTelegram) -> None:
    refused = settings(telegram_bot_token="999999:not-the-right-token",
                       telegram_base_url=server.base_url)
    with pytest.raises(CannotStart) as failure:
        async with registry.senders(refused):
            pass
    assert str(failure.value) == "Telegram refused TELEGRAM_BOT_TOKEN; check it with @BotFather."
