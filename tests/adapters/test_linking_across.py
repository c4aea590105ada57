"""One person on Telegram and Discord (issue 13), end to end: both adapters at once on one
database, through the real python-telegram-bot and discord.py clients and the fakes, on
SQLite and PostgreSQL.

Linking in two messages either way, merging two active accounts (rows counted table by
table), the codes' faults (wrong, expired, reused, paused, typed where others read,
typed by the asker), unlinking, where the one daily digest goes and where it falls back
to, and export and deletion with several identities.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from storage.models import Platform
from tests.adapters.discord.discord_support import GENERAL, discord_urls_put_back
from tests.adapters.linking_support import (
    DC_ALICE,
    DC_BOB,
    DC_CAROL,
    DC_ERIN,
    DC_FRANK,
    EMPTY_DIGEST,
    TG_ALICE,
    TG_DAVE,
    TG_NEWBOB,
    Both,
    both_running,
    button,
    code_of,
    exported,
)
from tests.fakes.discord_people import User
from tests.fakes.telegram_people import Person

__all__ = ["discord_urls_put_back"]  # autouse: discord.py's URLs put back after each test

TELEGRAM, DISCORD = Platform.telegram, Platform.discord
LINKED = "Linked: here too you are @{handle}, with the same posts, follows and settings."
WRONG = "That code doesn't match any I gave out. Check it, or ask for a new one with “link” " \
    "where you use Plaza already. Tries left this hour: {left}."
USED = "That code was already used, or cancelled. Ask for a new one with “link”."
EXPIRED = "That code has expired (codes last 10 minutes, and only the newest works). Ask for " \
    "a new one with “link” on Telegram."
LAST_TRY = "That code doesn't match any I gave out, and that was the last try for now: " \
    "wait an hour before the next."
YOURS = "This account is @alice already. Type the code from the account you want to link: " \
    "it still works there."
IN_GROUP = "Others can read this chat, so that code no longer works. Ask for a new one with " \
    "“link”, and send it to me in a private chat."
PICK_A_HANDLE = "Welcome to Plaza! First, pick a handle"


@pytest.fixture
async def plaza(engine: sa.Engine) -> AsyncIterator[Both]:
    """Plaza on both fakes, on each engine under test."""
    async with both_running(engine) as running:
        yield running


async def telegram_code(plaza: Both, text: str = "link my discord") -> str:
    """Alice, on Telegram already, asks for a code; the code, as shown."""
    [asked] = await plaza.telegram.say(TG_ALICE, text)
    assert asked.text.startswith("Your code: ")
    return code_of(asked.text)


async def alice_on_both(plaza: Both) -> int:
    """Alice starts on Telegram and links her Discord account; her person's id."""
    await plaza.telegram.say(TG_ALICE, "/start", expect=2)
    code = await telegram_code(plaza)
    [done] = await plaza.discord.say(DC_ALICE, f"link {code}")
    assert done.content.startswith(LINKED.format(handle="alice"))
    alice = plaza.person_of(TELEGRAM, TG_ALICE.id)
    assert alice is not None and plaza.person_of(DISCORD, DC_ALICE.id) == alice
    return alice


def no_raw_ids(text: str, *ids: int) -> None:
    for raw in ids:
        assert str(raw) not in text, f"{raw} shown in {text!r}"


# -- linking in two messages ------------------------------------------------------------


async def test_telegram_to_discord_in_two_messages(plaza: Both) -> None:
    await plaza.telegram.say(TG_ALICE, "/start", expect=2)
    [asked] = await plaza.telegram.say(TG_ALICE, "link my discord")
    assert "On Discord, send me “link” and this code." in asked.text
    assert "It works once, for 10 minutes." in asked.text
    code = code_of(asked.text)
    assert plaza.counts(["person", "identity"]) == {"person": 1, "identity": 1}

    # Alice has never written to Plaza on Discord: this DM is her first.
    [done] = await plaza.discord.say(DC_ALICE, f"link {code}")
    assert done.content.startswith(LINKED.format(handle="alice"))
    alice = plaza.person_of(TELEGRAM, TG_ALICE.id)
    assert alice is not None and plaza.person_of(DISCORD, DC_ALICE.id) == alice
    assert plaza.counts(["person", "identity"]) == {"person": 1, "identity": 2}
    [(claimed_on, claimed_by)] = plaza.query(
        "SELECT claimed_platform, claimed_external_id FROM link_code")
    assert (claimed_on, claimed_by) == ("discord", str(DC_ALICE.id))

    [where] = await plaza.discord.say(DC_ALICE, "where am I linked?")
    assert where.content.startswith("@alice is linked on:")
    assert "• Telegram: used" in where.content and "• Discord: used" in where.content
    no_raw_ids(where.content, TG_ALICE.id, DC_ALICE.id, plaza.discord.dm_of(DC_ALICE))
    [there] = await plaza.telegram.say(TG_ALICE, "where am I linked?")
    assert "• Telegram: used" in there.text and "• Discord: used" in there.text
    no_raw_ids(there.text, TG_ALICE.id, DC_ALICE.id, plaza.discord.dm_of(DC_ALICE))

    # The live code was a secret: no chat's memory keeps it, in any form.
    for (data,) in plaza.query("SELECT data FROM chat_state"):
        assert code not in data and code.replace("-", "") not in data

    [posted] = await plaza.discord.say(DC_ALICE, "post: hello from discord")
    assert posted.content == "Posted! It's #1."
    [feed] = await plaza.telegram.say(TG_ALICE, "what did @alice post?")
    assert "hello from discord" in feed.text  # one account: her post is hers on Telegram


