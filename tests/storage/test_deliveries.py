"""Due times, claims and delivery keys, on each engine: who is due, who holds whom, and
that a key once served is never served again."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from storage import deliveries, network
from storage.db import session_scope
from storage.models import DeliveryStatus, DigestDelivery, Person, Platform

LEASE = timedelta(minutes=5)
WINTER = datetime(2026, 1, 15, 6, 0, tzinfo=UTC)  # 07:00 in Paris


def sign_up(engine: sa.Engine, handle: str, zone: str = "Europe/Paris", at: time = time(8, 0),
            platform: Platform = Platform.telegram) -> int:
    with session_scope(engine) as session:
        person = network.register(session, handle, platform=platform, external_id=handle,
                                  chat_id=f"chat-{handle}")
        network.update_settings(session, person, timezone=zone, digest_time=at)
        return person.id


def adopt(engine: sa.Engine, now: datetime) -> int:
    with session_scope(engine) as session:
        return deliveries.adopt(session, now)


def claim(engine: sa.Engine, now: datetime, token: str = "a" * 32, size: int = 50,
          platforms: tuple[str, ...] = ("telegram",)) -> list[deliveries.Claim]:
    with session_scope(engine) as session:
        return deliveries.claim(session, now, token, LEASE, size, platforms)


def finish(engine: sa.Engine, owned: deliveries.Claim, status: str, now: datetime) -> bool:
    with session_scope(engine) as session:
        return deliveries.finish(session, owned, status, now, "telegram", now)


def person(engine: sa.Engine, person_id: int) -> Person:
    with session_scope(engine) as session:
        return session.get(Person, person_id)


def test_new_people_are_adopted_at_their_next_local_time(engine: sa.Engine) -> None:
    alice = sign_up(engine, "alice")
    tokyo = sign_up(engine, "kenji", "Asia/Tokyo")
    assert person(engine, alice).digest_due_at is None
    assert adopt(engine, WINTER) == 2
    assert person(engine, alice).digest_due_at == datetime(2026, 1, 15, 7, tzinfo=UTC)
    assert person(engine, tokyo).digest_due_at == datetime(2026, 1, 15, 23, tzinfo=UTC)
    assert adopt(engine, WINTER) == 0


def test_changing_the_time_reschedules_and_other_settings_do_not(engine: sa.Engine) -> None:
    alice = sign_up(engine, "alice")
    adopt(engine, WINTER)
    with session_scope(engine) as session:
        network.update_settings(session, session.get(Person, alice), language="fr")
    assert person(engine, alice).digest_due_at is not None
    with session_scope(engine) as session:
        network.update_settings(session, session.get(Person, alice), digest_enabled=False)
    assert adopt(engine, WINTER) == 0  # off: nothing to schedule
    with session_scope(engine) as session:
        network.update_settings(session, session.get(Person, alice), digest_enabled=True)
    assert adopt(engine, WINTER) == 1


def test_only_due_people_are_claimed_and_a_claim_is_exclusive(engine: sa.Engine) -> None:
    alice, tokyo = sign_up(engine, "alice"), sign_up(engine, "kenji", "Asia/Tokyo")
    adopt(engine, WINTER)
    assert claim(engine, WINTER) == []
    now = WINTER + timedelta(hours=1)
    owned = claim(engine, now)
    assert [(c.person_id, c.day, c.attempts) for c in owned] == [(alice, date(2026, 1, 15), 1)]
    assert claim(engine, now, token="b" * 32) == []  # held by the first worker
    assert tokyo not in [c.person_id for c in owned]


def test_finishing_moves_to_the_next_day_and_the_key_is_never_served_again(
    engine: sa.Engine,
) -> None:
    alice = sign_up(engine, "alice")
    adopt(engine, WINTER)
    now = WINTER + timedelta(hours=1, minutes=1)
    (owned,) = claim(engine, now)
    assert finish(engine, owned, "sent", now)
    after = person(engine, alice)
    assert after.digest_due_at == datetime(2026, 1, 16, 7, tzinfo=UTC)
    assert after.last_digest_at == now and after.digest_claimed_until is None
    assert not finish(engine, owned, "sent", now)  # a second finish changes nothing
    # Moving the time later the same day does not bring the day back.
    with session_scope(engine) as session:
        network.update_settings(session, session.get(Person, alice), digest_time=time(20, 0))
    adopt(engine, now)
    assert person(engine, alice).digest_due_at == datetime(2026, 1, 15, 19, tzinfo=UTC)
    evening = datetime(2026, 1, 15, 19, 1, tzinfo=UTC)
    assert claim(engine, evening) == []  # the 15th was served: only the schedule moved on
    assert person(engine, alice).digest_due_at == datetime(2026, 1, 16, 19, tzinfo=UTC)


def test_a_key_ends_only_as_one_of_the_done_statuses_stored_as_its_word(
    engine: sa.Engine,
) -> None:
    """Finishing as 'pending', or as what a tick counts but never stores, is a caller's bug:
    refused at once, whatever Python's -O, and the key stays as it was."""
    alice = sign_up(engine, "alice")
    adopt(engine, WINTER)
    now = WINTER + timedelta(hours=1)
    (owned,) = claim(engine, now)
    for wrong in (DeliveryStatus.pending, "later"):
        with pytest.raises(ValueError), session_scope(engine) as session:
            deliveries.finish(session, owned, wrong, now)
    with session_scope(engine) as session:
        key = session.get(DigestDelivery, (alice, owned.day))
        assert key is not None and key.status == DeliveryStatus.pending
    assert finish(engine, owned, DeliveryStatus.unreachable, now)
    with session_scope(engine) as session:
        stored = session.execute(sa.text("SELECT status FROM digest_delivery")).scalar_one()
    assert stored == "unreachable"


