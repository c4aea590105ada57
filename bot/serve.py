"""`plaza run` with a Telegram token: every platform on one asyncio loop until told to stop.

SIGTERM (Heroku's stop, which allows 30 s) and SIGINT (Ctrl-C) stop receiving,
let the turns in flight finish and answer, and exit 0 within `STOP_WITHIN`.
Exit 1 means Plaza could not serve: the token was refused, the Bot API server
was unreachable at start, or another process polls the same token.

The token must never reach a log: httpx logs every request URL (which holds
it) at INFO, so its loggers are raised to WARNING, and every handler of the
root logger gets a filter that masks the token wherever it still shows up.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from functools import partial

import sqlalchemy as sa
from telegram.error import InvalidToken, NetworkError

from bot.adapters.base import Turns
from bot.adapters.telegram_adapter import TelegramAdapter, TelegramConfig
from bot.conversation import Conversation, Understander, offline
from bot.dispatch import Sender
from bot.scheduler import DigestScheduler, Pace
from bot.settings import Settings
from bot.summary_model import summarizer
from bot.understanding.llm import ModelUnderstanding
from storage.models import Platform

log = logging.getLogger("bot.serve")
STOP_WITHIN = 25.0  # seconds; Heroku kills at 30
DIGESTS_WITHIN = 5.0  # of those, for digests being sent; the others are picked up after


class Masked(logging.Filter):
    """Replaces a secret in every record (message, arguments and traceback) with '***'."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if self.secret in message:
            record.msg, record.args = message.replace(self.secret, "***"), None
        if record.exc_text and self.secret in record.exc_text:
            record.exc_text = record.exc_text.replace(self.secret, "***")
        return True


def quiet_logs(settings: Settings, secret: str) -> None:
    """INFO unless LOG_LEVEL says otherwise; no request URLs; the secret masked everywhere."""
    root = logging.getLogger()
    root.setLevel((settings.log_level or "INFO").upper())
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    for handler in root.handlers:
        handler.addFilter(Masked(secret))


def telegram_config(settings: Settings) -> TelegramConfig:
    """The adapter's settings; a webhook without its secret is refused by name."""
    if settings.telegram_bot_token is None:
        raise SystemExit("TELEGRAM_BOT_TOKEN is not set.")
    secret = settings.telegram_webhook_secret
    if settings.telegram_webhook_url and secret is None:
        raise SystemExit("TELEGRAM_WEBHOOK_URL is set but TELEGRAM_WEBHOOK_SECRET is not: "
                         "choose one (1-256 characters: A-Z, a-z, 0-9, _ and -).")
    return TelegramConfig(
        token=settings.telegram_bot_token.get_secret_value(),
        base_url=settings.telegram_base_url,
        webhook_url=settings.telegram_webhook_url,
        webhook_secret=secret.get_secret_value() if secret else None,
        port=settings.port,
    )


def serve(settings: Settings, engine: sa.Engine, model: ModelUnderstanding | None = None) -> int:
    """Serve Telegram until SIGTERM/SIGINT; the exit status for the process.

    `model`, when configured, understands messages and writes digest summaries.
    """
    config = telegram_config(settings)
    quiet_logs(settings, config.token)
    digests = partial(DigestScheduler, engine, summarize=summarizer(model),
                      pace=Pace.from_settings(settings))
    return asyncio.run(_serve(config, engine, model or offline, digests))


async def _serve(config: TelegramConfig, engine: sa.Engine, understand: Understander,
                 digests: Callable[[dict[str, Sender]], DigestScheduler]) -> int:
    turns = Turns(Conversation(engine, understand=understand))
    telegram = TelegramAdapter(config, engine)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    try:
        await telegram.start(turns)
    except InvalidToken:
        log.error("Telegram refused TELEGRAM_BOT_TOKEN; check it with @BotFather.")
        return 1
    except NetworkError as error:
        log.error("Could not reach the Telegram Bot API: %s", error.message)
        return 1
    mode = f"webhook on port {config.port}" if config.webhook_url else "long polling"
    log.info("Plaza is on Telegram as @%s (%s).", telegram.username, mode)
    scheduler = digests({Platform.telegram: telegram})  # on this loop, through telegram.send
    scheduler.start()
    waits = [asyncio.create_task(stopping.wait()), asyncio.create_task(telegram.done.wait())]
    await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    for task in waits:
        task.cancel()
    log.info("Stopping: finishing the turns and digests in flight.")
    await scheduler.stop(within=DIGESTS_WITHIN)
    try:
        await asyncio.wait_for(telegram.stop(), STOP_WITHIN - DIGESTS_WITHIN)
    except TimeoutError:
        log.warning("Some turns were still running after %.0f s; leaving them.", STOP_WITHIN)
        return 1
    turns.close()
    log.info("Stopped.")
    return 0 if telegram.failure is None else 1
