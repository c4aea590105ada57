"""Merges racing on PostgreSQL, for real: each unit of work in a thread and a connection
of its own, run as a turn runs it (storage.db.run_optimistically), ordered by watching
PostgreSQL say who waits on a lock (tests/storage/race_support.py).

Two merges on the same accounts: one wins, the other is told (Reason.merge_changed).
A merge meeting a follow, an unfollow, a block, a mute or an account deletion of
someone its follows join it to: no deadlock (each unit of work runs once: a deadlock's
victim would run twice), and the follow counts equal the follow rows afterwards.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from storage import network
from storage.db import run_optimistically
from storage.errors import Reason, StorageError
from storage.graph import blocked
from storage.relations import hold_pair
from tests.storage.race_support import (
    STUCK,
    Running,
    Work,
    as_,
    assert_counts_are_the_follow_rows,
    holding,
    people,
    start,
    until_waiting,
)


class Counted:
    """A unit of work that counts its attempts: run_optimistically runs it again only
    when PostgreSQL ended it as a deadlock's victim."""

    def __init__(self, work: Work) -> None:
        self.work, self.attempts = work, 0

    def __call__(self, session: Session) -> object:
        self.attempts += 1
        return self.work(session)


def merging(keep: int, absorb: int) -> Counted:
    return Counted(lambda session: network.merge_accounts(session, keep, absorb))


def told(running: Running) -> Reason | None:
    """Why `running` was refused, if it was: a StorageError's reason; anything else fails."""
    if running.error is None:
        return None
    assert isinstance(running.error, StorageError), repr(running.error)
    return running.error.reason


def handles(engine: sa.Engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.exec_driver_sql("SELECT handle FROM person").scalars())


def assert_consistent(engine: sa.Engine) -> None:
    """Counts equal the follow rows; no follow, block or mute of someone with themselves;
    no follow across a block."""
    assert_counts_are_the_follow_rows(engine)
    with engine.connect() as connection:
        for edges, left, right in (("follow", "follower_id", "followee_id"),
                                   ("block", "blocker_id", "blocked_id"),
                                   ("mute", "muter_id", "muted_id")):
            assert connection.exec_driver_sql(
                f"SELECT count(*) FROM {edges} WHERE {left} = {right}").scalar_one() == 0
        assert connection.exec_driver_sql(
            "SELECT count(*) FROM follow f JOIN block b ON (b.blocker_id = f.follower_id AND"
            " b.blocked_id = f.followee_id) OR (b.blocker_id = f.followee_id AND"
            " b.blocked_id = f.follower_id)").scalar_one() == 0


def test_two_merges_absorbing_one_account_into_two_survivors(pg: sa.Engine) -> None:
    """annie takes carol while bobby would too: bobby's merge waits for carol's row, finds
    it gone, and is told; carol's posts and followers are annie's alone."""
    ids = people(pg, "annie", "bobby", "carol", "dave",
                 follows=(("carol", "dave"), ("dave", "carol"), ("bobby", "carol")))
    with holding(pg) as first:
        network.merge_accounts(first, ids["annie"], ids["carol"])
        second = merging(ids["bobby"], ids["carol"])
        racing = start(pg, second)
        until_waiting(pg, racing)
    assert told(racing.join()) == Reason.merge_changed
    assert second.attempts == 1
    assert handles(pg) == {"annie", "bobby", "dave"}
    with holding(pg) as session:
        annie = network.person_by_handle(session, "annie")
        assert sorted(network.followers(session, annie)) == ["bobby", "dave"]
    assert_consistent(pg)


def test_each_absorbing_the_other_at_once(pg: sa.Engine) -> None:
    """annie <- bobby and bobby <- annie: the second waits, finds its survivor gone and is
    told; one account is left, with both follows of a third person joined."""
    ids = people(pg, "annie", "bobby", "carol",
                 follows=(("annie", "bobby"), ("bobby", "annie"), ("carol", "annie"),
                          ("carol", "bobby"), ("bobby", "carol")))
    with holding(pg) as first:
        network.merge_accounts(first, ids["annie"], ids["bobby"])
        second = merging(ids["bobby"], ids["annie"])
        racing = start(pg, second)
        until_waiting(pg, racing)
    assert told(racing.join()) == Reason.merge_changed
    assert handles(pg) == {"annie", "carol"}
    with pg.connect() as connection:
        assert connection.exec_driver_sql(
            "SELECT follower_count, following_count FROM person WHERE handle = 'annie'"
        ).one() == (1, 1)
    assert_consistent(pg)


