"""Who a 403 marks unreachable: the identity whose private chat Telegram refused, found by
the chat's id, for a turn's reply and for a digest alike; never by taking the chat's id for
the person's. On Telegram the two are equal; on Discord they are not, so here Dan writes
from a private chat with an id of its own."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import sqlalchemy as sa

from tests.adapters.telegram.telegram_support import ALICE, Plaza
from tests.fakes.telegram_people import Group, Person

DAN = Person(1004, "Dan", "dan", "en")
DANS_CHAT = Group(5004, "Dan", type="private")  # private, and not Dan's own id
EMPTY_DIGEST = "Nothing new since your last digest."  # sent all the same: Plaza.digests


def identity(plaza: Plaza, person: Person) -> tuple[str | None, bool]:
    """(the chat Plaza knows for `person`'s identity, whether it is marked unreachable)."""
    with plaza.engine.connect() as db:
        chat, gone = db.execute(sa.text(
            "SELECT chat_id, unreachable FROM identity WHERE platform = 'telegram' "
            "AND external_id = :id"), {"id": str(person.id)}).one()
    return chat, bool(gone)


async def until(check: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "never came true"
        await asyncio.sleep(0.02)


def sends_to(plaza: Plaza, chat: int) -> int:
    return sum(1 for call in plaza.server.called("sendMessage") if call["chat_id"] == str(chat))


async def test_a_403_on_a_reply_marks_the_person_whose_private_chat_it_is(
    plaza_on_each_database: Plaza,
) -> None:
    plaza = plaza_on_each_database
    await plaza.say(DAN, "/start", expect=2, chat=DANS_CHAT)
    await plaza.say(ALICE, "/start", expect=2)
    assert identity(plaza, DAN) == ("5004", False)

    plaza.server.block(DANS_CHAT)
    plaza.server.message(DAN, "post: anyone there?", DANS_CHAT)
    await until(lambda: identity(plaza, DAN)[1])
    assert identity(plaza, ALICE) == (str(ALICE.id), False)

    plaza.server.unblock(DANS_CHAT)
    [hello] = await plaza.say(DAN, "hello", chat=DANS_CHAT)  # writing brings him back
    assert hello.text == "Hi Dan! What's up?"
    assert identity(plaza, DAN) == ("5004", False)
    assert (await plaza.digests(DAN))["sent"] == 1  # to his private chat, not to his id
    assert plaza.texts(DANS_CHAT.id)[-1] == EMPTY_DIGEST
    assert plaza.server.sent[DAN.id] == []


async def test_a_403_on_a_digest_marks_the_person_whose_private_chat_it_is(
    plaza_on_each_database: Plaza,
) -> None:
    plaza = plaza_on_each_database
    await plaza.say(DAN, "/start", expect=2, chat=DANS_CHAT)
    await plaza.say(ALICE, "/start", expect=2)
    plaza.server.block(DANS_CHAT)
    before = sends_to(plaza, DANS_CHAT.id)
    tally = await plaza.digests(DAN, ALICE)
    assert (tally["unreachable"], tally["sent"]) == (1, 1)
    assert sends_to(plaza, DANS_CHAT.id) == before + 1  # Telegram was asked, and said 403
    assert identity(plaza, DAN) == ("5004", True)
    assert identity(plaza, ALICE) == (str(ALICE.id), False)
    assert plaza.texts(ALICE.id)[-1] == EMPTY_DIGEST


async def test_a_group_that_refuses_a_reply_marks_nobody(plaza: Plaza) -> None:
    band = Group(-1007777, "Band")
    await plaza.say(ALICE, "/start", expect=2)
    plaza.server.block(band)
    plaza.server.message(ALICE, "@PlazaBot what's new?", band)
    await plaza.server.wait_until(lambda: plaza.server.called("sendMessage")
                                  and plaza.server.called("sendMessage")[-1]["chat_id"]
                                  == str(band.id))
    [hello] = await plaza.say(ALICE, "hello")  # her own chat, after the group's turn
    assert hello.text == "Hi Alice! What's up?"
    assert identity(plaza, ALICE) == (str(ALICE.id), False)
