"""Units of work racing on PostgreSQL, for real: each in a thread of its own, run as a
turn runs it (storage.db.run_optimistically), ordered by watching PostgreSQL say who
waits on a lock (`until_waiting`), so that an interleaving happens on every run."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session

from storage import network
from storage.db import run_optimistically, session_scope
from storage.models import Platform

STUCK = 60  # seconds: past this a test is broken, not slow
Work = Callable[[Session], object]

MISCOUNTED = """SELECT count(*) FROM person WHERE
    follower_count <> (SELECT count(*) FROM follow WHERE followee_id = person.id)
    OR following_count <> (SELECT count(*) FROM follow WHERE follower_id = person.id)"""


def assert_counts_are_the_follow_rows(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        assert connection.exec_driver_sql(MISCOUNTED).scalar_one() == 0


def people(engine: sa.Engine, *handles: str, follows: tuple[tuple[str, str], ...] = ()
           ) -> dict[str, int]:
    """Register `handles` in this order (so ids rise with it) and add `follows`."""
    with session_scope(engine) as session:
        ids = {handle: network.register(session, handle, platform=Platform.console,
                                        external_id=handle).id for handle in handles}
        for follower, followee in follows:
            network.follow(session, network.person_by_handle(session, follower), followee)
    return {handle: pid for handle, pid in ids.items() if pid is not None}


def as_(handle: str, verb: str, *args: object) -> Work:
    """`network.<verb>(session, <handle's person>, *args)`, as a turn of theirs calls it."""

    def work(session: Session) -> object:
        return getattr(network, verb)(session, network.person_by_handle(session, handle), *args)

    return work


@dataclass
class Running:
    """A unit of work running in a thread of its own; what it returned or raised."""

    thread: threading.Thread
    pid: list[int] = field(default_factory=list)
    value: object = None
    error: BaseException | None = None

    def join(self) -> Running:
        self.thread.join(STUCK)
        assert not self.thread.is_alive(), "stuck"
        return self


def start(engine: sa.Engine, work: Work) -> Running:
    """Run `work` as a turn does (run_optimistically) in a thread; return once it has sent
    its first statement, with its backend's pid (PostgreSQL's, for `until_waiting`)."""
    began = threading.Event()

    def each_attempt(session: Session) -> object:
        if not running.pid:
            running.pid.append(session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one())
            began.set()
        return work(session)

    def run() -> None:
        try:
            running.value = run_optimistically(engine, each_attempt)
        except BaseException as error:  # the outcome under test
            running.error = error
        finally:
            began.set()

    running = Running(threading.Thread(target=run, daemon=True))
    running.thread.start()
    began.wait(STUCK)
    return running


def until_waiting(engine: sa.Engine, running: Running) -> None:
    """Return once `running` waits on a lock (PostgreSQL says so), or has ended."""
    deadline = time.monotonic() + STUCK
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as watcher:
        while running.thread.is_alive():
            waiting = watcher.execute(
                sa.text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid"),
                {"pid": running.pid[0]}).scalar()
            if waiting == "Lock":
                return
            assert time.monotonic() < deadline, "neither waiting nor done"
            time.sleep(0.005)


@contextmanager
def holding(engine: sa.Engine) -> Iterator[Session]:
    """A session whose transaction stays open until the block ends, then commits."""
    with Session(engine) as session:
        yield session
        session.commit()
