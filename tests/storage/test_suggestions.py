"""Who to follow: friends of friends ranked by how many, mixed with shared interests."""

import pytest
from sqlmodel import Session

from storage import network
from storage.digest import affinity
from storage.suggestions import seeded


def test_suggestions_rank_friends_of_friends_and_shared_interests(session: Session, person) -> None:
    me = person("myself", "jazz", "rust")
    for handle in ("fa1", "fa2", "fa3"):
        person(handle)
        network.follow(session, me, handle)
    popular, known, niche = person("popular"), person("known"), person("niche", "jazz", "rust")
    for friend in ("fa1", "fa2", "fa3"):
        network.follow(session, network.person_by_handle(session, friend), "popular")
    network.follow(session, network.person_by_handle(session, "fa1"), "known")
    found = network.suggestions(session, me, limit=5)
    assert [s.handle for s in found] == ["popular", "known", "niche"]
    # Two of the three who follow them: the first and the last to join Plaza.
    assert (found[0].mutuals, found[0].followed_by) == (3, ["fa1", "fa3"])
    assert found[2].shared_interests == ["jazz", "rust"] and found[2].mutuals == 0
    assert popular.id and known.id and niche.id


def test_suggestions_never_include_you_followed_or_blocked(session: Session, person) -> None:
    me, friend = person("myself", "jazz"), person("friend", "jazz")
    person("blocked", "jazz"), person("blocker", "jazz"), person("fresh", "jazz")
    network.follow(session, me, "friend")
    network.follow(session, friend, "myself")
    for other in ("blocked", "blocker", "fresh"):
        network.follow(session, friend, other)
    network.block(session, me, "blocked")
    network.block(session, network.person_by_handle(session, "blocker"), "myself")
    assert [s.handle for s in network.suggestions(session, me)] == ["fresh"]


def test_no_suggestions_for_a_newcomer_with_nothing_in_common(session: Session, person) -> None:
    me = person("myself")
    person("other", "jazz")
    assert network.suggestions(session, me) == []


def test_suggestions_never_include_someone_muted(session: Session, person) -> None:
    me, friend = person("myself", "jazz"), person("friend")
    person("loud", "jazz"), person("hush", "jazz")
    network.follow(session, me, "friend")
    for other in ("loud", "hush"):
        network.follow(session, friend, other)
    network.mute(session, me, "loud")
    assert [s.handle for s in network.suggestions(session, me)] == ["hush"]


@pytest.mark.parametrize("parted", ["blocked", "blocked_by", "muted", "unfollowed"])
def test_a_digests_seeds_are_people_you_still_follow(
    session: Session, person, parted: str
) -> None:
    """The issue's: a digest seeds its suggestions from whom you liked and answered, and that
    brought back "@gina, followed by @frank" after you blocked frank. Seeds someone you
    blocked, who blocked you, whom you muted or no longer follow, suggest nothing."""
    me, frank, hank = person("myself"), person("frank"), person("hank")
    person("gina"), person("ivy")
    for followed in ("frank", "hank"):
        network.follow(session, me, followed)
    network.follow(session, frank, "gina")
    network.follow(session, hank, "ivy")
    network.like(session, me, network.post(session, frank, "frank's words").id)
    network.reply(session, me, network.post(session, frank, "more of frank").id, "well said")
    network.like(session, me, network.post(session, hank, "hank's words").id)
    found = seeded(session, me.id, _engaged_first(session, me.id), 3)
    assert [(s.handle, s.followed_by) for s in found] == [("gina", ["frank"]), ("ivy", ["hank"])]
    if parted == "blocked":
        network.block(session, me, "frank")
    elif parted == "blocked_by":
        network.block(session, frank, "myself")
    elif parted == "muted":
        network.mute(session, me, "frank")
    else:
        network.unfollow(session, me, "frank")
    found = seeded(session, me.id, _engaged_first(session, me.id), 3)
    assert [(s.handle, s.followed_by) for s in found] == [("ivy", ["hank"])]


def _engaged_first(session: Session, me: int) -> list[int]:
    """Seeds as a digest picks them when it features no post: whom `me` engages with most."""
    engaged = affinity(session, me)
    return sorted(engaged, key=lambda author: -sum(engaged[author]))
