"""Plaza on Telegram: python-telegram-bot's `Application` on the caller's event loop.

The application is driven by its lifecycle methods (initialize, start, the
updater, stop, shutdown) rather than `run_polling`, so Telegram shares one
asyncio loop with the other adapters and the digest scheduler. Updates are
handled concurrently (`Turns` keeps each chat in order, replies included);
everything sent, replies and digests, goes through one paced `Outbox`. A group
that becomes a supergroup (a service message, or a send answered with its new
id) is written to under its new id from then on.

Long polling by default; a webhook when `webhook_url` is set, checked with
Telegram's secret-token header. A 409 Conflict while polling means another
process polls the same token: Telegram ends the older request in favour of the
newer one, so the process told so leaves at once — one log line, no parting
poll that would disturb the other — and `done` is set for whoever runs it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit

import sqlalchemy as sa
from telegram import Update
from telegram.error import BadRequest, Conflict, TelegramError
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.adapters.base import Handler
from bot.adapters.telegram.delivery import Outbox
from bot.adapters.telegram.format import menu
from bot.adapters.telegram.pacing import Pacer, Rates
from bot.adapters.telegram.updates import RecentIds, incoming, migration
from bot.errors import DeliveryError
from bot.messages import Reply
from storage import network
from storage.db import session_scope
from storage.models import Platform

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TelegramConfig:
    token: str
    base_url: str | None = None  # the Bot API server's root, e.g. http://127.0.0.1:8081
    webhook_url: str | None = None  # the public https URL Telegram should post updates to
    webhook_secret: str | None = None
    port: int = 8443  # where the webhook listens
    listen: str = "0.0.0.0"
    poll_timeout: int = 10  # seconds a long poll waits for news
    pace: Rates = Rates()
    retries: int = 4  # after a 5xx or a network error, before giving a message up
    backoff: float = 0.5  # seconds before the first retry, doubling each time


class _YieldToOther(Exception):
    """Raised from PTB's polling error callback after a Conflict: PTB then ends its polling
    loop at once, and `Updater.stop` re-raises it instead of making its parting poll."""


class TelegramAdapter:
    platform = Platform.telegram

    def __init__(self, config: TelegramConfig, engine: sa.Engine) -> None:
        self.config = config
        self.engine = engine
        builder = Application.builder().token(config.token).concurrent_updates(64)
        builder = builder.job_queue(None)  # Plaza's scheduler is its own
        if config.base_url:
            root = config.base_url.rstrip("/")
            builder = builder.base_url(f"{root}/bot").base_file_url(f"{root}/file/bot")
        self.app = builder.build()
        if self.app.updater is None:
            raise RuntimeError("the application was built without an updater")
        self.updater = self.app.updater
        self.outbox = Outbox(self.app.bot, Pacer(config.pace), self._mark_unreachable,
                             config.retries, config.backoff, on_moved=self._chat_moved)
        self.done = asyncio.Event()  # set when the adapter stopped on its own
        self.failure: str | None = None
        self._seen = RecentIds()
        self._handler: Handler | None = None

    @property
    def username(self) -> str:
        return self.app.bot.username

    async def start(self, handler: Handler) -> None:
        """Check the token (getMe), publish the command menu, then start receiving."""
        self._handler = handler
        self.app.add_handler(TypeHandler(Update, self._on_update))
        self.app.add_error_handler(self._on_error)
        await self.app.initialize()
        await self.app.bot.set_my_commands(menu("en"))
        await self.app.bot.set_my_commands(menu("fr"), language_code="fr")
        await self.app.start()
        if self.config.webhook_url:
            await self.updater.start_webhook(
                listen=self.config.listen, port=self.config.port,
                url_path=urlsplit(self.config.webhook_url).path.lstrip("/"),
                webhook_url=self.config.webhook_url, secret_token=self.config.webhook_secret,
            )
        else:
            await self.updater.start_polling(
                timeout=self.config.poll_timeout, error_callback=self._polling_failed)

    async def send(self, chat_id: str, reply: Reply) -> None:
        """Deliver a reply nobody is waiting for (a digest): paced behind live answers."""
        await self.outbox.deliver(chat_id, reply, urgent=False)

    async def stop(self) -> None:
        """Stop receiving, let the turns in flight finish and answer, release connections."""
        if self.updater.running:
            try:
                await self.updater.stop()
            except _YieldToOther:
                pass  # the polling loop ended on a Conflict, on purpose
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()

    def _polling_failed(self, error: TelegramError) -> None:
        if isinstance(error, Conflict):
            log.error("Another process is polling this bot's updates (409 Conflict): "
                      "leaving Telegram to it and stopping.")
            self.failure = "conflict"
            self.done.set()
            raise _YieldToOther from error
        log.warning("polling Telegram failed, retrying: %s", error.message)

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not self._seen.first_time(update.update_id):
            log.info("update %d arrived again; it was handled already", update.update_id)
            return
        if update.callback_query is not None:
            try:
                await update.callback_query.answer()  # stops the button's spinner at once
            except BadRequest as error:  # a press too old to answer
                log.info("could not answer a button press: %s", error.message)
        if (move := migration(update)) is not None:
            await self._chat_moved(*move)
            return
        found = incoming(update, me=self.app.bot.bot)  # `bot.bot` is getMe's answer
        if found is None or self._handler is None:
            return
        self.outbox.reachable(found.chat_id)
        await self._handler(found, partial(self._answer, found.chat_id))

    async def _answer(self, chat_id: str, replies: list[Reply]) -> None:
        """A turn's replies, in order: each to its own chat if it names one (a private
        matter raised in a group goes to the person's private chat), else back to `chat_id`."""
        for reply in replies:
            try:
                await self.outbox.deliver(reply.chat_id or chat_id, reply, urgent=True)
            except DeliveryError:
                break  # logged by the outbox; what follows would fail too, or make no sense

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("handling a Telegram update failed", exc_info=context.error)

    async def _chat_moved(self, old_chat: str, new_chat: str) -> None:
        """A group became a supergroup: send there from now on, and let the conversation
        carry what the group's chat knew over to the new id."""
        self.outbox.moved(old_chat, new_chat)
        if self._handler is not None:
            await self._handler.moved(Platform.telegram, old_chat, new_chat)

    async def _mark_unreachable(self, chat_id: str) -> None:
        """A 403: the person behind a private chat (whose id is the chat's) is unreachable."""

        def mark() -> None:
            with session_scope(self.engine) as session:
                network.set_reachable(session, Platform.telegram, chat_id, False)

        await asyncio.to_thread(mark)
