"""Plaza in a Discord server: it answers only when mentioned, replied to, or commanded;
private matters go to the person's DMs; slash command answers are seen only by whoever
used them; handle options offer the people one follows."""

from __future__ import annotations

from storage import graph, network
from storage.db import session_scope
from storage.models import Platform
from tests.adapters.discord.discord_support import ALICE, BOB, CAROL, GENERAL, Plaza, settle


async def test_plaza_answers_in_a_channel_only_when_addressed(plaza: Plaza) -> None:
    plaza.server.channel_message(ALICE, GENERAL, "just chatting with friends")
    [hello] = await plaza.say_in(GENERAL, ALICE, "hi")
    assert hello.content.startswith("Hi Alice!")
    [posted] = await plaza.say_in(GENERAL, ALICE, "post: jazz tonight")
    assert posted.content.startswith("Posted!")
    [replied] = await plaza.say_in(GENERAL, ALICE, "what can you do?", mention=False,
                                   reply_to=posted)
    assert replied.channel_id == GENERAL.id and replied.content
    await settle()
    # nothing for the unaddressed message: the hello, the post, then the help (which
    # takes three messages of Discord's 2,000 characters: 4,113 in English)
    said = [sent.content for sent in plaza.server.sent[GENERAL.id]]
    assert said[0].startswith("Hi Alice!") and said[1].startswith("Posted!")
    assert said[2].startswith("Here's what I can do") and len(said) <= 5
    assert "".join(said[2:]).count("Here's what I can do") == 1


async def test_private_matters_raised_in_a_channel_go_to_the_dms(plaza: Plaza) -> None:
    await plaza.join(ALICE)  # Alice has written to Plaza privately: it can write back
    await plaza.say_in(GENERAL, BOB, "salut")
    await plaza.say(BOB, "publie : bonjour")
    before = len(plaza.server.sent[plaza.dm_of(ALICE)])
    [neutral] = await plaza.say_in(GENERAL, ALICE, "follow @bob")
    assert neutral.content == "I've answered you in our private chat."
    [private] = await plaza.received(plaza.dm_of(ALICE), before, 1)
    assert "@bob" in private.content
    assert "@bob" not in neutral.content  # the channel learns nothing


async def test_plaza_opens_the_dms_of_someone_it_only_met_in_a_server(plaza: Plaza) -> None:
    await plaza.say_in(GENERAL, ALICE, "hi")  # in the server only, never in DMs
    [neutral] = await plaza.say_in(GENERAL, ALICE, "what's new?")
    assert neutral.content == "I've answered you in our private chat."
    [feed] = await plaza.server.wait_for(plaza.dm_of(ALICE), 1)
    assert feed.content.startswith("Your feed is empty")


async def test_closed_dms_are_said_in_the_channel_and_remembered(plaza: Plaza) -> None:
    await plaza.say_in(GENERAL, BOB, "salut")
    plaza.server.unreachable.add(BOB.id)  # Bob closed his DMs to server members
    [told] = await plaza.say_in(GENERAL, BOB, "quoi de neuf ?")
    assert told.content.startswith("Je n'ai pas pu vous écrire en privé")
    identity = plaza.identity(BOB)
    assert identity is not None and identity.unreachable
    assert plaza.server.sent[plaza.dm_of(BOB)] == []


async def test_discord_mention_chips_name_people(plaza: Plaza) -> None:
    await plaza.join(ALICE)
    await plaza.join(BOB)
    before = len(plaza.server.sent[plaza.dm_of(ALICE)])
    chips = [plaza.server.bot_user.payload(), BOB.payload()]
    [neutral] = await plaza.say_in(GENERAL, ALICE, f"follow <@{BOB.id}>", mentions=chips)
    assert neutral.content == "I've answered you in our private chat."
    [followed] = await plaza.received(plaza.dm_of(ALICE), before, 1)
    assert followed.content.startswith("You now follow @bob.")


async def test_a_question_asked_by_a_slash_command_in_a_server_is_answered_by_its_buttons(
        plaza: Plaza) -> None:
    await plaza.join(ALICE)
    [question] = await plaza.slash(ALICE, "delete", channel=GENERAL)
    assert question.ephemeral and len(question.custom_ids()) == 2
    no = next(c for c in question.custom_ids() if c.startswith("plaza:no:"))
    [kept] = await plaza.press(ALICE, question, no, channel=GENERAL)
    assert kept.ephemeral and kept.content == "OK, I won't."
    assert plaza.identity(ALICE) is not None


