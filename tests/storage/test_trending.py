"""Trending (storage.trending): hashtags more people used in the last 24 hours than on a
usual day of the week before, among the posts the viewer may see; on both engines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from storage import network
from storage.models import Person, Post, utcnow
from storage.tables import table

post_t = table(Post)
NOW = utcnow()


def _posted(session: Session, who: Person, text: str, days_ago: float = 0,
            visibility: str = "public") -> None:
    """A post written `days_ago` days before NOW; call oldest first, since post numbers
    grow with time."""
    made = network.post(session, who, text, visibility=visibility)
    at: datetime = NOW - timedelta(days=days_ago)
    session.execute(sa.update(post_t).where(post_t.c.id == made.id).values(created_at=at))


def _tags(session: Session, viewer: Person) -> list[str]:
    return [trend.tag for trend in network.trending(session, viewer, now=NOW)]


def test_a_tag_rises_on_people_not_posts_and_against_its_usual_day(
        session: Session, person: Callable[..., Person]) -> None:
    me, ana, bo, cy, dee = (person(h) for h in ("viewer", "ana", "bob", "cyd", "dee"))
    for days in range(7, 0, -1):  # #coffee: three people every day of the week before
        for who in (ana, bo, cy):
            _posted(session, who, "morning #coffee", days_ago=days + 0.5)
    _posted(session, ana, "old news #climbing", days_ago=3)
    for _ in range(6):
        _posted(session, dee, "me me me #solo", days_ago=0.2)
    for who in (ana, bo, cy):
        _posted(session, who, "more #Coffee", days_ago=0.1)  # its usual three: not rising
        _posted(session, who, "send it #climbing", days_ago=0.1)
    trends = network.trending(session, me, now=NOW)
    assert [t.tag for t in trends] == ["climbing"]  # #solo: one person, however many posts
    assert trends[0].people == 3 and abs(trends[0].usual - 1 / 7) < 1e-9


def test_only_posts_the_viewer_may_see_count(session: Session,
                                             person: Callable[..., Person]) -> None:
    me, ana, bo, cy, mal, mo = (person(h) for h in ("viewer", "ana", "bob", "cyd", "mal", "moe"))
    network.follow(session, ana, "bob")  # followers of bob, not me
    for who in (bo, cy):
        _posted(session, who, "just us #secret", visibility="followers")
    network.block(session, me, "mal")
    network.mute(session, me, "moe")
    for who in (mal, mo, ana):
        _posted(session, who, "look #drama")
    for who in (ana, cy):
        _posted(session, who, "look #open")
    assert _tags(session, me) == ["open"]  # #drama: ana alone once mal and mo are left out
    assert sorted(_tags(session, ana)) == ["drama", "open"]
    network.follow(session, me, "bob")
    network.follow(session, me, "cyd")
    assert sorted(_tags(session, me)) == ["open", "secret"]


def test_reposts_do_not_count_again(session: Session, person: Callable[..., Person]) -> None:
    me, ana, bo, cy = (person(h) for h in ("viewer", "ana", "bob", "cyd"))
    original = network.post(session, ana, "big news #launch")
    network.repost(session, bo, original.id)
    network.repost(session, cy, original.id)
    assert _tags(session, me) == []


def test_the_viewers_language_comes_first(session: Session,
                                          person: Callable[..., Person]) -> None:
    en, fr_reader = person("en_reader"), person("fr_reader")
    fr_reader.language = "fr"
    english = [person(f"en{n}") for n in range(4)]
    french = [person(f"fr{n}") for n in range(2)]
    for who in french:
        who.language = "fr"
    session.flush()
    for who in english:
        _posted(session, who, "go go #marathon")
    for who in french:
        _posted(session, who, "allez #cyclisme")
    assert _tags(session, en) == ["marathon", "cyclisme"]
    assert _tags(session, fr_reader) == ["cyclisme", "marathon"]
