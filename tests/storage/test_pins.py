"""Pinning (storage.pins): one own post shown first on a profile, through the visibility
rule; on both engines."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from storage import network
from storage.errors import NotAllowed, NotFound, Reason


def test_a_pin_shows_first_on_the_profile_and_is_replaced_by_the_next(session: Session,
                                                                      person) -> None:
    alice, bob = person("alice"), person("bob")
    first = network.post(session, alice, "hello")
    second = network.post(session, alice, "read this first")
    assert network.pin(session, alice, first.id) is True
    assert network.pin(session, alice, first.id) is False  # already pinned
    assert network.pin(session, alice, second.id) is True
    shown = network.profile(session, bob, alice).pinned
    assert shown is not None and shown.id == second.id and shown.text == "read this first"
    assert network.export(session, alice)["pinned"] == second.id
    assert network.unpin(session, alice, first.id) is None  # not the pinned one: kept
    assert network.profile(session, bob, alice).pinned is not None
    assert network.unpin(session, alice, second.id) == second.id
    assert network.unpin(session, alice) is None
    assert network.profile(session, bob, alice).pinned is None


def test_only_your_own_posts_and_only_what_you_may_see(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    theirs = network.post(session, bob, "mine, not yours")
    hidden = network.post(session, bob, "friends", visibility="followers")
    with pytest.raises(NotAllowed) as refused:
        network.pin(session, alice, theirs.id)
    assert refused.value.reason == Reason.pin_not_yours
    with pytest.raises(NotFound):
        network.pin(session, alice, hidden.id)


def test_a_followers_only_pin_shows_to_followers_alone_and_goes_with_its_post(
        session: Session, person) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    network.follow(session, bob, "alice")
    post = network.post(session, alice, "for my people", visibility="followers")
    network.pin(session, alice, post.id)
    assert network.profile(session, bob, alice).pinned is not None
    assert network.profile(session, carol, alice).pinned is None
    network.delete_post(session, alice, post.id)
    assert network.profile(session, alice, alice).pinned is None
    assert session.execute(sa.text("SELECT count(*) FROM pin")).scalar() == 0
