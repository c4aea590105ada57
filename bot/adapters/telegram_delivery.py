"""The one way out to Telegram, for replies and digests alike: paced, retried, honest.

What each answer from Telegram means for a message:

    sent                    done
    429 retry after N s     not sent: wait N s, send again (never lost, never doubled)
    403 forbidden           the person blocked the bot, left, or never started it:
                            mark them unreachable, raise Unreachable, never retry;
                            later sends to that chat stop here until they write again
    400 bad request         our message is wrong: retrying cannot help, DeliveryError
    5xx, network, timeout   bounded retries with backoff, then DeliveryError (logged)

A timeout after the request left is ambiguous (Telegram may have delivered
it); Plaza retries anyway, preferring a rare double to a silent loss.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial

from telegram import Bot, InputFile, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.adapters.telegram_format import escape, keyboard, split
from bot.adapters.telegram_pacing import Pacer
from bot.errors import DeliveryError, Unreachable
from bot.messages import Reply

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
        on_blocked: Callable[[str], Awaitable[None]],
        retries: int = 4,
        backoff: float = 0.5,
    ) -> None:
        self.bot = bot
        self.pacer = pacer
        self.on_blocked = on_blocked
        self.retries = retries
        self.backoff = backoff
        self._gone: set[str] = set()  # chats that answered 403, until they write again

    def reachable(self, chat_id: str) -> None:
        """The chat wrote to Plaza: it can be written to again."""
        self._gone.discard(chat_id)

    async def deliver(self, chat_id: str, reply: Reply, urgent: bool) -> None:
        """Send `reply` as one or more messages, buttons under the last one."""
        texts = split(reply.text)
        markup = keyboard(reply.buttons)
        for index, text in enumerate(texts):
            last = index == len(texts) - 1 and reply.attachment is None
            await self._send(chat_id, urgent, partial(
                self.bot.send_message, chat_id, escape(text), parse_mode=ParseMode.HTML,
                reply_markup=markup if last else None, link_preview_options=NO_PREVIEW))
        if reply.attachment:
            file = InputFile(reply.attachment.content, filename=reply.attachment.filename)
            await self._send(chat_id, urgent,
                             partial(self.bot.send_document, chat_id, file, reply_markup=markup))

    async def _send(self, chat_id: str, urgent: bool, call: Callable[[], Awaitable]) -> None:
        waits = failures = 0
        while True:
            if chat_id in self._gone:
                raise Unreachable(chat_id)
            await self.pacer.turn(chat_id, urgent)
            try:
                await call()
                return
            except RetryAfter as error:
                waits += 1
                if waits > MAX_WAITS:
                    log.error("chat %s: still rate-limited after %d waits", chat_id, MAX_WAITS)
                    raise DeliveryError(chat_id) from error
                await asyncio.sleep(retry_seconds(error))
            except Forbidden as error:
                log.info("chat %s is unreachable (%s)", chat_id, error.message)
                self._gone.add(chat_id)
                await self.on_blocked(chat_id)
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
            except TelegramError as error:  # e.g. a group that became a supergroup
                log.error("Telegram refused a message to chat %s: %s", chat_id, error.message)
                raise DeliveryError(chat_id) from error
