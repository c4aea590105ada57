"""Settings from the environment (or a .env file), with defaults that run Plaza offline.

Secrets are `SecretStr`: they print as '**********' in logs and reprs; those
written inside URLs (a password, a ?key=) are masked in logs by bot.logs.
"""

from __future__ import annotations

import re

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The end of a Bot API URL past the server's root: python-telegram-bot spells its
# base_url ".../bot", and a URL copied from a request may go on with the token.
_BOT_PATH = re.compile(r"(?:/bot(?:\d+:[\w-]+)?)?/*$")


def bot_api_root(url: str) -> str:
    """The root of a Bot API server, however its URL was written.

    "http://127.0.0.1:8081", ".../", ".../bot", ".../bot/" and ".../bot123:ABC"
    all give "http://127.0.0.1:8081"; a root with a path of its own
    ("https://proxy.example/telegram") keeps it.
    """
    return _BOT_PATH.sub("", url.strip(), count=1)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str | None = None
    redis_url: str | None = None  # shared state for several workers; its password is masked
    log_level: str | None = None  # INFO when serving platforms, WARNING in the terminal
    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str | None = None  # another Bot API server's root; Telegram's by default
    telegram_webhook_url: str | None = None  # set: webhook mode instead of long polling
    telegram_webhook_secret: SecretStr | None = None  # required with a webhook
    port: int = 8443  # where the webhook listens (Heroku sets PORT)
    # The language model: on when either is set (any OpenAI-compatible server).
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    plaza_model: str = "gpt-4.1-mini"
    plaza_model_timeout: float = 20.0  # seconds per attempt; one retry at most
    plaza_model_calls_per_hour: int = 60  # per person; over it, the offline understanding
    plaza_model_max_chars: int = 1000  # longer messages skip the model
    plaza_model_price: str | None = None  # "input,cached,output" USD per million tokens
    # The daily digest (bot/scheduler.py).
    plaza_digest_lease: float = 300.0  # seconds before a dead worker's digests are taken over
    plaza_digest_batch: int = 50  # people claimed at a time

    @field_validator("telegram_base_url")
    @classmethod
    def _bot_api_root(cls, url: str | None) -> str | None:
        return (bot_api_root(url) or None) if url else None


def load() -> Settings:
    return Settings()
