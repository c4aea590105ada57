"""What a digest says, on each engine: the best posts by the people you follow, grouped by
author; what was addressed to you; who followed you; whom to follow; nothing hidden."""

from __future__ import annotations

import time as timer
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from bot.digest.compose import compose, gather, gather_many
from bot.digest.rank import Scored
from bot.replies import render
from storage import network, steering
from storage.db import session_scope
from storage.digest import CANDIDATES, Candidate, candidates
from storage.digest_window import Recent
from storage.models import Follow, Person, Post, SteeringKind
from storage.post_ids import PostIds
from storage.text import POST_MAX
from tests.digest.digest_support import follow_at, post_at, reply_at, sign_up

NOW = datetime(2026, 5, 20, 7, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)


def text_of(session: Session, person: Person, now: datetime = NOW) -> str:
    return render(compose(session, person, now), person.language, now).text


def test_best_posts_first_grouped_by_author_at_most_three_each(session: Session) -> None:
    alice, bob, carol = (sign_up(session, h) for h in ("alice", "bob", "carol"))
    fans = [sign_up(session, f"fan{i}") for i in range(6)]
    for handle in ("bob", "carol"):
        network.follow(session, alice, handle)
    hit = post_at(session, carol, "carol's big news", NOW - 20 * HOUR)
    bobs = [post_at(session, bob, f"bob's post {i}", NOW - (5 - i) * HOUR) for i in range(5)]
    bobs.reverse()  # newest first
    for fan in fans:
        network.like(session, fan, hit)
    digest = gather(session, alice, NOW)
    assert [[p.id for p in group] for group in digest.groups] == [[hit], bobs[:3]]
    assert [entry.candidate.id for entry in digest.ranked] == [hit, *bobs[:3]]
    best = digest.ranked[0]
    assert best.explain().startswith(f"#{hit}: {best.score:.2f} = recency ")
    assert "(6 likes, 0 replies)" in best.explain()
    for likes, replies, said in [(1, 1, "(1 like, 1 reply)"), (0, 2, "(0 likes, 2 replies)"),
                                 (21, 1, "(21 likes, 1 reply)")]:
        counted = Scored(Candidate(hit, 1, NOW, likes, replies, 0, 0), 1.0, 0.5, 0.0)
        assert said in counted.explain()
    text = text_of(session, alice)
    assert text.startswith("Your digest, 2026-05-20:\n\nTop of your network: @carol — "
                           "“carol's big news”. Also: 3 more posts by @bob.")
    assert "carol (@carol):" not in text and "@carol:\n\n20 h ago · #" in text
    assert f"@bob:\n\n1 h ago · #{bobs[0]}\nbob's post 4" in text


def test_people_you_engage_with_come_before_strangers_to_you(session: Session) -> None:
    alice, bob, carol = (sign_up(session, h) for h in ("alice", "bob", "carol"))
    network.follow(session, alice, "bob")
    network.follow(session, alice, "carol")
    for i in range(3):  # alice liked and answered carol before
        older = post_at(session, carol, f"older {i}", NOW - timedelta(days=3))
        network.like(session, alice, older)
    reply_at(session, alice, older, "so true", NOW - timedelta(days=3))
    by_bob = post_at(session, bob, "same time", NOW - 2 * HOUR)
    by_carol = post_at(session, carol, "same time", NOW - 2 * HOUR)
    ranked = gather(session, alice, NOW).ranked
    assert [entry.candidate.id for entry in ranked] == [by_carol, by_bob]
    assert ranked[0].affinity > 0 == ranked[1].affinity


def test_only_what_you_may_see_from_people_you_follow(session: Session) -> None:
    alice, bob, muted, stranger = (sign_up(session, h) for h in ("alice", "bob", "mutt", "zed"))
    for handle in ("bob", "mutt"):
        network.follow(session, alice, handle)
    network.mute(session, alice, "mutt")
    close = post_at(session, bob, "for my followers", NOW - HOUR, visibility="followers")
    post_at(session, muted, "muted words", NOW - HOUR)
    post_at(session, stranger, "a stranger's words", NOW - HOUR)
    own = post_at(session, alice, "my own words", NOW - HOUR)
    reply_at(session, bob, own, "a reply is not a headline", NOW - HOUR)
    shared = network.repost(session, bob, post_at(session, stranger, "shared", NOW - HOUR))
    items = [p.id for p in gather(session, alice, NOW).posts]
    assert items == [close]
    assert shared.id not in items


