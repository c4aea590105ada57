"""How updates come in from Telegram, each handed over before Telegram hears it arrived.

    Polling   getUpdates in a loop: a batch is handed over whole, and only then
              confirmed, by the next call's offset (Bot API: an update is confirmed
              by calling getUpdates with an offset higher than its update_id)
    Webhook   an HTTP server Telegram posts to: answered 200 once the update is
              handed over, 500 when it could not be and 503 while stopping
              (Telegram posts it again)

python-telegram-bot's own Updater is not used for either: it confirms an update
as soon as it is queued in memory (its next getUpdates; its webhook answers 200
before any handler runs), so a worker killed then loses it. `take` is what the
adapter does with an update: keep it (bot.conversation.turns.Turns.receive
writes it to the inbox) and start its turn; it raises when the update could not
be kept.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from telegram import Bot, Update
from telegram.error import Conflict, NetworkError, RetryAfter, TelegramError
from tenacity import AsyncRetrying, retry_if_exception_type, wait_exponential

from bot.errors import Stopping

log = logging.getLogger(__name__)

Take = Callable[[Update], Awaitable[None]]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # Bot API, setWebhook's secret_token


class Retry(Exception):
    """A poll to make again after a pause: Telegram or the inbox failed for a while."""


class Polling:
    """Long polling: each batch handed to `take` in order, then confirmed by the next poll.

    A network error, a 5xx, a 429 or an update that could not be kept pauses with
    exponential backoff (0.5 s doubling to 30 s) and polls again from the same
    offset, so nothing is confirmed that was not kept. A 409 Conflict means another
    process polls this token: `on_conflict` is called and polling ends, with no
    parting poll that would disturb the other.
    """

    def __init__(self, bot: Bot, take: Take, timeout: int,
                 on_conflict: Callable[[Conflict], None]) -> None:
        self.bot = bot
        self.take = take
        self.timeout = timeout
        self.on_conflict = on_conflict
        self.offset: int | None = None
        self._task: asyncio.Task[None] | None = None
        self.conflicted = False
        self.stopping = False  # the handler takes no more updates

    async def start(self) -> None:
        """Drop a webhook left set (getUpdates is refused while one is), then poll in a
        task of its own."""
        await self.bot.delete_webhook()
        self._task = asyncio.create_task(self._poll())

    async def _poll(self) -> None:
        retrying = AsyncRetrying(wait=wait_exponential(multiplier=0.5, max=30),
                                 retry=retry_if_exception_type(Retry), reraise=True)
        while not (self.conflicted or self.stopping):
            async for attempt in retrying:
                with attempt:
                    await self._once()

    async def _once(self) -> None:
        try:
            updates = await self.bot.get_updates(offset=self.offset, timeout=self.timeout,
                                                 allowed_updates=Update.ALL_TYPES)
        except Conflict as error:
            self.conflicted = True
            self.on_conflict(error)
            return
        except (NetworkError, RetryAfter) as error:
            log.warning("polling Telegram failed, retrying: %s", error.message)
            raise Retry from error
        except TelegramError as error:  # a 5xx Telegram explains: try again later
            log.warning("polling Telegram failed, retrying: %s", error.message)
            raise Retry from error
        for update in updates:
            try:
                await self.take(update)
            except Stopping:  # not kept, not confirmed: Telegram sends it again
                self.stopping = True
                return
            except Exception as error:
                log.error("could not keep update %d; polling it again", update.update_id,
                          exc_info=True)
                raise Retry from error
            self.offset = update.update_id + 1

    async def stop(self) -> None:
        """Stop polling; confirm what was handed over (one poll that waits for nothing),
        unless another process polls now."""
        if self._task is None:
            return
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass
        self._task = None
        if self.offset is not None and not self.conflicted:
            try:
                await self.bot.get_updates(offset=self.offset, timeout=0, limit=1)
            except TelegramError as error:  # they come again, and the inbox knows them
                log.info("could not confirm the last updates: %s", error.message)


class Webhook:
    """An HTTP server for Telegram's webhook calls on (`listen`, `port`) at `path`.

    A call must carry `secret` in Telegram's secret-token header (403 otherwise,
    compared in constant time). Its body is handed to `take`; 200 once it was, 500
    when it could not be kept (Telegram then posts it again, Bot API: "in case of
    an unsuccessful request, we will give up after a reasonable amount of
    attempts"), 400 for a body that is no update.
    """

    def __init__(self, bot: Bot, take: Take, listen: str, port: int, path: str,
                 secret: str) -> None:
        self.bot = bot
        self.take = take
        self.listen, self.port, self.path = listen, port, "/" + path.lstrip("/")
        self.secret = secret.encode()
        self._runner: web.AppRunner | None = None

    async def start(self, url: str) -> None:
        """Listen, then ask Telegram to post to `url` (setWebhook, with the secret)."""
        app = web.Application(client_max_size=1 << 20)  # updates are far smaller
        app.router.add_post(self.path, self._call)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.listen, self.port).start()
        await self.bot.set_webhook(url, secret_token=self.secret.decode(),
                                   allowed_updates=Update.ALL_TYPES)

    async def _call(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            # Said, since workers set up with different TELEGRAM_WEBHOOK_SECRETs (one being
            # rotated) would refuse their share of the updates in silence otherwise.
            log.warning("refused a webhook call without this worker's secret header "
                        "(is TELEGRAM_WEBHOOK_SECRET the same on every worker?)")
            return web.Response(status=403)
        try:
            body = json.loads(await request.read())
            if not isinstance(body, dict):
                raise TypeError("an update is a JSON object")
            update = Update.de_json(body, self.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            return web.Response(status=400)
        try:
            await self.take(update)
        except Stopping:  # this worker is going: Telegram sends it again, to another
            return web.Response(status=503)
        except Exception:
            log.error("could not keep update %d; Telegram will send it again",
                      update.update_id, exc_info=True)
            return web.Response(status=500)
        return web.Response(status=200)

    async def stop(self) -> None:
        """Stop listening; calls in progress end first (aiohttp's shutdown)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
