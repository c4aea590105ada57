"""The scheduler ticking on a clock the test moves, on each engine: one digest a day per
person at their local time, across a DST change; where it goes; what happens when it
cannot go."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from bot.adapters.base import Priority
from bot.digest.scheduler import Batching, DigestScheduler
from bot.errors import DeliveryError
from bot.messages import Reply
from storage import network
from storage.db import session_scope
from storage.models import Platform
from tests.chat_fixtures import Clock
from tests.digest.digest_support import Recorder, post_at, sign_up, statuses

TEN_MINUTES = timedelta(minutes=10)


def network_of(engine: sa.Engine, readers: dict[str, tuple[str, time]],
               platform: Platform = Platform.telegram) -> None:
    """`readers` (handle -> zone, digest time) all follow @writer."""
    with session_scope(engine) as session:
        sign_up(session, "writer")
        for handle, (zone, at) in readers.items():
            reader = sign_up(session, handle, platform=platform, timezone=zone, digest_time=at)
            network.follow(session, reader, "writer")


def post(engine: sa.Engine, text: str, when: datetime) -> None:
    with session_scope(engine) as session:
        post_at(session, network.person_by_handle(session, "writer"), text, when)


def run(engine: sa.Engine, clock: Clock, senders: dict, until: datetime,
        step: timedelta = TEN_MINUTES, post_every: timedelta | None = None) -> list:
    """Tick every `step` until `until`; @writer posts every `post_every`. The tallies."""
    scheduler = DigestScheduler(engine, senders, clock=clock)
    tallies, last_post = [], None

    async def ticking() -> None:
        nonlocal last_post
        while clock.now <= until:
            if post_every and (last_post is None or clock.now - last_post >= post_every):
                post(engine, f"news at {clock.now:%d %H:%M}", clock.now)
                last_post = clock.now
            tallies.append(await scheduler.tick())
            clock.advance(step)
        await scheduler.stop()

    asyncio.run(ticking())
    return tallies


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# Paris asks for 02:30: on 29 March 2026 that time does not exist (02:00 -> 03:00), so
# it comes at 03:00; on 25 October it happens twice, and comes once, the first time.
@pytest.mark.parametrize(("start", "expected"), [
    (utc(2026, 3, 27, 12, 10), {
        "paris": [utc(2026, 3, 28, 1, 30), utc(2026, 3, 29, 1, 0)],
        "newyork": [utc(2026, 3, 28, 12, 0), utc(2026, 3, 29, 12, 0)],
        "tokyo": [utc(2026, 3, 27, 22, 30), utc(2026, 3, 28, 22, 30)],
    }),
    (utc(2026, 10, 23, 12, 10), {
        "paris": [utc(2026, 10, 24, 0, 30), utc(2026, 10, 25, 0, 30)],
        "newyork": [utc(2026, 10, 24, 12, 0), utc(2026, 10, 25, 12, 0)],
        "tokyo": [utc(2026, 10, 23, 22, 30), utc(2026, 10, 24, 22, 30)],
    }),
], ids=["spring-forward", "fall-back"])
def test_three_zones_two_days_one_digest_a_day_each_at_local_time(
    engine: sa.Engine, start: datetime, expected: dict[str, list[datetime]]
) -> None:
    network_of(engine, {"paris": ("Europe/Paris", time(2, 30)),
                        "newyork": ("America/New_York", time(8, 0)),
                        "tokyo": ("Asia/Tokyo", time(7, 30))})
    clock = Clock(start)
    telegram = Recorder(clock)
    run(engine, clock, {"telegram": telegram}, until=start + timedelta(hours=48),
        post_every=timedelta(hours=6))
    assert {handle: [d.at for d in telegram.to(handle)] for handle in expected} == expected
    assert statuses(engine) == Counter(sent=6)


def test_a_day_with_nothing_new_sends_nothing_unless_asked_for_always(
    engine: sa.Engine,
) -> None:
    network_of(engine, {"hush": ("UTC", time(8, 0)), "always": ("UTC", time(8, 0))})
    with session_scope(engine) as session:
        network.update_settings(session, network.person_by_handle(session, "always"),
                                digest_always=True)
    clock = Clock(utc(2026, 5, 20, 7, 50))
    telegram = Recorder(clock)
    run(engine, clock, {"telegram": telegram}, until=utc(2026, 5, 20, 8, 10))
    assert telegram.to("hush") == []
    assert [d.text for d in telegram.to("always")] == ["Nothing new since your last digest."]


def test_after_three_days_down_one_digest_covers_them(engine: sa.Engine) -> None:
    network_of(engine, {"alice": ("UTC", time(8, 0))})
    post(engine, "before", utc(2026, 5, 20, 7, 0))
    clock = Clock(utc(2026, 5, 20, 7, 50))
    telegram = Recorder(clock)
    run(engine, clock, {"telegram": telegram}, until=utc(2026, 5, 20, 8, 0))
    for day in range(3):
        post(engine, f"day {day}", utc(2026, 5, 20 + day, 12, 0))
    clock.now = utc(2026, 5, 23, 9, 0)  # the worker was down for three mornings
    run(engine, clock, {"telegram": telegram}, until=utc(2026, 5, 23, 9, 30))
    first, late = telegram.to("alice")
    assert "before" in first.text
    assert all(f"day {day}" in late.text for day in range(3)) and "before" not in late.text
    with session_scope(engine) as session:
        alice = network.person_by_handle(session, "alice")
        assert alice.digest_due_at == utc(2026, 5, 24, 8, 0)


def test_it_goes_once_to_the_platform_used_last_and_past_a_blocked_one(
    engine: sa.Engine,
) -> None:
    network_of(engine, {"alice": ("UTC", time(8, 0))})
    with session_scope(engine) as session:
        alice = network.person_by_handle(session, "alice")
        # alice also writes from the console, and did so after her last Telegram message
        session.execute(sa.text(
            "INSERT INTO identity (person_id, platform, external_id, chat_id, unreachable, "
            "last_seen_at) VALUES (:p, 'console', 'alice-console', 'alice-console', false, "
            ":seen)"), {"p": alice.id, "seen": datetime(2099, 1, 1)})
    clock = Clock(utc(2026, 5, 20, 7, 50))
    telegram, console = Recorder(clock), Recorder(clock)
    post(engine, "news", utc(2026, 5, 20, 7, 0))
    run(engine, clock, {"telegram": telegram, "console": console}, until=utc(2026, 5, 20, 8, 0))
    assert (len(console.to("alice-console")), telegram.sent) == (1, [])
    # The next day the console is gone (a 403): marked unreachable, Telegram gets it.
    console.gone.add("alice-console")
    post(engine, "more news", utc(2026, 5, 21, 7, 0))
    clock.now = utc(2026, 5, 21, 7, 50)
    run(engine, clock, {"telegram": telegram, "console": console}, until=utc(2026, 5, 21, 8, 0))
    assert [d.chat_id for d in telegram.sent] == ["alice"]
    with engine.connect() as connection:
        assert connection.execute(sa.text(
            "SELECT unreachable FROM identity WHERE platform = 'console'")).scalar()


def test_someone_nobody_can_reach_is_skipped_without_a_send(engine: sa.Engine) -> None:
    network_of(engine, {"alice": ("UTC", time(8, 0))})
    with session_scope(engine) as session:
        network.set_reachable(session, Platform.telegram, "alice", False)
    clock = Clock(utc(2026, 5, 20, 7, 50))
    post(engine, "news", utc(2026, 5, 20, 7, 0))
    telegram = Recorder(clock)
    tallies = run(engine, clock, {"telegram": telegram}, until=utc(2026, 5, 20, 8, 0))
    assert telegram.sent == [] and sum(t["unreachable"] for t in tallies) == 1
    with session_scope(engine) as session:
        alice = network.person_by_handle(session, "alice")
        assert alice.digest_due_at == utc(2026, 5, 21, 8, 0)
        assert alice.last_digest_at is None  # the next digest will catch up


class Failing:
    """A platform that fails every send, after its own retries."""

    def __init__(self) -> None:
        self.tries = 0

    async def send(self, chat_id: str, reply: Reply, priority: Priority = Priority.digest
                   ) -> None:
        self.tries += 1
        raise DeliveryError(chat_id)


def test_a_failing_platform_is_retried_later_then_the_day_is_given_up(
    engine: sa.Engine,
) -> None:
    network_of(engine, {"alice": ("UTC", time(8, 0))})
    post(engine, "news", utc(2026, 5, 20, 7, 0))
    clock = Clock(utc(2026, 5, 20, 7, 50))
    failing = Failing()
    tallies = run(engine, clock, {"telegram": failing}, until=utc(2026, 5, 20, 9, 0),
                  step=timedelta(minutes=1))
    assert failing.tries == 3  # 08:00, 08:05, 08:10: five minutes apart, then given up
    assert sum(t["failed"] for t in tallies) == 1
    with session_scope(engine) as session:
        alice = network.person_by_handle(session, "alice")
        assert alice.digest_due_at == utc(2026, 5, 21, 8, 0)


def test_a_busy_minute_reads_the_recent_posts_once_for_everyone(engine: sa.Engine) -> None:
    network_of(engine, {f"reader{i}": ("UTC", time(8, 0)) for i in range(5)})
    post(engine, "news", utc(2026, 5, 20, 7, 0))
    clock = Clock(utc(2026, 5, 20, 7, 59))
    telegram = Recorder(clock)
    scheduler = DigestScheduler(engine, {"telegram": telegram}, clock=clock, pace=Batching(batch=2))

    async def ticks() -> None:
        await scheduler.tick()  # adopts everyone: due at 08:00
        clock.advance(timedelta(minutes=1))
        await scheduler.tick()
        await scheduler.stop()

    asyncio.run(ticks())
    assert scheduler.dispatcher.recent.window is not None  # the first full batch opened it
    assert sorted(d.chat_id for d in telegram.sent) == [f"reader{i}" for i in range(5)]
    assert all("news" in d.text for d in telegram.sent)


class SlowSender(Recorder):
    """A sender that takes `seconds` over each message, as a platform's rate makes a
    long fan-out take."""

    def __init__(self, clock, seconds: float) -> None:
        super().__init__(clock)
        self.seconds = seconds

    async def send(self, chat_id: str, reply: Reply, priority: Priority = Priority.digest
                   ) -> None:
        await asyncio.sleep(self.seconds)
        await super().send(chat_id, reply, priority)


def test_a_push_longer_than_the_interval_is_not_doubled_nor_logged_each_time(
    engine: sa.Engine, caplog: pytest.LogCaptureFixture
) -> None:
    # The notifications job looks every 0.05 s; pushing one notification takes 1 s, so
    # APScheduler skips some twenty runs (max_instances=1), which is the design: none of
    # them may reach the log as a warning, and the notification goes once.
    with session_scope(engine) as session:
        sign_up(session, "writer")
        network.follow(session, sign_up(session, "fan"), "writer")
    sender = SlowSender(Clock(datetime.now(UTC)), 1.0)
    scheduler = DigestScheduler(engine, {"console": sender},
                                pace=Batching(notify_every=0.05))

    async def running() -> None:
        scheduler.start()
        await asyncio.sleep(1.5)
        await scheduler.stop()

    with caplog.at_level("INFO", logger="apscheduler"):
        asyncio.run(running())
    assert [d.chat_id for d in sender.sent] == ["writer"]  # @fan's follow, told once
    assert "@fan" in sender.sent[0].text
    skipped = [r.getMessage() for r in caplog.records if "running instances" in r.getMessage()]
    assert skipped == []
    assert any("_logged_push" in r.getMessage() for r in caplog.records
               if r.name.startswith("apscheduler")), "the job's other records still pass"
    assert not [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")]