def test_a_dead_workers_key_is_taken_over_once_its_lease_is_over(engine: sa.Engine) -> None:
    alice = sign_up(engine, "alice")
    adopt(engine, WINTER)
    now = WINTER + timedelta(hours=1)
    (dead,) = claim(engine, now, token="dead" * 8)
    assert claim(engine, now + LEASE / 2, token="b" * 32) == []
    later = now + LEASE + timedelta(seconds=1)
    (taken,) = claim(engine, later, token="b" * 32)
    assert (taken.person_id, taken.day, taken.attempts) == (alice, dead.day, 2)
    with session_scope(engine) as session:  # the slow worker must not send any more
        assert not deliveries.renew(session, dead, later, LEASE)
        assert deliveries.renew(session, taken, later, LEASE)
    assert not finish(engine, dead, "sent", later)  # nor record anything
    assert finish(engine, taken, "sent", later)


def test_renewing_before_a_send_holds_the_key_a_full_lease_more(engine: sa.Engine) -> None:
    sign_up(engine, "alice")
    adopt(engine, WINTER)
    now = WINTER + timedelta(hours=1)
    (owned,) = claim(engine, now)
    with session_scope(engine) as session:
        assert deliveries.renew(session, owned, now + LEASE * 0.9, LEASE)
    assert claim(engine, now + LEASE * 1.5, token="b" * 32) == []  # still held
    with session_scope(engine) as session:
        assert not deliveries.renew(session, owned, now + LEASE * 2, LEASE)  # ran out


def test_a_failed_send_is_retried_when_the_person_is_free_again(engine: sa.Engine) -> None:
    sign_up(engine, "alice")
    adopt(engine, WINTER)
    now = WINTER + timedelta(hours=1)
    (owned,) = claim(engine, now)
    with session_scope(engine) as session:
        deliveries.retry_later(session, owned, now, now + timedelta(minutes=5))
    assert claim(engine, now + timedelta(minutes=4), token="b" * 32) == []
    (again,) = claim(engine, now + timedelta(minutes=6), token="b" * 32)
    assert again.attempts == 2


def test_workers_claim_only_people_they_can_reach_or_nobody_can(engine: sa.Engine) -> None:
    on_telegram = sign_up(engine, "alice")
    on_console = sign_up(engine, "carol", platform=Platform.console)
    nowhere = sign_up(engine, "dave")
    with session_scope(engine) as session:
        network.set_reachable(session, Platform.telegram, "dave", False)
    adopt(engine, WINTER)
    now = WINTER + timedelta(hours=1)
    assert {c.person_id for c in claim(engine, now)} == {on_telegram, nowhere}
    assert [c.person_id for c in claim(engine, now, "c" * 32, platforms=("console",))] \
        == [on_console]
    with session_scope(engine) as session:
        assert deliveries.routes(session, on_telegram, ["telegram"])[0].chat_id == "chat-alice"
        assert deliveries.routes(session, nowhere, ["telegram"]) == []


def test_the_route_is_the_platform_used_last(engine: sa.Engine) -> None:
    alice = sign_up(engine, "alice")
    with session_scope(engine) as session:
        session.execute(sa.text(
            "INSERT INTO identity (person_id, platform, external_id, chat_id, unreachable, "
            "last_seen_at) VALUES (:p, 'console', 'alice', NULL, false, :seen)"),
            {"p": alice, "seen": datetime(2099, 1, 1)})
        found = deliveries.routes(session, alice, ["telegram", "console"])
    assert [(r.platform, r.chat_id) for r in found] == [("console", "alice"),
                                                        ("telegram", "chat-alice")]
    with session_scope(engine) as session:
        network.set_reachable(session, found[0].platform, found[0].external_id, False)
        assert [r.platform for r in deliveries.routes(session, alice, ["telegram", "console"])] \
            == ["telegram"]


def test_a_route_carries_the_private_chat_and_none_is_guessed_where_ids_differ(
    engine: sa.Engine,
) -> None:
    with session_scope(engine) as session:
        dan = network.register(session, "dan", platform=Platform.discord, external_id="100",
                               chat_id="500")
        network.register(session, "eve", platform=Platform.discord, external_id="101")
        eve = network.person_by_handle(session, "eve")
        found = deliveries.routes(session, dan.id, ["discord"])
        assert [(r.platform, r.external_id, r.chat_id) for r in found] == [
            ("discord", "100", "500")]
        assert deliveries.routes(session, eve.id, ["discord"]) == []  # no private chat yet


def test_claims_come_in_batches_oldest_due_first(engine: sa.Engine) -> None:
    ids = [sign_up(engine, f"user{i}", at=time(7, i)) for i in range(5)]
    adopt(engine, WINTER - timedelta(hours=1))
    now = WINTER + timedelta(hours=2)
    first = claim(engine, now, size=2)
    second = claim(engine, now, token="b" * 32, size=10)
    assert [c.person_id for c in first] == ids[:2]
    assert [c.person_id for c in second] == ids[2:]


def test_old_keys_are_pruned_as_people_move_on(engine: sa.Engine) -> None:
    alice = sign_up(engine, "alice")
    adopt(engine, WINTER)
    now = WINTER + timedelta(hours=1)
    for day in range(10):
        (owned,) = claim(engine, now + timedelta(days=day))
        finish(engine, owned, "empty", now + timedelta(days=day))
    with engine.connect() as connection:
        kept = connection.execute(sa.text(
            "SELECT count(*) FROM digest_delivery WHERE person_id = :p"), {"p": alice}).scalar()
    assert kept == 8  # the day just served and the seven before it
