"""`plaza run` with a Telegram token: every platform on one asyncio loop until told to stop.

SIGTERM (Heroku's stop, which allows 30 s) and SIGINT (Ctrl-C) stop receiving,
let the turns in flight finish and answer, and exit 0 within `STOP_WITHIN`.
Exit 1 means Plaza could not serve: the token was refused, the Bot API server
was unreachable or answered 404 at start, or another process polls the same
token. Logging (levels, secrets masked) is set up by bot.logs before this runs.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from functools import partial

import sqlalchemy as sa
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.adapters.telegram.adapter import TelegramAdapter, TelegramConfig
from bot.conversation import Conversation, Understander, offline
from bot.conversation.states import DatabaseStates
from bot.conversation.turns import Turns
from bot.digest.dispatch import Sender
from bot.digest.scheduler import Batching, DigestScheduler
from bot.digest.summary_model import summarizer
from bot.settings import Settings
from bot.understanding.llm import ModelUnderstanding
from storage.models import Platform

log = logging.getLogger("bot.cli.serve")
TELEGRAM_API = "https://api.telegram.org"  # python-telegram-bot's default server
STOP_WITHIN = 25.0  # seconds; Heroku kills at 30
DIGESTS_WITHIN = 5.0  # of those, for digests being sent; the others are picked up after


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


def refused(config: TelegramConfig, error: InvalidToken) -> str:
    """What to tell whoever starts Plaza when the Bot API server turned the token down.

    python-telegram-bot raises InvalidToken for a 401 (a token Telegram does not
    know) and for a 404 alike, the server's answer in the error it wraps: its
    description, or "Not Found (404)..." when the answer was no JSON. A 404 is
    mostly a wrong TELEGRAM_BASE_URL (Telegram also answers it to a token of the
    wrong shape), so it is reported with the URL asked, token masked, not blamed
    on the token.
    """
    answers = []
    cause: BaseException | None = error
    while isinstance(cause, TelegramError):
        answers.append(cause.message)
        cause = cause.__cause__
    if not any(answer.startswith("Not Found") for answer in answers):
        return "Telegram refused TELEGRAM_BOT_TOKEN; check it with @BotFather."
    url = f"{config.base_url or TELEGRAM_API}/bot***/getMe"
    return (f"The Bot API server answered 404 at {url}: set TELEGRAM_BASE_URL to the "
            "server's root (like http://127.0.0.1:8081), or leave it unset for Telegram's, "
            "and check that TELEGRAM_BOT_TOKEN looks like 123456:ABC-DEF...")


def serve(settings: Settings, engine: sa.Engine, model: ModelUnderstanding | None = None) -> int:
    """Serve Telegram until SIGTERM/SIGINT; the exit status for the process.

    `model`, when configured, understands messages and writes digest summaries.
    """
    config = telegram_config(settings)
    digests = partial(DigestScheduler, engine, summarize=summarizer(model),
                      pace=Batching.from_settings(settings))
    return asyncio.run(_serve(config, engine, model or offline, digests))


async def _serve(config: TelegramConfig, engine: sa.Engine, understand: Understander,
                 digests: Callable[[dict[str, Sender]], DigestScheduler]) -> int:
    turns = Turns(Conversation(engine, understand=understand, states=DatabaseStates(engine)))
    telegram = TelegramAdapter(config, engine)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    try:
        await telegram.start(turns)
    except InvalidToken as error:
        log.error("%s", refused(config, error))
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
