"""Notifications pushed as they happen, through the fake Discord (issue 17): each kind in
the reader's DM with its buttons, once; a muted person's reply never pings."""

from __future__ import annotations

from tests.adapters.discord.discord_support import ALICE, BOB, Plaza
from tests.fakes.discord_people import Sent, User


async def pushed(plaza: Plaza, user: User) -> Sent:
    channel = plaza.dm_of(user)
    before = len(plaza.server.sent[channel])
    assert await plaza.notifications() == 1
    [sent] = await plaza.received(channel, before, 1)
    return sent


async def test_each_kind_reaches_the_dm_with_its_buttons_once(
    plaza_on_each_database: Plaza,
) -> None:
    plaza = plaza_on_each_database
    await plaza.join(ALICE)
    await plaza.say(ALICE, "post: **bold** claims")
    await plaza.join(BOB)
    await plaza.say(BOB, "follow @alice")
    followed = await pushed(plaza, ALICE)
    assert followed.content == "+ @bob followed you."
    assert followed.components == [[("+ @bob", "plaza:follow:bob")]]
    await plaza.say(BOB, "/reply 1 bold indeed")
    replied = await pushed(plaza, ALICE)
    assert replied.content == "↩ @bob replied to you in #2: “bold indeed”"
    assert [custom_id for row in replied.components for _, custom_id in row] == [
        "plaza:reply:2", "plaza:like:2", "plaza:open:2"]
    [opened] = await plaza.press(ALICE, replied, "plaza:open:2")
    assert "bold indeed" in opened.content
    await plaza.say(ALICE, "post: thanks @bob")
    mentioned = await pushed(plaza, BOB)
    assert mentioned.content == "@alice mentioned you in #3: “thanks @bob”"
    await plaza.say(BOB, "/like 1")
    liked = await pushed(plaza, ALICE)
    assert liked.content == "♥ @bob liked your post #1."
    assert await plaza.notifications() == 0
    await plaza.say(ALICE, "mute @bob")
    await plaza.say(BOB, "/reply 1 still here")
    assert await plaza.notifications() == 0  # muted: never pinged
