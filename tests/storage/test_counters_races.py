"""The kept follow counts (storage/counters.py) when changes to the same people race, for
real: sessions of their own on the real engine, each in its own thread, ordered by
watching PostgreSQL say who waits on a lock, so that an interleaving happens every run.

On PostgreSQL the counter trigger locks both person rows of a follow as it is added or
removed. Whatever else locks person rows (a block's `hold_pair`, an account deletion, a
profile edit) must meet it in an order that cannot deadlock, and where a deadlock cannot
be avoided (two people who follow each other deleting their accounts at once) the unit of
work a turn runs in (storage.db.run_optimistically) is started over, so nobody reads an
apology for it. Afterwards every kept count equals the follow rows.
"""

from __future__ import annotations

import random
import threading

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from storage import network
from storage.db import run_optimistically
from storage.errors import NotFound, StorageError
from storage.relations import hold_pair
from tests.storage.race_support import (
    STUCK,
    Work,
    as_,
    assert_counts_are_the_follow_rows,
    holding,
    people,
    start,
    until_waiting,
)


def test_an_unfollow_meeting_a_block_of_the_same_pair_waits_for_it(pg: sa.Engine) -> None:
    """The block has locked the pair (its first step) when the unfollow comes; the
    unfollow's trigger used to lock the follow row first and then the pair, the block
    the pair and then the follow row: a deadlock."""
    people(pg, "annie", "bobby", follows=(("annie", "bobby"), ("bobby", "annie")))
    with holding(pg) as blocking:
        ids = people_ids(blocking, "annie", "bobby")
        hold_pair(blocking, *ids, exclusive=True)  # where network.block begins
        unfollowing = start(pg, as_("annie", "unfollow", "bobby"))
        until_waiting(pg, unfollowing)
        network.block(blocking, network.person_by_handle(blocking, "bobby"), "annie")
    assert unfollowing.join().error is None
    assert unfollowing.value is False  # the block ended the follow first
    assert_counts_are_the_follow_rows(pg)


def test_an_unfollow_meeting_an_account_deletion_waits_for_it(pg: sa.Engine) -> None:
    """annie's profile edit holds her row; her unfollow of bobby queues behind it, then
    bobby's deletion (which locks bobby's row, then the follow rows). Once the edit
    commits, the unfollow used to hold the follow row and wait for bobby's: a deadlock."""
    people(pg, "annie", "bobby", follows=(("annie", "bobby"),))
    with holding(pg) as editing:
        network.update_profile(editing, network.person_by_handle(editing, "annie"), bio="hi")
        unfollowing = start(pg, as_("annie", "unfollow", "bobby"))
        until_waiting(pg, unfollowing)
        deleting = start(pg, as_("bobby", "delete_account"))
        until_waiting(pg, deleting)
    for running in (unfollowing.join(), deleting.join()):
        assert running.error is None
    assert_counts_are_the_follow_rows(pg)


@pytest.mark.parametrize("verb", ["follow", "block", "mute"])
def test_following_blocking_or_muting_someone_whose_deletion_commits_meanwhile_is_not_found(
        pg: sa.Engine, verb: str) -> None:
    """The deletion is under way when the follow (block, mute) looks bobby up; it waits
    for bobby's row, which is gone once it has it. Its insert used to break the foreign
    key: an apology for a crash instead of "no such person"."""
    people(pg, "annie", "bobby")
    with holding(pg) as deleting:
        network.delete_account(deleting, network.person_by_handle(deleting, "bobby"))
        acting = start(pg, as_("annie", verb, "bobby"))
        until_waiting(pg, acting)
    assert isinstance(acting.join().error, NotFound), acting.error
    assert_counts_are_the_follow_rows(pg)


def test_two_people_who_follow_each_other_delete_their_accounts_at_once(
        pg: sa.Engine) -> None:
    """Each deletion locks its own row, then (counting the follows it ends) the other's:
    PostgreSQL ends one of them as a deadlock's victim, and it is run again. Made certain
    by a profile edit holding bobby's row: bobby's deletion queues on it first, then
    annie's, which already holds annie's row."""
    people(pg, "annie", "bobby", follows=(("annie", "bobby"), ("bobby", "annie")))
    with holding(pg) as editing:
        network.update_profile(editing, network.person_by_handle(editing, "bobby"), bio="hi")
        bobby = start(pg, as_("bobby", "delete_account"))
        until_waiting(pg, bobby)
        annie = start(pg, as_("annie", "delete_account"))
        until_waiting(pg, annie)
    for running in (annie.join(), bobby.join()):
        assert running.error is None
    with pg.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM person").scalar_one() == 0


