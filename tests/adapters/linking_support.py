"""What the linking tests share: Plaza's Telegram and Discord adapters running at once on
one database, as `plaza run` serves both, each with its own conversation and chat states
in the database, one clock for both conversations that a test can move on, and the
people on each platform.

    async with both_running(engine) as plaza:
        [asked] = await plaza.telegram.say(TG_ALICE, "link my discord")
        [done] = await plaza.discord.say(DC_ALICE, f"link {code_of(asked.text)}")
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from bot.adapters.discord import DiscordAdapter
from bot.adapters.telegram.adapter import TelegramAdapter, TelegramConfig
from bot.conversation import Conversation
from bot.conversation.states import DatabaseStates
from bot.conversation.turns import Turns
from bot.digest.scheduler import DigestScheduler
from storage.models import Platform, utcnow
from tests.adapters.discord import discord_support
from tests.adapters.discord.discord_support import JAZZ, config_for
from tests.adapters.telegram import telegram_support
from tests.adapters.telegram.telegram_support import FAST_PACE, FAST_SERVER
from tests.fakes.discord_people import Sent as DiscordSent
from tests.fakes.discord_people import User
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.telegram_people import Person
from tests.fakes.telegram_server import FakeTelegram

# People on Telegram (ids 10xx) and on Discord (ids 20xx); all speak English.
TG_ALICE = Person(1001, "Alice", "alice", "en")
TG_DAVE = Person(1004, "Dave", "dave", "en")
TG_NEWBOB = Person(1005, "Bob", "bob", "en")  # someone else, who wants the handle bob
DC_ALICE = User(2001, "alice", "Alice")
DC_BOB = User(2012, "bob", "Bob")
DC_CAROL = User(2013, "carol", "Carol")
DC_ERIN = User(2014, "erin", "Erin")
DC_FRANK = User(2015, "frank", "Frank")

EMPTY_DIGEST = "Nothing new since your last digest."  # sent all the same: `make_due`
# A code as Plaza shows it: three groups of three of Crockford's base 32.
SHOWN_CODE = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}\b")
# What a merge moves or ends, table by table, and the accounts themselves.
MERGED_TABLES = ("post", "post_like", "follow", "block", "mute", "identity", "person")


def code_of(text: str) -> str:
    """The one link code a reply shows; fails the test when it shows none or several."""
    found = SHOWN_CODE.findall(text)
    assert len(found) == 1, f"expected one code in {text!r}"
    return str(found[0])


def button(sent: DiscordSent, label: str) -> str:
    """The custom_id of the button labelled `label` under a Discord message."""
    found = {shown: custom_id for row in sent.components for shown, custom_id in row}
    assert label in found, f"no button {label!r} in {list(found)}"
    return found[label]


def exported(files: list[tuple[str, bytes]]) -> dict[str, Any]:
    """The one JSON document among a message's files."""
    [(name, content)] = files
    assert name.endswith(".json")
    document: dict[str, Any] = json.loads(content)
    return document


