"""Notifications kept until pushed (storage.notifications): one per event and recipient,
written with the event, checked again when they go, claimed once, expired rather than
sent late; quiet hours at local time; on both engines."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from storage import network, notifications
from storage.errors import InvalidInput, NotAllowed, NotFound, Reason
from storage.models import Notification, NotificationKind, NotificationStatus, Person
from storage.suspension import suspend
from storage.tables import row_id, table

note_t = table(Notification)


def waiting(session: Session, person: Person) -> list[tuple[str, str, int]]:
    """(kind, key, actor id) of `person`'s pending notifications, oldest first."""
    rows = session.execute(
        sa.select(note_t.c.kind, note_t.c.key, note_t.c.actor_id)
        .where(note_t.c.recipient_id == row_id(person),
               note_t.c.status == NotificationStatus.pending.value)
        .order_by(note_t.c.id)).all()
    return [(kind, key, actor) for kind, key, actor in rows]


def later(minutes: float = 0) -> datetime:
    return datetime.now(UTC) + timedelta(minutes=minutes)


def test_each_event_is_told_once_to_the_right_person(session: Session, person) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    first = network.post(session, alice, "first light over the bay")
    answer = network.reply(session, bob, first.id, "gorgeous, and @carol should see this")
    assert waiting(session, alice) == [("reply", f"post:{answer.id}", row_id(bob))]
    assert waiting(session, carol) == [("mention", f"post:{answer.id}", row_id(bob))]
    # a reply that also names the parent's author is one notification, the reply
    again = network.reply(session, carol, first.id, "@alice agreed")
    assert waiting(session, alice)[-1] == ("reply", f"post:{again.id}", row_id(carol))
    assert len(waiting(session, alice)) == 2
    shared = network.repost(session, carol, first.id)
    quoted = network.quote(session, bob, first.id, "this one")
    assert waiting(session, alice)[-2:] == [("repost", f"repost:{shared.id}", row_id(carol)),
                                            ("quote", f"post:{quoted.id}", row_id(bob))]
    assert network.follow(session, bob, "alice")
    assert waiting(session, alice)[-1] == ("follow", f"follow:{row_id(bob)}", row_id(bob))
    # following again after unfollowing does not ring again
    network.unfollow(session, bob, "alice")
    network.follow(session, bob, "alice")
    assert [k for k, _, _ in waiting(session, alice)].count("follow") == 1
    # one's own doings tell nobody
    mine = network.reply(session, alice, first.id, "thanks all, says @alice")
    network.like(session, alice, first.id)
    assert all(key != f"post:{mine.id}" for _, key, _ in waiting(session, alice))
    assert all(kind != "like" for kind, _, _ in waiting(session, alice))


def test_subscribers_hear_of_posts_they_may_see_and_only_once(session: Session, person) -> None:
    alice, bob, carol, dan = person("alice"), person("bob"), person("carol"), person("dan")
    for reader in (bob, carol, dan):
        assert notifications.subscribe(session, reader, "alice")
    assert not notifications.subscribe(session, bob, "alice")
    assert notifications.subscriptions(session, bob) == ["alice"]
    network.follow(session, bob, "alice")
    network.mute(session, dan, "alice")
    public = network.post(session, alice, "new album out friday, ask @carol")
    assert waiting(session, bob) == [("post", f"post:{public.id}", row_id(alice))]
    assert waiting(session, carol) == [("mention", f"post:{public.id}", row_id(alice))]
    assert waiting(session, dan) == []  # muted
    private = network.post(session, alice, "tour dates for followers", visibility="followers")
    assert waiting(session, bob)[-1] == ("post", f"post:{private.id}", row_id(alice))
    assert len(waiting(session, carol)) == 1  # carol doesn't follow alice: never told
    assert notifications.unsubscribe(session, bob, "alice")
    assert not notifications.unsubscribe(session, bob, "alice")
    network.post(session, alice, "one more")
    assert len(waiting(session, bob)) == 2


