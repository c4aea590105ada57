"""Feed, one person's posts, mentions: newest first, paginated, visibility applied."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from storage import network, reading
from storage.errors import NotAllowed, NotFound
from storage.models import Follow


def test_feed_holds_your_posts_and_those_you_follow_newest_first(session: Session, person) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    network.follow(session, alice, "bob")
    mine = network.post(session, alice, "mine")
    theirs = network.post(session, bob, "bob's")
    network.post(session, carol, "a stranger's")
    shared = network.repost(session, bob, network.post(session, carol, "carol's gem").id)
    feed = network.feed(session, alice)
    assert [p.id for p in feed.items] == [shared.id, theirs.id, mine.id]
    assert feed.items[0].author == "bob" and feed.items[0].repost_of.author == "carol"
    assert feed.next_cursor is None


def test_feed_pages_with_a_cursor(session: Session, person) -> None:
    alice = person("alice")
    made = [network.post(session, alice, f"post {i}").id for i in range(7)]
    first = network.feed(session, alice, limit=3)
    second = network.feed(session, alice, limit=3, before=first.next_cursor)
    third = network.feed(session, alice, limit=3, before=second.next_cursor)
    pages = [first, second, third]
    assert [[p.id for p in page.items] for page in pages] == [
        made[6:3:-1], made[3:0:-1], made[0:1]
    ]
    assert third.next_cursor is None


def test_followers_posts_reach_followers_only(session: Session, person) -> None:
    alice, follower, stranger = person("alice", "jazz"), person("bob", "jazz"), person("carol")
    network.follow(session, follower, "alice")
    secret = network.post(session, alice, "jazz secret @carol", visibility="followers")
    seen = lambda page: [p.id for p in page]  # noqa: E731
    assert seen(network.feed(session, follower).items) == [secret.id]
    assert seen(network.search_posts(session, follower, "secret")) == [secret.id]
    assert seen(network.search_posts(session, follower, "#jazz")) == []
    assert seen(network.posts_by(session, follower, alice).items) == [secret.id]
    assert seen(network.feed(session, stranger).items) == []
    assert seen(network.search_posts(session, stranger, "secret")) == []
    assert seen(network.posts_by(session, stranger, alice).items) == []
    assert seen(network.mentions(session, stranger)) == []  # addressed, yet not a follower
    assert "jazz secret" not in str(network.export(session, stranger))
    assert "jazz secret" not in str(network.export(session, follower))
    assert all("secret" not in str(s) for s in network.suggestions(session, stranger))
    network.unfollow(session, follower, "alice")
    assert seen(network.search_posts(session, follower, "secret")) == []


def test_mentions_since_a_time(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    first = network.post(session, bob, "hey @alice")
    cutoff = datetime.now(UTC)
    second = network.post(session, bob, "again @ALICE")
    assert [p.id for p in network.mentions(session, alice)] == [second.id, first.id]
    assert [p.id for p in network.mentions(session, alice, since=cutoff)] == [second.id]
    assert network.mentions(session, alice, since=cutoff + timedelta(hours=1)) == []


def test_posts_by_refuses_across_a_block(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    network.block(session, alice, "bob")
    with pytest.raises(NotAllowed) as refused:
        network.posts_by(session, bob, alice)
    assert refused.value.reason == "blocked_by"


def test_feed_pages_are_the_same_whatever_the_windows(
    session: Session, person, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tiny id windows make every page widen several times, past strangers' posts,
    mutes and a repost from someone blocked; the pages must not change."""
    alice, bob, carol, dave, eve = (person(h) for h in ("alice", "bob", "carol", "dave", "eve"))
    network.follow(session, alice, "bob")
    network.follow(session, alice, "dave")
    network.mute(session, alice, "dave")
    expected = [network.post(session, alice, "mine").id]
    hidden = network.post(session, eve, "eve's")
    for i in range(9):
        for _ in range(4):
            network.post(session, carol, "a stranger's")
        expected.append(network.post(session, bob, f"bob {i}").id)
        network.post(session, dave, "muted")
    network.repost(session, bob, hidden.id)
    network.block(session, alice, "eve")
    expected.reverse()
    whole = [p.id for p in network.feed(session, alice, limit=50).items]
    monkeypatch.setattr(reading, "SPANS", (1, 3, reading.NEWEST))
    pages, cursor = [], None
    while True:
        page = network.feed(session, alice, limit=3, before=cursor)
        pages.extend(p.id for p in page.items)
        if (cursor := page.next_cursor) is None:
            break
    assert whole == pages == expected


def test_mentions_from_someone_muted_stay_hidden(session: Session, person) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    network.post(session, bob, "hey @alice")
    kept = network.post(session, carol, "hi @alice")
    network.mute(session, alice, "bob")
    assert [p.id for p in network.mentions(session, alice)] == [kept.id]


@pytest.mark.parametrize("blocker", ["bob", "alice"])
def test_nothing_crosses_a_block_even_where_a_follow_was_left(
    session: Session, person, blocker: str
) -> None:
    """A follow and a block side by side, as a follow racing a block left them before
    0005: the feed and every other read still hide each from the other, either way."""
    alice, bob = person("alice"), person("bob")
    network.follow(session, alice, "bob")
    close = network.post(session, bob, "for my followers @alice", visibility="followers")
    said = network.post(session, bob, "for everyone")
    network.block(session, *((alice, "bob") if blocker == "alice" else (bob, "alice")))
    session.add(Follow(follower_id=alice.id, followee_id=bob.id))
    session.flush()
    assert network.feed(session, alice).items == []
    assert network.search_posts(session, alice, "for") == []
    assert network.mentions(session, alice) == []
    for post_id in (close.id, said.id):
        with pytest.raises(NotFound):
            network.like(session, alice, post_id)
