"""Searching posts by words and hashtags, and people by topic."""

import unicodedata

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from storage import network
from storage.db import make_engine, migrate, session_scope
from storage.errors import InvalidInput
from storage.models import Platform


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


@pytest.mark.parametrize(
    ("text", "queries"),
    [
        ("Die Straße ist gesperrt", ["Straße", "strasse", "STRASSE", "straße gesperrt"]),
        ("İstanbul'da kar var", ["İstanbul'da", "istanbul'da", "kar"]),
        ("ılık bir gün", ["ılık"]),
        ("ﬁnally the ﬂowers", ["ﬁnally", "finally", "flowers"]),
        ("ΚΑΛΗΜΈΡΑ ΚΌΣΜΕ και κόσμος", ["κόσμος", "ΚΟΣΜΟΣ", "κοσμοσ", "καλημερα"]),
        ("Ｈｅｌｌｏ ｗｏｒｌｄ", ["Ｈｅｌｌｏ", "hello world"]),
        ("un café crème", ["café", "cafe", "CAFÉ", "creme"]),
        ("مَدْرَسَة جديدة", ["مَدْرَسَة", "مدرسة"]),
        ("हिन्दी दिवस", ["हिन्दी", "दिवस"]),
        ("می‌خواهم بروم", ["می‌خواهم", "میخواهم"]),
    ],
)
def test_a_word_is_found_as_posted_and_in_its_folded_spelling(
    session: Session, person, text: str, queries: list[str]
) -> None:
    alice = person("alice")
    posted = network.post(session, alice, text)
    network.post(session, alice, "something else entirely")
    for query in queries:
        assert [p.id for p in network.search_posts(session, alice, query)] == [posted.id], query


def test_words_that_share_letters_stay_apart(session: Session, person) -> None:
    alice = person("alice")
    network.post(session, alice, "हिन्दी दिवस")
    network.post(session, alice, "ที่นี่")
    assert network.search_posts(session, alice, "हिन्दू") == []  # same consonants
    assert network.search_posts(session, alice, "ilik") == []
    assert network.search_posts(session, alice, "ที่") == []


def test_a_link_is_found_by_its_address(session: Session, person) -> None:
    alice = person("alice")
    posted = network.post(session, alice, "docs at https://example.com/@alice#install")
    assert [p.id for p in network.search_posts(session, alice, "example.com")] == [posted.id]
    assert network.search_posts(session, alice, "#install") == []


@pytest.mark.parametrize(
    ("text", "found_by", "not_by"),
    [
        ("#हिन्दी दिवस", "#हिन्दी", "#हाथी"),
        ("#ภาษาไทย วันนี้", "#ภาษาไทย", "#ภา"),
        ("#Straße zu", "#strasse", "#stra"),
        ("#مَدْرَسَة", "#مدرسة", "#م"),
    ],
)
def test_a_hashtag_is_found_whole_in_every_script(
    session: Session, person, text: str, found_by: str, not_by: str
) -> None:
    alice = person("alice")
    posted = network.post(session, alice, text)
    assert [p.id for p in network.search_posts(session, alice, found_by)] == [posted.id]
    assert network.search_posts(session, alice, not_by) == []


def test_a_post_number_is_searched_as_a_word(session: Session, person) -> None:
    alice = person("alice")
    posted = network.post(session, alice, "room 12 is open")
    assert [p.id for p in network.search_posts(session, alice, "#12")] == [posted.id]


def test_people_are_found_by_their_words_as_written(session: Session, person) -> None:
    me = person("viewer")
    anna = person("anna")
    network.update_profile(session, anna, name="Ａｎｎａ Groß", bio="Ich wohne in der Straße")
    cem = person("cem")
    network.update_profile(session, cem, bio="İzmir'de ılık akşamlar")
    for query, handle in [("Straße", "anna"), ("strasse", "anna"), ("gross", "anna"),
                          ("anna", "anna"), ("İzmir'de", "cem"), ("ılık", "cem")]:
        assert [p.handle for p in network.search_people(session, me, query)] == [handle], query
    network.update_profile(session, anna, bio="Jetzt am Platz")
    assert network.search_people(session, me, "Straße") == []
    assert [p.handle for p in network.search_people(session, me, "platz")] == ["anna"]


