"""The feed's per-engine shapes (storage.reading._feed_rows) page by page against the plain
statement they stand for, and against each other, on a network built to sit on their edges.

SQLite reads windows of ids; PostgreSQL reads each followed author's newest posts for
someone following fewer than FEW people (with an exact fallback when the rule hides some)
and walks windows back for more. What can tell them apart is built in: people following
0, 2, FEW - 1, FEW and FEW + 1 others; gaps in the post ids wider than every window but
the last; mutes, a block with the follow left standing, followers-only threads a viewer may
and may not read, reposts of muted, blocked and deleted posts, deleted posts. Every page of
every viewer, through `before` cursors, must be the plain statement's: the authors
followed (unmuted) and oneself, through the visibility rule, newest first.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from storage import network
from storage.models import Person, Platform
from storage.reading import FEW, NEWEST, POSTS, P, visible_to
from storage.relations import follow_t, followee_ids
from storage.visibility import unmuted
from tests.conftest import POSTGRES_URL
from tests.storage.shape_support import on_both_engines, skip_post_ids

AUTHORS = FEW + 20
VIEWERS = {"viewer0": 0, "viewer2": 2, "viewer99": FEW - 1, "viewer100": FEW, "viewer101": FEW + 1}
LIMITS = (7, 20, 50)
needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="TEST_POSTGRES_URL not set")


def _author(i: int) -> str:
    return f"author{i:03d}"


def build(session: Session) -> None:
    """The same network, with the same ids, on whichever engine `session` is on."""
    people: dict[str, Person] = {}
    for handle in [*(_author(i) for i in range(AUTHORS)), *VIEWERS, "stranger"]:
        people[handle] = network.register(session, handle, platform=Platform.console,
                                          external_id=handle)
    me = people.__getitem__
    for viewer, count in VIEWERS.items():
        for i in range(count):
            network.follow(session, me(viewer), _author(i))
    if VIEWERS["viewer2"] == 2:  # viewer2 follows two quiet people at the far end
        for handle in ("author000", "author001"):
            network.unfollow(session, me("viewer2"), handle)
        for i in (AUTHORS - 2, AUTHORS - 1):
            network.follow(session, me("viewer2"), _author(i))
    network.follow(session, me("author003"), "stranger")
    network.follow(session, me("author002"), "author001")

    # The oldest posts, then a gap wider than 65,536 ids.
    for i in range(AUTHORS):
        network.post(session, me(_author(i)), f"old post of {_author(i)}")
    network.post(session, me("viewer0"), "the oldest post of viewer0")
    skip_post_ids(session, 100_000)

    # What the rule hides, and what it shows, in the middle.
    shut = network.post(session, me("author001"), "for my followers", visibility="followers")
    network.reply(session, me("author002"), shut.id, "a reply in author001's thread")
    theirs = network.post(session, me("stranger"), "stranger's followers only",
                          visibility="followers")
    network.reply(session, me("author003"), theirs.id, "a reply viewers may not read")
    muted_post = network.post(session, me("author005"), "muted by the viewers")
    network.repost(session, me("author004"), muted_post.id)
    open_post = network.post(session, me("stranger"), "a public word from a stranger")
    network.repost(session, me("author006"), open_post.id)
    blocked_post = network.post(session, me("author007"), "from someone who blocks")
    network.repost(session, me("author008"), blocked_post.id)
    gone = network.post(session, me("author009"), "deleted soon")
    network.delete_post(session, me("author009"), gone.id)
    doomed = network.post(session, me("author011"), "reposted, then deleted")
    network.repost(session, me("author010"), doomed.id)
    network.delete_post(session, me("author011"), doomed.id)
    for viewer in ("viewer99", "viewer100", "viewer101"):
        network.mute(session, me(viewer), "author005")
        network.block(session, me("author007"), viewer)
        # A follow left standing across the block (made before blocks ended follows).
        session.execute(follow_t.insert().values(follower_id=me(viewer).id,
                                                 followee_id=me("author007").id,
                                                 created_at=shut.created_at))
    skip_post_ids(session, 5_000_000)  # wider than 4,194,304: only all of history spans it

    # A busy stretch, round after round, the viewers' own posts among them.
    for round_ in range(3):
        for i in range(AUTHORS):
            network.post(session, me(_author(i)), f"round {round_} by {_author(i)}")
        for viewer in VIEWERS:
            network.post(session, me(viewer), f"round {round_} by {viewer}")
    skip_post_ids(session, 5_100_000)
    # The newest posts are by people nobody follows.
    for _ in range(30):
        network.post(session, me("stranger"), "nobody reads me")
    session.commit()


def _expected(session: Session, viewer: Person) -> list[int]:
    """Every id of `viewer`'s feed by the plain statement, newest first."""
    me = viewer.id
    assert me is not None
    authors = sa.union_all(followee_ids(me).where(unmuted(me, follow_t.c.followee_id)),
                           sa.select(sa.literal(me)))
    query = (POSTS.where(P.c.author_id.in_(authors), P.c.id < NEWEST, visible_to(me))
             .order_by(P.c.id.desc()))
    return [row[0] for row in session.execute(query)]


def _pages(session: Session, viewer: Person, limit: int) -> list[list[int]]:
    """Every page of `viewer`'s feed, `limit` posts a page, following the cursors."""
    pages, before = [], None
    while True:
        page = network.feed(session, viewer, limit=limit, before=before)
        pages.append([post.id for post in page.items])
        if page.next_cursor is None:
            return pages
        assert page.next_cursor == page.items[-1].id
        before = page.next_cursor


def _walk(session: Session) -> dict[tuple[str, int], list[list[int]]]:
    found = {}
    for viewer in VIEWERS:
        person = network.person_by_handle(session, viewer)
        for limit in LIMITS:
            found[viewer, limit] = _pages(session, person, limit)
    return found


def test_every_page_is_the_plain_statements(session: Session) -> None:
    build(session)
    for viewer, count in VIEWERS.items():
        person = network.person_by_handle(session, viewer)
        session.refresh(person)
        # The block ended one follow and the standing one took its place: the shape
        # chosen on PostgreSQL is the one its count names.
        assert person.following_count == count
        expected = _expected(session, person)
        assert expected, viewer
        for limit in LIMITS:
            pages = _pages(session, person, limit)
            assert [i for page in pages for i in page] == expected, (viewer, limit)
            assert all(len(page) == limit for page in pages[:-1])
        # One post a page, the first few: the cursor is one id above the next post.
        before = None
        for position in range(min(5, len(expected))):
            page = network.feed(session, person, limit=1, before=before)
            assert [post.id for post in page.items] == [expected[position]]
            before = page.next_cursor
    _assert_hidden_stay_hidden(session)


def _assert_hidden_stay_hidden(session: Session) -> None:
    texts = {post.text for post in network.feed(session, network.person_by_handle(
        session, "viewer101"), limit=50, before=100_050).items}
    assert "a reply in author001's thread" in texts and "for my followers" in texts
    assert not texts & {"a reply viewers may not read", "muted by the viewers",
                        "from someone who blocks", "deleted soon", "reposted, then deleted"}


@needs_postgres
def test_both_engines_page_alike(tmp_path: Path, postgres_engine: sa.Engine) -> None:
    def walk(session: Session) -> object:
        build(session)
        return _walk(session)

    lite, pg = on_both_engines(tmp_path, postgres_engine, walk)
    assert lite == pg
