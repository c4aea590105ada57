"""The one visibility rule (storage.visibility), through every read that applies it: a reply
in a followers-only thread is seen by exactly who may see the thread's first post, plus
that post's author, and nobody gets a mention of a post they may not see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from storage import network
from storage.digest import candidates
from storage.errors import NotFound
from storage.models import Mention, Person, Post
from storage.post_ids import PostIds
from storage.visibility import sees


def ids(posts) -> list[int]:
    return [p.id for p in posts]


def everywhere(session: Session, viewer: Person, author: Person, words: str) -> dict[str, list]:
    """Where `viewer` could come across `author`'s posts: feed, search, the author's posts,
    their own mentions."""
    return {
        "feed": ids(network.feed(session, viewer).items),
        "search": ids(network.search_posts(session, viewer, words)),
        "posts_by": ids(network.posts_by(session, viewer, author).items),
        "mentions": ids(network.mentions(session, viewer)),
    }


@pytest.fixture
def party(session: Session, person):
    """The issue's thread: alice posts for her followers, bob (her follower) answers; carol
    follows bob only, dave follows alice only."""
    alice, bob, carol, dave = (person(h) for h in ("alice", "bob", "carol", "dave"))
    network.follow(session, bob, "alice")
    network.follow(session, carol, "bob")
    network.follow(session, dave, "alice")
    root = network.post(session, alice, "party at my place, 12 Rue X", visibility="followers")
    reply = network.reply(session, bob, root.id, "see you at 12 Rue X!")
    return alice, bob, carol, dave, root, reply


def test_a_reply_in_a_followers_thread_stays_with_the_first_posts_audience(
    session: Session, party
) -> None:
    alice, bob, carol, dave, root, reply = party
    assert reply.visibility == "followers"
    # carol follows bob but not alice: she sees neither, anywhere
    assert everywhere(session, carol, bob, "Rue") == {
        "feed": [], "search": [], "posts_by": [], "mentions": []}
    with pytest.raises(NotFound):
        network.like(session, carol, reply.id)
    with pytest.raises(NotFound):
        network.reply(session, carol, reply.id, "me too")
    # alice does not follow bob, yet sees the answer to her post, addressed to her
    assert everywhere(session, alice, bob, "Rue") == {
        "feed": [root.id], "search": [reply.id, root.id], "posts_by": [reply.id],
        "mentions": [reply.id]}
    # dave may see alice's post, so he may see the thread (his feed holds whom he follows)
    assert everywhere(session, dave, bob, "Rue") == {
        "feed": [root.id], "search": [reply.id, root.id], "posts_by": [reply.id],
        "mentions": []}
    assert network.like(session, alice, reply.id) is True
    # bob still sees what he wrote, and it is in his export, and in nobody else's
    assert ids(network.posts_by(session, bob, bob).items) == [reply.id]
    assert [p["id"] for p in network.export(session, bob)["posts"]] == [reply.id]
    assert "12 Rue X" not in str(network.export(session, carol))
    # while in a public thread, bob's answer is bob's followers' to read
    opened = network.post(session, alice, "open house at 12 Rue Y")
    answer = network.reply(session, bob, opened.id, "see you at 12 Rue Y!")
    assert answer.visibility == "public"
    assert ids(network.feed(session, carol).items) == [answer.id]
    assert ids(network.search_posts(session, carol, "Rue")) == [answer.id, opened.id]


def test_each_further_reply_stays_in_the_thread(session: Session, party, person) -> None:
    alice, bob, carol, dave, root, reply = party
    erin = person("erin")
    network.follow(session, erin, "dave")
    network.follow(session, carol, "dave")
    deeper = network.reply(session, dave, reply.id, "bringing cake to 12 Rue X")
    deepest = network.reply(session, bob, deeper.id, "cake at 12 Rue X, yes")
    thread = [deepest.id, deeper.id, reply.id, root.id]
    for outsider in (carol, erin):  # they follow the repliers, not alice
        assert network.search_posts(session, outsider, "Rue") == []
        assert network.feed(session, outsider).items == []
    for insider in (alice, bob, dave):
        assert ids(network.search_posts(session, insider, "Rue")) == thread
    assert session.get(Post, deepest.id).root_id == root.id
    # each parent's author is told of the answer; alice only of the one to her
    assert ids(network.mentions(session, bob)) == [deeper.id]
    assert ids(network.mentions(session, dave)) == [deepest.id]
    assert ids(network.mentions(session, alice)) == [reply.id]


@pytest.mark.parametrize("named", ["carol", "erin"])
def test_no_phantom_mention_of_a_post_you_may_not_see(
    session: Session, party, person, named: str
) -> None:
    """carol follows the replier, erin nobody; dave, who may see the thread, is told."""
    alice, bob, carol, dave, root, reply = party
    person("erin")
    answer = network.reply(session, bob, root.id, f"@{named} and @dave, see you at 12 Rue X!")
    addressed = session.exec(select(Mention.person_id).where(Mention.post_id == answer.id)).all()
    them = network.person_by_handle(session, named)
    assert sorted(addressed) == sorted([alice.id, dave.id])
    assert network.mentions(session, them) == []
    assert ids(network.mentions(session, dave)) == [answer.id]


def test_mentions_follow_who_may_see_now(session: Session, party) -> None:
    """Who stops following the first author loses the thread, and its mentions with it."""
    alice, bob, carol, dave, root, reply = party
    tagged = network.reply(session, alice, reply.id, "@dave you're coming too?")
    assert ids(network.mentions(session, dave)) == [tagged.id]
    network.unfollow(session, dave, "alice")
    assert network.mentions(session, dave) == []
    assert network.search_posts(session, dave, "Rue") == []


def test_the_first_author_blocking_a_replier_hides_the_reply(session: Session, party) -> None:
    alice, bob, carol, dave, root, reply = party
    network.block(session, alice, "bob")
    assert network.mentions(session, alice) == []
    assert ids(network.search_posts(session, alice, "Rue")) == [root.id]
    assert ids(network.search_posts(session, dave, "Rue")) == [reply.id, root.id]


def test_replies_outlive_a_deleted_first_post_with_their_authors_alone(
    session: Session, party
) -> None:
    alice, bob, carol, dave, root, reply = party
    network.post(session, carol, "a newer post, so the deleted number is not the last")
    network.delete_post(session, alice, root.id)
    session.expire_all()
    assert ids(network.search_posts(session, bob, "Rue")) == [reply.id]
    for other in (alice, carol, dave):
        assert not sees(session, other.id, reply.id)
        assert network.search_posts(session, other, "Rue") == []


def test_the_digest_reads_only_what_its_reader_may_see(session: Session, party) -> None:
    """The digest's mentions are `mentions`; its posts are first posts of people followed, and
    the per-person read checks the rule as well."""
    alice, bob, carol, dave, root, reply = party
    now = datetime.now(UTC) + timedelta(minutes=1)
    since = now - timedelta(hours=2)
    span = PostIds().span(session, since, now)
    assert [c.id for c in candidates(session, dave.id, since, now, span)] == [root.id]
    assert candidates(session, carol.id, since, now, span) == []
    assert ids(network.mentions(session, alice, since, until=now)) == [reply.id]
    assert network.mentions(session, carol, since, until=now) == []