async def test_discord_to_telegram_with_the_slash_command(plaza: Both) -> None:
    await plaza.discord.join(DC_ALICE)
    [asked] = await plaza.discord.slash(DC_ALICE, "link")
    assert asked.interaction_id is not None and not asked.ephemeral  # her DM: nobody else
    code = code_of(asked.content)

    # Her first message on Telegram, with the command as Telegram's menu offers it.
    [done] = await plaza.telegram.say(TG_ALICE, f"/link {code}")
    assert done.text.startswith(LINKED.format(handle="alice"))
    alice = plaza.person_of(DISCORD, DC_ALICE.id)
    assert alice is not None and plaza.person_of(TELEGRAM, TG_ALICE.id) == alice
    assert plaza.counts(["person", "identity"]) == {"person": 1, "identity": 2}

    [where] = await plaza.telegram.say(TG_ALICE, "where am I linked?")
    assert "• Telegram: used" in where.text and "• Discord: used" in where.text
    no_raw_ids(where.text, TG_ALICE.id, DC_ALICE.id, plaza.discord.dm_of(DC_ALICE))
    for (data,) in plaza.query("SELECT data FROM chat_state"):
        assert code not in data and code.replace("-", "") not in data


# -- merging two active accounts ---------------------------------------------------------


async def two_active_accounts(plaza: Both) -> None:
    """Alice on Telegram and Bob on Discord, each with posts, likes, follows both ways,
    blocks and mutes, among Dave (Telegram), Erin and Frank (Discord):

        posts   #1 alice, #2 dave, #3 and #4 bob
        likes   bob: #1, #2        alice: #3, #2   (both like #2)
        follows alice -> dave, bob;  bob -> alice, dave, erin;  erin -> bob;
                dave -> alice, bob
        blocks  bob -> frank, alice -> frank (both);   mutes  bob -> dave
    """
    await plaza.telegram.say(TG_ALICE, "/start", expect=2)
    await plaza.telegram.say(TG_DAVE, "/start", expect=2)
    for user in (DC_BOB, DC_ERIN, DC_FRANK):
        await plaza.discord.join(user)
    said: list[tuple[Person | User, str]] = [
            (TG_ALICE, "post: alice on telegram"), (TG_DAVE, "post: dave's first"),
            (DC_BOB, "post: bob one"), (DC_BOB, "post: bob two"),
            (TG_ALICE, "follow @dave"), (TG_ALICE, "follow @bob"),
            (DC_BOB, "follow @alice"), (DC_BOB, "follow @dave"), (DC_BOB, "follow @erin"),
            (DC_ERIN, "follow @bob"), (TG_DAVE, "follow @alice"), (TG_DAVE, "follow @bob"),
            (DC_BOB, "like #1"), (DC_BOB, "like #2"), (TG_ALICE, "like #3"),
            (TG_ALICE, "like #2"), (DC_BOB, "mute @dave")]
    for person, text in said:
        if isinstance(person, User):
            [reply] = await plaza.discord.say(person, text)
            answer = reply.content
        else:
            [sent] = await plaza.telegram.say(person, text)
            answer = sent.text
        assert "Sorry" not in answer and "?" not in answer.split("\n")[0], (text, answer)
    [ask] = await plaza.discord.say(DC_BOB, "block @frank")
    [blocked] = await plaza.discord.say(DC_BOB, "yes")
    assert ask.content.startswith("Block @frank?") and "frank" in blocked.content
    await plaza.telegram.say(TG_ALICE, "block @frank")
    await plaza.telegram.say(TG_ALICE, "yes")
    assert plaza.counts() == {"post": 4, "post_like": 4, "follow": 8, "block": 2, "mute": 1,
                              "identity": 5, "person": 5}


