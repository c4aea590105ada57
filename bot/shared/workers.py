"""Which Plaza processes may work on one database at once, and one clear refusal otherwise.

Without REDIS_URL each process keeps its own rate limits (Telegram's 30 messages a
second, the model's hourly budget), so two of them would spend twice as fast:

    plaza run   + plaza run        refused, unless both have REDIS_URL on PostgreSQL
    plaza run   + digest --due     refused, unless both have REDIS_URL
    digest --due + digest --due    allowed (digests are claimed once across workers)

On SQLite two `plaza run` are refused even with REDIS_URL: one file, one server.
With REDIS_URL on PostgreSQL, several `plaza run` may serve at once, but

    Telegram polling (no TELEGRAM_WEBHOOK_URL)   one worker per bot: Telegram answers
                                                 a second getUpdates with 409 Conflict
    Discord (DISCORD_BOT_TOKEN)                  one worker per bot holds the gateway;
                                                 leave the token unset on the others

and a second one that would poll or open the gateway is refused at start.

The mechanism is a lock the operating system or the database server releases when
the process ends, however it ends (SIGKILL included): on PostgreSQL session-level
advisory locks on one connection held for the process's life, keyed by the schema
(two bots in two schemas of one database are apart) and, for a platform, by the
bot's id across the database; on SQLite POSIX record locks (fcntl) on bytes of
one file beside the database ("<file>.lock"). Each role holds a lock for its life
and, at start, tries the locks of the roles it must not meet; those checks are
made one process at a time (the first byte, or key, is a mutex held for an
instant), so two processes starting together cannot both miss each other.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum, StrEnum
from pathlib import Path

import sqlalchemy as sa

from bot.errors import CannotStart
from bot.settings import Settings

log = logging.getLogger(__name__)
CHECK_WITHIN = 10.0  # seconds to wait for another process's start-up check to end


class Role(StrEnum):
    """What a process does: serve (`plaza run`) or send the due digests once."""

    run = "run"
    digest = "digest"


class Slot(IntEnum):
    """One lock of a database: a byte of the lock file, or an advisory lock's second key."""

    check = 0  # the mutex around one process's start-up check
    run = 1  # every `plaza run`: shared with REDIS_URL on PostgreSQL, else exclusive
    lone_run = 2  # every `plaza run` without REDIS_URL (shared)
    digest = 3  # every `plaza digest --due` (shared)
    lone_digest = 4  # every `plaza digest --due` without REDIS_URL (shared)


class Refused(CannotStart):
    """Another Plaza process already works on this database (or bot) in a way this one
    must not meet; `str()` is the one line saying what to do."""


class _Locks:
    """Shared or exclusive locks, held until `close` or the process's end."""

    def take(self, slot: Slot, shared: bool) -> bool:
        """Hold `slot` (shared or exclusive) without waiting; False if another has it."""
        raise NotImplementedError

    def release(self, slot: Slot, shared: bool) -> None:
        raise NotImplementedError

    def free(self, slot: Slot) -> bool:
        """True if nobody else holds `slot` in any mode (tried exclusively, then let go)."""
        if not self.take(slot, shared=False):
            return False
        self.release(slot, shared=False)
        return True

    def take_platform(self, platform: str, bot: str) -> bool:
        """Hold `platform`'s lock for the bot `bot` exclusively; False if another has it."""
        return True  # only where several `plaza run` can serve at all (PostgreSQL)

    @contextmanager
    def checking(self) -> Iterator[None]:
        """The mutex around a start-up check, waited for `CHECK_WITHIN` seconds at most.
        Raises Refused when another process held it all that time."""
        deadline = time.monotonic() + CHECK_WITHIN
        while not self.take(Slot.check, shared=False):
            if time.monotonic() > deadline:
                raise Refused("Another Plaza process has been starting on this database for "
                              f"over {CHECK_WITHIN:.0f} s; try again once it has started.")
            time.sleep(0.05)
        try:
            yield
        finally:
            self.release(Slot.check, shared=False)

    def close(self) -> None:
        raise NotImplementedError


class _FileLocks(_Locks):
    """POSIX record locks on the bytes of `path` (fcntl.lockf), released by the kernel
    when the process ends. Record locks belong to the process, so one process never
    conflicts with itself: each process makes one `_FileLocks` at most."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise CannotStart(f"Cannot create the lock file {path} beside the database: "
                              f"{error.strerror}.") from error

    def take(self, slot: Slot, shared: bool) -> bool:
        try:
            fcntl.lockf(self.fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB,
                        1, int(slot))
        except OSError:  # EAGAIN or EACCES: someone holds it
            return False
        return True

    def release(self, slot: Slot, shared: bool) -> None:
        fcntl.lockf(self.fd, fcntl.LOCK_UN, 1, int(slot))

    def close(self) -> None:
        os.close(self.fd)


def _int32(text: str) -> int:
    """A signed 32-bit number for `text`, stable across processes and versions
    (advisory locks take two int4 keys)."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big", signed=True)