def test_asking_to_be_notified_is_refused_for_oneself_across_a_block_and_for_nobody(
        session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    with pytest.raises(NotAllowed):
        notifications.subscribe(session, alice, "alice")
    network.block(session, bob, "alice")
    with pytest.raises(NotAllowed) as refused:
        notifications.subscribe(session, alice, "bob")
    assert refused.value.reason == Reason.blocked_by  # bob blocked alice: said so
    with pytest.raises(NotAllowed) as refused:
        notifications.subscribe(session, bob, "alice")
    assert refused.value.reason == Reason.blocked
    with pytest.raises(NotFound):
        notifications.subscribe(session, alice, "nobody_here")


def test_likes_are_grouped_at_most_one_an_hour_a_post(session: Session, person) -> None:
    alice, bob, carol, dan = person("alice"), person("bob"), person("carol"), person("dan")
    first = network.post(session, alice, "sourdough attempt #4")
    network.like(session, bob, first.id)
    network.like(session, carol, first.id)
    assert waiting(session, alice) == [("like", f"like:{first.id}:0", row_id(carol))]
    assert notifications.like_count(session, first.id) == 2
    claimed = notifications.claim(session, later(), 10)
    assert [c.kind for c in claimed] == [NotificationKind.like]
    sent_at = later()
    notifications.finish(session, [c.id for c in claimed], NotificationStatus.sent, sent_at)
    network.like(session, dan, first.id)
    [due] = session.execute(sa.select(note_t.c.due_at).where(
        note_t.c.recipient_id == row_id(alice), note_t.c.status == "pending")).scalars()
    assert abs(due - (sent_at + notifications.LIKE_GAP)) < timedelta(seconds=1)
    assert notifications.claim(session, later(30), 10) == []  # not within the hour
    assert len(notifications.claim(session, later(61), 10)) == 1


def test_a_claim_holds_its_rows_until_finished_or_its_lease_ends(session: Session,
                                                                 person) -> None:
    alice, bob = person("alice"), person("bob")
    network.follow(session, bob, "alice")
    now = later()
    [first] = notifications.claim(session, now, 10)
    assert first.kind == NotificationKind.follow and first.recipient_id == row_id(alice)
    assert notifications.claim(session, now, 10) == []  # another worker finds it taken
    lease_over = now + notifications.LEASE + timedelta(seconds=1)
    [again] = notifications.claim(session, lease_over, 10)  # its worker died
    assert again.id == first.id
    assert notifications.finish(session, [again.id], NotificationStatus.sent, lease_over) == 1
    assert notifications.claim(session, lease_over + timedelta(hours=1), 10) == []


def test_what_changed_since_is_checked_when_it_goes(session: Session, person) -> None:
    alice, bob, carol, dan, erin = (person(h) for h in ("alice", "bob", "carol", "dan", "erin"))
    first = network.post(session, alice, "garden update")
    network.reply(session, bob, first.id, "lovely")  # bob will be muted
    network.reply(session, carol, first.id, "nice")  # carol will be blocked
    gone = network.reply(session, dan, first.id, "wow")  # dan deletes his reply
    network.follow(session, erin, "alice")  # erin will unfollow
    network.reply(session, erin, first.id, "so green")  # erin will be suspended... later
    claimed = notifications.claim(session, later(), 10)
    assert len(claimed) == 5
    assert notifications.deliverable(session, claimed) == {c.id for c in claimed}
    network.mute(session, alice, "bob")
    network.block(session, alice, "carol")
    network.delete_post(session, dan, gone.id)
    network.unfollow(session, erin, "alice")
    ok = notifications.deliverable(session, claimed)
    assert [c.kind for c in claimed if c.id in ok] == [NotificationKind.reply]  # erin's reply
    suspend(session, erin)
    assert notifications.deliverable(session, claimed) == set()


def test_what_nobody_could_receive_expires_and_is_never_sent_late(session: Session,
                                                                  person) -> None:
    alice, bob = person("alice"), person("bob")
    network.follow(session, bob, "alice")
    assert not notifications.any_due(session, later(-1))
    day_later = later() + notifications.LIFETIME + timedelta(minutes=1)
    assert notifications.any_due(session, day_later)
    assert notifications.claim(session, day_later, 10) == []
    assert notifications.expire(session, day_later) == 1
    [status] = session.execute(sa.select(note_t.c.status).where(
        note_t.c.recipient_id == row_id(alice))).scalars()
    assert status == NotificationStatus.expired
    assert not notifications.any_due(session, day_later)


def test_deleting_an_account_takes_its_notifications_and_subscriptions(session: Session,
                                                                       person) -> None:
    alice, bob = person("alice"), person("bob")
    notifications.subscribe(session, bob, "alice")
    network.post(session, alice, "hello")
    network.follow(session, alice, "bob")
    network.delete_account(session, bob)
    left = session.execute(sa.select(sa.func.count()).select_from(note_t)).scalar_one()
    assert left == 0  # bob's own, and the one whose actor he was
    assert notifications.subscriptions(session, alice) == []


def test_switches_turn_kinds_off_and_on(session: Session, person) -> None:
    alice = person("alice")
    off = notifications.switch(session, alice, [NotificationKind.like, NotificationKind.follow],
                               on=False)
    assert off == {NotificationKind.like, NotificationKind.follow}
    assert notifications.kinds_off(alice) == off
    assert notifications.switch(session, alice, [NotificationKind.like], on=True) == {
        NotificationKind.follow}
    session.flush()
    session.refresh(alice)
    assert notifications.kinds_off(alice) == {NotificationKind.follow}


@pytest.mark.parametrize(("zone", "start", "end", "now", "until"), [
    # across midnight, in the evening: until 8:00 the next morning, Paris winter time
    ("Europe/Paris", time(22), time(8), datetime(2026, 12, 1, 22, 30, tzinfo=UTC),
     datetime(2026, 12, 2, 7, 0, tzinfo=UTC)),
    # across midnight, after it
    ("Europe/Paris", time(22), time(8), datetime(2026, 12, 2, 3, 0, tzinfo=UTC),
     datetime(2026, 12, 2, 7, 0, tzinfo=UTC)),
    # the night clocks go forward (Paris, 29 March 2026, 2:00 -> 3:00): 8:00 is UTC 6:00
    ("Europe/Paris", time(22), time(8), datetime(2026, 3, 28, 23, 0, tzinfo=UTC),
     datetime(2026, 3, 29, 6, 0, tzinfo=UTC)),
    # an end inside the skipped hour is the first minute after it
    ("Europe/Paris", time(23), time(2, 30), datetime(2026, 3, 28, 23, 0, tzinfo=UTC),
     datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
    # the night clocks go back (New York, 1 November 2026): 7:00 EST is UTC 12:00
    ("America/New_York", time(23), time(7), datetime(2026, 11, 1, 5, 0, tzinfo=UTC),
     datetime(2026, 11, 1, 12, 0, tzinfo=UTC)),
    # within the day: 13:00-14:00 Tokyo
    ("Asia/Tokyo", time(13), time(14), datetime(2026, 12, 1, 4, 15, tzinfo=UTC),
     datetime(2026, 12, 1, 5, 0, tzinfo=UTC)),
])
def test_quiet_hours_end_at_local_time(session: Session, person, zone: str, start: time,
                                       end: time, now: datetime, until: datetime) -> None:
    alice = person("alice")
    network.update_settings(session, alice, timezone=zone)
    notifications.set_quiet_hours(session, alice, start, end)
    assert notifications.quiet_until(alice, now) == until
    assert notifications.quiet_until(alice, until) is None  # over at its end


def test_outside_quiet_hours_or_with_none_nothing_waits(session: Session, person) -> None:
    alice = person("alice")
    noon = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert notifications.quiet_until(alice, noon) is None
    notifications.set_quiet_hours(session, alice, time(22), time(8))
    assert notifications.quiet_until(alice, noon) is None
    with pytest.raises(InvalidInput):
        notifications.set_quiet_hours(session, alice, time(22), None)
    with pytest.raises(InvalidInput):
        notifications.set_quiet_hours(session, alice, time(9), time(9))
    notifications.set_quiet_hours(session, alice, None, None)
    assert notifications.quiet_until(alice, datetime(2026, 12, 1, 23, 0, tzinfo=UTC)) is None


def test_postponed_notifications_wait_for_their_time(session: Session, person) -> None:
    person("alice")
    bob = person("bob")
    network.follow(session, bob, "alice")
    now = later()
    [claimed] = notifications.claim(session, now, 10)
    notifications.postpone(session, [claimed.id], now + timedelta(hours=3))
    assert notifications.claim(session, now + timedelta(hours=2), 10) == []
    assert [c.id for c in notifications.claim(session, now + timedelta(hours=3), 10)] == [
        claimed.id]


def test_a_fan_out_never_holds_back_what_concerns_someone_directly(session: Session,
                                                                   person) -> None:
    star, fan, other = person("star"), person("fan"), person("other")
    readers = [person(f"reader{n}") for n in range(12)]
    for reader in readers:
        notifications.subscribe(session, reader, "star")
    network.post(session, star, "a post twelve people wait for")
    network.follow(session, fan, "other")  # written after the fan-out
    first = notifications.claim(session, later(), 5)
    [follow] = [c for c in first if c.kind == NotificationKind.follow]
    assert follow.recipient_id == row_id(other)
    assert sum(c.kind == NotificationKind.post for c in first) == 4


def test_a_small_accounts_post_is_not_held_behind_a_fan_out_begun_before_it(
        session: Session, person) -> None:
    star, small = person("star"), person("small")
    readers = [person(f"reader{n}") for n in range(12)]
    for reader in readers:
        notifications.subscribe(session, reader, "star")
    friend = person("friend")
    notifications.subscribe(session, friend, "small")
    big = network.post(session, star, "a post twelve people wait for")
    little = network.post(session, small, "and one person waits for this one")  # after
    taken = []
    while batch := notifications.claim(session, later(), 3):
        taken.append([(c.post_id, c.recipient_id) for c in batch])
    # each post's first subscriber in the first batch; every notification claimed once
    assert (little.id, row_id(friend)) in taken[0]
    assert (big.id, row_id(readers[0])) in taken[0]
    claimed = [pair for batch in taken for pair in batch]
    assert sorted(claimed) == sorted([(big.id, row_id(r)) for r in readers]
                                     + [(little.id, row_id(friend))])
    # within one post, oldest first
    assert [r for p, r in claimed if p == big.id] == [row_id(r) for r in readers]


def test_a_block_ends_subscriptions_both_ways(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    person("carol")
    notifications.subscribe(session, alice, "bob")
    notifications.subscribe(session, bob, "alice")
    notifications.subscribe(session, alice, "carol")
    network.block(session, bob, "alice")
    assert notifications.subscriptions(session, alice) == ["carol"]
    assert notifications.subscriptions(session, bob) == []
    network.unblock(session, bob, "alice")  # not given back: asked again if wanted
    assert notifications.subscriptions(session, alice) == ["carol"]
