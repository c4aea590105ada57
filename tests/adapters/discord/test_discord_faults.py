"""Discord's failures on the way out, scripted on the fake and met by the real discord.py:
a closed DM (50007, 403), server errors, a dropped connection, rate limits. Nothing is
lost, nothing doubled, nothing retried that Discord said no to, and the loop goes on."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from bot.errors import DeliveryError, Unreachable
from bot.messages import Attachment, Reply
from tests.adapters.discord.discord_support import ALICE, BOB, JAZZ, ROOMY, Plaza
from tests.fakes.discord_server import FakeDiscord, User

MESSAGES = "/channels/{channel_id}/messages"  # the route template the fake records
CANNOT_DM = 50007
HELLO = "Hi Alice! What's up?"


def sends(plaza: Plaza) -> int:
    """Requests to send a message so far, answered or refused."""
    return sum(1 for _, method, route in plaza.server.requests
               if (method, route) == ("POST", MESSAGES))



def unreachable(plaza: Plaza, user: User) -> bool:
    identity = plaza.identity(user)
    assert identity is not None, f"{user.username} has not written yet"
    return identity.unreachable


def dm_path(plaza: Plaza, user: User) -> str:
    """The path of `user`'s DM channel's messages, for a fault aimed at them alone."""
    return f"^/channels/{plaza.dm_of(user)}/messages$"


@pytest.fixture
async def discord_server() -> AsyncIterator[FakeDiscord]:
    """The fake with room for retries in a channel's bucket: discord.py counts a request
    that got no answer against the bucket (it cannot know better), so with Discord's 5
    messages in 5 s a channel's fifth retry would wait out the bucket's 5 s."""
    async with FakeDiscord(guilds=[JAZZ], buckets=ROOMY) as fake:
        yield fake



async def test_50007_on_a_reply_marks_her_unreachable_once_until_she_writes(
        plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.join(ALICE)
    plaza.server.unreachable.add(ALICE.id)  # she closed her DMs
    before = sends(plaza)
    plaza.server.dm(ALICE, "post: into the void")
    await plaza.server.wait_until(lambda: unreachable(plaza, ALICE))
    assert sends(plaza) == before + 1  # Discord said 50007 once, and was not asked again
    assert plaza.rows("post") == 1  # what she said was done; only the answer was lost
    with pytest.raises(Unreachable):  # a digest now stops here, without asking Discord
        await plaza.adapter.send(str(ALICE.id), Reply("Your digest"))
    assert sends(plaza) == before + 1

    bonjour, _ = await plaza.join(BOB, "salut")  # nobody else is held up
    assert bonjour.content.startswith("Bonjour Bob !")
    assert not unreachable(plaza, BOB)

    plaza.server.unreachable.discard(ALICE.id)
    [hello] = await plaza.say(ALICE, "hello")  # writing again brings her back
    assert hello.content == HELLO
    assert not unreachable(plaza, ALICE)
    await plaza.adapter.send(str(ALICE.id), Reply("Your digest"))
    assert plaza.contents(plaza.dm_of(ALICE))[-1] == "Your digest"


async def test_a_403_on_a_digest_marks_her_unreachable_and_is_not_retried(
        alice: Plaza) -> None:
    fault = alice.server.fail_next("POST", dm_path(alice, ALICE), 403, 50013, times=5)
    tally = await alice.digests(ALICE)
    assert tally["unreachable"] == 1 and tally["sent"] == 0
    assert len(fault.struck) == 1  # one request: a 403 is an answer, not a hiccup
    assert unreachable(alice, ALICE)


@pytest.mark.parametrize("status", [0, 503], ids=["hang-up", "503"])
async def test_network_errors_and_unretried_5xx_are_retried_by_plaza_and_arrive_once(
        alice: Plaza, status: int) -> None:
    """discord.py retries neither a connection dropped unanswered nor a 503 itself."""
    fault = alice.server.fail_next("POST", dm_path(alice, ALICE), status, times=2)
    before = sends(alice)
    [posted] = await alice.say(ALICE, "post: third time lucky")
    assert posted.content == "Posted! It's #1."
    assert len(fault.struck) == 2 and sends(alice) == before + 3
    [hello] = await alice.say(ALICE, "hello")
    assert hello.content == HELLO
    assert alice.contents(alice.dm_of(ALICE)).count("Posted! It's #1.") == 1


async def test_a_follow_up_that_hangs_up_is_retried_and_arrives_once(alice: Plaza) -> None:
    """An interaction's answers (follow-ups, through its webhook) are retried the same way."""
    fault = alice.server.fail_next("POST", "^/webhooks/", 0, times=2)
    [posted] = await alice.slash(ALICE, "post", {"text": "hung up twice"})
    assert posted.content == "Posted! It's #1." and posted.interaction_id is not None
    assert len(fault.struck) == 2
    [hello] = await alice.say(ALICE, "hello")
    assert hello.content == HELLO
    assert [s.interaction_id for s in alice.server.sent[alice.dm_of(ALICE)]].count(
        posted.interaction_id) == 1


