"""The chat platforms Plaza can serve, and which of them the settings configure.

Each platform is one entry: whether the settings configure it, and how to make
its adapter. The adapter's package is imported only then, so a platform's
library loads only in a process that uses it.

    adapters(settings)   new adapters for `plaza run`, to start with a handler
    senders(settings)    send-only, for `plaza digest`: every configured adapter
                         started with no handler (no polling, no webhook), and
                         the console's outbox, which writes to standard output
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from bot.adapters.base import Adapter, Sender
from bot.adapters.console.outbox import ConsoleOutbox
from bot.settings import Settings
from storage.models import Platform


def _telegram(settings: Settings) -> Adapter:
    from bot.adapters.telegram import TelegramAdapter  # loads python-telegram-bot

    return TelegramAdapter.from_settings(settings)


def _discord(settings: Settings) -> Adapter:
    from bot.adapters.discord import DiscordAdapter  # loads discord.py

    return DiscordAdapter.from_settings(settings)


@dataclass(frozen=True, slots=True)
class Entry:
    """One platform: whether `settings` configure it, and how to make its adapter
    (SystemExit naming a setting it lacks)."""

    platform: Platform
    configured: Callable[[Settings], bool]
    make: Callable[[Settings], Adapter]


PLATFORMS = (
    Entry(Platform.telegram, lambda settings: settings.telegram.bot_token is not None, _telegram),
    Entry(Platform.discord, lambda settings: settings.discord.bot_token is not None, _discord),
)


def configured(settings: Settings) -> list[Platform]:
    """The platforms these settings configure, in the order they start."""
    return [entry.platform for entry in PLATFORMS if entry.configured(settings)]


def adapters(settings: Settings) -> list[Adapter]:
    """A new, unstarted adapter for each platform the settings configure."""
    return [entry.make(settings) for entry in PLATFORMS if entry.configured(settings)]


@asynccontextmanager
async def senders(settings: Settings) -> AsyncIterator[dict[str, Sender]]:
    """Every way to send a digest from this process, by platform, ready; stopped on leaving.

    The configured adapters start for sending only, so a `plaza run` serving the
    same platforms keeps receiving. Raises bot.errors.CannotStart when a platform
    refuses its settings (the adapters already started are stopped).
    """
    found: dict[str, Sender] = {Platform.console: ConsoleOutbox()}
    async with AsyncExitStack() as started:
        for adapter in adapters(settings):
            await adapter.start(None)
            started.push_async_callback(adapter.stop)
            found[adapter.platform] = adapter
        yield found
