"""Searching posts by words and hashtags, and people by topic."""

from sqlmodel import Session

from storage import network


def test_search_folds_diacritics_both_ways(session: Session, person) -> None:
    alice = person("alice")
    velo = network.post(session, alice, "Une balade à VÉLO ce matin")
    cafe = network.post(session, alice, "cafe au lait")
    assert [p.id for p in network.search_posts(session, alice, "velo")] == [velo.id]
    assert [p.id for p in network.search_posts(session, alice, "vélo balade")] == [velo.id]
    assert [p.id for p in network.search_posts(session, alice, "café")] == [cafe.id]
    assert network.search_posts(session, alice, "velo lait") == []


def test_search_by_hashtag(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    tagged = network.post(session, alice, "learning #Rust today")
    network.post(session, bob, "rust on my bike")
    newer = network.post(session, bob, "more #rust")
    assert [p.id for p in network.search_posts(session, bob, "#rust")] == [newer.id, tagged.id]


def test_search_input_is_data_not_syntax(session: Session, person) -> None:
    alice = person("alice")
    network.post(session, alice, 'quotes " and stars * and NEAR(x)')
    for query in ['"', "*", "NEAR(", "AND OR NOT", "'; DROP TABLE post; --", "", "#", "  "]:
        network.search_posts(session, alice, query)  # must not raise
    assert len(network.search_posts(session, alice, 'quotes "stars"')) == 1


def test_people_search_covers_interests_handles_names_and_bios(session: Session, person) -> None:
    viewer = person("viewer")
    by_interest = person("alice", "climbing")
    by_bio = person("bob")
    network.update_profile(session, by_bio, bio="Weekend climbing in Fontainebleau")
    by_name = person("carol")
    network.update_profile(session, by_name, name="Carol Climbing-Club")
    by_handle = person("climbing_dan")
    person("nobody", "jazz")
    network.follow(session, viewer, "bob")
    found = [p.handle for p in network.search_people(session, viewer, "Climbing")]
    assert found[0] == "bob"  # most followed first
    assert set(found) == {"alice", "bob", "carol", "climbing_dan"}
    assert by_interest.handle and by_name.handle and by_handle.handle
    assert network.search_people(session, viewer, "  ") == []


def test_people_search_folds_diacritics_and_never_returns_you(session: Session, person) -> None:
    me = person("myself", "vélo")
    person("cyclist", "velo")
    assert [p.handle for p in network.search_people(session, me, "velo")] == ["cyclist"]
    assert network.search_people(session, me, "vélo")[0].interests == ["velo"]


def test_accented_interests_are_found_by_every_spelling(session: Session, person) -> None:
    me = person("myself")
    person("cycliste", "Vélo", "Café")
    for query in ("velo", "vélo", "VELO", "cafe"):
        assert [p.handle for p in network.search_people(session, me, query)] == ["cycliste"]
    assert network.search_people(session, me, "velo")[0].interests == ["cafe", "velo"]