async def test_slash_command_answers_in_a_server_are_ephemeral(plaza: Plaza) -> None:
    await plaza.join(ALICE)
    [posted] = await plaza.slash(ALICE, "post", {"text": "from the server"}, channel=GENERAL)
    assert posted.channel_id == GENERAL.id and posted.ephemeral
    assert posted.content.startswith("Posted!")
    [feed] = await plaza.slash(ALICE, "feed", channel=GENERAL)
    assert feed.ephemeral and "from the server" in feed.content
    [(kind, seconds, flags), *_] = plaza.server.responses[posted.interaction_id]
    assert (kind, flags & 64) == (5, 64) and seconds < 3.0  # deferred, ephemeral, in time


async def test_handle_options_offer_the_people_one_follows(plaza: Plaza) -> None:
    await plaza.join(ALICE)
    await plaza.join(BOB)
    await plaza.say(ALICE, "follow @bob")
    offered = plaza.server.autocomplete(ALICE, "profile", "handle", "b")
    await plaza.server.wait_until(lambda: offered in plaza.server.choices)
    assert plaza.server.choices[offered] == [{"name": "@bob", "value": "bob"}]
    nothing = plaza.server.autocomplete(ALICE, "feed", "author", "z")
    await plaza.server.wait_until(lambda: nothing in plaza.server.choices)
    assert plaza.server.choices[nothing] == []
    stranger = plaza.server.autocomplete(BOB, "profile", "handle", "")
    await plaza.server.wait_until(lambda: stranger in plaza.server.choices)
    assert plaza.server.choices[stranger] == []  # Bob follows nobody


async def test_a_user_install_answers_privately_in_someone_elses_dm(plaza: Plaza) -> None:
    await plaza.join(ALICE)
    asked = plaza.server.slash(ALICE, "feed", with_friend=BOB)
    [feed] = await plaza.server.wait_for(plaza.server.interactions[asked].channel_id, 1)
    assert feed.ephemeral and feed.interaction_id == asked  # Bob, reading along, sees nothing


async def test_a_mention_chip_names_the_account_not_whoever_holds_its_username(
        plaza: Plaza) -> None:
    with session_scope(plaza.engine) as session:  # someone on Telegram took "bob" first
        network.register(session, "bob", platform=Platform.telegram, external_id="999")
    await plaza.say(BOB, "salut")  # Discord's bob must choose another handle
    await plaza.say(BOB, "bobby", expect=2)
    await plaza.join(ALICE)
    before = len(plaza.server.sent[plaza.dm_of(ALICE)])
    chips = [plaza.server.bot_user.payload(), BOB.payload()]
    await plaza.say_in(GENERAL, ALICE, f"follow <@{BOB.id}>", mentions=chips)
    [followed] = await plaza.received(plaza.dm_of(ALICE), before, 1)
    assert followed.content.startswith("You now follow @bobby.")


async def test_a_mention_chip_of_someone_not_on_plaza_follows_nobody_else(plaza: Plaza) -> None:
    with session_scope(plaza.engine) as session:
        network.register(session, "carol.k", platform=Platform.telegram, external_id="998")
    await plaza.join(ALICE)
    chips = [plaza.server.bot_user.payload(), CAROL.payload()]  # carol.k on Discord: a stranger
    [answer] = await plaza.say(ALICE, f"follow <@{CAROL.id}>", mentions=chips)
    assert "carol" not in answer.content
    with session_scope(plaza.engine) as session:
        alice = network.person_of(session, Platform.discord, str(ALICE.id))
        assert alice is not None and graph.following(session, alice) == []


async def test_a_channel_that_refused_once_is_answered_again(plaza: Plaza) -> None:
    await plaza.say_in(GENERAL, ALICE, "hi")
    fault = plaza.server.fail_next("POST", f"^/channels/{GENERAL.id}/messages$", 403,
                                   code=50013)  # Missing Permissions, for a while
    plaza.server.channel_message(ALICE, GENERAL, "help", mention_bot=True)
    await plaza.server.wait_until(lambda: len(fault.struck) == 1)
    [helped] = await plaza.say_in(GENERAL, ALICE, "help")  # the permission is back
    assert helped.channel_id == GENERAL.id and helped.content


async def test_someone_met_in_a_server_is_asked_about_digests_at_their_first_dm(
        plaza: Plaza) -> None:
    await plaza.say_in(GENERAL, CAROL, "hi")
    hello, question = await plaza.say(CAROL, "hello", expect=2)
    assert "digest" in question.content and "digest" not in hello.content
    [when] = await plaza.say(CAROL, "9am Europe/Paris")
    assert "09:00" in when.content and "Europe/Paris" in when.content
    [again] = await plaza.say(CAROL, "hello")  # asked once
    assert "digest" not in again.content
