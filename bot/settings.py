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


def load() -> Settings:
    return Settings()