def test_a_block_meeting_the_deletion_of_the_one_blocked(pg: sa.Engine) -> None:
    """annie (the lower id) blocks bobby as bobby deletes his account, annie following
    him: the block locks annie then waits for bobby; the deletion holds bobby and, ending
    annie's follow, waits for annie. One is run again; both end as they would alone."""
    people(pg, "annie", "bobby", follows=(("annie", "bobby"),))
    with holding(pg) as editing:
        network.update_profile(editing, network.person_by_handle(editing, "annie"), bio="hi")
        blocking = start(pg, as_("annie", "block", "bobby"))
        until_waiting(pg, blocking)
        deleting = start(pg, as_("bobby", "delete_account"))
        until_waiting(pg, deleting)
    assert deleting.join().error is None
    assert blocking.join().error is None or isinstance(blocking.error, NotFound)
    assert_counts_are_the_follow_rows(pg)


def people_ids(session: Session, *handles: str) -> list[int]:
    return [network.person_by_handle(session, handle).id or 0 for handle in handles]


ROUNDS = 40
VERBS = ["follow", "follow", "unfollow", "block", "unblock", "mute", "profile", "delete"]


def test_many_people_at_once_leave_counts_equal_to_the_follows(engine: sa.Engine) -> None:
    """Eight people, each in a thread of their own (a chat's turns come one at a time),
    follow, unfollow, block, unblock, mute, edit their profiles and now and then delete
    their accounts, among each other, as turns do. Refusals are fine; no other error."""
    handles = [f"person{i}" for i in range(8)]
    rng = random.Random(11)
    people(engine, *handles, follows=tuple(
        (a, b) for a in handles for b in handles if a != b and rng.random() < 0.5))
    errors: list[BaseException] = []
    go = threading.Barrier(len(handles))

    def person(index: int) -> None:
        me, rnd = handles[index], random.Random(index)
        go.wait(STUCK)
        for round_ in range(ROUNDS):
            verb = rnd.choice(VERBS)
            other = rnd.choice([h for h in handles if h != me])
            if verb == "delete" and rnd.random() < 0.8:
                verb = "follow"
            if verb == "profile":
                work = _edit(me, round_)
            elif verb == "delete":
                work = as_(me, "delete_account")
            else:
                work = as_(me, verb, other)
            try:
                run_optimistically(engine, work)
            except StorageError:
                continue
            except BaseException as error:
                errors.append(error)
            if verb == "delete":
                return

    threads = [threading.Thread(target=person, args=(i,)) for i in range(len(handles))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(STUCK * 3)
    assert errors == []
    assert_counts_are_the_follow_rows(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql(
            "SELECT count(*) FROM follow f JOIN block b ON (b.blocker_id = f.follower_id AND"
            " b.blocked_id = f.followee_id) OR (b.blocker_id = f.followee_id AND"
            " b.blocked_id = f.follower_id)").scalar_one() == 0


def _edit(handle: str, round_: int) -> Work:
    def work(session: Session) -> object:
        return network.update_profile(session, network.person_by_handle(session, handle),
                                      bio=f"round {round_}")

    return work


def test_a_deadlocks_victim_is_run_again_once(pg: sa.Engine) -> None:
    """Where no lock order can be kept, PostgreSQL ends one transaction of a deadlock;
    a unit of work run as a turn's is (run_optimistically) then runs once more, and
    both end. Two edits of two people in opposite orders, each pausing after its first
    (on its first attempt) until the other has made its own."""
    people(pg, "annie", "bobby")
    both_first = threading.Barrier(2)
    attempts: dict[str, int] = {"annie": 0, "bobby": 0}

    def edits(first: str, second: str) -> Work:
        def work(session: Session) -> object:
            attempts[first] += 1
            network.update_profile(session, network.person_by_handle(session, first), bio="1")
            if attempts[first] == 1:
                both_first.wait(STUCK)
            return network.update_profile(session, network.person_by_handle(session, second),
                                          bio="2")

        return work

    annie = start(pg, edits("annie", "bobby"))
    bobby = start(pg, edits("bobby", "annie"))
    for running in (annie.join(), bobby.join()):
        assert running.error is None
    assert sorted(attempts.values()) == [1, 2]
