"""Settings from the environment (or a .env file), with defaults that run Plaza offline.

One `Settings`, in parts:

    database_url, redis_url, log_level   what every part shares
    telegram   the Telegram bot: bot_token, base_url, webhook_url, webhook_secret, port
    discord    the Discord bot: bot_token, api_url, gateway_url
    model      the language model: api_key, base_url, name, timeout, calls_per_hour,
               max_chars, price
    digest     the daily digest's workers: lease, batch
    flood      flood and spam control per person: per_minute, new_per_minute, repeats,
               mentions

Each field names its environment variable (`validation_alias`), and the names are
the flat ones people set: TELEGRAM_BOT_TOKEN, PORT, OPENAI_API_KEY, PLAZA_MODEL,
DISCORD_BOT_TOKEN, PLAZA_DIGEST_BATCH... pydantic-settings would look a part's field up only as
TELEGRAM__BOT_TOKEN or as JSON in a variable named TELEGRAM, so the variables it
reads (keyword arguments, the environment, .env, in that order of precedence) are
filed into their parts here (`_Filed`), and the whole is validated at once: every
unusable variable is reported, whatever its part. A keyword argument may name a
variable in any case (`Settings(telegram_bot_token=...)`), or give a whole part.

Secrets are `SecretStr`: they print as '**********' in logs and reprs; those
written inside URLs (a password, a ?key=) are masked in logs by bot.logs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Annotated, Any, get_args
from urllib.parse import urlsplit, urlunsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    DotEnvSettingsSource,
    EnvSettingsSource,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from storage.flood import FloodLimits

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


DISCORD_API = "https://discord.com/api/v10"  # discord.py's Route.BASE
DISCORD_API_VERSION = "v10"  # the version discord.py speaks by default
_API_PATH = re.compile(r"(?:/api(?:/v(?P<version>\d+))?)?/*$")
_WEB_SCHEMES = ("http", "https")
_SOCKET_SCHEMES = ("ws", "wss", "http", "https")


def discord_api_root(url: str) -> str:
    """The REST root discord.py puts before every route, however its URL was written.

    "https://discord.com/api/v10", ".../api/v10/", ".../api" and the bare host
    "https://discord.com" all give "https://discord.com/api/v10"; a proxy's root
    with a path of its own ("http://proxy:8080/discord") gets "/api/v10" after
    it, as nirn-proxy and Discord both serve the API there. Raises ValueError
    for a scheme other than http(s), or an API version other than 10 (the one
    discord.py 2 speaks, and the first where direct messages carry their text).
    """
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in _WEB_SCHEMES or not parts.netloc:
        raise ValueError("an http(s) URL such as https://discord.com/api/v10")
    match = _API_PATH.search(parts.path)
    assert match is not None  # the pattern matches the empty end of any path
    if match["version"] not in (None, DISCORD_API_VERSION[1:]):
        raise ValueError(f"API version {DISCORD_API_VERSION}, the one discord.py speaks")
    path = parts.path[:match.start()]
    return urlunsplit((parts.scheme, parts.netloc, f"{path}/api/{DISCORD_API_VERSION}", "", ""))


def discord_gateway(url: str) -> str:
    """The gateway URL to open a websocket on, as discord.py wants it: no query (it adds
    `v`, `encoding` and `compress` itself) and a path ending in "/". Accepts what
    GET /gateway answers ("wss://gateway.discord.gg"), with or without the query a
    copied URL carries. Raises ValueError for a scheme other than ws(s) or http(s)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in _SOCKET_SCHEMES or not parts.netloc:
        raise ValueError("a ws(s) URL such as wss://gateway.discord.gg")
    path = parts.path if parts.path.endswith("/") else f"{parts.path}/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


# A secret shorter than this is a typo or a placeholder, not a key or token anyone issues
# (Telegram's tokens are about 46 characters, OpenAI's keys over 40). Masking such a value
# in logs would garble them (every "e" masked for OPENAI_API_KEY=e): refused instead.
SECRET_MIN_LENGTH = 8


def _real_secret(value: SecretStr | None) -> SecretStr | None:
    if value is not None and len(value.get_secret_value().strip()) < SECRET_MIN_LENGTH:
        raise ValueError(f"a secret of at least {SECRET_MIN_LENGTH} characters, or nothing")
    return value


Secret = Annotated[SecretStr | None, AfterValidator(_real_secret)]
Seconds = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=1)]


class Part(BaseModel):
    """One part of the settings; its fields name their variables (`validation_alias`)
    and can be given by field name too."""

    model_config = ConfigDict(validate_by_name=True)


