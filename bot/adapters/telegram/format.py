"""Plaza's plain replies as Telegram messages: escaped HTML, within the limits, with buttons.

Reply text is plain and may hold anything people typed (`<`, `&`, bidi marks),
so every piece is escaped before it meets parse mode HTML: Telegram then never
answers "can't parse entities". Long text is cut before escaping, so a cut never
falls inside an entity such as `&amp;`, and between whole posts where it can, so
a post's byline always arrives with its text.
"""

from __future__ import annotations

import html
import logging

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit

from bot.adapters.text import split as split_at
from bot.menu import menu as commands
from bot.messages import Button

log = logging.getLogger(__name__)

MESSAGE_LIMIT = MessageLimit.MAX_TEXT_LENGTH  # after entity parsing, in UTF-16 code units
CALLBACK_LIMIT = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA  # bytes of callback_data


def split(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Plain text in Telegram messages of at most `limit` UTF-16 units (bot.adapters.text)."""
    return split_at(text, limit)


def escape(text: str) -> str:
    """Text safe for parse mode HTML: only `<`, `>` and `&` need entities there."""
    return html.escape(text, quote=False)


def keyboard(rows: list[list[Button]]) -> InlineKeyboardMarkup | None:
    """Inline buttons for a reply, one keyboard row per logical row; a button whose data
    would not fit is left out and logged."""
    kept = []
    for row in rows:
        fitting = [b for b in row if b.label.strip() and len(b.data.encode()) <= CALLBACK_LIMIT]
        if len(fitting) < len(row):
            log.warning("left out %d button(s) with empty labels or data over %d bytes",
                        len(row) - len(fitting), CALLBACK_LIMIT)
        if fitting:
            kept.append([InlineKeyboardButton(b.label, callback_data=b.data) for b in fitting])
    return InlineKeyboardMarkup(kept) if kept else None


def menu(language: str) -> list[BotCommand]:
    """Plaza's command menu (bot.menu) as Telegram shows it, in `language` ("en" or "fr")."""
    return [BotCommand(entry.command, entry.description(language)) for entry in commands()]
