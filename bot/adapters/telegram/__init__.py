"""Plaza on Telegram (python-telegram-bot): the only package that imports it.

    adapter   TelegramAdapter: start(handler), send, stop, on one asyncio loop
    config    its settings, and what to say when Telegram refuses them
    delivery  the paced, retried way out, for replies and digests alike
    format    plain replies as Telegram HTML, cut to its limits; buttons; the menu
    pacing    Telegram's rate limits, kept
    updates   Telegram updates as `Incoming`
"""

from bot.adapters.telegram.adapter import TelegramAdapter
from bot.adapters.telegram.config import TelegramConfig

__all__ = ["TelegramAdapter", "TelegramConfig"]