@pytest.mark.parametrize("round_", range(5))
def test_each_absorbing_the_other_from_two_threads_one_wins(pg: sa.Engine, round_: int) -> None:
    """Started together, with nothing to order them: exactly one merge wins; the other is
    told, whether it waited for the winner's locks (merge_changed) or began after it had
    committed (the person is not found)."""
    ids = people(pg, "annie", "bobby", "carol",
                 follows=(("annie", "bobby"), ("bobby", "annie"), ("carol", "bobby")))
    go = threading.Barrier(2)
    outcomes: list[object] = []

    def merge(keep: str, absorb: str) -> None:
        go.wait(STUCK)
        try:
            outcomes.append(run_optimistically(
                pg, lambda session: network.merge_accounts(session, ids[keep], ids[absorb])))
        except StorageError as refused:
            outcomes.append(refused.reason)

    threads = [threading.Thread(target=merge, args=pair)
               for pair in (("annie", "bobby"), ("bobby", "annie"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(STUCK)
    refusals = [o for o in outcomes if isinstance(o, Reason)]
    assert len(outcomes) == 2 and len(refusals) == 1, outcomes
    assert refusals[0] in (Reason.merge_changed, Reason.person)
    assert len(handles(pg) & {"annie", "bobby"}) == 1
    assert_consistent(pg)


def test_two_merges_into_one_survivor_queue_and_both_win(pg: sa.Engine) -> None:
    """annie takes bobby, then (waiting for annie's row) carol. The second merge read its
    neighbourhood before the first committed: eve, whom bobby's follows now join to annie,
    is found when both rows are had and locked too, before carol's block of eve (annie's
    now) ends annie's follows with her. Both merges end as if alone, each run once."""
    ids = people(pg, "annie", "bobby", "carol", "eve",
                 follows=(("bobby", "eve"), ("eve", "bobby")))
    with holding(pg) as session:
        network.block(session, network.person_by_handle(session, "carol"), "eve")
    with holding(pg) as first:
        network.merge_accounts(first, ids["annie"], ids["bobby"])
        second = merging(ids["annie"], ids["carol"])
        racing = start(pg, second)
        until_waiting(pg, racing)
    assert told(racing.join()) is None
    assert second.attempts == 1
    assert handles(pg) == {"annie", "eve"}
    with holding(pg) as session:
        annie = network.person_by_handle(session, "annie")
        assert (network.followers(session, annie), network.following(session, annie)) == (
            [], [])
        assert blocked(session, annie) == ["eve"]
    assert_consistent(pg)


Third = Callable[[dict[str, int]], Work]
THIRD_PARTIES: dict[str, Third] = {
    "follows the absorbed": lambda ids: as_("carol", "follow", "bobby"),
    "unfollows the absorbed": lambda ids: as_("carol", "unfollow", "bobby"),
    "blocks the absorbed": lambda ids: as_("carol", "block", "bobby"),
    "mutes the absorbed": lambda ids: as_("carol", "mute", "bobby"),
    "follows the survivor": lambda ids: as_("carol", "follow", "annie"),
    "blocks the survivor": lambda ids: as_("carol", "block", "annie"),
    "deletes their account": lambda ids: as_("carol", "delete_account"),
}


@pytest.mark.parametrize("merge_first", [True, False], ids=["merge first", "other first"])
@pytest.mark.parametrize("third", list(THIRD_PARTIES))
def test_a_merge_meeting_a_third_persons_change_does_not_deadlock(
        pg: sa.Engine, third: str, merge_first: bool) -> None:
    """carol (the lowest id) follows both and is followed by both. A profile edit holds
    bobby's row (the highest id) while the merge and carol's change queue, in either
    order. Locking the pair first and its neighbours after, the merge held annie and
    bobby and then waited for carol, whose change held carol and waited for bobby: a
    deadlock, one of them run again. Locked in id order, whoever comes second waits
    for the first, once."""
    ids = people(pg, "carol", "annie", "bobby", follows=(
        ("carol", "annie"), ("carol", "bobby"), ("annie", "carol"), ("bobby", "carol")))
    merge = merging(ids["annie"], ids["bobby"])
    other = Counted(THIRD_PARTIES[third](ids))
    with holding(pg) as editing:
        hold_pair(editing, ids["bobby"], ids["bobby"], exclusive=True)
        runs = []
        for work in ((merge, other) if merge_first else (other, merge)):
            runs.append(start(pg, work))
            until_waiting(pg, runs[-1])
    for running in runs:
        running.join()
    assert (merge.attempts, other.attempts) == (1, 1)
    merged, changed = (runs[0], runs[1]) if merge_first else (runs[1], runs[0])
    assert told(merged) is None
    # Coming after the merge, what named bobby finds nobody; before it, it just happened.
    assert told(changed) in (None, Reason.person)
    assert "bobby" not in handles(pg)
    assert_consistent(pg)


@pytest.mark.parametrize("deleted", ["annie", "bobby"])
def test_a_merge_waiting_for_the_deletion_of_one_of_its_two_is_told(
        pg: sa.Engine, deleted: str) -> None:
    ids = people(pg, "annie", "bobby", "carol",
                 follows=(("annie", "bobby"), ("carol", "annie"), ("bobby", "carol")))
    with holding(pg) as deleting:
        network.delete_account(deleting, network.person_by_handle(deleting, deleted))
        merge = merging(ids["annie"], ids["bobby"])
        racing = start(pg, merge)
        until_waiting(pg, racing)
    assert told(racing.join()) == Reason.merge_changed
    assert merge.attempts == 1
    assert handles(pg) == {"annie", "bobby", "carol"} - {deleted}
    assert_consistent(pg)


def test_a_deletion_meeting_a_merge_waits_and_finds_the_absorbed_gone(pg: sa.Engine) -> None:
    """bobby deletes his account as annie absorbs it: the deletion waits for the merge and
    then finds his account gone, is told, and holds no handle: "bobby" is free."""
    ids = people(pg, "annie", "bobby", "carol",
                 follows=(("carol", "bobby"), ("bobby", "carol")))
    with holding(pg) as first:
        network.merge_accounts(first, ids["annie"], ids["bobby"])
        deletion = Counted(as_("bobby", "delete_account"))
        racing = start(pg, deletion)
        until_waiting(pg, racing)
    assert told(racing.join()) == Reason.merge_changed
    assert deletion.attempts == 1
    assert handles(pg) == {"annie", "carol"}
    with holding(pg) as session:
        assert network.handle_available(session, "bobby")
    with holding(pg) as session:
        carol = network.person_by_handle(session, "carol")
        assert network.followers(session, carol) == ["annie"]
    assert_consistent(pg)


def test_a_turn_of_the_absorbed_meeting_the_merge_is_told(pg: sa.Engine) -> None:
    """bobby, on another platform, mutes carol as annie absorbs his account there."""
    ids = people(pg, "annie", "bobby", "carol")
    with holding(pg) as first:
        network.merge_accounts(first, ids["annie"], ids["bobby"])
        muting = start(pg, as_("bobby", "mute", "carol"))
        until_waiting(pg, muting)
    assert told(muting.join()) == Reason.merge_changed


ROUNDS = 30
VERBS = ["follow", "follow", "unfollow", "block", "unblock", "mute", "merge", "delete"]


def test_many_people_following_blocking_deleting_and_merging_at_once(engine: sa.Engine) -> None:
    """Eight people, each in a thread of their own, follow, unfollow, block, unblock and
    mute each other and four quiet people, now and then absorb one of the quiet ones (two
    of them the same one, at times) or delete their own account. Refusals are fine
    (someone merged or deleted meanwhile is not found, a merge that lost is told); no
    other error, no quiet account absorbed twice, and the network ends consistent."""
    names, quiet = [f"person{i}" for i in range(8)], [f"quiet{i}" for i in range(4)]
    rng = random.Random(13)
    everyone = names + quiet
    ids = people(engine, *everyone, follows=tuple(
        (a, b) for a in everyone for b in everyone if a != b and rng.random() < 0.5))
    errors: list[BaseException] = []
    merges: list[str] = []
    go = threading.Barrier(len(names))

    def person(index: int) -> None:
        me, rnd = names[index], random.Random(index)
        go.wait(STUCK)
        for _ in range(ROUNDS):
            verb = rnd.choice(VERBS)
            other = rnd.choice([n for n in everyone if n != me])
            if verb == "delete" and rnd.random() < 0.7:
                verb = "follow"
            if verb == "merge":
                other = rnd.choice(quiet)
                work: Work = merging(ids[me], ids[other])
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
                return
            if verb == "merge":
                merges.append(other)
            if verb == "delete":
                return

    threads = [threading.Thread(target=person, args=(i,)) for i in range(len(names))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(STUCK * 3)
    assert errors == []
    assert merges, "no merge went through: the test proves nothing"
    assert len(merges) == len(set(merges)), merges
    assert not handles(engine) & set(merges)
    assert_consistent(engine)
