"""Sign-up, identities, profile and settings, export and account deletion."""

import json
import sqlite3
import threading
from contextlib import closing
from datetime import date, time, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from storage import network, usage
from storage.accounts import DELETE_BATCH, HANDLE_HELD_FOR
from storage.db import session_scope
from storage.errors import InvalidInput
from storage.models import DigestDelivery, Person, Platform, utcnow


def test_register_and_arrive(session: Session) -> None:
    made = network.register(
        session, "Alice", platform=Platform.telegram, external_id="42", chat_id="42",
        display_name="Alice L.", language="fr",
    )
    assert (made.handle, made.language, made.timezone, made.digest_time) == (
        "alice", "fr", "UTC", time(8, 0)
    )
    assert network.arrive(session, Platform.telegram, "42").id == made.id
    assert network.arrive(session, Platform.discord, "42") is None


def test_handles_are_unique_case_insensitively(session: Session, person) -> None:
    person("alice")
    assert network.handle_available(session, "ALICE") is False
    assert network.handle_available(session, "a!") is False
    assert network.handle_available(session, "alice2") is True
    with pytest.raises(InvalidInput) as refused:
        network.register(session, "Alice", platform=Platform.discord, external_id="7")
    assert refused.value.reason == "taken"


def test_unreachable_identities_are_marked_and_come_back(session: Session, person) -> None:
    alice = person("alice")
    network.set_reachable(session, Platform.console, "alice", False)
    session.expire_all()
    # Written from a group (no private chat): still hers, still unreachable privately.
    assert network.arrive(session, Platform.console, "alice").id == alice.id
    rows = session.execute(sa.text("SELECT unreachable FROM identity")).scalars().all()
    assert rows == [True]
    network.set_reachable(session, Platform.console, "alice", True)
    assert session.execute(sa.text("SELECT unreachable FROM identity")).scalars().all() == [False]


def _gone(session: Session) -> dict[tuple[str, str], bool]:
    rows = session.execute(sa.text("SELECT platform, external_id, unreachable FROM identity"))
    return {(platform, external): bool(gone) for platform, external, gone in rows}


def test_a_chat_gone_marks_the_identity_whose_private_chat_it_is(session: Session) -> None:
    # On Discord a private chat's id is not the person's: "500" is Dan's chat, and Eve's id.
    dan = network.register(session, "dan", platform=Platform.discord, external_id="100",
                           chat_id="500")
    network.register(session, "eve", platform=Platform.discord, external_id="500",
                     chat_id="900")
    network.register(session, "fay", platform=Platform.discord, external_id="600")
    assert network.chat_unreachable(session, Platform.discord, "500") is True
    assert network.chat_unreachable(session, Platform.telegram, "500") is False
    # Fay never wrote privately: on Discord she has no private chat yet, whatever her id.
    assert network.chat_unreachable(session, Platform.discord, "600") is False
    assert _gone(session) == {("discord", "100"): True, ("discord", "500"): False,
                              ("discord", "600"): False}
    assert network.arrive(session, Platform.discord, "100", "500").id == dan.id  # back
    assert _gone(session)[("discord", "100")] is False


def test_a_group_gone_marks_nobody_and_a_private_chat_is_the_account_on_telegram(
    session: Session,
) -> None:
    network.register(session, "gil", platform=Platform.telegram, external_id="42")  # in a group
    network.register(session, "hal", platform=Platform.telegram, external_id="43",
                     chat_id="43")
    assert network.chat_unreachable(session, Platform.telegram, "-100123") is False
    assert network.chat_unreachable(session, Platform.telegram, "42") is True
    assert _gone(session) == {("telegram", "42"): True, ("telegram", "43"): False}


