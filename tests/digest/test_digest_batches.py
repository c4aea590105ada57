"""Digests composed a chunk at a time (`gather_many`) are the digests composed one by one
(`gather`), on each engine: on a generated network with mutes and blocks across standing
follows, followers-only posts, and people with nothing new; and a busy tick composes each
batch of claims together."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from bench.spread import END
from bot.digest.compose import Digest, Reader, gather, gather_many, written
from bot.digest.scheduler import Batching, DigestScheduler
from bot.digest.summary import extractive
from bot.replies import render
from storage import network
from storage.db import session_scope
from storage.digest_window import Recent
from storage.models import Person, Platform
from storage.relations import block_t, mute_t
from storage.schedule import due_on, zone
from tests.chat_fixtures import Clock
from tests.digest.digest_support import Recorder, follow_at, post_at, sign_up
from tests.generated_network import SAMPLED

DAY = (END - timedelta(days=1)).date()  # the generated network's last day
MIDNIGHT = datetime.combine(DAY, time(), UTC)
CHUNK = 150




def _readers(session: Session, kind: str) -> list[Reader]:
    """Every SAMPLED-th person with a scheduled digest of `kind`: their last day's ('day'),
    its last hour ('hour'), the week before it ('week', longer than the window), or days
    after the network's last post ('quiet': nothing new for anyone)."""
    people = session.scalars(select(Person).where(col(Person.id) % SAMPLED == 0)
                             .order_by(col(Person.id))).all()
    readers = []
    for person in people:
        now = due_on(DAY, person.digest_time, zone(person.timezone))
        if kind == "quiet":
            now += timedelta(days=3)
        span = {"day": timedelta(hours=24), "hour": timedelta(hours=1),
                "week": timedelta(days=7), "quiet": timedelta(hours=24)}[kind]
        readers.append((person, now, now - span))
    return readers


def _one_by_one_and_chunked(session: Session, readers: list[Reader]
                            ) -> tuple[list[Digest], list[Digest]]:
    recent = Recent()  # the day's posts read once, as a bulk build reads them
    recent.open(session, MIDNIGHT - timedelta(hours=38), MIDNIGHT + timedelta(hours=36))
    one = [gather(session, person, now, since, recent) for person, now, since in readers]
    many = [digest for start in range(0, len(readers), CHUNK)
            for digest in gather_many(session, readers[start:start + CHUNK], recent)]
    return one, many


def test_digests_read_a_chunk_at_a_time_are_the_digests_read_one_by_one(
        generated: sa.Engine) -> None:
    seen: list[Digest] = []
    with session_scope(generated, read_only=True) as session:
        for kind in ("day", "hour", "week", "quiet"):
            one, many = _one_by_one_and_chunked(session, _readers(session, kind))
            for expected, got in zip(one, many, strict=True):
                assert got == expected, (kind, expected.handle)
            seen += one
        apart = session.execute(
            sa.union_all(sa.select(mute_t.c.muter_id, mute_t.c.muted_id),
                         sa.select(block_t.c.blocker_id, block_t.c.blocked_id),
                         sa.select(block_t.c.blocked_id, block_t.c.blocker_id))).all()
        named = session.execute(sa.select(Person.id, Person.handle))
        handles = {pid: handle for pid, handle in named}
    # What the comparison covered, so that it proves something.
    assert sum(d.empty for d in seen) > 100  # nothing new, the 'quiet' digests at least
    assert sum(bool(d.groups) for d in seen) > 500
    assert sum(bool(d.mentions) for d in seen) > 20
    assert sum(bool(d.followers) for d in seen) > 20
    assert sum(bool(d.suggestions) for d in seen) > 500
    assert any(d.suggestions and not d.groups for d in seen)  # seeded from past engagement
    assert any(post.visibility == "followers" for d in seen for post in d.posts)
    hidden = {(handles[me], handles[other]) for me, other in apart}
    shielded = {reader for reader, _ in hidden}
    assert len([d for d in seen if d.handle in shielded and d.groups]) > 50
    assert not [post for d in seen for post in d.posts + d.mentions
                if (d.handle, post.author) in hidden]


def test_a_person_twice_in_one_chunk_is_refused(generated: sa.Engine) -> None:
    with session_scope(generated, read_only=True) as session:
        person, now, since = _readers(session, "day")[0]
        with pytest.raises(ValueError, match="twice"):
            gather_many(session, [(person, now, since), (person, now, since - timedelta(1))],
                        Recent())
        assert gather_many(session, [], Recent()) == []


_MENTIONS_READ = re.compile(r"\b(FROM|JOIN) mention\b")


def test_a_busy_tick_composes_each_batch_of_claims_together(engine: sa.Engine) -> None:
    now = datetime(2026, 5, 20, 8, 0, tzinfo=UTC)
    handles = [f"reader{i}" for i in range(8)]
    with session_scope(engine) as session:
        poster = sign_up(session, "writer")
        readers = [sign_up(session, handle, platform=Platform.telegram, timezone="UTC",
                           digest_time=time(8, 0)) for handle in handles]
        for reader in readers:
            network.follow(session, reader, "writer")
        post_at(session, poster, "news for @reader1 and @reader6", now - timedelta(hours=2))
        post_at(session, poster, "more news", now - timedelta(hours=1))
        follow_at(session, poster, "reader3", now - timedelta(minutes=30))
    with session_scope(engine, read_only=True) as session:  # what each would get alone
        expected = {}
        for handle in handles:
            person = network.person_by_handle(session, handle)
            expected[handle] = render(written(gather(session, person, now), extractive),
                                      person.language, now).text
    clock = Clock(now - timedelta(minutes=1))
    telegram = Recorder(clock)
    scheduler = DigestScheduler(engine, {"telegram": telegram}, clock=clock,
                                pace=Batching(batch=4))
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    async def ticks() -> None:
        await scheduler.tick()  # adopts everyone: due at 08:00
        clock.advance(timedelta(minutes=1))
        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            await scheduler.tick()
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)
        await scheduler.stop()

    asyncio.run(ticks())
    assert {d.chat_id: d.text for d in telegram.sent} == expected
    # Mentioned (reader1, reader6), followed (reader3), or neither: three different digests.
    assert len(set(expected.values())) == 3 and expected["reader1"] == expected["reader6"]
    # Two full batches of four: each one's mentions read in one statement, not four.
    assert len([s for s in statements if _MENTIONS_READ.search(s)]) == 2
