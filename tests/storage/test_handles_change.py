"""Changing one's handle (storage.accounts.change_handle): everything stays the person's,
the old handle is held for 30 days and still finds them; on both engines."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from storage import network
from storage.accounts import HANDLE_HELD_FOR
from storage.errors import InvalidInput, Reason
from storage.models import Platform, utcnow


def test_a_new_handle_keeps_posts_follows_and_mentions(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    network.follow(session, bob, "alice")
    hello = network.post(session, bob, "hi @alice")
    assert network.change_handle(session, alice, "@Rooty") == "alice"
    assert alice.handle == "rooty"
    assert network.person_by_handle(session, "rooty").id == alice.id
    assert network.person_by_handle(session, "alice").id == alice.id  # held: still finds her
    assert network.followers(session, alice) == ["bob"]
    assert [p.id for p in network.mentions(session, alice)] == [hello.id]
    assert network.profile(session, bob, alice).handle == "rooty"


def test_a_new_post_naming_the_old_handle_still_mentions_its_owner(session: Session,
                                                                    person) -> None:
    """Found by a newcomer: only mentions written before the change reached her."""
    alice, bob = person("alice"), person("bob")
    network.change_handle(session, alice, "rooty")
    after = network.post(session, bob, "see you at the crag @alice")
    both = network.post(session, bob, "@alice @rooty twice, one mention")
    assert [p.id for p in network.mentions(session, alice)] == [both.id, after.id]


def test_the_old_handle_is_held_for_others_and_free_after_30_days(session: Session,
                                                                  person) -> None:
    alice = person("alice")
    now = utcnow()
    network.change_handle(session, alice, "rooty", now=now)
    with pytest.raises(InvalidInput) as held:
        network.register(session, "alice", platform=Platform.console, external_id="x",
                         now=now + timedelta(days=29))
    assert held.value.reason == Reason.held_renamed
    assert not network.handle_available(session, "alice", now=now + timedelta(days=29))
    later = now + HANDLE_HELD_FOR + timedelta(minutes=1)
    assert network.handle_available(session, "alice", now=later)
    newcomer = network.register(session, "alice", platform=Platform.console,
                                external_id="x", now=later)
    assert newcomer.id != alice.id


def test_the_owner_may_take_the_old_handle_back(session: Session, person) -> None:
    alice = person("alice")
    network.change_handle(session, alice, "rooty")
    assert network.change_handle(session, alice, "alice") == "rooty"
    assert alice.handle == "alice"
    assert network.person_by_handle(session, "rooty").id == alice.id  # now rooty is held


@pytest.mark.parametrize(("wanted", "reason"), [
    ("bob", Reason.taken), ("alice", Reason.same_handle), ("a", Reason.too_short),
    ("bad handle!", Reason.bad_characters), ("gone", Reason.held),
    ("123", Reason.no_letter), ("4_2.0", Reason.no_letter),  # would read as post numbers
])
def test_refusals(session: Session, person, wanted: str, reason: Reason) -> None:
    alice, _ = person("alice"), person("bob")
    gone = person("gone")
    network.delete_account(session, gone)
    with pytest.raises(InvalidInput) as refused:
        network.change_handle(session, alice, wanted)
    assert refused.value.reason == reason
    assert alice.handle == "alice"