def _register(engine: sa.Engine, *handles: str) -> None:
    with session_scope(engine) as session:
        for handle in handles:
            network.register(session, handle, platform=Platform.console, external_id=handle)


@pytest.mark.parametrize(
    "interest", ["Donaudampfschiffahrtsgesellschaftsstraße", "ﬃ" * 14, "Groß" * 10]
)
def test_an_interest_too_long_once_folded_is_refused_and_nothing_is_lost(
    engine: sa.Engine, interest: str
) -> None:
    _register(engine, "alice", "bob")
    with session_scope(engine) as session:
        alice = network.person_by_handle(session, "alice")
        network.update_profile(session, alice, interests=["jazz"])
    with pytest.raises(InvalidInput) as refused, session_scope(engine) as session:
        alice = network.person_by_handle(session, "alice")
        network.update_profile(session, alice, interests=["vélo", interest])
    assert refused.value.detail["length"] > 40
    with session_scope(engine) as session:
        bob = network.person_by_handle(session, "bob")
        assert network.search_people(session, bob, "jazz")[0].interests == ["jazz"]
        assert network.search_people(session, bob, "velo") == []


def test_a_post_with_a_hashtag_too_long_once_folded_is_refused_whole(engine: sa.Engine) -> None:
    _register(engine, "alice")
    with pytest.raises(InvalidInput), session_scope(engine) as session:
        alice = network.person_by_handle(session, "alice")
        network.post(session, alice, "#" + "Straße" * 8 + "ab is too long")
    with session_scope(engine) as session:
        alice = network.person_by_handle(session, "alice")
        assert network.search_posts(session, alice, "long") == []
        assert network.profile(session, alice, alice).posts == 0


def test_a_database_made_before_search_text_is_folded_again_by_its_migration(
    empty_database_url: str,
) -> None:
    """Rows written under migration 0004's schema, with the tags the old rules stored
    ("ह" for "#हिन्दी"), are searchable the new way once migrated."""
    engine = make_engine(empty_database_url)
    migrate(engine, "0004")
    with engine.begin() as connection:
        run = lambda sql, **values: connection.execute(sa.text(sql), values)  # noqa: E731
        for handle, bio in [("alice", "Wohnt in der Straße"), ("bob", "")]:
            run("INSERT INTO person (handle, display_name, bio, language, timezone, digest_time,"
                " digest_enabled, created_at, digest_always) VALUES (:h, '', :bio, 'en', 'UTC',"
                " '08:00:00', true, '2026-01-01 00:00:00', false)", h=handle, bio=bio)
        alice = run("SELECT id FROM person WHERE handle = 'alice'").scalar_one()
        posts = [run("INSERT INTO post (author_id, text, visibility, created_at) VALUES"
                     " (:a, :t, 'public', '2026-01-01 00:00:00') RETURNING id",
                     a=alice, t=text).scalar_one()
                 for text in ("Die Straße #हिन्दी, CV: résumé.pdf", "#हाथी")]
        for post_id in posts:
            run("INSERT INTO post_tag (tag, post_id) VALUES ('ह', :p)", p=post_id)
        run("INSERT INTO interest (person_id, tag) VALUES (:a, :jamo)", a=alice,
            jamo=unicodedata.normalize("NFD", "한국어"))  # the old fold left Hangul in jamo
    migrate(engine)
    with session_scope(engine) as session:
        bob = network.person_by_handle(session, "bob")
        for query, found in [("Straße", posts[:1]), ("strasse", posts[:1]),
                             ("#हिन्दी", posts[:1]), ("#हाथी", posts[1:]), ("#ह", []),
                             ("resume", posts[:1]), ("pdf", posts[:1])]:
            assert [p.id for p in network.search_posts(session, bob, query)] == found, query
        assert [p.handle for p in network.search_people(session, bob, "straße")] == ["alice"]
        assert network.search_people(session, bob, "한국어")[0].interests == ["한국어"]
        network.post(session, bob, "neue Straße")
    with session_scope(engine) as session:
        assert len(network.search_posts(session, bob, "strasse")) == 2
    engine.dispose()