def counters_agree(plaza: Both) -> None:
    """Every person's follow counters equal the follow rows, and nobody follows, blocks
    or mutes themselves."""
    assert plaza.query(
        "SELECT handle, follower_count, following_count FROM person p WHERE "
        "follower_count != (SELECT count(*) FROM follow WHERE followee_id = p.id) OR "
        "following_count != (SELECT count(*) FROM follow WHERE follower_id = p.id)") == []
    assert plaza.rows("follow", "follower_id = followee_id") == 0
    assert plaza.rows("block", "blocker_id = blocked_id") == 0
    assert plaza.rows("mute", "muter_id = muted_id") == 0


async def test_merging_two_active_accounts_keeping_the_askers_handle(plaza: Both) -> None:
    await two_active_accounts(plaza)
    alice, bob = plaza.person_of(TELEGRAM, TG_ALICE.id), plaza.person_of(DISCORD, DC_BOB.id)
    dave = plaza.person_of(TELEGRAM, TG_DAVE.id)
    erin, frank = plaza.person_of(DISCORD, DC_ERIN.id), plaza.person_of(DISCORD, DC_FRANK.id)
    created = plaza.query("SELECT created_at FROM person WHERE id = :id", id=alice)

    code = await telegram_code(plaza)
    [question] = await plaza.discord.say(DC_BOB, f"link {code}")
    assert question.content.startswith(
        "Here you already are @bob (2 posts, 3 following, 3 followers, 2 likes, blocks or "
        "mutes). Linking to @alice makes one account of the two")
    assert [[label for label, _ in row] for row in question.components] == \
        [["Keep @alice", "Keep @bob"], ["Cancel"]]
    before = plaza.counts()  # nothing moves before the answer
    assert before["person"] == 5 and plaza.person_of(DISCORD, DC_BOB.id) == bob

    [merged] = await plaza.discord.press(DC_BOB, question, button(question, "Keep @alice"))
    assert merged.content.startswith("Done: one account, @alice, on Discord and Telegram.")
    assert "2 posts" in merged.content and "@bob is free again." in merged.content
    assert plaza.person_of(DISCORD, DC_BOB.id) == alice
    assert plaza.handle_of(bob) is None and plaza.handle_of(alice) == "alice"

    assert plaza.counts() == {
        "post": 4,       # all kept: bob's two are alice's now
        "post_like": 3,  # both liked #2: one like left
        "follow": 4,     # alice<->bob gone both ways; dave->alice+bob and alice+bob->dave one
        "block": 1,      # both blocked frank: one block
        "mute": 1,       # bob's mute of dave is alice's
        "identity": 5,   # every account still reaches someone
        "person": 4,     # bob's account is no more
    }
    assert sorted(plaza.query("SELECT author_id, count(*) FROM post GROUP BY author_id")) == \
        sorted([(alice, 3), (dave, 1)])
    assert sorted(plaza.query("SELECT follower_id, followee_id FROM follow")) == sorted(
        [(alice, dave), (alice, erin), (erin, alice), (dave, alice)])
    assert plaza.query("SELECT blocker_id, blocked_id FROM block") == [(alice, frank)]
    assert plaza.query("SELECT muter_id, muted_id FROM mute") == [(alice, dave)]
    assert sorted(plaza.query("SELECT person_id, post_id FROM post_like")) == \
        [(alice, 1), (alice, 2), (alice, 3)]
    assert plaza.rows("identity", "person_id = :bob", bob=bob) == 0
    counters_agree(plaza)
    assert plaza.query("SELECT created_at FROM person WHERE id = :id", id=alice) == created

    [where] = await plaza.discord.say(DC_BOB, "where am I linked?")
    assert where.content.startswith("@alice is linked on:")
    assert "Telegram" in where.content and "Discord" in where.content
    no_raw_ids(where.content, TG_ALICE.id, DC_BOB.id)

    # The handle bob is free at once: a newcomer whose Telegram username is bob gets it.
    hello, _ = await plaza.telegram.say(TG_NEWBOB, "/start", expect=2)
    assert hello.text.startswith("Hi Bob!")
    newbob = plaza.person_of(TELEGRAM, TG_NEWBOB.id)
    assert newbob not in (None, alice) and plaza.handle_of(newbob) == "bob"