class _AdvisoryLocks(_Locks):
    """PostgreSQL session-level advisory locks on one connection of `engine`, held
    until it closes: the server releases them when the process dies, even by SIGKILL.

    Keys are (hash of "plaza:<schema>", slot) for the database's roles and
    (hash of "plaza:bots", hash of "<platform>:<bot id>") for a platform's bot.
    """

    def __init__(self, engine: sa.Engine) -> None:
        self.connection = engine.connect()
        schema = self.connection.execute(sa.text("SELECT current_schema()")).scalar()
        self.connection.commit()
        self.space = _int32(f"plaza:{schema}")

    def _ask(self, function: str, space: int, key: int) -> bool:
        found = self.connection.execute(sa.text(f"SELECT {function}(:space, :key)"),
                                        {"space": space, "key": key}).scalar()
        self.connection.commit()  # the lock is the session's: no transaction stays open
        return found is not False

    def take(self, slot: Slot, shared: bool) -> bool:
        return self._ask("pg_try_advisory_lock_shared" if shared else "pg_try_advisory_lock",
                         self.space, int(slot))

    def release(self, slot: Slot, shared: bool) -> None:
        self._ask("pg_advisory_unlock_shared" if shared else "pg_advisory_unlock",
                  self.space, int(slot))

    def take_platform(self, platform: str, bot: str) -> bool:
        return self._ask("pg_try_advisory_lock", _int32("plaza:bots"),
                         _int32(f"{platform}:{bot}"))

    def close(self) -> None:
        # Closed for good, not handed back to the pool: the locks are the session's, and
        # a pooled connection would keep them for whoever takes it next.
        self.connection.invalidate()
        self.connection.close()


def _bot_id(token: str) -> str:
    """Which bot a token is, without the secret: Telegram's numeric id (before the ":"),
    else (Discord, whose first part is the id in base64) a hash of the token's first part."""
    head = token.split(":", 1)[0].split(".", 1)[0]
    return head if head.isdigit() else hashlib.sha256(head.encode()).hexdigest()[:16]


def _refusal(role: Role, settings: Settings, engine: sa.Engine, locks: _Locks) -> str | None:
    """Why this process may not start beside the others, taking its own locks if it may."""
    redis = bool(settings.redis_url)
    sqlite = engine.dialect.name == "sqlite"
    if role is Role.digest:
        locks.take(Slot.digest, shared=True)  # only ever refused under the mutex we hold
        if not redis:
            if not locks.free(Slot.run):
                return ("A `plaza run` serves this database, and without REDIS_URL the two "
                        "would each send at Telegram's full rate: leave the digests to it (it "
                        "sends them every minute), or set REDIS_URL on both.")
            locks.take(Slot.lone_digest, shared=True)
        elif not locks.free(Slot.lone_run):
            return ("A `plaza run` without REDIS_URL serves this database: set REDIS_URL on it "
                    "too, or leave the digests to it.")
        return None
    if not locks.take(Slot.run, shared=redis and not sqlite):
        if sqlite:
            return ("Another `plaza run` serves this SQLite database, and two on one file are "
                    "never safe: stop it, or use PostgreSQL and set REDIS_URL so workers "
                    "share rate limits and the model's budget.")
        if not redis:
            return ("Another `plaza run` serves this database: set REDIS_URL so workers share "
                    "rate limits and the model's budget (the same on every worker), or stop "
                    "the other one.")
        return ("Another `plaza run` serves this database without REDIS_URL: set REDIS_URL "
                "(the same) on every worker so they share rate limits and the model's budget.")
    if not redis:
        locks.take(Slot.lone_run, shared=True)
        if not locks.free(Slot.digest):
            return ("A `plaza digest --due` is sending for this database, and without "
                    "REDIS_URL the two would each send at Telegram's full rate: start once "
                    "it ends, or set REDIS_URL on both.")
        return None
    if not locks.free(Slot.lone_digest):
        return ("A `plaza digest --due` without REDIS_URL is sending for this database: "
                "start once it ends, or set REDIS_URL on it too.")
    telegram, discord = settings.telegram, settings.discord
    if telegram.bot_token and not telegram.webhook_url and not locks.take_platform(
            "telegram", _bot_id(telegram.bot_token.get_secret_value())):
        return ("Another `plaza run` polls Telegram for this bot, and Telegram lets one "
                "process poll a bot: set TELEGRAM_WEBHOOK_URL to run several workers.")
    if discord.bot_token and not locks.take_platform(
            "discord", _bot_id(discord.bot_token.get_secret_value())):
        return ("Another `plaza run` holds Discord's gateway for this bot (one connection "
                "per bot): leave DISCORD_BOT_TOKEN unset on every worker but one.")
    return None


def _locks_for(engine: sa.Engine) -> _Locks:
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if not database or database == ":memory:":
            raise CannotStart("An in-memory database is this process's alone: "
                              "set DATABASE_URL to a file.")
        return _FileLocks(Path(f"{database}.lock"))
    return _AdvisoryLocks(engine)


@contextmanager
def claimed(settings: Settings, engine: sa.Engine, role: Role) -> Iterator[None]:
    """This process's place among the workers on `engine`'s database, for the block's life.

    Raises Refused (a CannotStart: `plaza` prints its one line and exits 1) when a
    process already there and this one must not run together (see the module's
    table); the locks are released on leaving, or by the OS or server at the end.
    """
    locks = _locks_for(engine)
    try:
        with locks.checking():
            reason = _refusal(role, settings, engine, locks)
        if reason is not None:
            raise Refused(reason)
        yield
    finally:
        locks.close()