class TelegramSettings(Part):
    """The Telegram bot: on when the token is set (`plaza run`)."""

    bot_token: Secret = Field(default=None, validation_alias="TELEGRAM_BOT_TOKEN")
    # Another Bot API server's root; Telegram's by default.
    base_url: str | None = Field(default=None, validation_alias="TELEGRAM_BASE_URL")
    # Set: webhook mode instead of long polling.
    webhook_url: str | None = Field(default=None, validation_alias="TELEGRAM_WEBHOOK_URL")
    webhook_secret: Secret = Field(default=None, validation_alias="TELEGRAM_WEBHOOK_SECRET")
    # Where the webhook listens (Heroku sets PORT).
    port: Annotated[int, Field(ge=1, le=65535)] = Field(default=8443, validation_alias="PORT")

    @field_validator("base_url")
    @classmethod
    def _bot_api_root(cls, url: str | None) -> str | None:
        return (bot_api_root(url) or None) if url else None


class DiscordSettings(Part):
    """The Discord bot: on when the token is set (`plaza run`)."""

    bot_token: Secret = Field(default=None, validation_alias="DISCORD_BOT_TOKEN")
    # Another REST root (a proxy shared by workers, the tests' fake); Discord's by default.
    api_url: str | None = Field(default=None, validation_alias="DISCORD_API_URL")
    # Another gateway; Discord's by default.
    gateway_url: str | None = Field(default=None, validation_alias="DISCORD_GATEWAY_URL")

    @field_validator("bot_token", mode="before")
    @classmethod
    def _bare_token(cls, token: object) -> object:
        # The Developer Portal shows the bare token; "Bot <token>" is how HTTP sends it,
        # and people paste that too. discord.py adds "Bot " itself.
        if isinstance(token, str):
            token = token.strip()
            return token[4:].strip() if token[:4].lower() == "bot " else token
        return token

    @field_validator("api_url")
    @classmethod
    def _api_root(cls, url: str | None) -> str | None:
        return discord_api_root(url) if url and url.strip() else None

    @field_validator("gateway_url")
    @classmethod
    def _gateway(cls, url: str | None) -> str | None:
        return discord_gateway(url) if url and url.strip() else None


class ModelSettings(Part):
    """The language model: on when the key or the server is set (any OpenAI-compatible
    server)."""

    api_key: Secret = Field(default=None, validation_alias="OPENAI_API_KEY")
    base_url: str | None = Field(default=None, validation_alias="OPENAI_BASE_URL")
    name: str = Field(default="gpt-4.1-mini", validation_alias="PLAZA_MODEL")
    # Seconds per attempt; one retry at most.
    timeout: Seconds = Field(default=20.0, validation_alias="PLAZA_MODEL_TIMEOUT")
    # Per person; over it, the offline understanding.
    calls_per_hour: Count = Field(default=60, validation_alias="PLAZA_MODEL_CALLS_PER_HOUR")
    # Longer messages skip the model.
    max_chars: Count = Field(default=1000, validation_alias="PLAZA_MODEL_MAX_CHARS")
    # "input,cached,output" USD per million tokens.
    price: str | None = Field(default=None, validation_alias="PLAZA_MODEL_PRICE")

    @field_validator("price")
    @classmethod
    def _price(cls, value: str | None) -> str | None:
        if value is not None:
            from bot.understanding.usage import (
                parse_price,  # bot.understanding.usage reads settings' form, not the reverse
            )

            parse_price(value)
        return value


class DigestSettings(Part):
    """The daily digest's workers (bot/digest/scheduler.py)."""

    # Seconds before a dead worker's digests are taken over.
    lease: Seconds = Field(default=300.0, validation_alias="PLAZA_DIGEST_LEASE")
    batch: Count = Field(default=50, validation_alias="PLAZA_DIGEST_BATCH")  # people a claim


class FloodSettings(Part):
    """Flood and spam control (storage/flood.py), per person, shared by every worker."""

    per_minute: Count = Field(default=20, validation_alias="PLAZA_POSTS_PER_MINUTE")
    new_per_minute: Count = Field(default=10, validation_alias="PLAZA_NEW_POSTS_PER_MINUTE")
    repeats: Count = Field(default=3, validation_alias="PLAZA_SAME_POST_PER_HOUR")
    mentions: Count = Field(default=30, validation_alias="PLAZA_MENTIONS_PER_10_MINUTES")
    export_minutes: Count = Field(default=5, validation_alias="PLAZA_EXPORT_EVERY_MINUTES")

    def limits(self) -> FloodLimits:
        """These settings as the limits storage.flood keeps; a new account is never freer
        than an older one (PLAZA_POSTS_PER_MINUTE=5 alone gives new accounts 5 too)."""
        return FloodLimits(per_minute=self.per_minute,
                           new_per_minute=min(self.new_per_minute, self.per_minute),
                           repeats=self.repeats, mentions=self.mentions,
                           export_every=timedelta(minutes=self.export_minutes))