async def test_merging_by_typing_the_handle_to_keep(plaza: Both) -> None:
    await plaza.telegram.say(TG_ALICE, "/start", expect=2)
    await plaza.telegram.say(TG_ALICE, "post: alice was here first")
    await plaza.discord.join(DC_BOB)
    [zone] = await plaza.discord.say(DC_BOB, "9am Europe/Paris")  # his digest settings
    assert "Europe/Paris" in zone.content
    await plaza.discord.say(DC_BOB, "post: bob's words")
    await plaza.discord.say(DC_BOB, "follow @alice")
    alice, bob = plaza.person_of(TELEGRAM, TG_ALICE.id), plaza.person_of(DISCORD, DC_BOB.id)
    [(alice_created,)] = plaza.query("SELECT created_at FROM person WHERE id = :id", id=alice)
    [(bob_created,)] = plaza.query("SELECT created_at FROM person WHERE id = :id", id=bob)
    assert alice_created < bob_created

    code = await telegram_code(plaza)
    [question] = await plaza.discord.say(DC_BOB, f"link {code}")
    assert question.content.startswith("Here you already are @bob (1 post, 1 following")
    [merged] = await plaza.discord.say(DC_BOB, "keep bob")
    assert merged.content.startswith("Done: one account, @bob")
    assert "@alice is free again." in merged.content

    assert plaza.person_of(TELEGRAM, TG_ALICE.id) == bob == plaza.person_of(DISCORD, DC_BOB.id)
    assert plaza.handle_of(alice) is None and plaza.handle_of(bob) == "bob"
    assert plaza.counts() == {"post": 2, "post_like": 0, "follow": 0, "block": 0, "mute": 0,
                              "identity": 2, "person": 1}
    [(created, timezone)] = plaza.query("SELECT created_at, timezone FROM person")
    assert created == alice_created  # the earlier of the two
    assert timezone == "Europe/Paris"  # the kept account's settings
    counters_agree(plaza)

    [where] = await plaza.telegram.say(TG_ALICE, "where am I linked?")  # alice's Telegram
    assert where.text.startswith("@bob is linked on:")
    # @alice is free: Alice's Discord account, new here, takes it without being asked.
    hello, _ = await plaza.discord.join(DC_ALICE)
    assert hello.content.startswith("Hi Alice!")
    assert plaza.handle_of(plaza.person_of(DISCORD, DC_ALICE.id)) == "alice"


async def test_cancelling_the_merge_changes_nothing_and_gives_the_code_back(
        plaza: Both) -> None:
    await plaza.telegram.say(TG_ALICE, "/start", expect=2)
    await plaza.telegram.say(TG_ALICE, "post: mine")
    await plaza.discord.join(DC_BOB)
    await plaza.discord.say(DC_BOB, "post: his")
    await plaza.discord.say(DC_BOB, "follow @alice")
    before = plaza.counts()
    owners = plaza.query("SELECT platform, external_id, person_id FROM identity ORDER BY id")

    code = await telegram_code(plaza)
    await plaza.discord.say(DC_BOB, f"link {code}")
    [cancelled] = await plaza.discord.say(DC_BOB, "cancel")
    assert cancelled.content == ("OK, nothing was merged. The code still works until it "
                                 "expires, if you change your mind.")
    assert plaza.counts() == before
    assert plaza.query("SELECT platform, external_id, person_id FROM identity ORDER BY id") \
        == owners
    [again] = await plaza.discord.say(DC_BOB, f"link {code}")  # the same question again
    assert again.content.startswith("Here you already are @bob")
    await plaza.discord.say(DC_BOB, "never mind")
    assert plaza.counts() == before

    # The buttons' Cancel does the same; a Keep pressed afterwards does nothing.
    code = await telegram_code(plaza)
    [question] = await plaza.discord.say(DC_BOB, f"link {code}")
    [cancelled] = await plaza.discord.press(DC_BOB, question, button(question, "Cancel"))
    assert cancelled.content.startswith("OK, nothing was merged.")
    [stale] = await plaza.discord.press(DC_BOB, question, button(question, "Keep @alice"))
    assert stale.content == "That button has expired. Ask me again."
    assert plaza.counts() == before


async def test_a_merge_question_left_unanswered_expires(plaza: Both) -> None:
    await plaza.telegram.say(TG_ALICE, "/start", expect=2)
    await plaza.discord.join(DC_BOB)
    await plaza.discord.say(DC_BOB, "post: his")
    before = plaza.counts()
    code = await telegram_code(plaza)
    [question] = await plaza.discord.say(DC_BOB, f"link {code}")
    plaza.clock.advance(timedelta(minutes=6))  # the question lives five
    [late] = await plaza.discord.press(DC_BOB, question, button(question, "Keep @alice"))
    assert late.content == ("That question has expired, and nothing was merged. Send the code "
                            "again if it still works, or ask for a new one with “link”.")
    assert plaza.counts() == before
    [again] = await plaza.discord.say(DC_BOB, f"link {code}")  # given back: 6 of its 10 minutes
    assert again.content.startswith("Here you already are @bob")