class Clock:
    """The time both conversations read (UTC): the real time, moved on by `advance`."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return utcnow() + self.offset

    def advance(self, by: timedelta) -> None:
        self.offset += by


class Both:
    """Plaza on the fake Telegram and the fake Discord at once, on one database; the
    database read as it is now, in plain SQL, since these tests check rows."""

    def __init__(self, telegram: telegram_support.Plaza, discord: discord_support.Plaza,
                 engine: sa.Engine, clock: Clock) -> None:
        self.telegram, self.discord, self.engine, self.clock = telegram, discord, engine, clock

    def query(self, sql: str, **params: object) -> list[tuple[Any, ...]]:
        with self.engine.connect() as db:
            return [tuple(row) for row in db.execute(sa.text(sql), params)]

    def rows(self, table: str, where: str = "", **params: object) -> int:
        """How many rows `table` holds now (that match `where`, an SQL condition)."""
        condition = f" WHERE {where}" if where else ""
        [(count,)] = self.query(f"SELECT count(*) FROM {table}{condition}", **params)
        return int(count)

    def counts(self, tables: Iterable[str] = MERGED_TABLES) -> dict[str, int]:
        return {table: self.rows(table) for table in tables}

    def person_of(self, platform: Platform, external_id: int) -> int | None:
        """The person an account belongs to, None when it has none."""
        found = self.query("SELECT person_id FROM identity WHERE platform = :p AND "
                           "external_id = :x", p=str(platform), x=str(external_id))
        return int(found[0][0]) if found else None

    def handle_of(self, person_id: int | None) -> str | None:
        found = self.query("SELECT handle FROM person WHERE id = :id", id=person_id)
        return str(found[0][0]) if found else None

    def unreachable(self, platform: Platform, external_id: int) -> bool:
        [(gone,)] = self.query("SELECT unreachable FROM identity WHERE platform = :p AND "
                               "external_id = :x", p=str(platform), x=str(external_id))
        return bool(gone)

    def states_of(self, platform: Platform, external_id: int) -> list[str]:
        """The chat states kept for an account, in any chat (their data)."""
        return [str(data) for (data,) in self.query(
            "SELECT data FROM chat_state WHERE platform = :p AND external_id = :x",
            p=str(platform), x=str(external_id))]

    def deliveries(self) -> list[tuple[int, str, str | None]]:
        """Every digest key: (person, status, platform), oldest local date first."""
        return [(int(person), str(status), platform) for person, status, platform in self.query(
            "SELECT person_id, status, platform FROM digest_delivery "
            "ORDER BY local_date, person_id")]

    def used_long_ago(self) -> None:
        """Every identity last used an hour ago: the next message makes its platform the
        one used last (storage.accounts.arrive notes a use once a minute at most)."""
        with self.engine.begin() as db:
            db.execute(sa.text("UPDATE identity SET last_seen_at = :then"),
                       {"then": utcnow() - timedelta(hours=1)})

    def make_due(self, *person_ids: int | None) -> None:
        """The digests of these people due now, and sent even if empty (`digest_always`)."""
        with self.engine.begin() as db:
            for person_id in person_ids:
                assert person_id is not None
                db.execute(sa.text("UPDATE person SET digest_always = :yes, digest_due_at = :at, "
                                   "digest_claimed_until = NULL WHERE id = :id"),
                           {"yes": True, "at": utcnow() - timedelta(minutes=1), "id": person_id})

    async def tick(self, days_later: int = 0) -> Counter[str]:
        """One tick of the digest scheduler `plaza run` runs, with both adapters as senders,
        its clock `days_later` days on; how each digest ended."""
        offset = timedelta(days=days_later)
        scheduler = DigestScheduler(
            self.engine, {Platform.telegram: self.telegram.adapter,
                          Platform.discord: self.discord.adapter},
            clock=lambda: utcnow() + offset)
        try:
            return await scheduler.tick()
        finally:
            await scheduler.stop()


@asynccontextmanager
async def both_running(engine: sa.Engine) -> AsyncIterator[Both]:
    """Plaza's Telegram and Discord adapters started on fresh fakes and `engine`; on
    leaving, stopped, and failed if either platform would have refused a message, was
    pushed past its limits, had an interaction answered late or could have been made to
    ping someone."""
    clock = Clock()
    async with FakeTelegram(per_second=FAST_SERVER["per_second"],
                            per_chat=FAST_SERVER["per_chat"]) as telegram_server, \
            FakeDiscord(guilds=[JAZZ]) as discord_server:
        telegram = TelegramAdapter(TelegramConfig(
            telegram_server.token, base_url=telegram_server.base_url, pace=FAST_PACE,
            backoff=0.01))
        discord = DiscordAdapter(config_for(discord_server))
        turns = [Turns(Conversation(engine, clock=clock, states=DatabaseStates(engine)))
                 for _ in range(2)]
        await telegram.start(turns[0])
        try:
            await discord.start(turns[1])
            try:
                yield Both(telegram_support.Plaza(telegram_server, telegram, engine),
                           discord_support.Plaza(discord_server, discord, engine),
                           engine, clock)
            finally:
                await discord.stop()
        finally:
            await telegram.stop()
            for each in turns:
                each.close()
        assert telegram_server.refused == [], "Telegram would have refused these messages"
        assert telegram_server.too_many == 0, "the pacing let Telegram's limits be hit"
        assert discord_server.refused == [], "Discord would have refused these messages"
        assert discord_server.pinging == [], "these messages could have pinged someone"
        assert discord_server.late == [], "these interactions were acknowledged after 3 s"
        assert discord_server.too_many == 0, "a Discord rate limit was hit"
