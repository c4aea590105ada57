"""Groups on Telegram: who blocks or mutes whom is never said in front of everyone.

In a group, asking to block or mute someone, the question "Block @dan?", the
answer, and any refusal because of a block go to the person's private chat;
the group reads one neutral line, the same whatever happened.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.errors import Unreachable
from bot.messages import Reply
from storage import network
from storage.db import session_scope
from storage.suspension import suspend
from tests.adapters.telegram.telegram_support import ALICE, BOB, JAZZ, Plaza
from tests.fakes.telegram_people import Group, Person

DAN = Person(1004, "Dan", "dan", "en")
EVE = Person(1005, "Eve", "eve", "en")
CHOIR = Group(-1005678, "Chorale", type="group")
NEUTRAL = "I've answered you in our private chat."
NEUTRE = "Je vous ai répondu en message privé."
TELLING = ("block", "bloqu", "mute", "masqu", "@alice", "@dan", "@bob")


async def _start(plaza: Plaza, *people: Person) -> None:
    for person in people:
        await plaza.say(person, "/start", expect=2)


def _group_says(plaza: Plaza, group: Group) -> list[str]:
    return plaza.texts(group.id)


async def test_a_block_asked_for_in_a_group_is_asked_and_answered_in_private(
    plaza_on_each_database: Plaza,
) -> None:
    plaza = plaza_on_each_database
    await _start(plaza, ALICE, DAN)
    [said] = await plaza.say(ALICE, "@PlazaBot block @dan", chat=JAZZ)
    assert said.text == NEUTRAL
    ask = plaza.server.sent[ALICE.id][-1]
    assert ask.text.startswith("Block @dan?") and ask.data()[0].startswith("yes:")
    [done] = await plaza.press(ALICE, ask, ask.data()[0])
    assert done.text.startswith("Blocked @dan.")

    # Dan, blocked, asks in the group: the refusal naming the block reaches only him
    [said] = await plaza.say(DAN, "@PlazaBot follow @alice", chat=JAZZ)
    assert said.text == NEUTRAL
    assert plaza.texts(DAN.id)[-1] == "You can't: @alice has blocked you."
    plazas_line = {"message_id": said.message_id, "date": 0, "chat": JAZZ.chat(),
                   "from": plaza.server.me(), "text": said.text}
    [said] = await plaza.say(DAN, "who is @alice", chat=JAZZ, reply_to_message=plazas_line)
    assert said.text == NEUTRAL
    assert plaza.texts(DAN.id)[-1] == "You can't: @alice has blocked you."

    assert _group_says(plaza, JAZZ) == [NEUTRAL] * 3
    with plaza.engine.connect() as db:
        assert db.execute(sa.text("SELECT count(*) FROM block")).scalar() == 1


async def test_mutes_and_their_lists_in_french_in_a_small_group(plaza: Plaza) -> None:
    await _start(plaza, ALICE, BOB)
    await plaza.say(BOB, "suis @alice")
    [said] = await plaza.say(BOB, "@PlazaBot masque @alice", chat=CHOIR)
    assert said.text == NEUTRE
    assert plaza.texts(BOB.id)[-1].startswith("@alice est masqué")
    [said] = await plaza.say(BOB, "/unmute@PlazaBot alice", chat=CHOIR)
    assert said.text == NEUTRE
    assert plaza.texts(BOB.id)[-1] == "@alice est de retour dans votre fil."
    [said] = await plaza.say(BOB, "@PlazaBot qui je suis ?", chat=CHOIR)  # whom Bob follows
    assert said.text == NEUTRE
    assert "@alice" in plaza.texts(BOB.id)[-1]
    [said] = await plaza.say(ALICE, "/block@PlazaBot bob", chat=CHOIR)  # explicit: no question
    assert said.text == NEUTRAL
    assert plaza.texts(ALICE.id)[-1].startswith("Blocked @bob.")
    [said] = await plaza.say(BOB, "@PlazaBot montre le profil de @alice", chat=CHOIR)
    assert said.text == NEUTRE
    assert plaza.texts(BOB.id)[-1] == "Impossible : @alice vous a bloqué."
    assert all(not any(word in text.lower() for word in TELLING)
               for text in _group_says(plaza, CHOIR))


async def test_without_a_private_chat_nothing_is_done_and_nothing_is_told(plaza: Plaza) -> None:
    await _start(plaza, ALICE)
    hello, come = await plaza.say(EVE, "@PlazaBot block @alice", chat=JAZZ, expect=2)
    assert hello.text.startswith("Hi Eve!")
    assert come.text == "Let's do that in a private chat with me."
    [come] = await plaza.say(EVE, "@PlazaBot mute @alice", chat=JAZZ)
    assert come.text == "Let's do that in a private chat with me."
    assert plaza.texts(EVE.id) == []
    with plaza.engine.connect() as db:
        assert db.execute(sa.text("SELECT count(*) FROM block")).scalar() == 0
        assert db.execute(sa.text("SELECT count(*) FROM mute")).scalar() == 0
    assert all(not any(word in text.lower() for word in TELLING)
               for text in _group_says(plaza, JAZZ))


async def test_someone_who_blocked_plaza_is_asked_to_come_back_not_answered_in_private(
    plaza_on_each_database: Plaza,
) -> None:
    plaza = plaza_on_each_database
    await _start(plaza, ALICE, DAN)
    plaza.server.block(ALICE)  # Alice blocked the bot: Plaza learns it from a digest's 403
    assert (await plaza.digests(ALICE))["unreachable"] == 1
    with pytest.raises(Unreachable):
        await plaza.adapter.send(str(ALICE.id), Reply("Your digest"))
    [come] = await plaza.say(ALICE, "@PlazaBot mute @dan", chat=JAZZ)  # a group is no way back
    assert come.text == "Let's do that in a private chat with me."
    plaza.server.unblock(ALICE)
    await plaza.say(ALICE, "hi")  # writing privately is
    [said] = await plaza.say(ALICE, "@PlazaBot mute @dan", chat=JAZZ)
    assert said.text == NEUTRAL
    assert plaza.texts(ALICE.id)[-1].startswith("Muted @dan")


async def test_a_report_asked_for_in_a_group_is_asked_and_answered_in_private(
    plaza_on_each_database: Plaza,
) -> None:
    plaza = plaza_on_each_database
    await _start(plaza, ALICE, DAN)
    [said] = await plaza.say(ALICE, "@PlazaBot report @dan he keeps insulting me", chat=JAZZ)
    assert said.text == NEUTRAL
    ask = plaza.server.sent[ALICE.id][-1]
    assert ask.text.startswith("Report @dan to Plaza's moderators?\n"
                               "Your reason: “he keeps insulting me”")
    [done] = await plaza.press(ALICE, ask, ask.data()[0])
    assert done.text.startswith("Thanks for telling me. @dan is reported")
    assert _group_says(plaza, JAZZ) == [NEUTRAL]
    assert not any("report" in text for text in plaza.texts(DAN.id))


async def test_an_account_deleted_while_suspended_is_refused_in_private_only(
    plaza_on_each_database: Plaza,
) -> None:
    """Dan, suspended, deletes his account, then writes again: privately he reads why he
    can't join; in a group the others read only where to ask."""
    plaza = plaza_on_each_database
    await _start(plaza, DAN)
    with session_scope(plaza.engine) as session:
        dan = network.person_by_handle(session, "dan")
        suspend(session, dan)
        network.delete_account(session, dan)
    [said] = await plaza.say(DAN, "@PlazaBot hello", chat=JAZZ)
    assert said.text == "Let's do that in a private chat with me."
    [told] = await plaza.say(DAN, "/start")
    assert told.text == ("The Plaza account you had here was suspended, then deleted, so you "
                         "can't open or join another one from Telegram.")
    with plaza.engine.connect() as db:
        assert db.execute(sa.text("SELECT count(*) FROM person")).scalar() == 0
