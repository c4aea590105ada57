"""A group that becomes a supergroup gets a new chat id: Plaza's replies follow it there.

Telegram refuses a send to the old id with 400 and `parameters.migrate_to_chat_id`
(python-telegram-bot raises ChatMigrated); Plaza sends the reply to the new id,
sends there whatever else comes for the old one, and the chat keeps what it knew
(a question waiting for a "yes"). Telegram may also say so first, with a service
message in each chat.
"""

from __future__ import annotations

from bot.messages import Reply
from tests.adapters.telegram.telegram_support import ALICE, BOB, Plaza
from tests.fakes.telegram_people import Group

BAND = Group(-4001, "Band", type="group")
BAND_NOW = Group(-1004001, "Band", type="supergroup")
CHOIR = Group(-4002, "Chorale", type="group")
CHOIR_NOW = Group(-1004002, "Chorale", type="supergroup")


async def test_a_reply_refused_for_a_migrated_group_goes_to_the_supergroup(
    plaza_on_each_database: Plaza,
) -> None:
    plaza = plaza_on_each_database
    await plaza.say(ALICE, "/start", expect=2)
    [posted] = await plaza.say(ALICE, "@PlazaBot post: rehearsal at 8", chat=BAND)
    assert posted.text == "Posted! It's #1."

    plaza.server.migrate(BAND, BAND_NOW)  # Telegram says nothing: the send finds out
    before = len(plaza.server.sent[BAND_NOW.id])
    plaza.server.message(ALICE, "@PlazaBot tell everyone the gig moved to Friday", BAND)
    [ask] = await plaza.received(BAND_NOW.id, before, 1)
    assert ask.text.startswith("Post this?\n\nthe gig moved to Friday")
    [done] = await plaza.say(ALICE, "@PlazaBot yes", chat=BAND_NOW)  # the question moved too
    assert done.text == "Posted! It's #2."

    await plaza.adapter.send(str(BAND.id), Reply("Anything for the old id"))
    assert plaza.texts(BAND_NOW.id)[-1] == "Anything for the old id"
    assert plaza.server.upgraded_answers == 1  # the new id is remembered, not asked again
    assert plaza.texts(BAND.id) == ["Posted! It's #1."]


async def test_the_service_messages_move_the_chat_before_any_send(plaza: Plaza) -> None:
    await plaza.say(BOB, "/start", expect=2)
    [ask] = await plaza.say(BOB, "@PlazaBot dis à tout le monde que la chorale recrute",
                            chat=CHOIR)
    assert ask.text.startswith("Publier ceci ?")
    plaza.server.migrate(CHOIR, CHOIR_NOW, by=BOB)
    [done] = await plaza.say(BOB, "@PlazaBot oui", chat=CHOIR_NOW)
    assert done.text == "C'est publié ! C'est le n°1."
    await plaza.adapter.send(str(CHOIR.id), Reply("Votre résumé"))
    assert plaza.texts(CHOIR_NOW.id)[-1] == "Votre résumé"
    assert plaza.server.upgraded_answers == 0
