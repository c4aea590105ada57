"""The raw baseline of the read benchmarks (bench.replay), on each engine under test: the
statements a Plaza call runs are recorded as the driver gets them, and replayed through
a bare driver connection they fetch the very rows Plaza read."""

from __future__ import annotations

import math

import sqlalchemy as sa

from bench.feed import read_feed
from bench.replay import Job, RawConnection, compare, record, recording
from storage import network
from storage.db import session_scope
from storage.models import Person, Platform

PARAMSTYLE = {"sqlite": "qmark", "postgresql": "pyformat"}


def _network(engine: sa.Engine) -> int:
    """Alice follows Bob, who wrote three posts (one tagged); Carol, unfollowed, wrote one.
    Returns Alice's id."""
    with session_scope(engine) as session:
        alice, bob, carol = (
            network.register(session, handle, platform=Platform.console, external_id=handle)
            for handle in ("alice", "bob", "carol"))
        network.follow(session, alice, "bob")
        for text in ("first", "second #jazz", "third"):
            network.post(session, bob, text)
        network.post(session, carol, "not followed #jazz")
        assert alice.id is not None
        return alice.id


def _url(engine: sa.Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_recorded_statements_replayed_raw_fetch_what_plaza_read(engine: sa.Engine) -> None:
    alice = _network(engine)
    hashtag = lambda session, viewer: network.search_posts(session, viewer, "#jazz")  # noqa: E731
    jobs = [Job(("feed",), alice, read_feed), Job(("tag",), alice, hashtag)]
    record(engine, jobs)
    with session_scope(engine, read_only=True) as session:
        viewer = session.get(Person, alice)
        assert viewer is not None
        read = [len(read_feed(session, viewer).items), len(hashtag(session, viewer))]
    assert read == [3, 2]
    for job in jobs:
        assert job.statements
        assert {s.paramstyle for s in job.statements} == {PARAMSTYLE[engine.dialect.name]}
    raw = RawConnection(_url(engine))
    try:
        # A call may read more rows than it shows (the feed's later windows; on PostgreSQL
        # a page read again when the first read came short): the replay fetches what the
        # recorded statements fetch through Plaza's own connection, and at least the page.
        with engine.connect() as connection:
            fetched = [sum(len(connection.exec_driver_sql(s.sql, s.parameters).all())
                           for s in job.statements) for job in jobs]
        assert [raw.run(job.statements) for job in jobs] == fetched
        assert all(n >= shown for n, shown in zip(fetched, read, strict=True))
    finally:
        raw.close()


def test_only_the_call_is_recorded_not_what_comes_before_or_after(engine: sa.Engine) -> None:
    alice = _network(engine)
    with session_scope(engine, read_only=True) as session:
        viewer = session.get(Person, alice)
        assert viewer is not None
        with recording(engine) as statements:
            read_feed(session, viewer)
        recorded = len(statements)
        session.get(Person, alice + 1)  # Bob, not loaded yet: a statement after the call
        with recording(engine) as loads:
            session.get(Person, alice + 2)
    assert statements and len(statements) == recorded  # however many windows the feed reads
    assert len(loads) == 1 and loads[0].sql not in {s.sql for s in statements}


def test_both_sides_are_timed_for_every_job(engine: sa.Engine) -> None:
    alice = _network(engine)
    jobs = [Job(("feed",), alice, read_feed) for _ in range(3)]
    compare(_url(engine), jobs, warm=[Job(("warm",), alice, read_feed)])
    for job in jobs:
        assert math.isfinite(job.plaza_ms) and job.plaza_ms > 0
        assert math.isfinite(job.raw_ms) and job.raw_ms > 0