async def test_a_file_is_sent_whole_after_a_hang_up(alice: Plaza) -> None:
    """Each try reads the file from its start: a retry never uploads it empty."""
    fault = alice.server.fail_next("POST", dm_path(alice, ALICE), 0)
    export = Attachment("plaza-export.json", b'{"posts": []}' * 100)
    await alice.adapter.send(str(ALICE.id), Reply("", attachment=export))
    assert len(fault.struck) == 1
    assert alice.server.sent[alice.dm_of(ALICE)][-1].files == [
        (export.filename, export.content)]


async def test_one_500_is_retried_by_discord_py_and_arrives_once(alice: Plaza) -> None:
    """discord.py retries a 500 itself, after a second: the one slow test here."""
    fault = alice.server.fail_next("POST", dm_path(alice, ALICE), 500)
    [posted] = await alice.say(ALICE, "post: patience")
    assert posted.content == "Posted! It's #1."
    assert len(fault.struck) == 1
    [hello] = await alice.say(ALICE, "hello")
    assert hello.content == HELLO
    assert alice.contents(alice.dm_of(ALICE)).count("Posted! It's #1.") == 1
    assert alice.rows("post") == 1


async def test_failures_that_persist_are_logged_and_the_next_person_is_served(
        alice: Plaza, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="bot.adapters.discord")
    fault = alice.server.fail_next("POST", dm_path(alice, ALICE), 0, times=100)
    alice.server.dm(ALICE, "post: nobody hears")
    bonjour, _ = await alice.join(BOB, "salut")
    assert bonjour.content.startswith("Bonjour Bob !")
    await alice.server.wait_until(lambda: len(fault.struck) == 5)  # the first try, 4 more
    await alice.server.wait_until(lambda: "giving up after 5 tries" in caplog.text)
    with pytest.raises(DeliveryError) as failed:
        await alice.adapter.send(str(ALICE.id), Reply("Your digest"))
    assert not isinstance(failed.value, Unreachable)  # a failure, not a closed door
    assert len(fault.struck) == 10
    assert not unreachable(alice, ALICE)

    fault.times = 0  # Discord is back: she is answered as ever
    [hello] = await alice.say(ALICE, "hello")
    assert hello.content == HELLO
    assert alice.rows("post") == 1


@pytest.mark.parametrize("is_global", [False, True], ids=["route", "global"])
async def test_a_429_is_waited_out_and_nothing_is_lost_or_doubled(
        alice: Plaza, is_global: bool) -> None:
    await alice.join(BOB, "salut")
    fault = alice.server.fail_next("POST", "^/channels/[0-9]+/messages$", 429, times=2,
                                   retry_after=0.2, is_global=is_global)
    hers, his = alice.dm_of(ALICE), alice.dm_of(BOB)
    before, (her_before, his_before) = sends(alice), map(len, (alice.server.sent[hers],
                                                               alice.server.sent[his]))
    alice.server.dm(ALICE, "post: rate limited")
    alice.server.dm(BOB, "post: limité")
    [posted] = await alice.received(hers, her_before, 1)
    [publie] = await alice.received(his, his_before, 1)
    numbers = {posted.content.removeprefix("Posted! It's #"),
               publie.content.removeprefix("C'est publié ! C'est le n°")}
    assert numbers == {"1.", "2."}  # in whichever order the two turns ran
    assert len(fault.struck) == 2 and sends(alice) == before + 4  # two refused, resent
    [hello] = await alice.say(ALICE, "hello")
    assert hello.content == HELLO
    assert alice.rows("post") == 2
    assert alice.contents(hers).count(posted.content) == 1
    assert alice.contents(his).count(publie.content) == 1
