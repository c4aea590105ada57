"""No configured secret reaches a log: the real `plaza chat` with a language model, at
DEBUG and INFO, and the masking filter on records of every shape.

The model is the real `openai` client (its HTTP library, httpx2, logs request
URLs) on the fake server of tests/fakes; the secrets sit where people put them:
in the settings meant for them, and inside URLs (a password, a ?key=).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from pydantic import Field

from bot.logs import MASK, Masking, configure, secrets
from bot.settings import Part, Secret, Settings, is_secret, variables
from tests.fakes.openai_server import FakeOpenAI, tool_call
from tests.processes import plaza_env

KEY = "sk-live-Pl4zaKey0123456789abcdef"
BASE_PASSWORD = "m0del-Pa55word"
QUERY_KEY = "qk-7d1f0c2e9b"
TOKEN = "123456789:AAH-secret-token_for-logs"
WEBHOOK_SECRET = "wh-S3cret-value"
DB_PASSWORD = "db-p@ss:w0rd"  # percent-encoded in its URL
REDIS_PASSWORD = "r3dis-Pa55"
ALL = (KEY, BASE_PASSWORD, QUERY_KEY, TOKEN, WEBHOOK_SECRET, DB_PASSWORD, REDIS_PASSWORD)


def _settings(**more: str) -> Settings:
    return Settings(
        _env_file=None, openai_api_key=KEY, telegram_bot_token=TOKEN,
        telegram_webhook_secret=WEBHOOK_SECRET,
        database_url="postgresql://plaza:db-p%40ss%3Aw0rd@db.example:5432/plaza",
        redis_url=f"redis://:{REDIS_PASSWORD}@127.0.0.1:6379/0",
        openai_base_url=f"https://gw:{BASE_PASSWORD}@llm.example/v1?api-version=2024-06&key="
                        f"{QUERY_KEY}",
        **more,
    )


def _leaked(text: str) -> list[str]:
    return [secret for secret in (*ALL, "db-p%40ss%3Aw0rd", "123456789%3AAAH") if secret in text]


def test_every_secret_is_found_in_the_settings_and_in_urls() -> None:
    found = set(secrets(_settings()))
    assert {KEY, TOKEN, WEBHOOK_SECRET, BASE_PASSWORD, QUERY_KEY, REDIS_PASSWORD} <= found
    assert {DB_PASSWORD, "db-p%40ss%3Aw0rd"} <= found  # as written in the URL, and decoded
    assert "123456789%3AAAH-secret-token_for-logs" in found  # the token percent-encoded
    assert not found & {"gw", "plaza", "2024-06", "db.example"}, "only secrets are masked"


def test_the_filter_masks_messages_arguments_and_tracebacks_of_any_logger() -> None:
    stream = StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    handler.addFilter(Masking(secrets(_settings(
        telegram_base_url="http://tg:tg-Pa55@127.0.0.1:8081/bot"))))
    loggers = [logging.getLogger(name) for name in ("httpx", "telegram.ext.Updater", "bot.x")]
    for logger in loggers:
        logger.addHandler(handler)
        logger.propagate = False
    try:
        loggers[0].warning("HTTP Request: POST %s", f"http://127.0.0.1/bot{TOKEN}/getMe")
        loggers[1].warning(f"key {KEY} and redis://:{REDIS_PASSWORD}@host in the message")
        try:
            raise ValueError(f"postgresql://plaza:{DB_PASSWORD}@db/x and tg:tg-Pa55@")
        except ValueError:
            loggers[2].exception("failed with %r", {"secret": WEBHOOK_SECRET})
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
            logger.propagate = True
    written = stream.getvalue()
    assert _leaked(written) == [] and "tg-Pa55" not in written
    assert f"/bot{MASK}/getMe" in written and f"redis://:{MASK}@host" in written
    assert f"plaza:{MASK}@db/x" in written and "ValueError" in written


@pytest.mark.parametrize("level", ["DEBUG", "INFO"])
def test_plaza_chat_with_a_model_logs_no_secret(level: str, tmp_path: Path) -> None:
    with FakeOpenAI() as model:
        model.script(tool_call("follow", {"handle": "alice"}))
        base = model.base_url.replace("http://", f"http://gw:{BASE_PASSWORD}@")
        env = plaza_env(DATABASE_URL=f"sqlite:///{tmp_path / 'plaza.db'}", LOG_LEVEL=level,
                        OPENAI_API_KEY=KEY, OPENAI_BASE_URL=f"{base}?key={QUERY_KEY}",
                        PLAZA_MODEL="fake-model", TELEGRAM_BOT_TOKEN=TOKEN,
                        TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET,
                        REDIS_URL=f"redis://:{REDIS_PASSWORD}@127.0.0.1:6379/0")
        done = subprocess.run(
            [sys.executable, "-m", "bot", "chat", "--user", "bob"], env=env, cwd=tmp_path,
            input="I'd like to keep up with what alice shares\n", capture_output=True,
            text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "@alice" in done.stdout  # the model was asked, with the key in its query
    (request,) = model.requests
    assert request.path == "/v1/chat/completions" and request.query == {"key": QUERY_KEY}
    assert _leaked(done.stdout + done.stderr) == []
    assert "HTTP Request: POST http" not in done.stderr, "no request URLs"
    if level == "DEBUG":
        assert "DEBUG openai" in done.stderr, "DEBUG shows the model client at work"


def test_an_unknown_log_level_is_named_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "OPENAI_"))}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'plaza.db'}", "LOG_LEVEL": "verbose"}
    done = subprocess.run([sys.executable, "-m", "bot", "understand", "follow @alice"],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "LOG_LEVEL='verbose' is not a level: use DEBUG, INFO, WARNING, ERROR or CRITICAL."]
    for given in ("debug", "Warning", "10"):
        env["LOG_LEVEL"] = given
        done = subprocess.run([sys.executable, "-m", "bot", "understand", "follow @alice"],
                              env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and done.stdout.startswith("follow"), done.stderr


@pytest.mark.parametrize(("secret", "line", "masked"), [
    ("pw", "connecting as plaza with pw to pwned.example", "connecting as plaza with *** to "
     "pwned.example"),
    ("e", "password e refused for user eve", "password *** refused for user eve"),
    ("k3y", "redis://:k3y@host said k3yboard", "redis://:***@host said k3yboard"),
])
def test_a_short_url_secret_is_masked_only_as_a_whole_word(secret, line, masked) -> None:
    """A database password of two letters must not turn every "pw" of the log into ***."""
    assert Masking([secret]).mask(line) == masked


@pytest.mark.parametrize("field", ["openai_api_key", "telegram_bot_token",
                                   "telegram_webhook_secret"])
@pytest.mark.parametrize("value", ["e", " ", "1234567"])
def test_a_plain_secret_too_short_to_be_real_is_refused(field, value) -> None:
    with pytest.raises(ValueError, match="a secret of at least 8 characters"):
        Settings(_env_file=None, **{field: value})


def test_short_url_secrets_leave_the_log_readable() -> None:
    settings = Settings(_env_file=None, database_url="postgresql://plaza:e@db.example/plaza",
                        redis_url="redis://:pw@127.0.0.1:6379/0?token=x")
    masking = Masking(secrets(settings))
    assert masking.mask("the server refused e, user eve, pw; token x in text") == (
        "the server refused ***, user eve, ***; token *** in text")


def test_a_secret_in_each_part_is_masked() -> None:
    """Each secret setting and each URL setting, in every part, found by walking the
    settings: given a secret each, every one is masked."""
    given: dict[str, str] = {}
    hidden: dict[str, str] = {}  # variable: the secret it holds
    for _, variable, field in variables():
        secret = f"{variable.lower()}-s3cret"
        if is_secret(field):
            given[variable] = hidden[variable] = secret
        elif variable.endswith("_URL"):
            scheme = "redis" if variable == "REDIS_URL" else "https"  # the one it accepts
            given[variable] = f"{scheme}://someone:{secret}@host.example/x"
            hidden[variable] = secret
    parts = {where[0] for where, variable, _ in variables() if variable in given}
    assert parts >= {"database_url", "redis_url", "telegram", "model"}
    masking = Masking(secrets(Settings(_env_file=None, **given)))
    assert masking.mask(" ".join(hidden.values())) == " ".join([MASK] * len(hidden))


def test_a_part_added_to_the_settings_has_its_secrets_masked() -> None:
    class Chat(Part):
        token: Secret = Field(default=None, validation_alias="CHAT_TOKEN")
        server: str | None = Field(default=None, validation_alias="CHAT_SERVER")

    class WithChat(Settings):
        chat: Chat = Field(default_factory=Chat)

    settings = WithChat(_env_file=None, chat_token="chat-T0ken-123",
                        chat_server="wss://bot:chat-Pa55@chat.example/?token=q-t0k")
    assert {"chat-T0ken-123", "chat-Pa55", "q-t0k"} <= set(secrets(settings))


def test_a_setting_that_is_no_url_has_no_secret_and_breaks_nothing() -> None:
    settings = Settings(_env_file=None, database_url="postgresql://plaza:pw@[db/plaza",
                        plaza_model="qwen2.5:7b", plaza_model_price="0.4,0.1,1.6")
    assert secrets(settings) == []


def test_at_debug_discord_py_keeps_interaction_tokens_out_of_the_log() -> None:
    """discord.py's gateway, webhook and HTTP loggers write whole events and request URLs
    at DEBUG, interaction tokens in them, and python-telegram-bot's bots every request's
    parameters (people's messages, a live link code): they stay at INFO whatever LOG_LEVEL
    says. The Telegram loggers are named as the library names them."""
    from telegram import Bot
    from telegram.ext import ExtBot

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        configure(Settings(_env_file=None, log_level="DEBUG"), serving=True)
        assert logging.getLogger("bot").getEffectiveLevel() == logging.DEBUG
        for name in ("discord.gateway", "discord.webhook.async_", "discord.http",
                     Bot._LOGGER.name, ExtBot._LOGGER.name):
            assert logging.getLogger(name).getEffectiveLevel() == logging.INFO, name
        configure(Settings(_env_file=None, log_level="WARNING"), serving=True)
        assert logging.getLogger("discord.gateway").getEffectiveLevel() == logging.WARNING
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name in ("discord.gateway", "discord.webhook", "discord.http", "telegram.Bot",
                     "telegram.ext.ExtBot"):
            logging.getLogger(name).setLevel(logging.NOTSET)