class Settings(BaseSettings):
    """Every setting of Plaza, by part; `load()` reads them and names what is unusable."""

    # `NAME=` (empty) means unset, its default applies: an empty TELEGRAM_BOT_TOKEN
    # does not mean "go live", an empty PORT is 8443.
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_ignore_empty=True)

    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    # Shared state for several workers; its password is masked.
    redis_url: str | None = Field(default=None, validation_alias="REDIS_URL")
    # INFO when serving platforms, WARNING in the terminal.
    log_level: str | None = Field(default=None, validation_alias="LOG_LEVEL")
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    discord: DiscordSettings = Field(default_factory=DiscordSettings)
    model: ModelSettings = Field(default_factory=ModelSettings)
    digest: DigestSettings = Field(default_factory=DigestSettings)
    flood: FloodSettings = Field(default_factory=FloodSettings)

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, url: str | None) -> str | None:
        """redis-py reads redis://, rediss:// (TLS) and unix:// URLs, nothing else."""
        if url and not url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("a redis://host:6379/0 URL (rediss:// for TLS, unix:// for a "
                             "socket)")
        return url

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Keyword arguments (a whole part, or variables by name), then the environment,
        then .env, each filed into the parts; no secrets directory."""
        assert isinstance(init_settings, InitSettingsSource)
        assert isinstance(env_settings, EnvSettingsSource)
        assert isinstance(dotenv_settings, DotEnvSettingsSource)
        return (init_settings, *(_Filed(settings_cls, found) for found in (
            init_settings.init_kwargs, env_settings.env_vars, dotenv_settings.env_vars)))


Where = tuple[str, ...]  # ("database_url",) or ("telegram", "bot_token")


def variables(model: type[BaseModel] = Settings) -> Iterator[tuple[Where, str, FieldInfo]]:
    """Each setting of `model` as (where: its part's name, if in a part, then its field's
    name; its variable; its field), in field order."""
    for name, field in model.model_fields.items():
        if isinstance(field.annotation, type) and issubclass(field.annotation, Part):
            for (inner_name,), variable, inner in variables(field.annotation):
                yield (name, inner_name), variable, inner
        else:
            yield (name,), str(field.validation_alias or name).upper(), field


def is_secret(field: FieldInfo) -> bool:
    """Whether the field holds a secret (`SecretStr`, alone or in a union)."""
    return SecretStr in (field.annotation, *get_args(field.annotation))


_UNSET = object()


class _Filed(PydanticBaseSettingsSource):
    """The variables found by one source, filed under their parts:
    {"DATABASE_URL": ..., "telegram": {"TELEGRAM_BOT_TOKEN": ..., "PORT": ...}, ...}.

    Names are read in any case. A part given as a mapping (keyword arguments:
    `telegram={"base_url": ...}`) has its settings filed by variable too, so that
    they outrank the environment's as every keyword argument does.
    """

    def __init__(self, settings_cls: type[BaseSettings], found: Mapping[str, Any]) -> None:
        super().__init__(settings_cls)
        self.found = _by_upper_name(found)

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        # Abstract in the base class; `__call__` files every variable instead.
        return None, field_name, False

    def given(self, where: Where, variable: str) -> Any:
        """The value found for one setting, `_UNSET` if none."""
        if variable in self.found:
            return self.found[variable]
        part = self.found.get(where[0].upper()) if len(where) == 2 else None
        if isinstance(part, Mapping):
            part = _by_upper_name(part)
            return part.get(variable, part.get(where[1].upper(), _UNSET))
        return _UNSET

    def __call__(self) -> dict[str, Any]:
        filed: dict[str, Any] = {}
        for where, variable, _ in variables(self.settings_cls):
            value = self.given(where, variable)
            if value is not _UNSET:
                place = filed.setdefault(where[0], {}) if len(where) == 2 else filed
                place[variable] = value
        return filed


def _by_upper_name(found: Mapping[str, Any]) -> dict[str, Any]:
    return {str(name).upper(): value for name, value in found.items()}


class BadSettings(Exception):
    """Some settings have values Plaza cannot use; `str()` is one line per variable,
    naming it, the value it has (never a secret's) and what is expected."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


_SECRETS = {variable for _, variable, field in variables() if is_secret(field)}


def _line(error: Mapping[str, Any]) -> str:
    # A part's error is located by the part and the field's alias: the variable's name.
    variable = str(error["loc"][-1]).upper() if error["loc"] else "?"
    given = "" if variable in _SECRETS else f"={error.get('input')!r}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{variable}{given} is not usable: {message}."


def load() -> Settings:
    """The settings; raises `BadSettings` naming every variable whose value is unusable."""
    try:
        return Settings()
    except ValidationError as error:
        raise BadSettings([_line(e) for e in error.errors(include_url=False)]) from error
