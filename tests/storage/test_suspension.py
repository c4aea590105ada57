"""A suspended account (storage.suspension): its posts seen by itself alone, through the
one visibility rule, in every read; left out of people search, suggestions and digests;
it can't post, reply, repost, like or follow, and can still export and delete its data.
On both engines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from storage import digest_chunk, network
from storage.digest import candidates, new_followers
from storage.digest_window import Window
from storage.errors import NotAllowed, NotFound, Reason
from storage.models import Person, Platform, Post, utcnow
from storage.post_ids import PostIds
from storage.suspension import suspend, unsuspend
from storage.tables import table

post_t = table(Post)


def _ids(page) -> list[int]:
    return [post.id for post in page.items]


@pytest.fixture
def mallory(session: Session, person: Callable[..., Person]) -> dict[str, Person]:
    """Alice and Bob follow Mallory, who posts, mentions Alice and is reposted by Bob; Carol
    shares Mallory's interest. Then Mallory is suspended."""
    alice, bob = person("alice", "jazz"), person("bob", "jazz")
    mallory, carol = person("mallory", "jazz"), person("carol", "jazz")
    for fan in (alice, bob):
        network.follow(session, fan, "mallory")
    network.follow(session, carol, "alice")
    network.follow(session, alice, "bob")
    return {"alice": alice, "bob": bob, "mallory": mallory, "carol": carol}


def test_a_suspended_authors_posts_are_seen_by_them_alone_and_come_back(
        session: Session, mallory: dict[str, Person]) -> None:
    alice, bob, m = mallory["alice"], mallory["bob"], mallory["mallory"]
    spam = network.post(session, m, "buy #cheapwatches now @alice")
    friends = network.post(session, m, "for my followers", visibility="followers")
    shared = network.repost(session, bob, spam.id)
    mine = network.post(session, alice, "a quiet day")
    assert set(_ids(network.feed(session, alice))) == {spam.id, friends.id, shared.id, mine.id}
    assert [p.id for p in network.search_posts(session, alice, "cheapwatches")] == [spam.id]
    assert suspend(session, m) is True
    assert suspend(session, m) is False  # once
    assert _ids(network.feed(session, alice)) == [mine.id]  # the repost went too
    assert _ids(network.feed(session, m)) == [friends.id, spam.id]  # theirs, still
    assert network.mentions(session, alice) == []
    assert network.search_posts(session, alice, "cheapwatches") == []
    assert _ids(network.posts_by(session, alice, m)) == []
    with pytest.raises(NotFound):
        network.open_post(session, alice, spam.id)
    unsuspend(session, m)
    assert set(_ids(network.feed(session, alice))) == {spam.id, friends.id, shared.id, mine.id}
    assert [post.id for post in network.mentions(session, alice)] == [spam.id]
    with pytest.raises(NotAllowed) as refused:
        unsuspend(session, m)
    assert refused.value.reason == Reason.not_suspended


def test_a_suspended_account_leaves_trending(session: Session,
                                             person: Callable[..., Person]) -> None:
    viewer, ana, mal = person("viewer"), person("ana"), person("mallory")
    network.post(session, ana, "#rally tonight")
    network.post(session, mal, "#rally tonight too")
    assert [t.tag for t in network.trending(session, viewer)] == ["rally"]
    suspend(session, mal)
    assert network.trending(session, viewer) == []  # one person alone is no trend
    assert [t.tag for t in network.trending(session, mal)] == ["rally"]  # they see theirs


def test_a_suspended_account_leaves_people_search_and_suggestions(
        session: Session, mallory: dict[str, Person]) -> None:
    alice, carol, m = mallory["alice"], mallory["carol"], mallory["mallory"]
    assert "mallory" in [p.handle for p in network.search_people(session, carol, "jazz")]
    assert "mallory" in [s.handle for s in network.suggestions(session, carol)]
    suspend(session, m)
    assert "mallory" not in [p.handle for p in network.search_people(session, carol, "jazz")]
    assert "mallory" not in [s.handle for s in network.suggestions(session, carol)]
    with pytest.raises(NotAllowed) as refused:
        network.profile(session, alice, m)
    assert refused.value.reason == Reason.account_suspended
    assert network.profile(session, m, m).handle == "mallory"  # their own, still
    with pytest.raises(NotAllowed) as refused:
        network.follow(session, carol, "mallory")
    assert refused.value.reason == Reason.account_suspended


def test_a_suspended_authors_posts_leave_digests_read_alone_or_in_bulk(
        session: Session, mallory: dict[str, Person]) -> None:
    alice, bob, m = mallory["alice"], mallory["bob"], mallory["mallory"]
    since = utcnow() - timedelta(hours=1)
    network.post(session, m, "spam spam")
    kept = network.post(session, bob, "a real post")
    session.flush()
    now = utcnow() + timedelta(seconds=1)
    me = alice.id
    span = PostIds().span(session, since, now)
    assert me is not None and len(candidates(session, me, since, now, span)) == 2
    suspend(session, m)
    assert [c.id for c in candidates(session, me, since, now, span)] == [kept.id]
    window = Window(session, since, now)
    assert [c.id for c in window.candidates(session, me, since, now)] == [kept.id]
    assert m.id not in digest_chunk.followees(session, [me]).get(me, [])
    # nor is a suspended new follower announced (Carol followed Alice in the fixture)
    spans = [(me, since, now)]
    assert new_followers(session, me, since, now, 5) == (["carol"], 1)
    assert digest_chunk.new_followers(session, spans, 5) == [(["carol"], 1)]
    suspend(session, mallory["carol"])
    assert new_followers(session, me, since, now, 5) == ([], 0)
    assert digest_chunk.new_followers(session, spans, 5) == [([], 0)]


