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
import unicodedata

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit

from bot.menu import menu as commands
from bot.messages import Button

log = logging.getLogger(__name__)

MESSAGE_LIMIT = MessageLimit.MAX_TEXT_LENGTH  # after entity parsing, in UTF-16 code units
CALLBACK_LIMIT = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA  # bytes of callback_data


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: emoji outside the BMP take two units."""
    return len(text.encode("utf-16-le")) // 2


def _fitting(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` UTF-16 units."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


ZWJ = "\u200d"
_JOINERS = {ZWJ, "\ufe0e", "\ufe0f"}  # the zero-width joiner and the variation selectors
_SKIN_TONES = range(0x1F3FB, 0x1F400)
# Where a message may end, best first: between blocks (a post, a section), between lines,
# after a space, anywhere. Never right after a heading or a byline.
_BLOCK, _LINE, _SPACE, _ANYWHERE, _NEVER = 4, 3, 2, 1, 0


def _inside_a_character(text: str, cut: int) -> bool:
    """Whether cutting before `text[cut]` would split what people read as one character:
    a letter and its accents, an emoji and its skin tone, a sequence joined by ZWJ."""
    char = text[cut]
    return (unicodedata.category(char) in ("Mn", "Mc", "Me") or char in _JOINERS
            or ord(char) in _SKIN_TONES or text[cut - 1] == ZWJ)


def _heading(line: str) -> bool:
    """ "What's new:", "@alice (Alice):", "Quoi de neuf :": a line that introduces the next."""
    return line.rstrip().endswith(":")


def _block_at(text: str, start: int) -> str:
    """The block starting at `start`, with any headings glued to the block they introduce."""
    end = text.find("\n\n", start)
    while end != -1 and _heading(text[start:end]):
        end = text.find("\n\n", end + 2)
    return text[start:] if end == -1 else text[start:end]


def _break(text: str, limit: int) -> tuple[int, int]:
    """Where the first message of over-long `text` ends, and where the next one starts.

    A line that introduces what follows (a heading, or the first line of a block
    that goes on, such as a post's byline) never ends a message: the text after
    it is cut at a space, or anywhere, so that some of it comes along.
    """
    fit = max(_fitting(text, limit), 1)
    best = (_NEVER, 0, 0)  # (rank, where this message ends, where the next starts)
    start, first_of_block = 0, True
    while (end := text.find("\n", start, fit + 1)) != -1:
        line = text[start:end]
        if line and text.startswith("\n", end + 1):  # a blank line next: a block ends here
            after = end
            while text.startswith("\n", after):
                after += 1
            rank = _NEVER if _heading(line) else _BLOCK
            if rank == _BLOCK and utf16_len(_block_at(text, after)) > limit:
                rank = _LINE  # the next block is cut anyway: let it fill this message
            best = max(best, (rank, end, after))
        elif line:
            rank = _NEVER if _heading(line) or first_of_block else _LINE
            best = max(best, (rank, end, end + 1))
        first_of_block, start = not line, end + 1
    if best[0] >= _LINE:
        return best[1], best[2]
    # `start` is where the line that runs past the limit begins: cut inside it
    space = text.rfind(" ", start, fit)
    if space > start and text[start:space].strip():
        return space + 1, space + 1
    cut = fit
    while cut > start + 1 and _inside_a_character(text, cut):
        cut -= 1
    return cut, cut


def split(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Plain text in messages of at most `limit` UTF-16 units; blank parts dropped.

    Cut between blocks (a post, a section) where one fits, else between lines,
    else at a space, else between two characters as people read them; never
    right after a heading or a post's byline, which always arrive with the text
    they introduce.
    """
    parts: list[str] = []
    while utf16_len(text) > limit:
        end, start = _break(text, limit)
        parts.append(text[:end])
        text = text[start:]
    parts.append(text)
    return [part for part in parts if part.strip()]


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
