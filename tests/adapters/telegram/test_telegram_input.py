"""Everything odd that Telegram delivers gets a sensible answer or is ignored quietly.

"Quietly" is checked by what happens next: the same person's next message is
answered as usual, and nothing else was sent in between.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.adapters.telegram.telegram_support import ALICE, BOB, JAZZ, Plaza
from tests.fakes import telegram_people as tg
from tests.fakes.telegram_people import Group

HOSTILE = ("<script>alert('x')</script> & <b>bold</b> </i> &amp; &#0; *stars* _under_ "
           "`tick` [link](http://x) <a href=\"javascript:x\">")
BIDI = "\u202eevil\u202c \u2066isolate\u2069 \u200fמה נשמע\u200e مرحبا"
UNKNOWN = "I'm not sure what you'd like."


async def assert_only_next_answer(plaza: Plaza, chat_id: int, before: int) -> None:
    """The person's next message gets its usual answer, and is the only thing sent since."""
    [hello] = await plaza.say(ALICE, "hello")
    assert hello.text == "Hi Alice! What's up?"
    assert len(plaza.server.sent[chat_id]) == before + 1


@pytest.fixture
async def alice(plaza: Plaza) -> Plaza:
    await plaza.say(ALICE, "/start", expect=2)
    return plaza


@pytest.mark.parametrize("update", [
    pytest.param(lambda: tg.edited(ALICE, "post: edited into a post"), id="edited message"),
    pytest.param(lambda: {"message": tg.message(ALICE, "")}, id="empty text"),
    pytest.param(lambda: tg.channel_post(Group(-1009, "News", "channel"), "post: hi"),
                 id="channel post"),
    pytest.param(lambda: tg.anonymous_admin(JAZZ, "@PlazaBot post: from nobody"),
                 id="anonymous admin"),
    pytest.param(lambda: tg.joined(JAZZ, BOB), id="service message"),
    pytest.param(lambda: {"message": tg.message(ALICE, "hi", sender_chat=JAZZ.chat())},
                 id="sent as a chat"),
    pytest.param(lambda: tg.added_to(JAZZ, BOB), id="added to a group"),
])
async def test_updates_plaza_does_not_act_on_are_ignored_quietly(alice: Plaza, update) -> None:
    before = len(alice.server.sent[ALICE.id])
    alice.server.push(update())
    await assert_only_next_answer(alice, ALICE.id, before)
    assert sum(len(sent) for sent in alice.server.sent.values()) == before + 1
    with alice.engine.connect() as db:
        assert db.execute(sa.text("SELECT count(*) FROM post")).scalar() == 0


@pytest.mark.parametrize("update", [
    pytest.param(lambda: tg.sticker(ALICE), id="sticker"),
    pytest.param(lambda: tg.photo(ALICE), id="photo"),
    pytest.param(lambda: tg.voice(ALICE), id="voice"),
])
async def test_stickers_photos_and_voice_get_told_what_plaza_can_do(alice: Plaza, update) -> None:
    before = len(alice.server.sent[ALICE.id])
    alice.server.push(update())
    [answer] = await alice.received(ALICE.id, before, 1)
    assert answer.text.startswith(UNKNOWN)


async def test_a_photo_caption_is_read_as_the_message(alice: Plaza) -> None:
    before = len(alice.server.sent[ALICE.id])
    alice.server.push(tg.photo(ALICE, caption="post: sunset over the Seine"))
    [posted] = await alice.received(ALICE.id, before, 1)
    assert posted.text == "Posted! It's #1."


async def test_ten_thousand_characters_get_a_clear_refusal(alice: Plaza) -> None:
    [refused] = await alice.say(ALICE, "post: " + "a" * 10_000)
    assert refused.text == "That's 10000 characters; the post can have at most 1000."


@pytest.mark.parametrize("text", [HOSTILE, BIDI, "&" * 900, "<" * 900, "a\u200bb"])
async def test_hostile_text_is_posted_and_read_back_as_stored(alice: Plaza, text: str) -> None:
    [posted] = await alice.say(ALICE, f"post: {text}")
    assert posted.text == "Posted! It's #1."
    with alice.engine.connect() as db:  # storage may drop control characters; it decides
        stored = db.execute(sa.text("SELECT text FROM post")).scalar()
    [feed] = await alice.say(ALICE, "/feed")
    assert feed.text.endswith(f"#1\n{stored}")


async def test_hostile_text_in_small_talk_and_handles_is_echoed_safely(alice: Plaza) -> None:
    [who] = await alice.say(ALICE, "follow @<b>x</b>&amp;")
    assert who.text  # whatever the answer says, Telegram accepted it as HTML
    [unknown] = await alice.say(ALICE, HOSTILE)
    assert unknown.text.startswith(UNKNOWN)


async def test_a_button_plaza_never_made_gets_a_polite_answer(alice: Plaza) -> None:
    [feed] = await alice.say(ALICE, "/feed")
    [stale] = await alice.press(ALICE, feed, "bogus:§")
    assert stale.text == "That button has expired. Ask me again."
    [more] = await alice.press(ALICE, feed, "more")  # nothing more to show any longer
    assert more.text == "That button has expired. Ask me again."
    assert len(alice.server.answered) == 2


async def test_a_newcomer_pressing_an_old_button_is_greeted(plaza: Plaza) -> None:
    _, feed = await plaza.say(ALICE, "/feed", expect=2)
    [hello] = await plaza.press(BOB, feed, "like:1")
    assert hello.text.startswith("Bonjour Bob !")
