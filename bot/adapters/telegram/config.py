"""The Telegram adapter's settings, and what to say when Telegram refuses them."""

from __future__ import annotations

from dataclasses import dataclass

from telegram.error import InvalidToken, TelegramError

from bot.adapters.files import TELEGRAM_FILE_MAX
from bot.adapters.telegram.pacing import Rates
from bot.settings import Settings

TELEGRAM_API = "https://api.telegram.org"  # python-telegram-bot's default server


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
    redis_url: str | None = None  # rates shared with the bot's other processes (pacing.py)
    file_max: int = TELEGRAM_FILE_MAX  # bytes a document may hold (bot.adapters.files)


def from_settings(settings: Settings) -> TelegramConfig:
    """The adapter's settings. SystemExit names a missing token, or a webhook without
    its secret."""
    if settings.telegram.bot_token is None:
        raise SystemExit("TELEGRAM_BOT_TOKEN is not set.")
    secret = settings.telegram.webhook_secret
    if settings.telegram.webhook_url and secret is None:
        raise SystemExit("TELEGRAM_WEBHOOK_URL is set but TELEGRAM_WEBHOOK_SECRET is not: "
                         "choose one (1-256 characters: A-Z, a-z, 0-9, _ and -).")
    return TelegramConfig(
        token=settings.telegram.bot_token.get_secret_value(),
        base_url=settings.telegram.base_url,
        webhook_url=settings.telegram.webhook_url,
        webhook_secret=secret.get_secret_value() if secret else None,
        port=settings.telegram.port,
        redis_url=settings.redis_url,
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
