"""Settings as people write them: a Bot API server's URL in any of its usual spellings;
every variable by its own name, from the environment, a .env file or arguments, filed
into its part; every unusable one named at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.settings import BadSettings, Settings, TelegramSettings, load, variables

ROOT = "http://127.0.0.1:8081"


@pytest.mark.parametrize(("given", "root"), [
    (f"{ROOT}/bot", ROOT),  # python-telegram-bot's base_url
    (f"{ROOT}/bot/", ROOT),
    (f"{ROOT}//", ROOT),
    (f"{ROOT}/bot123456:AAH-x_y", ROOT),  # copied from a request, token and all
    (f" {ROOT} ", ROOT),
    ("https://proxy.example/telegram/bot", "https://proxy.example/telegram"),
    ("https://proxy.example/robot", "https://proxy.example/robot"),  # a path of its own
    ("https://user:pw@proxy.example/bot/", "https://user:pw@proxy.example"),
])
def test_telegram_base_url_is_read_as_the_servers_root(given: str, root: str) -> None:
    assert Settings(_env_file=None, telegram_base_url=given).telegram.base_url == root


def test_an_empty_telegram_base_url_means_telegrams_own() -> None:
    assert Settings(_env_file=None, telegram_base_url="").telegram.base_url is None


DISCORD = "https://discord.com/api/v10"


@pytest.mark.parametrize(("given", "root"), [
    (DISCORD, DISCORD),
    (f"{DISCORD}/", DISCORD),
    ("https://discord.com/api", DISCORD),
    ("https://discord.com", DISCORD),
    (" https://discord.com/api/v10// ", DISCORD),
    ("http://127.0.0.1:8080", "http://127.0.0.1:8080/api/v10"),  # nirn-proxy's root
    ("http://127.0.0.1:8080/api/v10", "http://127.0.0.1:8080/api/v10"),
    ("https://proxy.example/discord/", "https://proxy.example/discord/api/v10"),
])
def test_discord_api_url_is_read_as_the_rest_root(given: str, root: str) -> None:
    assert Settings(_env_file=None, discord_api_url=given).discord.api_url == root


@pytest.mark.parametrize(("given", "url"), [
    ("wss://gateway.discord.gg", "wss://gateway.discord.gg/"),
    ("wss://gateway.discord.gg/?v=10&encoding=json", "wss://gateway.discord.gg/"),
    ("ws://127.0.0.1:9000/gateway", "ws://127.0.0.1:9000/gateway/"),
])
def test_discord_gateway_url_is_read_without_its_query(given: str, url: str) -> None:
    assert Settings(_env_file=None, discord_gateway_url=given).discord.gateway_url == url


@pytest.mark.parametrize(("variable", "value", "says"), [
    ("DISCORD_API_URL", "https://discord.com/api/v9", "API version v10"),
    ("DISCORD_API_URL", "discord.com/api/v10", "an http(s) URL"),
    ("DISCORD_API_URL", "ftp://discord.com", "an http(s) URL"),
    ("DISCORD_GATEWAY_URL", "gateway.discord.gg", "a ws(s) URL"),
])
def test_unusable_discord_urls_are_named(monkeypatch: pytest.MonkeyPatch, variable: str,
                                         value: str, says: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(BadSettings) as refused:
        load()
    [line] = refused.value.lines
    assert line.startswith(f"{variable}={value!r} is not usable: {says}")


def test_a_discord_token_pasted_with_its_scheme_is_the_bare_token() -> None:
    token = "MTk4NjIyNDgzNDcxOTI1MjQ4.Gx7Yq1.abcdefghijklmnopqrstuvwxyz0123456789"
    for pasted in (token, f"Bot {token}", f"  bot {token}\n"):
        found = Settings(_env_file=None, discord_bot_token=pasted).discord.bot_token
        assert found is not None and found.get_secret_value() == token


# Every variable people set, the setting it becomes, and a usable value: the names are
# Plaza's interface (README, Procfiles, deployments), the parts are only its code's.
VARIABLES = [
    ("DATABASE_URL", "sqlite:///plaza.db", ("database_url",), "sqlite:///plaza.db"),
    ("REDIS_URL", "redis://127.0.0.1:6379/0", ("redis_url",), "redis://127.0.0.1:6379/0"),
    ("LOG_LEVEL", "debug", ("log_level",), "debug"),
    ("TELEGRAM_BOT_TOKEN", "123456:ABC-token", ("telegram", "bot_token"), "123456:ABC-token"),
    ("TELEGRAM_BASE_URL", f"{ROOT}/bot", ("telegram", "base_url"), ROOT),
    ("TELEGRAM_WEBHOOK_URL", "https://plaza.example/hook", ("telegram", "webhook_url"),
     "https://plaza.example/hook"),
    ("TELEGRAM_WEBHOOK_SECRET", "hook-secret", ("telegram", "webhook_secret"), "hook-secret"),
    ("PORT", "8080", ("telegram", "port"), 8080),
    ("DISCORD_BOT_TOKEN", "MTk4.Gx7.discord-token", ("discord", "bot_token"),
     "MTk4.Gx7.discord-token"),
    ("DISCORD_API_URL", "http://127.0.0.1:8080", ("discord", "api_url"),
     "http://127.0.0.1:8080/api/v10"),
    ("DISCORD_GATEWAY_URL", "ws://127.0.0.1:9000", ("discord", "gateway_url"),
     "ws://127.0.0.1:9000/"),
    ("OPENAI_API_KEY", "sk-key-0123456789", ("model", "api_key"), "sk-key-0123456789"),
    ("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1", ("model", "base_url"),
     "http://127.0.0.1:11434/v1"),
    ("PLAZA_MODEL", "qwen2.5:7b", ("model", "name"), "qwen2.5:7b"),
    ("PLAZA_MODEL_TIMEOUT", "2.5", ("model", "timeout"), 2.5),
    ("PLAZA_MODEL_CALLS_PER_HOUR", "7", ("model", "calls_per_hour"), 7),
    ("PLAZA_MODEL_MAX_CHARS", "300", ("model", "max_chars"), 300),
    ("PLAZA_MODEL_PRICE", "0.4,0.1,1.6", ("model", "price"), "0.4,0.1,1.6"),
    ("PLAZA_DIGEST_LEASE", "60", ("digest", "lease"), 60.0),
    ("PLAZA_DIGEST_BATCH", "5", ("digest", "batch"), 5),
    ("PLAZA_POSTS_PER_MINUTE", "12", ("flood", "per_minute"), 12),
    ("PLAZA_NEW_POSTS_PER_MINUTE", "4", ("flood", "new_per_minute"), 4),
    ("PLAZA_SAME_POST_PER_HOUR", "2", ("flood", "repeats"), 2),
    ("PLAZA_MENTIONS_PER_10_MINUTES", "15", ("flood", "mentions"), 15),
    ("PLAZA_EXPORT_EVERY_MINUTES", "2", ("flood", "export_minutes"), 2),
]


def _setting(settings: Settings, where: tuple[str, ...]) -> object:
    value: object = settings
    for name in where:
        value = getattr(value, name)
    return value.get_secret_value() if isinstance(value, SecretStr) else value


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The process environment without any of Plaza's variables."""
    for variable, *_ in VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    return monkeypatch


