"""Notifications pushed as they happen, through the fake Telegram (issue 17): each kind,
in each person's language, with its buttons; once, whatever the restarts and workers;
quiet hours; mutes, blocks and followers-only posts respected."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from bot.digest.scheduler import DigestScheduler
from storage import network, notifications
from storage.db import session_scope
from storage.models import NotificationKind, Platform, utcnow
from tests.adapters.telegram.telegram_support import ALICE, BOB, Plaza
from tests.fakes.telegram_people import Person
from tests.fakes.telegram_server import Sent


async def started(plaza: Plaza, *people: Person) -> None:
    for person in people:
        await plaza.say(person, "/start", expect=2)
        await plaza.say(person, "8am UTC" if person.language_code == "en" else "8h UTC")


async def pushed(plaza: Plaza, person: Person, expect: int = 1,
                 clock: object = utcnow) -> list[Sent]:
    before = len(plaza.texts(person.id))
    sent = await plaza.notifications(clock)  # type: ignore[arg-type]
    assert sent >= expect
    return await plaza.received(person.id, before, expect)


async def test_each_kind_arrives_as_it_happens_in_the_readers_language_with_buttons(
    plaza_on_each_database: Plaza,
) -> None:
    plaza = plaza_on_each_database
    await started(plaza, ALICE, BOB)
    await plaza.say(ALICE, "post: Jazz tonight at the Duc")
    await plaza.say(BOB, "suis @alice")
    [followed] = await pushed(plaza, ALICE)
    assert followed.text == "+ @bob followed you."
    assert followed.data() == ["follow:bob"]
    await plaza.say(BOB, "/reply 1 j'y serai !")
    [replied] = await pushed(plaza, ALICE)
    assert replied.text == "↩ @bob replied to you in #2: “j'y serai !”"
    assert replied.data() == ["reply:2", "like:2", "open:2"]
    [opened] = await plaza.press(ALICE, replied, "open:2")
    assert "j'y serai !" in opened.text and "@bob" in opened.text
    await plaza.say(ALICE, "post: see you there @bob")
    [mentioned] = await pushed(plaza, BOB)
    assert mentioned.text == "@alice vous a mentionné (n°3) : « see you there @bob »"
    await plaza.say(BOB, "/like 1")
    [liked] = await pushed(plaza, ALICE)
    assert liked.text == "♥ @bob liked your post #1."
    assert liked.data() == ["open:1"]
    await plaza.say(BOB, "/repost 1")
    [shared] = await pushed(plaza, ALICE)
    assert shared.text == "↻ @bob reposted your post #1."
    await plaza.say(BOB, "/quote 1 le meilleur club de la ville")
    [quoted] = await pushed(plaza, ALICE)
    assert quoted.text == "❝ @bob quoted your post in #5: “le meilleur club de la ville”"
    assert quoted.data() == ["reply:5", "like:5", "open:5"]
    assert await plaza.notifications() == 0  # nothing twice


async def test_a_notification_goes_once_across_restarts_and_workers(
    plaza_on_each_database: Plaza,
) -> None:
    plaza = plaza_on_each_database
    await started(plaza, ALICE, BOB)
    await plaza.say(ALICE, "post: first")
    before = len(plaza.texts(ALICE.id))
    for n in range(1, 4):
        await plaza.say(BOB, f"/reply 1 answer {n}")
    workers = [DigestScheduler(plaza.engine, {Platform.telegram: plaza.adapter})
               for _ in range(3)]
    try:
        sent = await asyncio.gather(*(w.notifier.push() for w in workers))
    finally:
        for worker in workers:
            await worker.stop()
    assert sum(sent) >= 1
    await asyncio.sleep(0.3)  # anything sent twice would have arrived by now
    told = plaza.texts(ALICE.id)[before:]
    assert sum(text.count("answer") for text in told) == 3
    assert await plaza.notifications() == 0  # a restarted worker finds nothing left


async def test_quiet_hours_hold_notifications_and_give_them_as_one_message_at_their_end(
    plaza_on_each_database: Plaza,
) -> None:
    plaza = plaza_on_each_database
    await started(plaza, ALICE, BOB)
    now = utcnow()
    start = (now - timedelta(hours=1)).time().replace(second=0, microsecond=0, tzinfo=None)
    end = (now + timedelta(hours=1)).time().replace(second=0, microsecond=0, tzinfo=None)
    with plaza.account(ALICE) as (session, alice):
        notifications.set_quiet_hours(session, alice, start, end)
    await plaza.say(ALICE, "post: quiet evening")
    await plaza.say(BOB, "suis @alice")
    await plaza.say(BOB, "/reply 1 bonne soirée")
    before = len(plaza.texts(ALICE.id))
    assert await plaza.notifications() == 0
    assert plaza.texts(ALICE.id)[before:] == []

    def after_quiet_hours() -> datetime:
        return utcnow() + timedelta(hours=1, minutes=1)

    [together] = await pushed(plaza, ALICE, clock=after_quiet_hours)
    assert together.text == ("🔔 2 notifications:\n• + @bob followed you.\n"
                             "• ↩ @bob replied to you in #2: “bonne soirée”")
    assert together.data() == ["follow:bob", "reply:2", "like:2", "open:2"]


async def test_mutes_blocks_switches_and_followers_only_posts_are_respected(
    plaza_on_each_database: Plaza,
) -> None:
    plaza = plaza_on_each_database
    await started(plaza, ALICE, BOB)
    await plaza.say(ALICE, "post: hello")
    await plaza.say(ALICE, "mute @bob")
    await plaza.say(BOB, "/reply 1 coucou")
    assert await plaza.notifications() == 0  # a muted person's reply never pings
    await plaza.say(ALICE, "unmute @bob")
    before = len(plaza.texts(ALICE.id))
    with plaza.account(ALICE) as (session, alice):
        notifications.switch(session, alice, [NotificationKind.like], on=False)
        bob = plaza.person(BOB)
        notifications.subscribe(session, bob, "alice")
    await plaza.say(BOB, "/like 1")
    assert await plaza.notifications() == 0  # likes switched off
    assert plaza.texts(ALICE.id)[before:] == []
    with session_scope(plaza.engine) as session:
        network.post(session, plaza.person(ALICE), "followers only", visibility="followers")
    assert await plaza.notifications() == 0  # bob subscribed, but does not follow alice
    await plaza.say(BOB, "suis @alice")
    with session_scope(plaza.engine) as session:
        network.post(session, plaza.person(ALICE), "followers only again",
                     visibility="followers")
    before_bob = len(plaza.texts(BOB.id))
    await plaza.notifications()
    [told] = await plaza.received(BOB.id, before_bob, 1)
    assert told.text == "🔔 Nouveau message de @alice (n°4) : « followers only again »"
    await plaza.say(BOB, "/reply 4 merci")
    [asked] = await plaza.say(ALICE, "block @bob")
    [blocked] = await plaza.press(ALICE, asked, asked.data()[0])
    assert blocked.text.startswith("Blocked @bob."), blocked.text
    assert await plaza.notifications() == 0  # blocked since: never told
    assert not plaza.texts(ALICE.id)[-1].startswith("↩")


async def test_the_digest_does_not_tell_as_new_what_was_already_pushed(
    plaza_on_each_database: Plaza,
) -> None:
    plaza = plaza_on_each_database
    await started(plaza, ALICE, BOB)
    await plaza.say(ALICE, "post: morning all")
    await plaza.say(BOB, "suis @alice")
    await plaza.say(BOB, "/reply 1 answer pushed")
    [both] = await pushed(plaza, ALICE)
    assert "answer pushed" in both.text and "followed you" in both.text
    with plaza.account(ALICE) as (session, alice):
        notifications.switch(session, alice, [NotificationKind.reply], on=False)
    await plaza.say(BOB, "/reply 1 answer kept for the digest")
    assert await plaza.notifications() == 0  # replies switched off: skipped, not sent
    before = len(plaza.texts(ALICE.id))
    assert (await plaza.digests(ALICE))["sent"] == 1
    digest = "\n".join(plaza.texts(ALICE.id)[before:])
    assert "Replies and mentions:" in digest and "answer kept for the digest" in digest
    assert "answer pushed" not in digest
    assert "New follower" not in digest


async def test_quiet_hours_across_midnight_on_the_night_clocks_go_forward(
    plaza_on_each_database: Plaza,
) -> None:
    """Paris, 28-29 March 2027: quiet from 22:00 to 08:00 local; the night is an hour
    short, and 08:00 CEST is 06:00 UTC."""
    plaza = plaza_on_each_database
    await started(plaza, ALICE, BOB)
    with plaza.account(ALICE) as (session, alice):
        network.update_settings(session, alice, timezone="Europe/Paris")
        notifications.set_quiet_hours(session, alice, time(22), time(8))
    await plaza.say(BOB, "suis @alice")
    night = datetime(2027, 3, 28, 23, 30, tzinfo=UTC)  # 00:30 in Paris, still winter time
    with plaza.engine.begin() as connection:  # as if the follow came that night
        connection.execute(sa.text(
            "UPDATE notification SET created_at = :at, due_at = :at, expires_at = :end"),
            {"at": night.replace(tzinfo=None) if plaza.engine.dialect.name == "sqlite"
             else night, "end": (night + timedelta(hours=24)).replace(tzinfo=None)
             if plaza.engine.dialect.name == "sqlite" else night + timedelta(hours=24)})
    before = len(plaza.texts(ALICE.id))
    assert await plaza.notifications(lambda: night) == 0
    at_five_fifty_nine = datetime(2027, 3, 29, 5, 59, tzinfo=UTC)  # 07:59 CEST
    assert await plaza.notifications(lambda: at_five_fifty_nine) == 0
    assert plaza.texts(ALICE.id)[before:] == []
    [told] = await pushed(plaza, ALICE, clock=lambda: datetime(2027, 3, 29, 6, 0, tzinfo=UTC))
    assert told.text == "+ @bob followed you."


async def test_a_post_the_moderators_remove_is_told_to_its_author_once_even_suspended(
    plaza_on_each_database: Plaza,
) -> None:
    from storage.models import Report
    from storage.reports import Verb, act

    plaza = plaza_on_each_database
    await started(plaza, ALICE, BOB)
    await plaza.say(ALICE, "post: buy cheap watches now")
    await plaza.say(ALICE, "post: and this one is fine")
    await plaza.say(BOB, "report #1 spam")
    await plaza.say(BOB, "yes")
    await plaza.say(BOB, "report @alice scammer")
    await plaza.say(BOB, "yes")
    with session_scope(plaza.engine) as session:
        reports = dict(session.execute(sa.select(Report.post_id, Report.id)).all())  # type: ignore[call-overload]
        act(session, reports[1], Verb.remove)
        act(session, reports[None], Verb.suspend)  # suspended since: still told
    [told] = await pushed(plaza, ALICE)
    assert told.text == "Plaza's moderators removed your post #1 after people reported it."
    assert told.data() == []  # nothing left to open or answer
    assert await plaza.notifications() == 0  # once
    assert [t for t in plaza.texts(BOB.id) if "moderators removed" in t] == []
