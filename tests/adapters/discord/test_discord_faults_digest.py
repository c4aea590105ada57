"""A digest for someone whose Discord DMs are closed: the next platform they use is tried,
through both adapters in the one scheduler `plaza run` runs; Discord comes back when they
write there again."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from bot.adapters.base import Sender
from bot.digest.scheduler import DigestScheduler
from storage import network
from storage.db import session_scope
from storage.models import DigestDelivery, Identity, Platform, utcnow
from storage.models import Person as PlazaPerson
from tests.adapters.discord.discord_support import ALICE, Plaza
from tests.adapters.telegram import telegram_support
from tests.fakes.telegram_people import Person as TelegramPerson
from tests.fakes.telegram_server import FakeTelegram

ALICE_ON_TELEGRAM = TelegramPerson(1001, "Alice", "alice", "en")
EMPTY_DIGEST = "Nothing new since your last digest."  # sent all the same: digest_always


@pytest.fixture
async def telegram(plaza_on_each_database: Plaza) -> AsyncIterator[telegram_support.Plaza]:
    """Plaza's Telegram adapter too, on the same database, as `plaza run` serves both."""
    async with FakeTelegram(**telegram_support.FAST_SERVER) as server, \
            telegram_support.running(server, plaza_on_each_database.engine) as running:
        yield running


def also_on_telegram(engine: sa.Engine, user_id: int, telegram_id: int) -> None:
    """The Discord person `user_id` has a Telegram identity too, used a day ago: the row
    storage.linking.attach writes, written directly (linking itself is tested in
    tests/adapters/test_linking_across.py)."""
    with session_scope(engine) as session:
        mine = session.exec(select(Identity).where(
            Identity.platform == Platform.discord,
            Identity.external_id == str(user_id))).one()
        session.add(Identity(person_id=mine.person_id, platform=Platform.telegram,
                             external_id=str(telegram_id),
                             last_seen_at=utcnow() - timedelta(days=1)))


async def digests(engine: sa.Engine, senders: dict[Platform, Sender]) -> Counter[str]:
    """Every digest due now (made due, and sent even if empty), by one tick of the
    scheduler with `senders`; how each ended."""
    with session_scope(engine) as session:
        for person in session.exec(select(PlazaPerson)):
            network.update_settings(session, person, digest_always=True)
            person.digest_due_at = utcnow() - timedelta(minutes=1)
    scheduler = DigestScheduler(engine, senders)
    try:
        return await scheduler.tick()
    finally:
        await scheduler.stop()


def delivered_on(engine: sa.Engine) -> list[str | None]:
    with session_scope(engine) as session:
        return [row.platform for row in session.exec(select(DigestDelivery))]


async def test_a_digest_refused_on_discord_goes_to_her_telegram(
        plaza_on_each_database: Plaza, telegram: telegram_support.Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.join(ALICE)
    also_on_telegram(plaza.engine, ALICE.id, ALICE_ON_TELEGRAM.id)
    telegram.server.open_chats([ALICE_ON_TELEGRAM.id])
    plaza.server.unreachable.add(ALICE.id)  # she closed her DMs on Discord
    senders: dict[Platform, Sender] = {Platform.discord: plaza.adapter,
                                       Platform.telegram: telegram.adapter}

    tally = await digests(plaza.engine, senders)
    assert tally["sent"] == 1 and tally["unreachable"] == 0
    assert telegram.texts(ALICE_ON_TELEGRAM.id) == [EMPTY_DIGEST]
    assert plaza.contents(plaza.dm_of(ALICE))[-1] != EMPTY_DIGEST
    identity = plaza.identity(ALICE)
    assert identity is not None and identity.unreachable  # Discord said 50007: marked
    assert delivered_on(plaza.engine) == [Platform.telegram]


async def test_with_no_other_platform_the_digest_ends_unreachable(
        plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.join(ALICE)
    plaza.server.unreachable.add(ALICE.id)
    tally = await digests(plaza.engine, {Platform.discord: plaza.adapter})
    assert tally["unreachable"] == 1 and tally["sent"] == 0
    identity = plaza.identity(ALICE)
    assert identity is not None and identity.unreachable

    plaza.server.unreachable.discard(ALICE.id)
    [hello] = await plaza.say(ALICE, "hello")  # she writes on Discord: reachable again
    assert hello.content == "Hi Alice! What's up?"
    identity = plaza.identity(ALICE)
    assert identity is not None and not identity.unreachable
