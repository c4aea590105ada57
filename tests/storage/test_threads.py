"""Opening a post (storage.threads.open_post): its counts, who liked and reposted it, the
post it answers and its replies, each through the visibility rule."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from storage import network
from storage.errors import NotFound


def test_a_post_opens_with_its_counts_parent_and_replies_oldest_first(session: Session,
                                                                       person) -> None:
    alice, bob, carol, dan = person("alice"), person("bob"), person("carol"), person("dan")
    question = network.post(session, alice, "who's in?")
    post = network.reply(session, bob, question.id, "me")
    answers = [network.reply(session, who, post.id, f"me too, {who.handle}")
               for who in (carol, dan, alice)]
    network.like(session, carol, post.id)
    network.like(session, dan, post.id)
    network.repost(session, alice, post.id)
    thread = network.open_post(session, carol, post.id)
    assert thread.post.id == post.id and thread.post.author == "bob"
    assert thread.parent is not None and thread.parent.id == question.id
    assert (thread.likes, thread.reposts, thread.replies) == (2, 1, 3)
    assert thread.liked_by == ["dan", "carol"] and thread.reposted_by == ["alice"]
    assert [p.id for p in thread.answers.items] == [a.id for a in answers]
    assert thread.answers.next_cursor is None


def test_replies_come_a_page_at_a_time(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    post = network.post(session, alice, "count off")
    answers = [network.reply(session, bob, post.id, str(n)).id for n in range(7)]
    first = network.open_post(session, alice, post.id, limit=3)
    assert [p.id for p in first.answers.items] == answers[:3]
    second = network.open_post(session, alice, post.id, limit=3,
                               after=first.answers.next_cursor)
    third = network.open_post(session, alice, post.id, limit=3,
                              after=second.answers.next_cursor)
    assert [p.id for p in second.answers.items] == answers[3:6]
    assert [p.id for p in third.answers.items] == answers[6:]
    assert third.answers.next_cursor is None and third.replies == 7


def test_a_repost_opens_its_original(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    original = network.post(session, alice, "worth it")
    shared = network.repost(session, bob, original.id)
    thread = network.open_post(session, alice, shared.id)
    assert thread.post.id == original.id and thread.reposted_by == ["bob"]


def test_what_the_reader_may_not_see_stays_hidden(session: Session, person) -> None:
    alice, bob, carol, mal = person("alice"), person("bob"), person("carol"), person("mal")
    hidden = network.post(session, alice, "friends only", visibility="followers")
    public = network.post(session, alice, "hello all")
    network.like(session, mal, public.id)
    network.like(session, bob, public.id)
    network.reply(session, mal, public.id, "from mal")
    network.reply(session, bob, public.id, "from bob")
    network.block(session, carol, "mal")
    for post_id in (hidden.id, 9999):
        with pytest.raises(NotFound):
            network.open_post(session, carol, post_id)
    thread = network.open_post(session, carol, public.id)
    assert [p.text for p in thread.answers.items] == ["from bob"]  # mal's is out of sight
    assert thread.replies == 1 and thread.likes == 2  # every like counts...
    assert thread.liked_by == ["bob"]  # ...but nobody in a block with the reader is named
    network.block(session, alice, "carol")
    with pytest.raises(NotFound):  # a block with the author closes the post itself
        network.open_post(session, carol, public.id)


def test_a_reply_whose_parent_is_out_of_sight_opens_without_it(session: Session,
                                                               person) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    question = network.post(session, alice, "anyone?")
    answer = network.reply(session, bob, question.id, "me")
    network.block(session, alice, "carol")  # carol no longer sees alice's posts
    thread = network.open_post(session, carol, answer.id)
    assert thread.post.id == answer.id and thread.post.reply_to == question.id
    assert thread.parent is None


def test_replies_of_people_the_reader_mutes_are_left_out(session: Session, person) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    post = network.post(session, alice, "thoughts?")
    network.reply(session, bob, post.id, "loud")
    network.reply(session, carol, post.id, "calm")
    network.mute(session, alice, "bob")
    thread = network.open_post(session, alice, post.id)
    assert [p.text for p in thread.answers.items] == ["calm"] and thread.replies == 1


def test_counts_for_a_page_follow_the_rule_of_an_opened_post(session: Session,
                                                              person) -> None:
    alice, bob, carol, mo = person("alice"), person("bob"), person("carol"), person("moe")
    post = network.post(session, alice, "counting")
    quiet = network.post(session, alice, "nobody cares")
    network.like(session, bob, post.id)
    network.like(session, carol, post.id)
    network.repost(session, bob, post.id)
    network.reply(session, carol, post.id, "seen")
    network.reply(session, mo, post.id, "me too")
    network.follow(session, carol, "alice")
    hidden = network.post(session, alice, "friends only", visibility="followers")
    network.reply(session, carol, hidden.id, "ok")
    network.mute(session, bob, "moe")
    known = network.counts(session, bob, [post.id, quiet.id, hidden.id])
    assert (known[post.id].likes, known[post.id].reposts, known[post.id].replies) == (2, 1, 1)
    assert quiet.id not in known  # nothing gathered
    assert hidden.id not in known  # bob may not see carol's reply in alice's circle
    assert network.counts(session, carol, [hidden.id])[hidden.id].replies == 1
    assert network.open_post(session, bob, post.id).replies == known[post.id].replies
    page = network.with_counts(session, bob, network.feed(session, bob))
    shared = next(p for p in page.items if p.repost_of is not None)
    assert shared.counts == known[post.id]  # a repost shows its original's counts
