"""Who to follow: friends of friends ranked by how many, mixed with shared interests."""

from sqlmodel import Session

from storage import network


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
    assert (found[0].mutuals, found[0].followed_by) == (3, ["fa1", "fa2"])
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
    person("loud", "jazz"), person("quiet", "jazz")
    network.follow(session, me, "friend")
    for other in ("loud", "quiet"):
        network.follow(session, friend, other)
    network.mute(session, me, "loud")
    assert [s.handle for s in network.suggestions(session, me)] == ["quiet"]
