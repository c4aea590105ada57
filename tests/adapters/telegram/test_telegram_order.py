"""Within one chat, everything Plaza says arrives in the order it was said.

Each test makes the first message of an answer wait (a 429 asking for a
second, as Telegram does under load) while something said after it is ready
to go: the later words must still come after every part of the earlier ones.
"""

from __future__ import annotations

import asyncio

from bot.messages import Reply
from tests.adapters.telegram.telegram_support import ALICE, BOB, Plaza
from tests.fakes.telegram_people import Person

NEWT = Person(1006, "Newt", "newt", "en")
STANZA = "\n".join(f"line {n}: " + " ".join(["la"] * 60) for n in range(5))  # ~950 characters


async def _long_feed_for_bob(plaza: Plaza) -> None:
    """Bob (who reads French) follows Alice, whose five long posts make his feed two messages."""
    await plaza.say(ALICE, "/start", expect=2)
    for n in range(5):  # each its own: the same words a fourth time wait (storage/flood.py)
        await plaza.say(ALICE, f"post: {n}. {STANZA}")
    await plaza.say(BOB, "/start", expect=2)
    await plaza.say(BOB, "follow @alice")


async def test_thanks_is_answered_after_both_parts_of_a_long_feed(plaza: Plaza) -> None:
    await _long_feed_for_bob(plaza)
    plaza.server.fail("sendMessage", 429, chat_id=BOB.id, retry_after=1)
    plaza.server.message(BOB, "quoi de neuf ?")
    first, second, thanks = await plaza.say(BOB, "merci", expect=3)
    assert first.text.startswith("Quoi de neuf :") and first.data() == []
    assert len(second.data()) == 10  # the feed's buttons, under its last part
    assert thanks.text == "Avec plaisir !"


async def test_a_newcomers_welcome_and_question_come_before_the_next_answer(
    plaza: Plaza,
) -> None:
    await plaza.say(ALICE, "/start", expect=2)
    plaza.server.fail("sendMessage", 429, chat_id=NEWT.id, retry_after=1)
    plaza.server.message(NEWT, "/start")
    plaza.server.message(NEWT, "follow @alice")
    greeting, question, followed, posted = await plaza.say(NEWT, "post: hi all", expect=4)
    assert greeting.text.startswith("Hi Newt!")
    assert "when should your daily digest arrive" in question.text
    assert followed.text.startswith("You now follow @alice.")
    assert posted.text == "Posted! It's #1."


async def test_a_digest_never_lands_between_the_parts_of_a_reply(plaza: Plaza) -> None:
    await _long_feed_for_bob(plaza)
    before = len(plaza.server.sent[BOB.id])
    plaza.server.fail("sendMessage", 429, chat_id=BOB.id, retry_after=1)
    plaza.server.message(BOB, "/feed")
    tried = len(plaza.server.called("sendMessage"))
    await plaza.server.wait_until(lambda: len(plaza.server.called("sendMessage")) > tried)
    digest = asyncio.create_task(plaza.adapter.send(str(BOB.id), Reply("Your digest, today")))
    first, second, last = await plaza.received(BOB.id, before, 3)
    await digest
    assert first.text.startswith("Quoi de neuf :") and len(second.data()) == 10
    assert last.text == "Your digest, today"