def test_what_was_addressed_to_you_new_followers_and_whom_to_follow(session: Session) -> None:
    alice, bob, carol, dave, erin = (sign_up(session, h)
                                     for h in ("alice", "bob", "carol", "dave", "erin"))
    network.follow(session, alice, "bob")
    network.follow(session, bob, "erin")
    network.follow(session, bob, "dave")
    follow_at(session, dave, "alice", NOW - 4 * HOUR)
    mine = post_at(session, alice, "my question", NOW - 30 * HOUR)
    answer = reply_at(session, carol, mine, "my answer", NOW - 3 * HOUR)
    post_at(session, bob, "hello @alice", NOW - 2 * HOUR)
    digest = gather(session, alice, NOW)
    assert [p.text for p in digest.mentions] == ["hello @alice", "my answer"]
    assert answer in [p.id for p in digest.mentions]
    assert (digest.followers, digest.follower_count) == (["dave"], 1)
    assert [(s.handle, s.followed_by) for s in digest.suggestions] == [("dave", ["bob"]),
                                                                       ("erin", ["bob"])]
    text = text_of(session, alice)
    assert "Replies and mentions:" in text and "New follower: @dave" in text
    assert "You might like:\n\n@dave — followed by @bob\n@erin — followed by @bob" in text
    rendered = render(compose(session, alice, NOW), "en", NOW)
    assert ["follow:dave", "follow:erin"] == [b.data for b in rendered.buttons[-1]]


def test_nothing_new_is_nothing(session: Session) -> None:
    alice, bob = sign_up(session, "alice"), sign_up(session, "bob")
    network.follow(session, alice, "bob")
    post_at(session, bob, "too old", NOW - 25 * HOUR)
    assert gather(session, alice, NOW).empty
    assert text_of(session, alice) == "Nothing new since your last digest."


def test_a_digest_starts_where_the_last_one_ended(session: Session) -> None:
    alice, bob = sign_up(session, "alice"), sign_up(session, "bob")
    network.follow(session, alice, "bob")
    post_at(session, bob, "read yesterday", NOW - 5 * HOUR)
    fresh = post_at(session, bob, "new since", NOW - HOUR)
    alice.last_digest_at = NOW - 2 * HOUR
    assert [p.id for p in gather(session, alice, NOW).posts] == [fresh]


def test_a_scheduled_digest_ends_where_the_next_one_starts(session: Session) -> None:
    """What comes after `now` (a tick's moment) is the next digest's, not this one's too;
    the digest asked for in the chat shows whatever is there."""
    alice, bob, carol = (sign_up(session, h) for h in ("alice", "bob", "carol"))
    network.follow(session, alice, "bob")
    post_at(session, carol, "hello @alice", NOW - HOUR)
    post_at(session, bob, "later", NOW + MINUTE)
    post_at(session, carol, "later @alice", NOW + MINUTE)
    follow_at(session, carol, "alice", NOW + MINUTE)
    scheduled = gather(session, alice, NOW)
    assert [p.text for p in scheduled.mentions] == ["hello @alice"]
    assert (scheduled.posts, scheduled.followers) == ([], [])
    asked = gather(session, alice, NOW, open_ended=True)
    assert [p.text for p in asked.posts] == ["later"]
    assert [p.text for p in asked.mentions] == ["later @alice", "hello @alice"]
    assert asked.followers == ["carol"]


def test_in_french(session: Session) -> None:
    alice, bob = sign_up(session, "alice", language="fr"), sign_up(session, "bob")
    network.follow(session, alice, "bob")
    follow_at(session, bob, "alice", NOW - 2 * HOUR)
    post_at(session, bob, "Bonjour à tous. Belle journée !", NOW - HOUR)
    text = text_of(session, alice)
    assert text.startswith("Votre résumé du 2026-05-20 :\n\nÀ la une de votre réseau : @bob — "
                           "« Bonjour à tous. ». Aussi : 1 nouvel abonné.")
    assert "Nouvel abonné : @bob" in text and "il y a 1 h · n°" in text


