"""Steering rules (storage.steering): added, replaced, listed while in force, removed;
matched on words and hashtags, case and accents aside; applied to notifications and
trending; moved by a merge and exported; on both engines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from storage import network, notifications, steering
from storage.errors import InvalidInput, Reason
from storage.merge import merge_accounts
from storage.models import Person, Post, SteeringKind, utcnow
from storage.steering import Rule
from storage.tables import row_id, table

hide, less, more = SteeringKind.hide, SteeringKind.less, SteeringKind.more
post_t = table(Post)


def test_a_term_is_its_folded_words() -> None:
    assert steering.term_of("#Politique") == "politique"
    assert steering.term_of("  Éléphant Rose! ") == "elephant rose"
    with pytest.raises(InvalidInput) as empty:
        steering.term_of(" #! ")
    assert empty.value.reason == Reason.empty
    with pytest.raises(InvalidInput) as long:
        steering.term_of("x" * 65)
    assert long.value.reason == Reason.too_long


def test_rules_are_added_replaced_listed_while_in_force_and_removed(
        session: Session, person: Callable[..., Person]) -> None:
    ana = person("ana")
    now = utcnow()
    week = now + timedelta(days=7)
    assert steering.add(session, ana, less, "Politics", week, now) == Rule(less, "politics", week)
    steering.add(session, ana, more, "#climbing", None, now)
    steering.add(session, ana, hide, "spoiler", now + timedelta(hours=1), now)
    # said again: one rule, its kind and end the latest said
    steering.add(session, ana, hide, "POLITICS", None, now)
    assert steering.rules(session, ana, now) == [
        Rule(hide, "politics", None), Rule(hide, "spoiler", now + timedelta(hours=1)),
        Rule(more, "climbing", None)]
    # an expired rule is no longer listed, nor in force
    assert steering.rules(session, ana, now + timedelta(hours=2)) == [
        Rule(hide, "politics", None), Rule(more, "climbing", None)]
    assert steering.remove(session, ana, "spoiler", now + timedelta(hours=2)) is None
    assert steering.remove(session, ana, "#Politics", now) == Rule(hide, "politics", None)
    assert steering.remove(session, ana, "politics", now) is None
    assert steering.rules(session, ana, now) == [Rule(more, "climbing", None)]
    assert steering.rules(session, person("bob"), now) == []


def test_a_person_has_at_most_so_many_rules(session: Session,
                                            person: Callable[..., Person]) -> None:
    ana = person("ana")
    for n in range(steering.RULES_MAX):
        steering.add(session, ana, hide, f"word{n}")
    steering.add(session, ana, less, "word0")  # replacing one is no new rule
    with pytest.raises(InvalidInput) as refused:
        steering.add(session, ana, hide, "one more")
    assert refused.value.reason == Reason.too_many


def test_steer_matches_words_and_hashtags_on_word_boundaries(
        session: Session, person: Callable[..., Person]) -> None:
    ana, bob = person("ana"), person("bob")
    now = utcnow()
    said = {text: network.post(session, bob, text).id for text in (
        "Big SPOILER ahead!", "no spoilers here", "#Spoiler season", "the élection night",
        "Election results #politics", "Game of Thrones finale", "game night of thrones",
        "climbing today", "politics and climbing")}
    steering.add(session, ana, hide, "spoiler", None, now)
    steering.add(session, ana, hide, "game of thrones", None, now)
    steering.add(session, ana, less, "Élection", None, now)
    steering.add(session, ana, less, "politics", None, now)
    steering.add(session, ana, more, "climbing", None, now)
    steering.add(session, ana, hide, "crypto", now - timedelta(seconds=1), now)
    found = steering.steer(session, {row_id(ana): list(said.values()),
                                     row_id(bob): list(said.values())}, now)
    assert set(found) == {row_id(ana)}  # bob has no rules
    mine = found[row_id(ana)]
    assert mine.hidden == {said["Big SPOILER ahead!"], said["#Spoiler season"],
                           said["Game of Thrones finale"]}
    assert mine.weights == {said["the élection night"]: -1.0,
                            said["Election results #politics"]: -2.0,
                            said["climbing today"]: 1.0, said["politics and climbing"]: 0.0}
    # only the posts asked about, for whom they were asked
    only = steering.steer(session, {row_id(ana): [said["climbing today"]]}, now)
    assert only[row_id(ana)].hidden == set()
    assert steering.steer(session, {row_id(ana): []}, now) == {}


def test_a_hidden_word_keeps_a_notification_from_going(
        session: Session, person: Callable[..., Person]) -> None:
    ana, bob = person("ana"), person("bob")
    network.follow(session, bob, "ana")
    mine = network.post(session, ana, "my crypto thoughts")
    network.reply(session, bob, mine.id, "more crypto? no thanks")
    network.post(session, bob, "hey @ana, the Spoiler is out")
    network.post(session, bob, "hey @ana, lunch?")
    network.like(session, bob, mine.id)
    now = utcnow()
    steering.add(session, ana, hide, "crypto", None, now)
    steering.add(session, ana, hide, "spoiler", now + timedelta(hours=1), now)
    claimed = notifications.claim(session, now + timedelta(hours=2), 10)
    kinds = {item.id: item.kind for item in claimed}
    soon = notifications.deliverable(session, claimed, now)
    # the reply and the spoiler are held back; a like of her own post about crypto is not
    assert sorted(kinds[i] for i in soon) == ["follow", "like", "mention"]
    # once the spoiler rule has ended, its mention goes too
    later = notifications.deliverable(session, claimed, now + timedelta(hours=2))
    assert sorted(kinds[i] for i in later) == ["follow", "like", "mention", "mention"]


def test_trending_leaves_out_posts_with_hidden_words(
        session: Session, person: Callable[..., Person]) -> None:
    viewer, *others = (person(h) for h in ("viewer", "ana", "bob", "cyd"))
    for who in others:
        network.post(session, who, "vote today #election")
        network.post(session, who, "send #climbing")
    now = utcnow()
    tags = {t.tag for t in network.trending(session, viewer, now=now + timedelta(minutes=1))}
    assert tags == {"election", "climbing"}
    steering.add(session, viewer, hide, "election", None, now)
    tags = {t.tag for t in network.trending(session, viewer, now=now + timedelta(minutes=1))}
    assert tags == {"climbing"}


def test_rules_follow_a_merge_and_are_exported(session: Session,
                                               person: Callable[..., Person]) -> None:
    ana, bob = person("ana"), person("bob")
    end = datetime(2030, 1, 6, 23, 0, tzinfo=UTC)
    steering.add(session, ana, hide, "spoiler")
    steering.add(session, bob, more, "spoiler")
    steering.add(session, bob, less, "politics", end)
    merged = merge_accounts(session, row_id(ana), row_id(bob))
    assert (merged.moved["steering_rule"], merged.dropped["steering_rule"]) == (1, 1)
    assert steering.rules(session, ana) == [Rule(hide, "spoiler", None),
                                            Rule(less, "politics", end)]
    exported = network.export(session, ana)["steering"]
    assert [(r["kind"], r["term"], r["expires_at"]) for r in exported] == [
        ("less", "politics", end.isoformat()), ("hide", "spoiler", None)]
    left = session.execute(sa.select(sa.func.count()).select_from(table(Person))).scalar_one()
    assert left == 1
