"""Plaza's plain replies as Discord messages: markdown escaped, within the limits, with buttons.

Reply text is plain and may hold anything people typed: `*`, `_`, `[a](url)`, a
line that starts with `#` or `>`, `<@123>`. Each would change meaning as Discord
markdown (bold, a masked link, a heading, a quote, a mention chip), so every
mark is escaped; links are left whole. No message can ping anyone: `NO_PINGS` goes with every
send, whatever the text says (@everyone included).

Limits, from Discord's documentation (Create Message, Message Components):
2,000 characters of content; at most 5 action rows of at most 5 buttons (25 in
all); a button's label at most 80 characters and its custom_id at most 100.
Content is cut before escaping, between whole posts where it can, so a post's
byline stays with its text; a part the escaping pushed over the limit is cut
again.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import discord

from bot.adapters.files import DISCORD_FILE_MAX, fit
from bot.adapters.text import split as split_plain
from bot.adapters.text import utf16_len
from bot.messages import Attachment, Button, Reply

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 2000  # characters of content; counted here in UTF-16 units, never fewer
MAX_ROWS = 5
PER_ROW = 5
LABEL_LIMIT = 80
CUSTOM_ID_LIMIT = 100
PREFIX = "plaza:"  # every custom_id of Plaza's: "plaza:" + the button's data ("like:12")
NO_PINGS = discord.AllowedMentions.none()

# Links, left whole (as discord.py's escape_markdown finds them): escaping inside a URL
# would break it.
# Square brackets end a link here: a URL keeps them percent-encoded (RFC 3986), and one
# left in a link would let "[text](url)" through as a masked link.
_LINK = re.compile(r"<[^: >\[\]]+:/[^ >\[\]]+>|(?:https?|steam)://[^\s<\[\]]+[^<.,:;\"'\[\]\s]")
# Marks that mean something anywhere in a line: emphasis, code, spoilers, masked links
# ([text](url)), and "<" opening a chip ("<@123>", "<#7>", "<t:1700000000>", "</cmd:1>").
_INLINE = re.compile(r"[\\*_~`|\[\]<]")
# Marks that mean something at a line's start: headings and subtext (#, -#), quotes (>),
# lists (-, 1.).
_LINE_START = re.compile(r"^([ \t]*(?:\d+)?)([#>\-]|(?<=\d)\.)", re.M)


def escape(text: str) -> str:
    """`text` shown as typed: every markdown mark and chip opener escaped with a
    backslash, which Discord shows as the mark itself; links left whole."""
    out, start = [], 0
    for link in _LINK.finditer(text):
        out.append(_plain(text[start:link.start()]))
        out.append(link[0])
        start = link.end()
    out.append(_plain(text[start:]))
    return "".join(out)


def _plain(text: str) -> str:
    text = _INLINE.sub(lambda mark: "\\" + mark[0], text)
    return _LINE_START.sub(lambda mark: mark[1] + "\\" + mark[2], text)


def messages(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Plain `text` as the escaped contents of consecutive messages, each within `limit`
    UTF-16 units; blank parts dropped (bot.adapters.text.split says where cuts fall)."""
    return _escaped_parts(text, limit, limit)