@pytest.mark.parametrize("act", [
    lambda s, m, other: network.post(s, m, "still here"),
    lambda s, m, other: network.reply(s, m, other, "me too"),
    lambda s, m, other: network.repost(s, m, other),
    lambda s, m, other: network.like(s, m, other),
    lambda s, m, other: network.follow(s, m, "carol"),
], ids=["post", "reply", "repost", "like", "follow"])
def test_a_suspended_account_cant_post_reply_repost_like_or_follow(
        session: Session, mallory: dict[str, Person], act) -> None:
    other = network.post(session, mallory["alice"], "hello all")
    suspend(session, mallory["mallory"])
    with pytest.raises(NotAllowed) as refused:
        act(session, mallory["mallory"], other.id)
    assert refused.value.reason == Reason.suspended


def test_a_suspended_account_can_still_undo_export_and_delete(
        session: Session, mallory: dict[str, Person]) -> None:
    m = mallory["mallory"]
    other = network.post(session, mallory["alice"], "hello all")
    network.like(session, m, other.id)
    own = network.post(session, m, "my words")
    suspend(session, m)
    assert network.unlike(session, m, other.id) is True
    assert network.unfollow(session, m, "carol") is False
    assert network.block(session, m, "bob") is True
    exported = network.export(session, m)
    assert [p["text"] for p in exported["posts"]] == ["my words"]
    network.delete_post(session, m, own.id)
    network.delete_account(session, m)
    assert session.execute(sa.select(sa.func.count()).select_from(post_t)
                           .where(post_t.c.author_id == m.id)).scalar() == 0


def test_a_suspended_account_keeps_its_handle_and_profile(
        session: Session, mallory: dict[str, Person]) -> None:
    suspend(session, mallory["mallory"])
    for change in (lambda: network.change_handle(session, mallory["mallory"], "nice_guy"),
                   lambda: network.update_profile(session, mallory["mallory"],
                                                  interests=["scams"])):
        with pytest.raises(NotAllowed) as refused:
            change()
        assert refused.value.reason == Reason.suspended
    assert mallory["mallory"].handle == "mallory"


def _refused(attempt: Callable[[], object]) -> Reason:
    with pytest.raises(NotAllowed) as refused:
        attempt()
    return refused.value.reason


def test_deleting_a_suspended_account_is_no_way_back_in(
        session: Session, mallory: dict[str, Person]) -> None:
    """Mallory, suspended, deletes her account: her platform accounts may not register,
    nor be linked to someone else's, again; Bob, not suspended, may come back."""
    m, bob = mallory["mallory"], mallory["bob"]
    network.attach(session, m, Platform.telegram, "777")
    suspend(session, m)
    network.delete_account(session, m)
    network.delete_account(session, bob)
    for platform, external_id in ((Platform.console, "mallory"), (Platform.telegram, "777")):
        assert _refused(lambda p=platform, x=external_id: network.register(
            session, "mallory_again", platform=p, external_id=x)) == Reason.identity_suspended
    carol = mallory["carol"]
    code, _ = network.new_code(session, carol, Platform.console)
    assert _refused(lambda: network.redeem(session, code, Platform.telegram, "777")) \
        == Reason.identity_suspended
    assert _refused(lambda: network.attach(session, carol, Platform.telegram, "777")) \
        == Reason.identity_suspended
    assert network.redeem(session, code, Platform.discord, "555").asker.handle == "carol"
    back = network.register(session, "bob_again", platform=Platform.console, external_id="bob")
    assert back.handle == "bob_again"


def test_a_suspended_account_cant_unlink_a_way_out(
        session: Session, mallory: dict[str, Person]) -> None:
    m = mallory["mallory"]
    network.attach(session, m, Platform.discord, "888")
    suspend(session, m)
    assert _refused(lambda: network.unlink(session, m, Platform.discord)) == Reason.suspended
    unsuspend(session, m)
    assert network.unlink(session, m, Platform.discord) == 1


def test_a_suspended_accounts_likes_and_reposts_leave_others_counts(
        session: Session, mallory: dict[str, Person]) -> None:
    """Who liked and reposted #N, and the counts under it in a feed, leave a suspended
    account out as its posts are, for everyone but itself, and take it back if lifted."""
    alice, bob, m = mallory["alice"], mallory["bob"], mallory["mallory"]
    post = network.post(session, alice, "sunny day")
    for fan in (bob, m):
        network.like(session, fan, post.id)
        network.repost(session, fan, post.id)

    def seen_by(viewer: Person) -> tuple[int, int, list[str], list[str], tuple[int, int]]:
        opened = network.open_post(session, viewer, post.id)
        counted = network.counts(session, viewer, [post.id])[post.id]
        return (opened.likes, opened.reposts, opened.liked_by, opened.reposted_by,
                (counted.likes, counted.reposts))

    assert seen_by(alice) == (2, 2, ["mallory", "bob"], ["mallory", "bob"], (2, 2))
    suspend(session, m)
    assert seen_by(alice) == (1, 1, ["bob"], ["bob"], (1, 1))
    assert seen_by(bob) == (1, 1, ["bob"], ["bob"], (1, 1))
    assert seen_by(m) == (2, 2, ["mallory", "bob"], ["mallory", "bob"], (2, 2))  # its own
    unsuspend(session, m)
    assert seen_by(alice)[:2] == (2, 2)
