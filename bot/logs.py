"""Logging for every `plaza` command, set up in one place (`configure`, called by bot.cli.main).

    level    LOG_LEVEL; else INFO when serving a platform, WARNING in the terminal
    format   one line a record, on standard error
    quiet    the HTTP clients' request lines (httpx under python-telegram-bot, httpx2
             under openai) hold URLs with tokens and keys in them, and tell nothing
             Plaza's own lines do not: only their warnings are written, at any level
    masked   every configured secret is replaced by "***" in every record that
             reaches the log (message, arguments, traceback), whichever logger
             wrote it

The secrets (`secrets`) are found by walking the settings, every part of them:
each `SecretStr` (OPENAI_API_KEY, TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET...),
and what any setting written as a URL carries (DATABASE_URL, REDIS_URL,
OPENAI_BASE_URL, TELEGRAM_BASE_URL...): a password (`https://user:pw@host`) and
the value of a query parameter named like a key (`?key=`, `?api_key=`, `?token=`,
`?sig=`...). A part added to bot.settings has its secrets masked with no change
here. Each is masked as written,
percent-encoded (the way a URL shows it) and decoded. A user name is not a secret.
A secret shorter than WHOLE_WORD_BELOW characters (a URL's password; plain ones that
short are refused by bot.settings) is masked only as a whole word, so that
masking it cannot garble every line.

Masking is a filter on the handlers of the root logger, where every logger's
records end (none of Plaza's libraries stops their propagation). It edits the
record itself, so any handler the record reaches afterwards writes it masked too.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable, Iterator
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from pydantic import BaseModel, SecretStr

from bot.settings import Settings
from storage.opening import SECRET_PARAMETER

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MASK = "***"
HTTP_LOGGERS = ("httpx", "httpcore", "httpx2", "httpcore2")
# discord.py's gateway and webhook loggers write whole events and request URLs at DEBUG,
# which hold interaction tokens (15 minutes of answering as Plaza); python-telegram-bot's
# bots write every request's parameters, people's messages and Plaza's answers (a live
# link code among them, storage/linking.py): INFO at most.
TOKEN_LOGGERS = ("discord.gateway", "discord.webhook", "discord.http", "telegram.Bot",
                 "telegram.ext.ExtBot")
# Shorter secrets (a database password "pw") are masked only where they stand alone,
# not inside words: masking every "pw" or "e" would garble the log and tell the secret.
# Plain secrets that short are refused by bot.settings (SECRET_MIN_LENGTH).
WHOLE_WORD_BELOW = 8


def url_secrets(url: str | None) -> set[str]:
    """The secrets written inside a URL: its password and its key-like query values.

    Anything else (a model's name, a number, a malformed URL) has none.
    """
    if not url:
        return set()
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:  # "http://[::1" and the like: no URL, so no secret in it
        return set()
    found = {password} if password else set()
    found |= {value for name, value in parse_qsl(parts.query) if SECRET_PARAMETER.search(name)}
    return {secret for secret in found if secret}


def _values(model: BaseModel) -> Iterator[object]:
    """Every setting's value in `model`, its parts' too."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from _values(value)
        else:
            yield value


def secrets(settings: Settings) -> list[str]:
    """Every configured secret in each form a log may show it, longest first.

    Longest first, so a secret that contains another is masked whole.
    """
    plain: set[str] = set()
    for value in _values(settings):
        if isinstance(value, SecretStr):
            plain.add(value.get_secret_value())
        elif isinstance(value, str):
            plain |= url_secrets(value)
    forms = {form for secret in plain if secret
             for form in (secret, quote(secret, safe=""), unquote(secret))}
    return sorted(forms, key=len, reverse=True)


class Masking(logging.Filter):
    """Replaces each secret with "***" in a record's message, arguments and traceback.

    The message is formatted once here (arguments merged in), so a secret passed
    as an argument is caught too; a record whose arguments do not fit its message
    is left for the handler to report.
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret.strip()]
        self._pattern = re.compile("|".join(
            re.escape(secret) if len(secret) >= WHOLE_WORD_BELOW
            else rf"(?<![\w]){re.escape(secret)}(?![\w])"
            for secret in sorted(self.secrets, key=len, reverse=True)))

    def mask(self, text: str) -> str:
        """`text` with every secret replaced by "***"; one shorter than WHOLE_WORD_BELOW
        characters only where no letter or digit touches it."""
        return self._pattern.sub(MASK, text) if self.secrets else text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a logging call's own mistake: logging reports it, not us
            return True
        record.msg, record.args = self.mask(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.mask(record.exc_text)
        if record.stack_info:
            record.stack_info = self.mask(record.stack_info)
        return True


def level(settings: Settings, serving: bool) -> int:
    """The root level from LOG_LEVEL ("debug", "INFO", "20"); SystemExit naming it if unknown."""
    if not settings.log_level:
        return logging.INFO if serving else logging.WARNING
    given = settings.log_level.strip().upper()
    if given.isdigit():
        return int(given)
    names = logging.getLevelNamesMapping()
    if given not in names:
        raise SystemExit(f"LOG_LEVEL={settings.log_level!r} is not a level: use DEBUG, INFO, "
                         "WARNING, ERROR or CRITICAL.")
    return names[given]


def configure(settings: Settings, *, serving: bool) -> None:
    """Set up logging for this process: level, format, quiet HTTP clients, secrets masked.

    `serving`: the process serves a platform (INFO by default) rather than
    talking in the terminal (WARNING). Replaces any earlier set-up.
    """
    root_level = level(settings, serving)
    logging.basicConfig(level=root_level, stream=sys.stderr, format=FORMAT, force=True)
    for name in HTTP_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in TOKEN_LOGGERS:
        logging.getLogger(name).setLevel(max(root_level, logging.INFO))
    masking = Masking(secrets(settings))
    for handler in logging.getLogger().handlers:
        handler.addFilter(masking)
