"""Settings from the environment (or a .env file), with defaults that run Plaza offline.

Secrets are `SecretStr`: they print as '**********' in logs and reprs.
"""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str | None = None
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


def load() -> Settings:
    return Settings()