_CV = "my CV is at résumé.pdf and site example.com, mail me at bob@example.org"


@pytest.mark.parametrize(
    ("text", "queries"),
    [
        (_CV, ["resume", "résumé", "pdf", "example", "com", "bob", "org", "résumé.pdf",
               "example.com", "bob@example.org", "mail bob"]),
        ("v2 is out: Python 3.14 at www.python.example/downloads/",
         ["v2", "3", "14", "3.14", "www", "python", "downloads"]),
        ("hello.world, great.Thanks! see /usr/local/bin and notes_2026-01.txt",
         ["hello", "world", "great", "thanks", "great.thanks", "local", "notes", "2026", "txt"]),
    ],
)
def test_hosts_addresses_paths_and_versions_are_searched_by_their_words(
    session: Session, person, text: str, queries: list[str]
) -> None:
    alice = person("alice")
    posted = network.post(session, alice, text)
    network.post(session, alice, "something else entirely")
    for query in queries:
        assert [p.id for p in network.search_posts(session, alice, query)] == [posted.id], query


@pytest.mark.parametrize("query", ["org.example", "com.example", "pdf.resume", "3.15", "14.3"])
def test_a_query_of_joined_words_finds_them_side_by_side_only(
    session: Session, person, query: str
) -> None:
    alice = person("alice")
    network.post(session, alice, _CV + " v3.14")
    assert network.search_posts(session, alice, query) == []


@pytest.mark.parametrize(
    ("handle", "query"), [("jazz.fan", "jazz"), ("jazz.fan", "fan"), ("dj.deep_house", "house")]
)
def test_people_are_found_by_each_word_of_their_handle(
    session: Session, person, handle: str, query: str
) -> None:
    me = person("viewer")
    person(handle)
    found = network.search_people(session, me, f"people into {query}")
    assert [p.handle for p in found] == [handle]


def test_people_are_found_by_words_of_an_address_in_their_bio(session: Session, person) -> None:
    me = person("viewer")
    zoe = person("zoe")
    network.update_profile(session, zoe, bio="Mail zoé@example.org, site zoe.example.com")
    for query in ("example", "org", "zoe", "zoé@example.org"):
        assert [p.handle for p in network.search_people(session, me, query)] == ["zoe"], query


@pytest.mark.parametrize("handle", ["...", "abc.", ".abc", "___", "a..b"])
def test_a_handle_no_mention_can_read_is_not_given_out(session: Session, handle: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        network.register(session, handle, platform=Platform.console, external_id="x")
    assert refused.value.reason == "bad_shape"


def test_a_handle_stored_before_the_shape_rule_still_works(engine: sa.Engine) -> None:
    with engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO person (handle, display_name, bio, language, timezone, digest_time,"
            " digest_enabled, created_at, digest_always) VALUES ('abc.', '', '', 'en', 'UTC',"
            " '08:00:00', true, '2026-01-01 00:00:00', false)"))
    _register(engine, "bob", "abc")
    with session_scope(engine) as session:
        bob = network.person_by_handle(session, "bob")
        assert network.person_by_handle(session, "@abc.").handle == "abc."
        network.follow(session, bob, "abc.")
        network.post(session, bob, "hi @abc.")
    with session_scope(engine) as session:
        old, abc = (network.person_by_handle(session, h) for h in ("abc.", "abc"))
        assert network.profile(session, bob, old).followers == 1
        assert network.profile(session, bob, abc).followers == 0
        assert len(network.mentions(session, abc)) == 1
        assert network.mentions(session, old) == []