def test_two_thousand_follows_and_fifty_thousand_new_posts_stay_bounded(
    engine: sa.Engine,
) -> None:
    """Written in bulk: 2,000 people, each posting 25 times in the last day, the last 2,000
    posts at the longest a post may be. PostgreSQL gets the statistics autovacuum would
    gather after such a load; without any it plans a scan."""
    with session_scope(engine) as session:
        reader = sign_up(session, "reader")
        authors = session.execute(sa.insert(Person).returning(Person.id), [
            {"handle": f"author{i:04d}", "display_name": "", "bio": "", "language": "en",
             "timezone": "UTC", "digest_time": NOW.time(), "digest_enabled": True,
             "created_at": NOW - 48 * HOUR} for i in range(2_000)]).scalars().all()
        session.execute(sa.insert(Follow), [
            {"follower_id": reader.id, "followee_id": author, "created_at": NOW - 48 * HOUR}
            for author in authors])
        start = NOW - 24 * HOUR + timedelta(seconds=1)
        longest = "word " * (POST_MAX // 5)
        session.execute(sa.insert(Post), [
            {"author_id": authors[n % 2_000], "text": longest if n >= 48_000 else f"post {n}",
             "visibility": "public", "created_at": start + timedelta(seconds=n)}
            for n in range(50_000)])
    if engine.dialect.name == "postgresql":  # as autovacuum would after such a load
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE post, follow")
    with session_scope(engine, read_only=True) as session:
        reader = session.get(Person, reader.id)
        since = NOW - 24 * HOUR
        read = candidates(session, reader.id, since, NOW, PostIds().span(session, since, NOW))
        started = timer.perf_counter()
        digest = gather(session, reader, NOW + HOUR)
        took = timer.perf_counter() - started
        text = render(compose(session, reader, NOW + HOUR), "en", NOW + HOUR).text
    print(f"\n2,000 follows, 50,000 new posts: digest gathered in {took * 1000:.0f} ms "
          f"on {engine.dialect.name}, {len(text)} characters")
    assert len(read) == CANDIDATES  # the newest of the 2,000 x 3 read, never the 50,000
    assert len(digest.posts) == 10
    assert all(len(group) <= 3 for group in digest.groups)
    assert all(len(post.text) <= 201 for post in digest.posts)
    assert len(text) <= 4096  # one Telegram message


def test_steering_rules_hide_and_reweight_alike_one_by_one_and_a_chunk_at_a_time(
        session: Session) -> None:
    """A hidden word keeps a post and a mention out; "less" and "more" move posts down and
    up; a rule ended before the digest's time counts for nothing (storage.steering)."""
    alice, bob, carol = (sign_up(session, h) for h in ("alice", "bob", "carol"))
    for reader in (alice, carol):
        network.follow(session, reader, "bob")
    vote = post_at(session, bob, "The vote tonight #politics", NOW - 3 * HOUR)
    spoiler = post_at(session, bob, "Spoiler: the butler did it, @alice", NOW - 2 * HOUR)
    climb = post_at(session, bob, "Climbing at dawn", NOW - 5 * HOUR)
    steering.add(session, alice, SteeringKind.hide, "spoiler", None, NOW - HOUR)
    steering.add(session, alice, SteeringKind.less, "politics", None, NOW - HOUR)
    steering.add(session, alice, SteeringKind.more, "climbing", None, NOW - HOUR)
    steering.add(session, carol, SteeringKind.hide, "climbing", NOW - MINUTE, NOW - HOUR)
    mine = gather(session, alice, NOW)
    assert [entry.candidate.id for entry in mine.ranked] == [climb, vote]
    assert [entry.steered for entry in mine.ranked] == [1.0, -1.0]
    assert "steered +1.00" in mine.ranked[0].explain()
    assert spoiler not in [post.id for post in mine.mentions]
    theirs = gather(session, carol, NOW)  # carol's rule ended a minute before
    assert [entry.candidate.id for entry in theirs.ranked] == [spoiler, vote, climb]
    since = NOW - timedelta(hours=24)
    readers = [(alice, NOW, since), (carol, NOW, since)]
    one = [gather(session, person, now, start) for person, now, start in readers]
    assert gather_many(session, readers, Recent()) == one
