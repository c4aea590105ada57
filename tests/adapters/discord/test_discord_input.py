"""Everything odd that Discord delivers gets a sensible answer or is ignored quietly.

"Quietly" is checked by what happens next: the same person's next message is
answered as usual, and it is the only thing sent since, anywhere.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
import sqlalchemy as sa

from bot.adapters.discord.format import custom_id
from bot.messages import Button, Reply
from tests.adapters.discord.discord_support import ALICE, BOB, GENERAL, JAZZ, Plaza
from tests.fakes.discord_server import Channel, FakeDiscord, Guild, User

HELLO = "Hi Alice! What's up?"
UNKNOWN = "I'm not sure what you'd like."
OTHER_BOT = User(3001, "otherbot", "Other bot", bot=True)
# A public thread in #general: GUILD_CREATE lists it, as Discord does for active threads.
THREAD = Channel(7103, "jam session", JAZZ.id, thread_of=GENERAL.id)



def everything_sent(plaza: Plaza) -> int:
    return sum(len(sent) for sent in plaza.server.sent.values())


@pytest.fixture
async def discord_server() -> AsyncIterator[FakeDiscord]:
    """The fake, with a thread in Jazz's #general."""
    async with FakeDiscord(guilds=[Guild(JAZZ.id, JAZZ.name, [*JAZZ.channels, THREAD])]
                           ) as fake:
        yield fake



async def only_the_next_answer(plaza: Plaza, before: int) -> None:
    """Alice's next message gets its usual answer, and is all Plaza sent since `before`."""
    [hello] = await plaza.say(ALICE, "hello")
    assert hello.content == HELLO
    assert everything_sent(plaza) == before + 1


Event = Callable[[FakeDiscord], object]


@pytest.mark.parametrize("event", [
    pytest.param(lambda f: f.dm(ALICE, "post: from a bot", author=OTHER_BOT), id="a bot"),
    pytest.param(lambda f: f.dm(ALICE, "post: from myself", author=f.bot_user),
                 id="plaza itself"),
    pytest.param(lambda f: f.dm(ALICE, "post: from a hook", webhook_id="4242"), id="webhook"),
    pytest.param(lambda f: f.channel_message(BOB, GENERAL, "post: joined", mention_bot=True,
                                             type=7), id="system: joined"),
    pytest.param(lambda f: f.dm(ALICE, "", type=6), id="system: pinned"),
    pytest.param(lambda f: f.dm(ALICE, ""), id="empty, nothing attached"),
    pytest.param(lambda f: f.channel_message(ALICE, GENERAL, "post: not to you"),
                 id="server, no mention"),
    pytest.param(lambda f: f.channel_message(BOB, GENERAL, "post: a bot's", mention_bot=True,
                                             author=OTHER_BOT), id="server, from a bot"),
])
async def test_messages_plaza_does_not_act_on_are_ignored_quietly(
        alice: Plaza, event: Event) -> None:
    before = everything_sent(alice)
    event(alice.server)
    await only_the_next_answer(alice, before)
    assert alice.rows("post") == 0


async def test_an_edit_is_not_acted_on(alice: Plaza) -> None:
    channel = alice.dm_of(ALICE)
    before = len(alice.server.sent[channel])
    message_id = alice.server.dm(ALICE, "post: first draft")
    [posted] = await alice.received(channel, before, 1)
    assert posted.content == "Posted! It's #1."
    alice.server.edit(message_id, "post: second draft")
    await only_the_next_answer(alice, everything_sent(alice))
    with alice.engine.connect() as db:
        assert db.execute(sa.text("SELECT text FROM post")).scalars().all() == ["first draft"]


@pytest.mark.parametrize("fields", [
    pytest.param({"sticker_items": [{"id": "749054660769218631", "name": "wave",
                                     "format_type": 1}]}, id="a sticker"),
    pytest.param({"attachments": [("sunset.png", b"\x89PNG fake")]}, id="a photo"),
    pytest.param({"attachments": [("voice-message.ogg", b"OggS fake")], "flags": 1 << 13},
                 id="a voice message"),
])
async def test_stickers_and_attachments_alone_get_told_what_plaza_can_do(
        alice: Plaza, fields: dict[str, object]) -> None:
    [answer] = await alice.say(ALICE, "", **fields)
    assert answer.content.startswith(UNKNOWN)
    [hello] = await alice.say(ALICE, "hello")
    assert hello.content == HELLO


