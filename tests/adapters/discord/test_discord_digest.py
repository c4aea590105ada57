"""Digests reach Discord people by DM, through the same scheduler as Telegram's, once."""

from __future__ import annotations

from tests.adapters.discord.discord_support import ALICE, BOB, Plaza, settle


async def test_a_discord_person_gets_their_digest_by_dm_once(
        plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.join(ALICE)
    await plaza.join(BOB)
    await plaza.say(BOB, "follow @alice")
    await plaza.say(ALICE, "post: the digest should carry this")
    before = len(plaza.server.sent[plaza.dm_of(BOB)])
    ended = await plaza.digests(BOB)
    assert ended["sent"] == 1
    [digest] = await plaza.received(plaza.dm_of(BOB), before, 1)
    assert "the digest should carry this" in digest.content
    assert any(custom.startswith("plaza:like:") for custom in digest.custom_ids())
    again = await plaza.tick()  # a second worker's tick, or a restart, the same day
    await settle()
    assert again["sent"] == 0 and len(plaza.server.sent[plaza.dm_of(BOB)]) == before + 1


async def test_a_post_listed_twice_in_a_digest_gets_its_buttons_once(plaza: Plaza) -> None:
    await plaza.join(ALICE)
    await plaza.join(BOB)
    await plaza.say(BOB, "follow @alice")
    await plaza.say(ALICE, "post: hey @bob look at this")  # by someone he follows, and his
    before = len(plaza.server.sent[plaza.dm_of(BOB)])          # mention: two sections
    assert (await plaza.digests(BOB))["sent"] == 1
    [digest] = await plaza.received(plaza.dm_of(BOB), before, 1)
    assert digest.content.count("#1\nhey @bob look at this") == 2  # both sections
    assert digest.custom_ids() == ["plaza:like:1", "plaza:reply:1"]  # Discord refuses repeats