async def test_an_account_with_nothing_in_it_joins_at_once(plaza: Both) -> None:
    await plaza.telegram.say(TG_ALICE, "/start", expect=2)
    await plaza.discord.join(DC_BOB)  # said hello, and nothing else
    code = await telegram_code(plaza)
    [done] = await plaza.discord.say(DC_BOB, f"link {code}")  # no question: nothing to lose
    assert done.content.startswith("Done: one account, @alice, on Discord and Telegram.")
    assert "@bob is free again." in done.content
    alice = plaza.person_of(TELEGRAM, TG_ALICE.id)
    assert plaza.person_of(DISCORD, DC_BOB.id) == alice
    assert plaza.counts(["person", "identity"]) == {"person": 1, "identity": 2}


@pytest.mark.parametrize("served", ["absorbed", "both"])
async def test_one_digest_a_day_still_after_a_merge(plaza: Both, served: str) -> None:
    """Today's digest went to Bob's account (or to both): once merged, not again today."""
    await plaza.telegram.say(TG_ALICE, "/start", expect=2)
    await plaza.discord.join(DC_BOB)
    await plaza.discord.say(DC_BOB, "post: his")
    alice, bob = plaza.person_of(TELEGRAM, TG_ALICE.id), plaza.person_of(DISCORD, DC_BOB.id)
    plaza.make_due(*([bob] if served == "absorbed" else [alice, bob]))
    assert (await plaza.tick())["sent"] == (1 if served == "absorbed" else 2)

    code = await telegram_code(plaza)
    [question] = await plaza.discord.say(DC_BOB, f"link {code}")
    [merged] = await plaza.discord.press(DC_BOB, question, button(question, "Keep @alice"))
    assert merged.content.startswith("Done: one account, @alice")
    assert plaza.deliveries() == [(alice, "sent", "telegram" if served == "both"
                                   else "discord")]
    telegram, discord = (plaza.telegram.texts(TG_ALICE.id),
                         plaza.discord.contents(plaza.discord.dm_of(DC_BOB)))
    plaza.make_due(alice)
    assert (await plaza.tick())["sent"] == 0
    assert plaza.telegram.texts(TG_ALICE.id) == telegram
    assert plaza.discord.contents(plaza.discord.dm_of(DC_BOB)) == discord
    assert len(plaza.deliveries()) == 1


# -- the codes' faults -------------------------------------------------------------------


async def test_a_wrong_code_says_so_and_counts_down(plaza: Both) -> None:
    await plaza.telegram.say(TG_ALICE, "/start", expect=2)
    await telegram_code(plaza)
    [wrong] = await plaza.discord.say(DC_ALICE, "link 7KQ-4MX-P2Z")  # nobody was given it
    assert wrong.content == WRONG.format(left=4)
    [wrong] = await plaza.discord.say(DC_ALICE, "link 7KQ 4MX P2Y")
    assert wrong.content == WRONG.format(left=3)
    assert plaza.person_of(DISCORD, DC_ALICE.id) is None
    assert plaza.counts(["person", "identity", "link_failure"]) == \
        {"person": 1, "identity": 1, "link_failure": 2}


async def test_an_expired_code_says_so_and_a_fresh_one_works(plaza: Both) -> None:
    await plaza.telegram.say(TG_ALICE, "/start", expect=2)
    code = await telegram_code(plaza)
    plaza.clock.advance(timedelta(minutes=10, seconds=30))
    [expired] = await plaza.discord.say(DC_ALICE, f"link {code}")
    assert expired.content == EXPIRED
    assert plaza.person_of(DISCORD, DC_ALICE.id) is None

    code = await telegram_code(plaza)
    plaza.clock.advance(timedelta(minutes=9))  # still within its ten minutes
    [done] = await plaza.discord.say(DC_ALICE, f"link {code}")
    assert done.content.startswith(LINKED.format(handle="alice"))


async def test_only_the_newest_code_works(plaza: Both) -> None:
    await plaza.telegram.say(TG_ALICE, "/start", expect=2)
    first = await telegram_code(plaza)
    await telegram_code(plaza)
    [older] = await plaza.discord.say(DC_ALICE, f"link {first}")
    # storage.linking.redeem: `code_expired` for one "replaced by a newer one".
    assert older.content == EXPIRED
    assert plaza.person_of(DISCORD, DC_ALICE.id) is None
    assert plaza.rows("link_failure") == 0  # Alice's own older code is no guess