async def test_text_with_an_attachment_is_read_as_the_message(alice: Plaza) -> None:
    [posted] = await alice.say(ALICE, "post: sunset over the Seine",
                               attachments=[("sunset.png", b"\x89PNG fake")])
    assert posted.content == "Posted! It's #1."


async def test_five_thousand_characters_get_a_clear_answer(alice: Plaza) -> None:
    [refused] = await alice.say(ALICE, "post: " + "a" * 5000)
    assert refused.content == "That's 5000 characters; the post can have at most 1000."
    [chat] = await alice.say(ALICE, "word " * 1000)
    assert "“help”" in chat.content  # small talk or "not sure": either way, a way forward
    [hello] = await alice.say(ALICE, "hello")
    assert hello.content == HELLO
    assert alice.rows("post") == 0


async def test_a_mention_in_a_thread_is_answered_in_the_thread(alice: Plaza) -> None:
    [answer] = await alice.say_in(THREAD, ALICE, "post: from the thread")
    assert (answer.channel_id, answer.content) == (THREAD.id, "Posted! It's #1.")
    assert alice.server.sent[GENERAL.id] == []
    [hello] = await alice.say(ALICE, "hello")
    assert hello.content == HELLO


async def test_a_foreign_button_gets_a_polite_private_answer_in_the_pressers_language(
        alice: Plaza) -> None:
    bonjour, _ = await alice.join(BOB, "salut")
    [feed] = await alice.say(ALICE, "what's new?")
    for user, shown, expected in ((ALICE, feed, "That button has expired. Ask me again."),
                                  (BOB, bonjour, "Ce bouton a expiré. Redemandez-moi.")):
        before = len(alice.server.sent[shown.channel_id])
        alice.server.press(user, shown, "poll:vote:3", locale=user.locale, forge=True)
        [stale] = await alice.received(shown.channel_id, before, 1)
        assert (stale.content, stale.ephemeral) == (expected, True)
    [hello] = await alice.say(ALICE, "hello")
    assert hello.content == HELLO


@pytest.mark.parametrize("forged", ["plaza:like:99999", "plaza:bogus:1", "plaza:follow:",
                                    "plaza:"])
async def test_a_forged_plaza_button_gets_a_polite_answer_and_changes_nothing(
        alice: Plaza, forged: str) -> None:
    """Forged: a custom_id the message does not show, which only a client that makes up
    its requests could send."""
    [posted] = await alice.say(ALICE, "post: keep me as I am")
    before = len(alice.server.sent[posted.channel_id])
    alice.server.press(ALICE, posted, forged, forge=True)
    [answer] = await alice.received(posted.channel_id, before, 1)
    assert (answer.content, answer.ephemeral) == ("That button has expired. Ask me again.",
                                                  True)
    [hello] = await alice.say(ALICE, "hello")
    assert hello.content == HELLO
    assert (alice.rows("post"), alice.rows("post_like"), alice.rows("follow")) == (1, 0, 0)


@pytest.mark.parametrize(("data", "expected"), [
    ("like:99999", "I can't find post #99999."),
    ("bogus:1", "That button has expired. Ask me again."),
    ("follow:nobody_here", "I don't know anyone called @nobody\\_here."),
])
async def test_an_old_message_s_plaza_button_that_means_nothing_now_is_answered_politely(
        alice: Plaza, data: str, expected: str) -> None:
    """A button Plaza did send once (an older Plaza's verb, a post since deleted)."""
    await alice.adapter.send(str(ALICE.id), Reply("From an older Plaza",
                                                  buttons=[[Button("Press me", data)]]))
    old = alice.server.sent[alice.dm_of(ALICE)][-1]
    [answer] = await alice.press(ALICE, old, custom_id(data))
    assert answer.content == expected
    [hello] = await alice.say(ALICE, "hello")
    assert hello.content == HELLO
    assert (alice.rows("post_like"), alice.rows("follow")) == (0, 0)
