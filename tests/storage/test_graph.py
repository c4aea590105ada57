"""follow, block, mute and the lists they make."""

import pytest
from sqlmodel import Session

from storage import network
from storage.errors import NotAllowed, NotFound


def test_follow_is_idempotent_and_unfollow_too(session: Session, person) -> None:
    alice, _ = person("alice"), person("bob")
    assert network.follow(session, alice, "@Bob") is True
    assert network.follow(session, alice, "bob") is False
    assert network.following(session, alice) == ["bob"]
    assert network.unfollow(session, alice, "bob") is True
    assert network.unfollow(session, alice, "bob") is False
    assert network.following(session, alice) == []


@pytest.mark.parametrize("verb", ["follow", "unfollow", "block", "unblock", "mute", "unmute"])
def test_nobody_acts_on_themselves(session: Session, person, verb: str) -> None:
    alice = person("alice")
    with pytest.raises(NotAllowed) as refused:
        getattr(network, verb)(session, alice, "alice")
    assert refused.value.reason == "yourself"


@pytest.mark.parametrize("handle", ["nobody", "x", "zoé"])
def test_unknown_handles_are_not_found(session: Session, person, handle: str) -> None:
    with pytest.raises(NotFound) as refused:
        network.follow(session, person("alice"), handle)
    assert refused.value.reason == "person"


def test_followers_and_following_lists(session: Session, person) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    network.follow(session, bob, "alice")
    network.follow(session, carol, "alice")
    network.follow(session, alice, "carol")
    assert network.followers(session, alice) == ["bob", "carol"]
    assert network.following(session, alice) == ["carol"]


def test_block_removes_follows_both_ways_and_stops_new_ones(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    network.follow(session, alice, "bob")
    network.follow(session, bob, "alice")
    assert network.block(session, alice, "bob") is True
    assert network.block(session, alice, "bob") is False
    assert network.following(session, alice) == [] and network.following(session, bob) == []
    with pytest.raises(NotAllowed) as theirs:
        network.follow(session, bob, "alice")
    assert theirs.value.reason == "blocked_by"
    with pytest.raises(NotAllowed) as mine:
        network.follow(session, alice, "bob")
    assert mine.value.reason == "blocked"
    assert network.unblock(session, alice, "bob") is True
    assert network.follow(session, bob, "alice") is True


def test_block_hides_each_from_the_other(session: Session, person) -> None:
    alice, bob, carol = person("alice", "jazz"), person("bob", "jazz"), person("carol")
    network.follow(session, carol, "alice")
    network.follow(session, carol, "bob")
    network.follow(session, alice, "carol")
    alice_post = network.post(session, alice, "jazz tonight @bob")
    bob_post = network.post(session, bob, "jazz tonight too")
    network.repost(session, carol, bob_post.id)
    assert {p.author for p in network.search_posts(session, carol, "jazz")} == {"alice", "bob"}
    network.block(session, bob, "alice")
    for viewer, other, other_post in ((alice, bob, bob_post), (bob, alice, alice_post)):
        assert other.handle not in {p.author for p in network.search_posts(session, viewer, "jazz")}
        people = network.search_people(session, viewer, "jazz")
        assert other.handle not in [p.handle for p in people]
        assert other.handle not in [s.handle for s in network.suggestions(session, viewer)]
        with pytest.raises(NotAllowed):
            network.profile(session, viewer, other)
        with pytest.raises(NotAllowed):
            network.posts_by(session, viewer, other)
        with pytest.raises(NotFound):
            network.like(session, viewer, other_post.id)
    # carol's repost of bob's post does not reach alice's feed, and bob's mention is gone
    assert all(p.repost_of is None for p in network.feed(session, alice).items)
    assert network.mentions(session, bob) == []


def test_mute_hides_from_the_feed_but_keeps_the_follow(session: Session, person) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    network.follow(session, alice, "bob")
    network.follow(session, alice, "carol")
    loud = network.post(session, bob, "so loud")
    network.repost(session, carol, loud.id)
    quiet = network.post(session, carol, "quiet")
    assert network.mute(session, alice, "bob") is True
    assert network.mute(session, alice, "bob") is False
    assert [p.id for p in network.feed(session, alice).items] == [quiet.id]
    assert network.following(session, alice) == ["bob", "carol"]
    assert network.unmute(session, alice, "bob") is True
    assert loud.id in [p.id for p in network.feed(session, alice).items]
