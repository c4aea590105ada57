"""Settings from the environment (or a .env file), with defaults that run Plaza offline.

Secrets are `SecretStr`: they print as '**********' in logs and reprs; those
written inside URLs (a password, a ?key=) are masked in logs by bot.logs.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator
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


# A secret shorter than this is a typo or a placeholder, not a key or token anyone issues
# (Telegram's tokens are about 46 characters, OpenAI's keys over 40). Masking such a value
# in logs would garble them (every "e" masked for OPENAI_API_KEY=e): refused instead.
SECRET_MIN_LENGTH = 8
Seconds = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=1)]


class Settings(BaseSettings):
    # `NAME=` (empty) means unset, its default applies: an empty TELEGRAM_BOT_TOKEN
    # does not mean "go live", an empty PORT is 8443.
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_ignore_empty=True)

    database_url: str | None = None
    redis_url: str | None = None  # shared state for several workers; its password is masked
    log_level: str | None = None  # INFO when serving platforms, WARNING in the terminal
    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str | None = None  # another Bot API server's root; Telegram's by default
    telegram_webhook_url: str | None = None  # set: webhook mode instead of long polling
    telegram_webhook_secret: SecretStr | None = None  # required with a webhook
    # Where the webhook listens (Heroku sets PORT).
    port: Annotated[int, Field(ge=1, le=65535)] = 8443
    # The language model: on when either is set (any OpenAI-compatible server).
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    plaza_model: str = "gpt-4.1-mini"
    plaza_model_timeout: Seconds = 20.0  # seconds per attempt; one retry at most
    plaza_model_calls_per_hour: Count = 60  # per person; over it, the offline understanding
    plaza_model_max_chars: Count = 1000  # longer messages skip the model
    plaza_model_price: str | None = None  # "input,cached,output" USD per million tokens
    # The daily digest (bot/digest/scheduler.py).
    plaza_digest_lease: Seconds = 300.0  # seconds before a dead worker's digests are taken over
    plaza_digest_batch: Count = 50  # people claimed at a time

    @field_validator("openai_api_key", "telegram_bot_token", "telegram_webhook_secret")
    @classmethod
    def _real_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value().strip()) < SECRET_MIN_LENGTH:
            raise ValueError(f"a secret of at least {SECRET_MIN_LENGTH} characters, or nothing")
        return value

    @field_validator("plaza_model_price")
    @classmethod
    def _price(cls, value: str | None) -> str | None:
        if value is not None:
            from bot.understanding.usage import (
                parse_price,  # bot.understanding.usage reads settings' form, not the reverse
            )

            parse_price(value)
        return value

    @field_validator("telegram_base_url")
    @classmethod
    def _bot_api_root(cls, url: str | None) -> str | None:
        return (bot_api_root(url) or None) if url else None


class BadSettings(Exception):
    """Some settings have values Plaza cannot use; `str()` is one line per variable,
    naming it, the value it has (never a secret's) and what is expected."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


_SECRETS = {"openai_api_key", "telegram_bot_token", "telegram_webhook_secret"}


def _line(error: dict[str, object]) -> str:
    field = str(error["loc"][0]) if error["loc"] else "?"  # type: ignore[index]
    given = "" if field in _SECRETS else f"={error.get('input')!r}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{field.upper()}{given} is not usable: {message}."


def load() -> Settings:
    """The settings; raises `BadSettings` naming every variable whose value is unusable."""
    try:
        return Settings()
    except ValidationError as error:
        raise BadSettings([_line(e) for e in error.errors(include_url=False)]) from error