async def test_a_used_code_does_not_link_a_second_account(plaza: Both) -> None:
    await alice_on_both(plaza)
    [code] = plaza.query("SELECT id FROM link_code")
    await plaza.discord.join(DC_CAROL)
    carol = plaza.person_of(DISCORD, DC_CAROL.id)
    # The same code again, by someone else: the one Alice typed, read back from her DM.
    typed = code_of(plaza.telegram.texts(TG_ALICE.id)[-1])
    [used] = await plaza.discord.slash(DC_CAROL, "link", {"code": typed})
    assert used.content == USED
    assert plaza.person_of(DISCORD, DC_CAROL.id) == carol != plaza.person_of(TELEGRAM,
                                                                               TG_ALICE.id)
    assert plaza.query("SELECT id FROM link_code") == [code]
    [(by,)] = plaza.query("SELECT claimed_external_id FROM link_code")
    assert by == str(DC_ALICE.id)


async def test_five_wrong_codes_pause_even_the_right_one(plaza: Both) -> None:
    await plaza.telegram.say(TG_ALICE, "/start", expect=2)
    for left, typed in zip([4, 3, 2, 1, 0], ["7KQ-4MX-P20", "7KQ-4MX-P21", "7KQ-4MX-P22",
                                             "7KQ-4MX-P23", "7KQ-4MX-P24"], strict=True):
        [wrong] = await plaza.discord.say(DC_ALICE, f"link {typed}")
        assert wrong.content == (WRONG.format(left=left) if left else LAST_TRY)
    code = await telegram_code(plaza)
    [paused] = await plaza.discord.say(DC_ALICE, f"link {code}")
    assert paused.content.startswith("Too many wrong codes: try again after ")
    assert plaza.person_of(DISCORD, DC_ALICE.id) is None
    [(claimed,)] = plaza.query("SELECT claimed_at FROM link_code")
    assert claimed is None  # a paused try spends nothing: the code still works elsewhere

    # The pause is Alice's Discord account's, not anyone else's.
    [done] = await plaza.discord.say(DC_CAROL, f"link {code}")
    assert done.content.startswith(LINKED.format(handle="alice"))


async def test_a_code_typed_in_a_server_channel_is_spent(plaza: Both) -> None:
    await plaza.telegram.say(TG_ALICE, "/start", expect=2)
    code = await telegram_code(plaza)
    [there] = await plaza.discord.say_in(GENERAL, DC_ALICE, f"link {code}")
    assert there.content == IN_GROUP
    assert plaza.person_of(DISCORD, DC_ALICE.id) is None
    [used] = await plaza.discord.say(DC_ALICE, f"link {code}")  # too late, even privately
    assert used.content == USED
    assert plaza.person_of(DISCORD, DC_ALICE.id) is None

    # The same for someone with an account of her own on Discord: nothing is asked.
    await plaza.discord.join(DC_CAROL)
    code = await telegram_code(plaza)
    [there] = await plaza.discord.say_in(GENERAL, DC_CAROL, f"link {code}")
    assert there.content == IN_GROUP
    assert plaza.counts(["person", "identity"]) == {"person": 2, "identity": 2}


async def test_a_code_typed_by_the_askers_own_account_does_nothing(plaza: Both) -> None:
    await plaza.telegram.say(TG_ALICE, "/start", expect=2)
    code = await telegram_code(plaza)
    [mine] = await plaza.telegram.say(TG_ALICE, f"link {code}")
    assert mine.text == YOURS
    assert plaza.counts(["person", "identity"]) == {"person": 1, "identity": 1}

    # A slip, not a leak: the same code still links her Discord account. Typed on it
    # again, linked already, there is nothing to do either.
    [done] = await plaza.discord.say(DC_ALICE, f"link {code}")
    assert done.content.startswith(LINKED.format(handle="alice"))
    code = await telegram_code(plaza)
    [again] = await plaza.discord.say(DC_ALICE, f"link {code}")
    assert again.content == YOURS
    assert plaza.counts(["person", "identity"]) == {"person": 1, "identity": 2}


# -- unlinking ---------------------------------------------------------------------------


async def test_unlinking_discord_makes_it_a_newcomer_and_the_last_one_stays(
        plaza: Both) -> None:
    alice = await alice_on_both(plaza)
    await plaza.discord.say(DC_ALICE, "post: from discord")
    [chosen] = await plaza.telegram.say(TG_ALICE, "send my digest on discord")
    assert chosen.text.startswith("Your digest will go to Discord first")
    assert plaza.states_of(DISCORD, DC_ALICE.id) != []

    [ask] = await plaza.telegram.say(TG_ALICE, "unlink discord")
    assert ask.text.startswith("Unlink Discord from your account? Writing to me there would "
                               "then start a new account.")
    assert plaza.person_of(DISCORD, DC_ALICE.id) == alice  # nothing before the yes
    [gone] = await plaza.telegram.press(TG_ALICE, ask, ask.data()[0])
    assert gone.text == ("@alice is no longer linked on Discord. Writing to me there again "
                         "starts a new account.")
    assert plaza.person_of(DISCORD, DC_ALICE.id) is None
    assert plaza.states_of(DISCORD, DC_ALICE.id) == []
    assert plaza.query("SELECT digest_platform FROM person WHERE id = :id", id=alice) == \
        [(None,)]
    assert plaza.rows("post", "author_id = :id", id=alice) == 1  # her post stays hers

    # Her Discord account is new to Plaza again; @alice is taken, by her Telegram.
    [ask] = await plaza.discord.say(DC_ALICE, "hi")
    assert ask.content.startswith(PICK_A_HANDLE)
    assert plaza.person_of(DISCORD, DC_ALICE.id) is None

    [refused] = await plaza.telegram.say(TG_ALICE, "unlink telegram")
    assert refused.text.startswith("I can reach your account only on Telegram, so I can't "
                                   "unlink it.")
    assert plaza.person_of(TELEGRAM, TG_ALICE.id) == alice
    [absent] = await plaza.telegram.say(TG_ALICE, "unlink discord")
    assert absent.text.startswith("No Discord account is linked to yours.")


