"""Plaza on Telegram: python-telegram-bot's `Application` on the caller's event loop.

The application is driven by its lifecycle methods (initialize, start, the
updater, stop, shutdown) rather than `run_polling`, so Telegram shares one
asyncio loop with the other adapters and the digest scheduler. Updates are
handled concurrently (`Turns` keeps each chat in order, replies included);
everything sent, replies and digests, goes through one paced `Outbox`. A group
that becomes a supergroup (a service message, or a send answered with its new
id) is written to under its new id from then on. A chat Telegram answers 403
for raises Unreachable to whoever sent: the adapter writes nothing down.

Long polling by default; a webhook when `webhook_url` is set, checked with
Telegram's secret-token header; neither when started with no handler (sending
only, for `plaza digest`). Either way (bot/adapters/telegram/receiving.py) an
update is handed to the handler's `receive`, which keeps it, before Telegram is
told it arrived. A 409 Conflict while polling means another
process polls the same token: Telegram ends the older request in favour of the
newer one, so the process told so leaves at once — one log line, no parting
poll that would disturb the other — and `done` is set for whoever runs it.
"""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import BadRequest, Conflict, InvalidToken, NetworkError
from telegram.ext import Application

from bot.adapters.base import Handler, Priority, Send
from bot.adapters.telegram.config import TelegramConfig, from_settings, refused
from bot.adapters.telegram.delivery import Outbox
from bot.adapters.telegram.format import menu
from bot.adapters.telegram.pacing import Pacer
from bot.adapters.telegram.receiving import Polling, Webhook
from bot.adapters.telegram.updates import incoming, migration
from bot.errors import CannotStart
from bot.messages import Reply
from bot.settings import Settings
from storage.models import Platform

__all__ = ["TelegramAdapter", "TelegramConfig"]

log = logging.getLogger(__name__)


class TelegramAdapter:
    platform = Platform.telegram

    def __init__(self, config: TelegramConfig) -> None:
        self.config = config
        builder = Application.builder().token(config.token).concurrent_updates(64)
        # Plaza's scheduler is its own; PTB's stubs don't say None is allowed, its docs do
        builder = builder.job_queue(None)  # type: ignore[arg-type]
        if config.base_url:
            root = config.base_url.rstrip("/")
            builder = builder.base_url(f"{root}/bot").base_file_url(f"{root}/file/bot")
        # Only its bot: updates come in through bot/adapters/telegram/receiving.py.
        builder = builder.updater(None)
        self.app = builder.build()
        self.outbox = Outbox(self.app.bot, Pacer.for_bot(config), config.retries, config.backoff,
                             on_moved=self._chat_moved, file_max=config.file_max)
        self.done = asyncio.Event()  # set when the adapter stopped on its own
        self.failure: str | None = None
        self._handler: Handler | None = None
        self._receiving: Polling | Webhook | None = None
        self._turns: set[asyncio.Task[None]] = set()  # turns of updates received here

    @classmethod
    def from_settings(cls, settings: Settings) -> TelegramAdapter:
        """The adapter `plaza` runs; SystemExit names a setting missing for it."""
        return cls(from_settings(settings))

    @property
    def username(self) -> str:
        return self.app.bot.username

    def describe(self) -> str:
        mode = (f"webhook on port {self.config.port}" if self.config.webhook_url
                else "long polling")
        return f"Telegram as @{self.username} ({mode})"

    async def start(self, handler: Handler | None = None) -> None:
        """Check the token (getMe); then, given a handler, publish the command menu and
        start receiving. Without one, that is all: ready to send, receiving nothing.

        Raises CannotStart when the token is refused, the Bot API server answers 404
        or cannot be reached.
        """
        try:
            await self.app.initialize()
            if handler is not None:
                await self._receive(handler)
        except (InvalidToken, NetworkError) as error:
            await self.stop()
            await self.app.bot.shutdown()  # the connections a refused getMe left open
            if isinstance(error, InvalidToken):
                raise CannotStart(refused(self.config, error)) from None
            raise CannotStart(f"Could not reach the Telegram Bot API: {error.message}") from None

    async def _receive(self, handler: Handler) -> None:
        self._handler = handler
        await self.app.bot.set_my_commands(menu("en"))
        await self.app.bot.set_my_commands(menu("fr"), language_code="fr")
        if self.config.webhook_url:
            webhook = Webhook(self.app.bot, self._on_update, self.config.listen,
                              self.config.port, urlsplit(self.config.webhook_url).path,
                              self.config.webhook_secret or "")
            self._receiving = webhook
            await webhook.start(self.config.webhook_url)
        else:
            polling = Polling(self.app.bot, self._on_update, self.config.poll_timeout,
                              self._polling_conflict)
            self._receiving = polling
            await polling.start()

    def replier(self, chat_id: str) -> Send:
        """How a turn answers in `chat_id`: what `receive` is given for an update that came
        in here, and what answers one another worker received (bot.adapters.base.Send)."""
        return partial(self._answer, chat_id)

    async def send(self, chat_id: str, reply: Reply, priority: Priority = Priority.digest
                   ) -> None:
        """Deliver a reply nobody is waiting for (a digest, a notification): paced behind
        live answers (`priority`). Raises Unreachable on a 403, DeliveryError when retrying
        did not help."""
        await self.outbox.deliver(chat_id, reply, priority)

    async def stop(self) -> None:
        """Stop receiving, let the turns in flight finish and answer, release connections."""
        if self._receiving is not None:
            await self._receiving.stop()
            self._receiving = None
        while self._turns:
            await asyncio.gather(*self._turns, return_exceptions=True)
        await self.app.shutdown()
        await self.outbox.pacer.close()  # its Redis connections, when the rate is shared

    def _polling_conflict(self, error: Conflict) -> None:
        log.error("Another process is polling this bot's updates (409 Conflict): "
                  "leaving Telegram to it and stopping.")
        self.failure = "conflict"
        self.done.set()

    async def _on_update(self, update: Update) -> None:
        """Keep one update through the handler (raises if it could not be kept: Telegram
        must then send it again) and start its turn."""
        if (move := migration(update)) is not None:
            await self._chat_moved(*move)
            return
        found = incoming(update, me=self.app.bot.bot)  # `bot.bot` is getMe's answer
        if found is None or self._handler is None:
            return
        turn = await self._handler.receive(found, self.replier(found.chat_id))
        if turn is None:
            return  # delivered again: acted on once
        self._turns.add(turn)
        turn.add_done_callback(self._turns.discard)
        self.outbox.reachable(found.chat_id)
        if update.callback_query is not None:
            try:
                await update.callback_query.answer()  # stops the button's spinner at once
            except BadRequest as error:  # a press too old to answer
                log.info("could not answer a button press: %s", error.message)

    async def _answer(self, chat_id: str, replies: list[Reply]) -> None:
        """A turn's replies, in order (the `Send` of bot.adapters.base): each to its own
        chat if it names one (a private matter raised in a group goes to the person's
        private chat), else back to `chat_id`. A failed one raises (logged by the outbox)
        and ends the turn's sending: what follows would fail too, or make no sense."""
        for reply in replies:
            await self.outbox.deliver(reply.chat_id or chat_id, reply, Priority.reply)

    async def _chat_moved(self, old_chat: str, new_chat: str) -> None:
        """A group became a supergroup: send there from now on, and let the conversation
        carry what the group's chat knew over to the new id."""
        self.outbox.moved(old_chat, new_chat)
        if self._handler is not None:
            await self._handler.moved(Platform.telegram, old_chat, new_chat)
