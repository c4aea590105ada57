"""What the Telegram tests share: the people, the fast limits, and `Plaza`, a running bot
on the fake server that tests talk to the way people would."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from bot.adapters.telegram.adapter import TelegramAdapter, TelegramConfig
from bot.adapters.telegram.pacing import Rates
from bot.conversation import Conversation
from bot.conversation.states import ChatStates, DatabaseStates
from bot.conversation.turns import Turns
from bot.digest.scheduler import DigestScheduler
from storage import network
from storage.db import session_scope
from storage.models import Identity, Platform, utcnow
from storage.models import Person as PlazaPerson
from tests.fakes.telegram_people import Group, Person
from tests.fakes.telegram_server import FakeTelegram, Sent
from tests.processes import STARTUP

# Telegram's limits scaled up twenty times, so conversations run fast while the
# pacing is still what keeps the fake server from answering 429. Network jitter is
# not scaled: a margin of 5 ms per chat (a twentieth of the real 50 ms) let a loaded
# machine land two messages to one chat too close, so the margin stays 30 ms.
FAST_SERVER = {"per_second": 600, "per_chat": 0.05}
FAST_PACE = Rates(per_second=580, per_chat_interval=0.08)

ALICE = Person(1001, "Alice", "alice", "en")
BOB = Person(1002, "Bob", "bob", "fr")
CAROL = Person(1003, "Carol", None, "en")
JAZZ = Group(-1001234, "Jazz club")


class Plaza:
    """A running Plaza on the fake server; each person's chat is read where they read it."""

    def __init__(self, server: FakeTelegram, adapter: TelegramAdapter, engine: sa.Engine):
        self.server, self.adapter, self.engine = server, adapter, engine

    async def say(self, person: Person, text: str, expect: int = 1, chat: Group | None = None,
                  **fields: object) -> list[Sent]:
        """`person` writes `text`; the `expect` messages Plaza sends back to that chat."""
        chat_id = chat.id if chat else person.id
        before = len(self.server.sent[chat_id])
        self.server.message(person, text, chat, **fields)
        return await self.received(chat_id, before, expect)

    async def press(self, person: Person, sent: Sent, data: str, expect: int = 1) -> list[Sent]:
        before = len(self.server.sent[sent.chat_id])
        self.server.press(person, sent, data)
        return await self.received(sent.chat_id, before, expect)

    async def received(self, chat_id: int, before: int, expect: int) -> list[Sent]:
        messages = await self.server.wait_for(chat_id, before + expect)
        return messages[before:]

    def texts(self, chat_id: int) -> list[str]:
        return [sent.text for sent in self.server.sent[chat_id]]

    async def digests(self, *people: Person) -> Counter[str]:
        """The digests of `people`, due now and sent even if empty, by one tick of the
        scheduler `plaza run` runs, through this adapter; how each ended."""
        with session_scope(self.engine) as session:
            for person in people:
                found = session.exec(
                    select(PlazaPerson).join(Identity).where(
                        Identity.platform == Platform.telegram,
                        Identity.external_id == str(person.id))).first()
                assert found is not None, f"{person.first_name} has not written yet"
                network.update_settings(session, found, digest_always=True)
                found.digest_due_at = utcnow() - timedelta(minutes=1)
        scheduler = DigestScheduler(self.engine, {Platform.telegram: self.adapter})
        try:
            return await scheduler.tick()
        finally:
            await scheduler.stop()

    async def notifications(self, clock: Callable[[], datetime] = utcnow) -> int:
        """Push the notifications due at `clock()` once, as the job `plaza run` runs every
        few seconds does, through this adapter; how many messages went."""
        scheduler = DigestScheduler(self.engine, {Platform.telegram: self.adapter},
                                    clock=clock)
        try:
            return await scheduler.notifier.push()
        finally:
            await scheduler.stop()

    @contextmanager
    def account(self, person: Person) -> Iterator[tuple[Session, PlazaPerson]]:
        """A transaction, and `person`'s Plaza account attached to it, to change their
        settings as if they had said so."""
        with session_scope(self.engine) as session:
            found = self.person(person)
            session.add(found)
            yield session, found

    def person(self, person: Person) -> PlazaPerson:
        """`person`'s Plaza account, read now."""
        with session_scope(self.engine) as session:
            found = session.exec(
                select(PlazaPerson).join(Identity).where(
                    Identity.platform == Platform.telegram,
                    Identity.external_id == str(person.id))).first()
            assert found is not None, f"{person.first_name} has not written yet"
            return found


@asynccontextmanager
async def running(server: FakeTelegram, engine: sa.Engine, states: ChatStates | None = None,
                  **config: object) -> AsyncIterator[Plaza]:
    """Plaza started on `server`; on leaving, stopped, and failed if Telegram would have
    refused a message or answered 429. Chat states are kept in the database, as `plaza
    run` keeps them, unless `states` says where."""
    options = {"base_url": server.base_url, "pace": FAST_PACE, "backoff": 0.01, **config}
    adapter = TelegramAdapter(TelegramConfig(server.token, **options))
    turns = Turns(Conversation(engine, states=states or DatabaseStates(engine)))
    turns.repliers[adapter.platform] = adapter.replier
    await adapter.start(turns)
    try:
        yield Plaza(server, adapter, engine)
    finally:
        await adapter.stop()
        turns.close()
    assert server.refused == [], "Telegram would have refused these messages"
    assert server.too_many == 0, "the pacing let Telegram's limits be hit"


async def polling(server: FakeTelegram, count: int = 1) -> None:
    await server.wait_until(lambda: len(server.called("getUpdates")) >= count, STARTUP)