# -- the one daily digest ----------------------------------------------------------------


def sent_to(plaza: Both) -> tuple[list[str], list[str]]:
    """What Alice read so far: (on Telegram, on Discord)."""
    return (plaza.telegram.texts(TG_ALICE.id),
            plaza.discord.contents(plaza.discord.dm_of(DC_ALICE)))


async def test_one_digest_a_day_goes_to_the_platform_used_last(plaza: Both) -> None:
    alice = await alice_on_both(plaza)
    plaza.used_long_ago()
    await plaza.discord.say(DC_ALICE, "hello")  # Discord, used last
    telegram, discord = sent_to(plaza)
    plaza.make_due(alice)
    tally = await plaza.tick()
    assert (tally["sent"], tally["unreachable"]) == (1, 0)
    assert sent_to(plaza) == (telegram, [*discord, EMPTY_DIGEST])
    assert plaza.deliveries() == [(alice, "sent", "discord")]

    plaza.make_due(alice)  # another worker, or a restart, the same day
    again = await plaza.tick()
    assert again["sent"] == 0 and sent_to(plaza) == (telegram, [*discord, EMPTY_DIGEST])
    assert len(plaza.deliveries()) == 1

    plaza.used_long_ago()
    await plaza.telegram.say(TG_ALICE, "hello")  # now Telegram
    telegram, discord = sent_to(plaza)
    plaza.make_due(alice)
    tally = await plaza.tick(days_later=1)
    assert tally["sent"] == 1
    assert sent_to(plaza) == ([*telegram, EMPTY_DIGEST], discord)
    assert plaza.deliveries() == [(alice, "sent", "discord"), (alice, "sent", "telegram")]


async def test_the_digest_goes_where_she_chose(plaza: Both) -> None:
    alice = await alice_on_both(plaza)
    plaza.used_long_ago()
    await plaza.telegram.say(TG_ALICE, "hello")
    plaza.make_due(alice)
    assert (await plaza.tick())["sent"] == 1
    assert plaza.deliveries() == [(alice, "sent", "telegram")]  # used last, by default

    [chosen] = await plaza.telegram.say(TG_ALICE, "send my digest on discord")
    assert chosen.text == ("Your digest will go to Discord first, and to your other "
                           "platforms when Discord can't reach you.")
    [where] = await plaza.telegram.say(TG_ALICE, "where am I linked?")
    [discord_line] = [line for line in where.text.split("\n") if "Discord" in line
                      and line.startswith("•")]
    assert discord_line.endswith("(your digest goes here first)")
    telegram, discord = sent_to(plaza)
    plaza.make_due(alice)
    assert (await plaza.tick(days_later=1))["sent"] == 1  # Telegram still used last
    assert sent_to(plaza) == (telegram, [*discord, EMPTY_DIGEST])
    assert plaza.deliveries() == [(alice, "sent", "telegram"), (alice, "sent", "discord")]


async def test_closed_discord_dms_fall_back_to_telegram_in_the_same_tick(plaza: Both) -> None:
    alice = await alice_on_both(plaza)
    await plaza.telegram.say(TG_ALICE, "send my digest on discord")
    plaza.discord.server.unreachable.add(DC_ALICE.id)  # 403, code 50007
    telegram, discord = sent_to(plaza)
    plaza.make_due(alice)
    tally = await plaza.tick()
    assert (tally["sent"], tally["unreachable"], tally["later"]) == (1, 0, 0)
    assert sent_to(plaza) == ([*telegram, EMPTY_DIGEST], discord)
    assert plaza.unreachable(DISCORD, DC_ALICE.id)
    assert not plaza.unreachable(TELEGRAM, TG_ALICE.id)
    assert plaza.deliveries() == [(alice, "sent", "telegram")]

    [where] = await plaza.telegram.say(TG_ALICE, "where am I linked?")
    [discord_line] = [line for line in where.text.split("\n") if line.startswith("• Discord")]
    assert "(I can't write to you there)" in discord_line

    plaza.make_due(alice)
    assert (await plaza.tick())["sent"] == 0  # one a day, whichever platform took it
    assert len(plaza.deliveries()) == 1