def test_every_variable_is_read_into_its_part(environment: pytest.MonkeyPatch) -> None:
    for variable, value, _, _ in VARIABLES:
        environment.setenv(variable, value)
    settings = Settings(_env_file=None)
    assert [_setting(settings, where) for _, _, where, _ in VARIABLES] == [
        expected for *_, expected in VARIABLES]


def test_the_variables_are_declared_once_each_in_field_order() -> None:
    assert [(where, variable) for where, variable, _ in variables()] == [
        (where, variable) for variable, _, where, _ in VARIABLES]


def test_a_dotenv_file_is_read_and_the_environment_and_arguments_outrank_it(
        environment: pytest.MonkeyPatch, tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("PORT=7000\nplaza_model_timeout=3\nPLAZA_DIGEST_BATCH=9\n"
                      "TELEGRAM_WEBHOOK_URL=https://from.dotenv/hook\n")
    environment.setenv("PORT", "7001")
    environment.setenv("PLAZA_DIGEST_BATCH", "")  # empty: unset, so .env's applies
    settings = Settings(_env_file=dotenv, plaza_model_timeout=4)
    assert (settings.telegram.port, settings.model.timeout, settings.digest.batch) == (7001, 4, 9)
    assert settings.telegram.webhook_url == "https://from.dotenv/hook"
    part = Settings(_env_file=dotenv, telegram={"port": 7002}).telegram
    assert (part.port, part.webhook_url) == (7002, "https://from.dotenv/hook")
    whole = Settings(_env_file=dotenv, telegram=TelegramSettings(webhook_url="https://x/h")).telegram
    assert (whole.port, whole.webhook_url) == (8443, "https://x/h")  # a part given whole


@pytest.mark.parametrize("name", ["TELEGRAM", "MODEL", "DIGEST"])
def test_a_variable_named_like_a_part_is_not_read(environment, name: str) -> None:
    """pydantic-settings would read a variable named after a part as its JSON: MODEL=gpt-4o
    set for another program must not stop Plaza."""
    unset = Settings(_env_file=None)
    environment.setenv(name, "gpt-4o")
    assert Settings(_env_file=None) == unset


def test_every_unusable_variable_of_every_part_is_named_secrets_unshown(
        environment: pytest.MonkeyPatch, tmp_path: Path) -> None:
    environment.chdir(tmp_path)  # no .env but this test's
    for variable, value in [("TELEGRAM_WEBHOOK_SECRET", "short"), ("PORT", "0"),
                            ("PLAZA_MODEL_TIMEOUT", "soon"), ("OPENAI_API_KEY", "sk-1"),
                            ("PLAZA_DIGEST_LEASE", "-1")]:
        environment.setenv(variable, value)
    with pytest.raises(BadSettings) as raised:
        load()
    assert raised.value.lines == [
        "TELEGRAM_WEBHOOK_SECRET is not usable: a secret of at least 8 characters, or nothing.",
        "PORT='0' is not usable: Input should be greater than or equal to 1.",
        "OPENAI_API_KEY is not usable: a secret of at least 8 characters, or nothing.",
        "PLAZA_MODEL_TIMEOUT='soon' is not usable: Input should be a valid number, unable to "
        "parse string as a number.",
        "PLAZA_DIGEST_LEASE='-1' is not usable: Input should be greater than 0.",
    ]


@pytest.mark.parametrize("url", ["127.0.0.1:6379", "http://127.0.0.1:6379", "localhost"])
def test_a_redis_url_without_a_scheme_redis_reads_is_refused_by_name(url: str) -> None:
    with pytest.raises(ValueError, match="redis://"):
        Settings(_env_file=None, REDIS_URL=url)
