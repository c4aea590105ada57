"""post, reply, repost, like, delete, unlike, unrepost: the rules and their refusals."""

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from storage import network
from storage.errors import InvalidInput, NotAllowed, NotFound
from storage.models import Mention, PostTag
from storage.relations import like_t


def like_count(session: Session, post_id: int) -> int:
    """How many people like the post numbered `post_id`, as stored."""
    query = sa.select(sa.func.count()).select_from(like_t).where(like_t.c.post_id == post_id)
    return session.execute(query).scalar_one()


def test_a_post_keeps_its_text_visibility_tags_and_mentions(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    network.follow(session, bob, "alice")  # a followers-only post mentions only who may see it
    made = network.post(session, alice, "  Hi @Bob, ride? #Vélo @nobody  ", visibility="followers")
    assert (made.author, made.text, made.visibility) == ("alice", "Hi @Bob, ride? #Vélo @nobody",
                                                         "followers")
    assert session.get(PostTag, ("velo", made.id)) is not None
    assert [m.person_id for m in session.exec(select(Mention))] == [bob.id]
    assert made.created_at.tzinfo is not None


@pytest.mark.parametrize(("text", "reason"), [("", "empty"), (" \n ", "empty"),
                                              ("x" * 1001, "too_long")])
def test_bad_post_text_is_refused(session: Session, person, text: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        network.post(session, person("alice"), text)
    assert refused.value.reason == reason


def test_unknown_visibility_is_refused(session: Session, person) -> None:
    with pytest.raises(ValueError):
        network.post(session, person("alice"), "hi", visibility="secret")


def test_reply_addresses_the_parent_author(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    parent = network.post(session, alice, "question?")
    answer = network.reply(session, bob, parent.id, "answer @alice")
    assert answer.reply_to == parent.id
    assert [p.id for p in network.mentions(session, alice)] == [answer.id]
    assert session.get(Mention, (alice.id, answer.id)).kind == "reply"


def test_reply_to_a_followers_post_stays_among_followers(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    network.follow(session, bob, "alice")
    parent = network.post(session, alice, "friends only", visibility="followers")
    assert network.reply(session, bob, parent.id, "sure").visibility == "followers"


def test_reply_to_an_invisible_or_missing_post_is_not_found(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    hidden = network.post(session, alice, "friends only", visibility="followers")
    for post_id in (hidden.id, 9999):
        with pytest.raises(NotFound):
            network.reply(session, bob, post_id, "hello")


def test_repost_shares_the_original_once(session: Session, person) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    original = network.post(session, alice, "worth sharing")
    shared = network.repost(session, bob, original.id)
    assert shared.repost_of.id == original.id and shared.repost_of.text == "worth sharing"
    again = network.repost(session, carol, shared.id)  # a repost of a repost shares the original
    assert again.repost_of.id == original.id
    with pytest.raises(NotAllowed) as refused:
        network.repost(session, bob, original.id)
    assert refused.value.reason == "already_reposted"


def test_followers_posts_cannot_be_reposted(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    network.follow(session, bob, "alice")
    private = network.post(session, alice, "just us", visibility="followers")
    with pytest.raises(NotAllowed) as refused:
        network.repost(session, bob, private.id)
    assert refused.value.reason == "not_public"


def test_a_like_is_idempotent(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    target = network.post(session, alice, "like me")
    assert network.like(session, bob, target.id) is True
    assert network.like(session, bob, target.id) is False
    assert like_count(session, target.id) == 1


def test_unlike_takes_ones_own_like_back_once(session: Session, person) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    target = network.post(session, alice, "like me")
    network.like(session, bob, target.id)
    network.like(session, carol, target.id)
    assert network.unlike(session, bob, target.id) is True
    assert like_count(session, target.id) == 1  # carol's stays
    assert network.unlike(session, bob, target.id) is False
    assert network.like(session, bob, target.id) is True  # and can be given again


def test_a_like_by_a_reposts_number_goes_to_its_original(session: Session, person) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    original = network.post(session, alice, "worth it")
    shared = network.repost(session, bob, original.id)
    assert network.like(session, carol, shared.id) is True
    assert network.like(session, carol, original.id) is False  # the same like
    assert (like_count(session, original.id), like_count(session, shared.id)) == (1, 0)
    assert network.open_post(session, alice, original.id).liked_by == ["carol"]
    assert network.unlike(session, carol, shared.id) is True
    assert like_count(session, original.id) == 0


def test_unlike_reaches_a_like_gone_out_of_sight_and_nothing_else(session: Session,
                                                                   person) -> None:
    alice, bob = person("alice"), person("bob")
    network.follow(session, bob, "alice")
    hidden = network.post(session, alice, "friends only", visibility="followers")
    network.like(session, bob, hidden.id)
    network.unfollow(session, bob, "alice")  # the post is now out of bob's sight
    assert network.unlike(session, bob, hidden.id) is True  # his like was still his
    assert like_count(session, hidden.id) == 0
    for post_id in (hidden.id, 9999):  # never liked and not visible: as if it did not exist
        with pytest.raises(NotFound):
            network.unlike(session, bob, post_id)


def test_unrepost_by_the_originals_number_or_a_reposts(session: Session, person) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    original = network.post(session, alice, "worth sharing")
    network.follow(session, carol, "bob")
    shared = network.repost(session, bob, original.id)
    assert network.unrepost(session, bob, original.id) == original.id
    assert network.feed(session, carol).items == []  # bob's share left carol's feed
    again = network.repost(session, bob, original.id)
    assert network.unrepost(session, bob, again.id) == original.id  # his repost's own number
    network.repost(session, bob, original.id)
    theirs = network.repost(session, carol, original.id)
    assert network.unrepost(session, bob, theirs.id) == original.id  # names the original too
    session.expire_all()
    assert [p.text for p in network.posts_by(session, alice, alice).items] == ["worth sharing"]
    assert [p.id for p in network.posts_by(session, carol, bob).items] == []
    assert [p.id for p in network.posts_by(session, carol, carol).items] == [theirs.id]
    assert shared.id not in {p.id for p in network.feed(session, carol).items}


def test_unrepost_of_what_one_never_shared_is_refused(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    public = network.post(session, alice, "hello")
    hidden = network.post(session, alice, "friends only", visibility="followers")
    with pytest.raises(NotAllowed) as refused:
        network.unrepost(session, bob, public.id)
    assert refused.value.reason == "not_reposted"
    for post_id in (hidden.id, 9999):
        with pytest.raises(NotFound):
            network.unrepost(session, bob, post_id)
    network.repost(session, bob, public.id)
    network.delete_post(session, alice, public.id)  # the repost went with its original
    with pytest.raises(NotFound):
        network.unrepost(session, bob, public.id)


def test_only_the_author_deletes_a_post_and_its_likes_and_reposts_go(
    session: Session, person
) -> None:
    alice, bob = person("alice"), person("bob")
    target = network.post(session, alice, "oops")
    network.like(session, bob, target.id)
    network.repost(session, bob, target.id)
    answer = network.reply(session, bob, target.id, "still here")
    with pytest.raises(NotAllowed) as refused:
        network.delete_post(session, bob, target.id)
    assert refused.value.reason == "not_yours"
    assert network.delete_post(session, alice, target.id) == target.id
    session.expire_all()
    assert like_count(session, target.id) == 0
    assert [p.id for p in network.feed(session, bob).items] == [answer.id]
    assert network.feed(session, bob).items[0].reply_to is None
    with pytest.raises(NotFound):
        network.delete_post(session, alice, target.id)


def test_last_post_is_your_latest(session: Session, person) -> None:
    alice = person("alice")
    with pytest.raises(NotFound):
        network.last_post_id(session, alice)
    network.post(session, alice, "one")
    latest = network.post(session, alice, "two")
    assert network.last_post_id(session, alice) == latest.id


def test_posts_are_found_by_full_text_after_insert_and_gone_after_delete(
    session: Session, person
) -> None:
    alice = person("alice")
    made = network.post(session, alice, "Balade à vélo")
    assert [p.id for p in network.search_posts(session, alice, "velo")] == [made.id]
    network.delete_post(session, alice, made.id)
    assert network.search_posts(session, alice, "velo") == []
    remaining = session.execute(sa.text("SELECT count(*) FROM post")).scalar()
    assert remaining == 0