def _escaped_parts(text: str, room: int, limit: int) -> list[str]:
    """`text` cut into plain parts of `room` units, escaped; a part the escaping swelled
    past `limit` is cut again with less room, in proportion to how much it grew."""
    out: list[str] = []
    for part in split_plain(text, room):
        escaped = escape(part)
        length = utf16_len(escaped)
        if length <= limit:
            out.append(escaped)
        else:
            smaller = max(min(room * limit // length, room - 1), 1)
            out.extend(_escaped_parts(part, smaller, limit))
    return out


def custom_id(data: str) -> str:
    """The custom_id of a button carrying `data` ("like:12" -> "plaza:like:12")."""
    return PREFIX + data


def button_rows(rows: list[list[Button]]) -> list[list[tuple[str, str]]]:
    """Plaza's logical rows of buttons as Discord rows of (label, custom_id), within 5 rows
    of 5. Logical rows share a Discord row where they fit whole (a post's Like and Reply,
    the next post's), and are cut across rows only when that is what makes them fit.
    What still does not fit is left out from the end, but the last logical row (More,
    Confirm / Cancel) is always kept. Buttons with an empty label or a custom_id over 100
    characters are left out too; both are logged. The last logical row gets a Discord row
    of its own where that still fits."""
    seen: set[str] = set()  # Discord refuses a message whose custom_ids repeat
    groups: list[list[tuple[str, str]]] = []
    for row in rows:
        groups.append([])
        for b in row:
            if b.label.strip() and len(custom_id(b.data)) <= CUSTOM_ID_LIMIT \
                    and b.data not in seen:
                seen.add(b.data)
                groups[-1].append((b.label[:LABEL_LIMIT], custom_id(b.data)))
    dropped = sum(len(row) for row in rows) - sum(len(group) for group in groups)
    groups = [group for group in groups if group]
    while True:
        for laid in (_pack(groups[:-1], whole=True) + _pack(groups[-1:], whole=True),
                     _pack(groups, whole=True), _pack(groups, whole=False)):
            if len(laid) <= MAX_ROWS:  # the first that fits: the last row alone if it can
                break
        if len(laid) <= MAX_ROWS:
            break
        dropped += len(groups.pop(-2))  # the content row nearest the end, not the last
    if dropped:
        log.warning("left out %d button(s): empty label, custom_id over %d characters, "
                    "or past Discord's %d rows of %d", dropped, CUSTOM_ID_LIMIT, MAX_ROWS,
                    PER_ROW)
    return laid


def _pack(groups: list[list[tuple[str, str]]], whole: bool) -> list[list[tuple[str, str]]]:
    """Groups of buttons laid into rows of at most 5: a group starts a new row when it
    would not fit whole in the current one (`whole`), or fills the row's room (not)."""
    laid: list[list[tuple[str, str]]] = []
    for group in groups:
        if whole and laid and len(laid[-1]) + len(group) > PER_ROW:
            laid.append([])
        for button in group:
            if not laid or len(laid[-1]) == PER_ROW:
                laid.append([])
            laid[-1].append(button)
    return laid


def view(rows: list[list[Button]]) -> discord.ui.View | None:
    """A view holding the buttons (`button_rows`), or None for none.

    The view is stopped before it is sent: presses are handled by the adapter's
    dynamic item (its custom_id says everything), so discord.py need not keep a
    view per message sent in memory, and presses work after a restart.
    """
    laid = button_rows(rows)
    if not laid:
        return None
    holder = discord.ui.View(timeout=None)
    for number, row in enumerate(laid):
        for label, ident in row:
            holder.add_item(discord.ui.Button(label=label, custom_id=ident, row=number,
                                              style=discord.ButtonStyle.secondary))
    holder.stop()
    return holder


@dataclass(frozen=True, slots=True)
class Part:
    """One Discord message of a reply: escaped content, or a file; buttons on the last."""

    content: str | None
    view: discord.ui.View | None = None
    attachment: Attachment | None = None


def parts(reply: Reply) -> list[Part]:
    """`reply` as the messages that carry it, in order: its text cut within the limit
    (`messages`), then its file if any, within the upload limit (bot.adapters.files.fit);
    the buttons go under the last one."""
    texts = messages(reply.text)
    buttons = view(reply.buttons)
    laid = [Part(text) for text in texts]
    if reply.attachment is not None:
        laid += [Part(None, attachment=piece)
                 for piece in fit(reply.attachment, DISCORD_FILE_MAX)]
    if laid and buttons is not None:
        laid[-1] = Part(laid[-1].content, buttons, laid[-1].attachment)
    return laid
