"""The one way out to Telegram, for replies and digests alike: paced, retried, honest.

What each answer from Telegram means for a message:

    sent                    done
    429 retry after N s     not sent: wait N s, send again (never lost, never doubled)
    403 forbidden           the person blocked the bot, left, or never started it:
                            raise Unreachable (the sender marks the identity), never
                            retry; later sends to that chat stop here until it writes again
    400 migrate_to_chat_id  the group became a supergroup under a new id: send it
                            there, and send there whatever comes for the old id
    400 bad request         our message is wrong: retrying cannot help, DeliveryError
    5xx, network, timeout   bounded retries with backoff, then DeliveryError (logged)

A timeout after the request left is ambiguous (Telegram may have delivered
it); Plaza retries anyway, preferring a rare double to a silent loss.

Within one chat, replies go out in the order `deliver` was called, each whole:
a digest or a second answer never lands between the parts of a long reply.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial
from weakref import WeakValueDictionary

from telegram import Bot, InlineKeyboardMarkup, InputFile, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.adapters.base import Priority
from bot.adapters.files import TELEGRAM_FILE_MAX, fit
from bot.adapters.telegram.format import escape, keyboard, split
from bot.adapters.telegram.pacing import Pacer
from bot.errors import DeliveryError, Unreachable
from bot.messages import Attachment, Reply

log = logging.getLogger(__name__)
# PTB 22 hands time periods out as int seconds (deprecated, with a warning raised even
# inside its own RetryAfter) unless a program opts in to timedelta, as Plaza does.
os.environ.setdefault("PTB_TIMEDELTA", "true")

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)  # people's links stay text, not cards
MAX_WAITS = 8  # 429s in a row for one message before giving up on it


def retry_seconds(error: RetryAfter) -> float:
    """Telegram's wait in seconds, whether PTB hands it out as a timedelta or a number."""
    wait = error.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


class Outbox:
    """Sends replies to chats through one `Pacer`, applying the table above."""

    def __init__(
        self,
        bot: Bot,
        pacer: Pacer,
        retries: int = 4,
        backoff: float = 0.5,
        on_moved: Callable[[str, str], Awaitable[None]] | None = None,
        file_max: int = TELEGRAM_FILE_MAX,
    ) -> None:
        self.bot = bot
        self.file_max = file_max  # bytes a document may hold (a local Bot API server: more)
        self.pacer = pacer
        self.on_moved = on_moved
        self.retries = retries
        self.backoff = backoff
        self._gone: set[str] = set()  # chats that answered 403, until they write again
        self._moved: dict[str, str] = {}  # a migrated group's old id -> its supergroup's
        # A chat's lock lives while a reply to it is being sent or waits to be, then goes.
        self._order: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()

    def reachable(self, chat_id: str) -> None:
        """The chat wrote to Plaza: it can be written to again."""
        self._gone.discard(chat_id)

    def moved(self, old_chat: str, new_chat: str) -> None:
        """From now on, what is meant for `old_chat` goes to `new_chat`."""
        if self.current(new_chat) != old_chat:  # never a loop, whatever Telegram says
            self._moved[old_chat] = new_chat

    def current(self, chat_id: str) -> str:
        """The id `chat_id` goes by now (a migrated group's is its supergroup's)."""
        while chat_id in self._moved:
            chat_id = self._moved[chat_id]
        return chat_id

    async def deliver(self, chat_id: str, reply: Reply, priority: Priority) -> None:
        """Send `reply` as one or more messages, buttons under the last one, after every
        reply to the same chat that was handed over before it (asyncio.Lock is first come,
        first served)."""
        chat_id = self.current(chat_id)
        lock = self._order.get(chat_id)
        if lock is None:
            lock = self._order[chat_id] = asyncio.Lock()
        async with lock:
            for message in self._messages(reply):
                chat_id = await self._send(self.current(chat_id), priority, message)

    def _messages(self, reply: Reply) -> list[Callable[[str], Awaitable[object]]]:
        """Each message of `reply` as a call that sends it to a chat id."""
        texts = split(reply.text)
        markup = keyboard(reply.buttons)
        calls: list[Callable[[str], Awaitable[object]]] = []
        for index, text in enumerate(texts):
            last = index == len(texts) - 1 and reply.attachment is None
            calls.append(partial(self._text, escape(text), markup if last else None))
        if reply.attachment is not None:  # within the Bot API's document size
            pieces = fit(reply.attachment, self.file_max)
            for index, piece in enumerate(pieces):
                calls.append(partial(self._document, piece,
                                     markup if index == len(pieces) - 1 else None))
        return calls

    async def _document(self, piece: Attachment, markup: InlineKeyboardMarkup | None,
                        chat_id: str) -> object:
        return await self.bot.send_document(
            chat_id, InputFile(piece.content, filename=piece.filename), reply_markup=markup)

    async def _text(
        self, text: str, markup: InlineKeyboardMarkup | None, chat_id: str
    ) -> object:
        return await self.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML,
                                           reply_markup=markup, link_preview_options=NO_PREVIEW)

    async def _send(
        self, chat_id: str, priority: Priority, call: Callable[[str], Awaitable[object]]
    ) -> str:
        """Send one message to `chat_id`; the chat it went to (a migrated group's new id)."""
        waits = failures = 0
        while True:
            if chat_id in self._gone:
                raise Unreachable(chat_id)
            await self.pacer.turn(chat_id, priority)
            try:
                try:
                    await call(chat_id)
                finally:
                    self.pacer.done(chat_id)
                return chat_id
            except RetryAfter as error:
                waits += 1
                if waits > MAX_WAITS:
                    log.error("chat %s: still rate-limited after %d waits", chat_id, MAX_WAITS)
                    raise DeliveryError(chat_id) from error
                await asyncio.sleep(retry_seconds(error))
            except ChatMigrated as error:
                new_chat = str(error.new_chat_id)
                if self.current(new_chat) == chat_id:
                    raise DeliveryError(chat_id) from error  # a loop: nowhere to go
                log.info("chat %s became supergroup %s; sending there", chat_id, new_chat)
                self.moved(chat_id, new_chat)
                if self.on_moved is not None:
                    await self.on_moved(chat_id, new_chat)
                chat_id = new_chat
            except Forbidden as error:
                log.info("chat %s is unreachable (%s)", chat_id, error.message)
                self._gone.add(chat_id)
                raise Unreachable(chat_id) from error
            except BadRequest as error:  # a NetworkError to PTB, but retrying cannot help
                log.error("Telegram refused a message to chat %s: %s", chat_id, error.message)
                raise DeliveryError(chat_id) from error
            except NetworkError as error:  # 5xx, connection trouble, timeouts
                failures += 1
                if failures > self.retries:
                    log.error("chat %s: giving up after %d tries: %s", chat_id, failures,
                              error.message)
                    raise DeliveryError(chat_id) from error
                await asyncio.sleep(self.backoff * 2 ** (failures - 1))
            except TelegramError as error:
                log.error("Telegram refused a message to chat %s: %s", chat_id, error.message)
                raise DeliveryError(chat_id) from error