def test_profile_update_and_view(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    network.update_profile(session, alice, name=" Alice\nL. ", bio="Jazz & vélo",
                           interests=["Jazz", "rust"])
    network.follow(session, bob, "alice")
    network.post(session, alice, "hi")
    seen = network.profile(session, bob, alice)
    assert (seen.display_name, seen.bio, seen.interests) == ("Alice L.", "Jazz & vélo",
                                                              ["jazz", "rust"])
    assert (seen.followers, seen.following, seen.posts) == (1, 0, 1)
    with pytest.raises(InvalidInput) as refused:
        network.update_profile(session, alice, bio="x" * 301)
    assert refused.value.detail["field"] == "bio"


@pytest.mark.parametrize(
    ("change", "field"),
    [({"timezone": "Mars/Olympus"}, "timezone"), ({"timezone": "UTC+25"}, "timezone"),
     ({"language": "xx"}, "language")],
)
def test_bad_settings_are_refused_and_change_nothing(session: Session, person, change, field):
    alice = person("alice")
    with pytest.raises(InvalidInput) as refused:
        network.update_settings(session, alice, **change)
    assert refused.value.detail["field"] == field
    assert (alice.timezone, alice.language) == ("UTC", "en")
    network.update_settings(session, alice, timezone="Europe/Paris", digest_time=time(19, 30),
                            digest_enabled=False)
    assert (alice.timezone, alice.digest_time, alice.digest_enabled) == (
        "Europe/Paris", time(19, 30), False
    )


def test_export_holds_everything_a_person_gave(session: Session, person) -> None:
    alice, bob, _ = person("alice", "jazz"), person("bob"), person("carol")
    network.follow(session, alice, "bob")
    network.block(session, alice, "carol")
    network.mute(session, alice, "bob")
    theirs = network.post(session, bob, "bob's")
    network.like(session, alice, theirs.id)
    mine = network.post(session, alice, "mine", visibility="followers")
    document = json.loads(json.dumps(network.export(session, alice)))
    assert document["profile"]["handle"] == "alice"
    assert document["profile"]["interests"] == ["jazz"]
    assert document["settings"] == {"language": "en", "timezone": "UTC",
                                    "digest_time": "08:00", "digest_enabled": True,
                                    "digest_platform": None, "ai_opt_out": False}
    assert [(i["platform"], i["external_id"], i["reachable"])
            for i in document["identities"]] == [("console", "alice", True)]
    assert [(p["id"], p["text"], p["visibility"]) for p in document["posts"]] == [
        (mine.id, "mine", "followers")
    ]
    assert (document["following"], document["blocks"], document["mutes"]) == (
        ["bob"], ["carol"], ["bob"]
    )
    assert [like["post"] for like in document["likes"]] == [theirs.id]


def _rows_naming(session: Session, person_id: int, post_ids: list[int]) -> list[str]:
    """Every row, in every table, whose person or post columns point at the deleted data."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            targets = {fk.column.table.name for fk in column.foreign_keys}
            ids = [person_id] if "person" in targets else post_ids if "post" in targets else []
            if table.name == "person" and column.name == "id":
                ids = [person_id]
            if table.name == "post" and column.name == "id":
                ids = post_ids
            if ids:
                hits = session.execute(sa.select(table).where(column.in_(ids))).all()
                found += [f"{table.name}.{column.name}: {row}" for row in hits]
    return found


@pytest.mark.parametrize("batch", [DELETE_BATCH, 2])
def test_deleting_an_account_leaves_no_row_behind(session: Session, person, batch: int) -> None:
    alice, bob, dave = person("alice", "jazz"), person("bob", "jazz"), person("dave", "jazz")
    person("carol")
    network.update_profile(session, alice, bio="unique-bio-word")
    network.follow(session, alice, "bob")
    network.follow(session, bob, "alice")
    network.block(session, alice, "carol")
    network.mute(session, bob, "alice")
    hers = network.post(session, alice, "hello #jazz @bob")
    network.like(session, alice, network.post(session, bob, "bob here").id)
    network.like(session, bob, hers.id)
    reposted = network.repost(session, dave, hers.id)
    answer = network.reply(session, bob, hers.id, "hi @alice")
    own_reply = network.reply(session, alice, answer.id, "thanks")
    post_ids = [hers.id, own_reply.id, reposted.id]
    usage.record(session, "alice", date(2026, 11, 1), "some-model", usage.Tokens(1, 100, 0, 9))
    session.add(DigestDelivery(person_id=alice.id, local_date=date(2026, 11, 1), token="t",
                               lease_until=utcnow()))
    session.flush()
    before = {row.split(".")[0] for row in _rows_naming(session, alice.id, post_ids)}
    assert {"person", "identity", "post", "follow", "model_usage", "digest_delivery"} <= before
    network.delete_account(session, alice, batch=batch)
    session.commit()
    assert _rows_naming(session, alice.id, post_ids) == []
    assert network.search_posts(session, bob, "hello") == []
    assert network.search_people(session, bob, "unique-bio-word") == []
    assert [p.id for p in network.feed(session, bob).items][-1] != hers.id
    assert network.arrive(session, Platform.console, "alice") is None
    assert not network.handle_available(session, "alice")  # held: see below
    assert [s.handle for s in network.suggestions(session, dave)] == ["bob"]
    # bob's reply survives, detached from the erased post
    assert [p.reply_to for p in network.feed(session, bob).items if p.id == answer.id] == [None]


def _register(session: Session, handle: str, **kwargs) -> Person:
    return network.register(session, handle, platform=Platform.console, external_id=handle,
                            **kwargs)


def test_a_deleted_handle_is_held_for_thirty_days(session: Session, person) -> None:
    alice = person("alice")
    person("bob")
    deleted_at = utcnow()
    network.delete_account(session, alice, now=deleted_at)
    session.commit()
    until = deleted_at + HANDLE_HELD_FOR
    for spelling in ("alice", "ALICE", "@Alice"):
        assert not network.handle_available(session, spelling)
        with pytest.raises(InvalidInput) as refused:
            network.register(session, spelling, platform=Platform.telegram, external_id="9")
        assert (refused.value.reason, refused.value.detail) == (
            "held", {"field": "handle", "handle": "alice", "until": until.date().isoformat()}
        )
    with pytest.raises(InvalidInput) as refused:  # a handle somebody has is still "taken"
        _register(session, "bob")
    assert refused.value.reason == "taken"
    assert network.handle_available(session, "alice", now=until - timedelta(seconds=1)) is False
    later = until + timedelta(seconds=1)
    assert network.handle_available(session, "alice", now=later)
    again = _register(session, "alice", now=later)
    # The new alice can leave too: her hold replaces the one that ran out.
    network.delete_account(session, again, now=later)
    session.commit()
    assert not network.handle_available(session, "alice", now=later + timedelta(days=29))
    assert network.handle_available(session, "alice", now=later + timedelta(days=31))


def test_a_deleted_accounts_words_leave_the_sqlite_file(sqlite_engine, tmp_path: Path) -> None:
    """Not only the rows: FTS5 keeps a deleted row's words in its index until a merge,
    and SQLite leaves deleted bytes in free pages unless secure_delete is on."""
    words = ["quixotic", "lighthouse", "xylophonist", "zanzibar", "quokka", "pâtisserie",
             "patisserie", "wąchock", "wachock", "Привет", "привет"]
    with Session(sqlite_engine, expire_on_commit=False) as session:
        bob = _register(session, "bob")
        network.post(session, bob, "a first word from bob, the marmalade")
        session.commit()
        alice = _register(session, "alice", display_name="Zanzibar Quokka")
        network.update_profile(session, alice, bio="xylophonist at heart")
        session.commit()
        for text in ("Meet me at the quixotic lighthouse", "Pâtisserie à Wąchock",
                     "Привет, мир"):
            network.post(session, alice, text)
            session.commit()  # each commit writes its own full-text segment
        network.post(session, bob, "and bob's last word: tangerine")
        session.commit()
        network.delete_account(session, alice)
        session.commit()
        assert network.search_posts(session, bob, "lighthouse") == []
    sqlite_engine.dispose()
    with closing(sqlite3.connect(tmp_path / "plaza.db")) as connection:
        assert connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
    raw = (tmp_path / "plaza.db").read_bytes().lower()
    assert b"marmalade" in raw and b"tangerine" in raw  # what stays is there to be found
    assert [word for word in words if word.lower().encode() in raw] == []


def test_others_write_between_the_batches_of_a_big_deletion(sqlite_engine) -> None:
    """A big account goes in short transactions: another connection's write turn gets
    the lock between two of them, instead of waiting for the whole deletion (on
    SQLite, where one writer at a time holds the file)."""
    with Session(sqlite_engine, expire_on_commit=False) as session:
        star = _register(session, "star")
        fans = [_register(session, f"fan{i:02}") for i in range(40)]
        for fan in fans:
            network.follow(session, fan, "star")
        for i in range(20):
            network.post(session, star, f"star post {i}")
        session.commit()
    written: list[str] = []
    commits: list[int] = []

    def someone_else_posts() -> None:
        with session_scope(sqlite_engine) as other:
            network.post(other, network.person_by_handle(other, "fan00"), "meanwhile")
            # The deletion is under way: some followers are gone, not all.
            left = other.execute(sa.text("SELECT count(*) FROM follow")).scalar_one()
            written.append(f"{left} follows left")

    def after_a_batch(_) -> None:
        commits.append(1)
        if len(commits) == 2:  # the session's own work, then the first batch
            # Run to its end before the deletion goes on: if the deleting connection
            # still held the lock, this would wait out the busy timeout and fail.
            thread = threading.Thread(target=someone_else_posts)
            thread.start()
            thread.join()
            written.append("joined")

    with Session(sqlite_engine, expire_on_commit=False) as session:
        star = network.person_by_handle(session, "star")
        network.post(session, star, "last words")
        session.commit()
        sa.event.listen(session, "after_commit", after_a_batch)
        network.delete_account(session, star, batch=10)
        session.commit()
    assert written == ["30 follows left", "joined"]
    with session_scope(sqlite_engine) as session:
        texts = session.execute(sa.text("SELECT text FROM post")).scalars().all()
        assert texts == ["meanwhile"]
