"""Plaza's plain replies as Telegram messages: escaped HTML, within the limits, with buttons.

Reply text is plain and may hold anything people typed (`<`, `&`, bidi marks),
so every piece is escaped before it meets parse mode HTML: Telegram then never
answers "can't parse entities". Long text is cut at line boundaries before
escaping, so a cut never falls inside an entity such as `&amp;`.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit

from bot.actions import ACTIONS
from bot.messages import Button
from bot.phrases import say

log = logging.getLogger(__name__)

MESSAGE_LIMIT = MessageLimit.MAX_TEXT_LENGTH  # after entity parsing, in UTF-16 code units
CALLBACK_LIMIT = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA  # bytes of callback_data

# The command menu: each entry's words are its action's own description, or the
# phrase "menu.<command>" for a command that is no single action.
MENU: dict[str, str | None] = {
    "start": None,
    "post": "post",
    "feed": "read_feed",
    "digest": "digest",
    "discover": "discover",
    "search": "search",
    "profile": "show_profile",
    "settings": None,
    "help": "help",
    "export": "export_data",
    "delete": "delete_account",
}


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: emoji outside the BMP take two units."""
    return len(text.encode("utf-16-le")) // 2


def _fitting(line: str, limit: int) -> int:
    """How many characters of `line` fit in `limit` UTF-16 units."""
    units = 0
    for index, char in enumerate(line):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(line)


def _pieces(line: str, limit: int) -> Iterator[str]:
    """One over-long line in pieces: at spaces when possible, else anywhere."""
    while utf16_len(line) > limit:
        cut = _fitting(line, limit)
        space = line.rfind(" ", 0, cut)
        cut = space + 1 if space > 0 else cut
        yield line[:cut]
        line = line[cut:]
    yield line


def split(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Plain text in parts of at most `limit` units, cut at line ends; blank parts dropped."""
    parts: list[str] = []
    current = ""
    for line in (p for whole in text.split("\n") for p in _pieces(whole, limit)):
        candidate = f"{current}\n{line}" if current else line
        if current and utf16_len(candidate) > limit:
            parts.append(current)
            candidate = line
        current = candidate
    parts.append(current)
    return [part for part in parts if part.strip()]


def escape(text: str) -> str:
    """Text safe for parse mode HTML: only `<`, `>` and `&` need entities there."""
    return html.escape(text, quote=False)


def keyboard(rows: list[list[Button]]) -> InlineKeyboardMarkup | None:
    """Inline buttons for a reply; a button whose data would not fit is left out and logged."""
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
    """The command menu in `language` ("en" or "fr")."""
    commands = []
    for command, name in MENU.items():
        if name is None:
            text = say(f"menu.{command}", language)
        else:
            text = ACTIONS[name].fr if language == "fr" else ACTIONS[name].description()
        commands.append(BotCommand(command, text))
    return commands