async def test_a_blocked_telegram_falls_back_to_discord(plaza: Both) -> None:
    alice = await alice_on_both(plaza)
    plaza.used_long_ago()
    await plaza.telegram.say(TG_ALICE, "hello")  # Telegram, used last
    plaza.telegram.server.block(TG_ALICE)  # then she blocks the bot there: 403
    telegram, discord = sent_to(plaza)
    plaza.make_due(alice)
    tally = await plaza.tick()
    assert (tally["sent"], tally["unreachable"]) == (1, 0)
    assert sent_to(plaza) == (telegram, [*discord, EMPTY_DIGEST])
    assert plaza.unreachable(TELEGRAM, TG_ALICE.id)
    assert plaza.deliveries() == [(alice, "sent", "discord")]

    # The next day Discord is closed too: nowhere to go, said once, still one key a day.
    plaza.discord.server.unreachable.add(DC_ALICE.id)
    plaza.make_due(alice)
    tally = await plaza.tick(days_later=1)
    assert (tally["sent"], tally["unreachable"]) == (0, 1)
    assert plaza.unreachable(DISCORD, DC_ALICE.id)
    assert plaza.deliveries() == [(alice, "sent", "discord"), (alice, "unreachable", None)]
    assert sent_to(plaza) == (telegram, [*discord, EMPTY_DIGEST])


# -- export and deletion -------------------------------------------------------------------


def accounts(export: dict[str, Any]) -> list[tuple[str, str]]:
    """The (platform, external id) of every identity an export lists."""
    return sorted((i["platform"], i["external_id"]) for i in export["identities"])


async def test_export_lists_every_identity_and_the_digest_platform(plaza: Both) -> None:
    await alice_on_both(plaza)
    await plaza.telegram.say(TG_ALICE, "send my digest on discord")
    said, document = await plaza.discord.slash(DC_ALICE, "export", expect=2)
    assert said.content == "Here is everything you gave Plaza, as JSON."
    export = exported(document.files)
    assert accounts(export) == [("discord", str(DC_ALICE.id)), ("telegram", str(TG_ALICE.id))]
    assert export["settings"].get("digest_platform") == "discord"
    assert all(identity["reachable"] for identity in export["identities"])


async def test_export_on_telegram_lists_both_identities(plaza: Both) -> None:
    await alice_on_both(plaza)
    said, document = await plaza.telegram.say(TG_ALICE, "export my data", expect=2)
    assert said.text == "Here is everything you gave Plaza, as JSON."
    assert document.document is not None
    export = exported([document.document])
    assert export["profile"]["handle"] == "alice"
    assert export["settings"]["digest_platform"] is None  # the platform used last
    assert accounts(export) == [("discord", str(DC_ALICE.id)), ("telegram", str(TG_ALICE.id))]


async def test_deleting_the_account_removes_every_identity_and_chat_state(plaza: Both) -> None:
    await alice_on_both(plaza)
    await plaza.discord.say(DC_ALICE, "post: from discord")
    await plaza.telegram.say(TG_ALICE, "where am I linked?")
    assert plaza.states_of(TELEGRAM, TG_ALICE.id) and plaza.states_of(DISCORD, DC_ALICE.id)

    await plaza.telegram.say(TG_ALICE, "delete my account")
    [deleted] = await plaza.telegram.say(TG_ALICE, "yes")
    assert deleted.text.startswith("Your account and everything in it are gone.")
    assert plaza.counts(["person", "identity", "post"]) == \
        {"person": 0, "identity": 0, "post": 0}
    assert plaza.states_of(DISCORD, DC_ALICE.id) == []
    # The chat she deleted from keeps a fresh state for its next turn: only the goodbye.
    for data in plaza.states_of(TELEGRAM, TG_ALICE.id):
        state = json.loads(data)
        assert state["turns"] == [["plaza", deleted.text]] and state["pending"] is None

    # Both accounts are new to Plaza again (and @alice is held for a while).
    [asked] = await plaza.telegram.say(TG_ALICE, "/start")
    assert asked.text.startswith(PICK_A_HANDLE)
    [ask] = await plaza.discord.say(DC_ALICE, "hi")
    assert ask.content.startswith(PICK_A_HANDLE)
    assert plaza.counts(["person", "identity"]) == {"person": 0, "identity": 0}
