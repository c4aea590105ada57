"""Undo (bot/conversation/undo.py), through the console on each engine and each kind of
chat states: each undoable kind taken back, the two-minute edge on the test's clock, what
cannot be undone, what changed since, undo twice, and the record shared by two workers."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.conversation import Conversation
from bot.conversation.states import DatabaseStates
from bot.conversation.undo import UNDO_WINDOW
from tests.understanding.llm_support import console_talk


@pytest.fixture
def bob_posted(talk) -> None:
    """alice and bob (who posts #1) and carol, each with an account; alice speaks English."""
    talk("alice", "hi")
    talk("bob", "hi")
    talk("carol", "hi")
    talk("bob", "post: bob's first")


# what alice does, what "undo" answers, then a query and what it reads after the undo
KINDS = [
    ("post: oops typo", "Undone: your post #2 is deleted.",
     "SELECT count(*) FROM post WHERE id = 2", 0),
    ("reply to #1: me too", "Undone: your reply #2 is deleted.",
     "SELECT count(*) FROM post WHERE id = 2", 0),
    ("repost #1", "Undone: you no longer share #1.",
     "SELECT count(*) FROM post WHERE repost_of_id = 1", 0),
    ("like #1", "Undone: you no longer like #1.", "SELECT count(*) FROM post_like", 0),
    ("follow @bob", "Undone: you no longer follow @bob.", "SELECT count(*) FROM follow", 0),
    ("mute @bob", "Undone: @bob is back in your feed.", "SELECT count(*) FROM mute", 0),
    ("block @carol", "Undone: @carol is unblocked.", "SELECT count(*) FROM block", 0),
    ("my bio is trumpet at night", "Undone: your profile is as it was.",
     "SELECT bio FROM person WHERE handle = 'alice'", ""),
    ("quote #1: so true", "Undone: your quote #2 is deleted.",
     "SELECT count(*) FROM post WHERE quote_of_id = 1", 0),
]


def test_an_edit_is_undone_to_the_words_before_unless_changed_since(talk, read,
                                                                  bob_posted) -> None:
    talk("alice", "post: meet at 5pm")
    assert talk("alice", "edit #2: meet at 6pm").startswith("Edited #2")
    assert talk("alice", "undo") == "Undone: #2 says what it said before your edit."
    assert read("SELECT text FROM post WHERE id = 2") == "meet at 5pm"
    # as it was: no earlier version left showing the words undone, no edited mark
    assert read("SELECT count(*) FROM post_version WHERE post_id = 2") == 0
    assert read("SELECT edited_at FROM post WHERE id = 2") is None
    assert talk("alice", "undo").startswith("Nothing to undo")  # never redoes
    talk("alice", "edit #2: meet at 7pm")
    talk("alice", "/edit 2 meet at 8pm")  # the same post edited again: its own record
    assert talk("alice", "undo") == "Undone: #2 says what it said before your edit."
    assert read("SELECT text FROM post WHERE id = 2") == "meet at 7pm"
    # the edit to 7pm stays, with its own earlier text and mark
    assert read("SELECT text FROM post_version WHERE post_id = 2") == "meet at 5pm"
    assert read("SELECT edited_at FROM post WHERE id = 2") is not None


@pytest.mark.parametrize(("doing", "undone", "query", "after"), KINDS,
                         ids=[kind[0].split()[0] for kind in KINDS])
def test_each_kind_is_undone_within_two_minutes(talk, read, clock, bob_posted, doing: str,
                                                undone: str, query: str, after) -> None:
    answer = talk("alice", doing)
    if answer.endswith("Say yes or no."):
        talk("alice", "yes")
    clock.advance(UNDO_WINDOW)  # the edge itself is still within
    assert talk("alice", "undo").startswith(undone)  # a profile shows itself after
    assert read(query) == after


@pytest.mark.parametrize("table", ["post_like", "follow"])
def test_undo_of_undo_like_and_unfollow_puts_them_back(talk, read, bob_posted,
                                                       table: str) -> None:
    if table == "post_like":
        talk("alice", "like #1")
        assert talk("alice", "unlike #1").startswith("You no longer like #1")
        assert talk("alice", "undo") == "Undone: you like #1 again."
    else:
        talk("alice", "follow @bob")
        talk("alice", "unfollow @bob")
        assert talk("alice", "undo that") == "Undone: you follow @bob again."
    assert read(f"SELECT count(*) FROM {table}") == 1


def test_past_two_minutes_it_says_what_to_ask_for_instead(talk, read, clock) -> None:
    talk("alice", "hi")
    talk("alice", "post: hello")
    clock.advance(UNDO_WINDOW + timedelta(seconds=1))
    assert talk("alice", "undo") == (
        "That was 2 min ago; undo works for 2 minutes: delete #1 instead.")
    clock.advance(timedelta(minutes=3))
    assert talk("alice", "undo") == (  # asked again: the same, never an undo
        "That was 5 min ago; undo works for 2 minutes: delete #1 instead.")
    assert read("SELECT count(*) FROM post") == 1


def test_undo_twice_does_not_redo(talk, read, bob_posted) -> None:
    talk("alice", "follow @bob")
    assert talk("alice", "undo") == "Undone: you no longer follow @bob."
    assert talk("alice", "undo") == (
        "Nothing to undo: I haven't done anything for you here lately.")
    assert read("SELECT count(*) FROM follow") == 0


def test_reading_leaves_the_record_and_nothing_done_makes_none(talk, read, bob_posted) -> None:
    talk("alice", "follow @bob")
    talk("alice", "what's new?")
    talk("alice", "follow @bob")  # already: nothing done, the record stays the first follow
    assert talk("alice", "undo") == "Undone: you no longer follow @bob."
    assert talk("carol", "undo") == (
        "Nothing to undo: I haven't done anything for you here lately.")


def test_what_changed_since_is_said_not_forced(talk, read, bob_posted) -> None:
    talk("alice", "follow @bob")
    talk("bob", "block @alice")
    talk("bob", "yes")  # the block ended alice's follow
    assert talk("alice", "undo") == "Nothing to undo: you already stopped following @bob."
    talk("carol", "post: carol's")
    talk("alice", "like #2")
    talk("carol", "delete #2")
    talk("carol", "yes")  # the like went with the post
    assert talk("alice", "undo") == "Nothing to undo: you don't like #2 any more already."


@pytest.mark.parametrize(("doing", "said"), [
    ("send my digest at 8am", "A digest setting isn't undone: just say the one you want"),
    ("export my data", "An export can't be undone: the file is already with you."),
    ("delete #2", "Deleting #2 can't be undone: a deleted post is gone for good."),
])
def test_what_cannot_be_undone_says_so_and_leaves_the_rest(talk, read, bob_posted,
                                                           doing: str, said: str) -> None:
    talk("alice", "post: mine")
    answer = talk("alice", doing)
    if answer.endswith("Say yes or no."):
        talk("alice", "yes")
    assert talk("alice", "undo").startswith(said)
    assert talk("alice", "undo").startswith(said)  # asked again, the same answer


def test_undoing_a_block_restores_the_follows_it_ended(talk, read, bob_posted) -> None:
    talk("alice", "follow @bob")
    talk("bob", "follow @alice")
    talk("alice", "block @bob")
    talk("alice", "yes")
    assert read("SELECT count(*) FROM follow") == 0
    assert talk("alice", "undo") == (
        "Undone: @bob is unblocked.\n\nThe follows the block ended are back, as they were.")
    assert read("SELECT count(*) FROM follow") == 2
    assert read("SELECT count(*) FROM block") == 0


def test_undoing_a_pin_pins_the_one_before_again(talk, read) -> None:
    talk("alice", "hi")
    talk("alice", "post: first")
    talk("alice", "post: second")
    talk("alice", "pin #1")
    talk("alice", "pin #2")
    assert talk("alice", "undo") == (
        "Undone: #2 is no longer pinned.\n\n#1 is pinned again, as before.")
    assert read("SELECT post_id FROM pin") == 1


def test_undo_in_french_and_vaguer_words_ask_first(talk, read, clock) -> None:
    talk("julien", "bonjour")
    talk("julien", "publie : salut tout le monde")
    assert talk("julien", "annule ça") == "Annulé : votre message n°1 est supprimé."
    talk("julien", "publie : encore")
    clock.advance(timedelta(minutes=5))
    assert talk("julien", "défais ça") == (
        "C'était il y a 5 min ; l'annulation marche pendant 2 minutes : supprimer le n°2 "
        "plutôt.")
    assert read("SELECT count(*) FROM post") == 1


def test_an_inferred_undo_asks_first_with_what_it_would_do(talk, read) -> None:
    talk("alice", "hi")
    talk("alice", "post: hello")
    asked = talk("alice", "i didn't mean to do that, reverse it")
    assert asked.startswith("Undo what I just did: delete #1?"), asked
    assert talk("alice", "yes") == "Undone: your post #1 is deleted."
    assert read("SELECT count(*) FROM post") == 0


def test_the_record_is_shared_by_two_workers(engine: sa.Engine, clock, tmp_path: Path,
                                             read) -> None:
    """Two conversations on one database, as two `plaza run` workers: a follow done by one
    is undone by the other, once."""
    one = console_talk(Conversation(engine, clock=clock, states=DatabaseStates(engine)),
                       tmp_path / "one")
    two = console_talk(Conversation(engine, clock=clock, states=DatabaseStates(engine)),
                       tmp_path / "two")
    one("alice", "hi")
    one("bob", "hi")
    one("alice", "follow @bob")
    assert two("alice", "undo") == "Undone: you no longer follow @bob."
    assert one("alice", "undo") == (
        "Nothing to undo: I haven't done anything for you here lately.")
    assert read("SELECT count(*) FROM follow") == 0


def test_a_deleted_account_says_it_cannot_be_undone(talk, read) -> None:
    talk("alice", "hi")
    talk("alice", "delete my account")
    talk("alice", "yes")
    assert talk("alice", "undo").startswith("Welcome to Plaza! First, pick a handle")
    answer = talk("alice", "alice2")  # a new account; then what waited meanwhile
    assert answer.endswith("A deleted account can't be undone."), answer


def test_undo_takes_back_all_one_message_did(talk, read, bob_posted, clock) -> None:
    """"follow @bob and @carol" then "undo": both follows end, last first, each said."""
    talk("alice", "follow @bob and @carol")
    assert read("SELECT count(*) FROM follow") == 2
    assert talk("alice", "undo") == ("Undone: you no longer follow @carol.\n\n"
                                      "Undone: you no longer follow @bob.")
    assert read("SELECT count(*) FROM follow") == 0
    assert talk("alice", "undo").startswith("Nothing to undo")  # never redoes
    # several asked about and done on one yes are one record too
    talk("alice", "block @bob and @carol")
    assert talk("alice", "yes").count("Blocked") == 2
    assert talk("alice", "undo") == ("Undone: @carol is unblocked.\n\n"
                                      "Undone: @bob is unblocked.")
    assert read("SELECT count(*) FROM block") == 0
    # too late, it names everything to ask for instead
    talk("alice", "follow @bob and @carol")
    clock.advance(timedelta(minutes=3))
    assert talk("alice", "undo") == (
        "That was 3 min ago; undo works for 2 minutes: unfollow @carol and unfollow @bob "
        "instead.")
    assert read("SELECT count(*) FROM follow") == 2


def test_undo_in_french_takes_back_all_one_message_did(talk, read) -> None:
    for who in ("julien", "manon", "ines"):
        talk(who, "bonjour")
    talk("julien", "abonne-moi à @manon et @ines")
    assert talk("julien", "annule") == ("Annulé : vous ne suivez plus @ines.\n\n"
                                        "Annulé : vous ne suivez plus @manon.")
    assert read("SELECT count(*) FROM follow") == 0


def test_an_inferred_undo_of_several_asks_naming_them_all(talk, read, bob_posted) -> None:
    talk("alice", "like #1")
    talk("alice", "follow @bob and @carol")
    asked = talk("alice", "i didn't mean to do that, reverse it")
    assert asked.startswith("Undo what I just did: unfollow @carol and unfollow @bob?"), asked
    talk("alice", "yes")
    assert read("SELECT count(*) FROM follow") == 0
    assert read("SELECT count(*) FROM post_like") == 1  # the message before stays


def test_one_record_of_several_keeps_their_order_and_says_elsewhere_once() -> None:
    from datetime import UTC, datetime

    from bot.conversation import undo
    from bot.conversation.memory import Done

    at = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    a, b, c = (Done("follow.done", who, at) for who in ("ann", "bea", "cid"))
    both = undo.together([a, b])
    assert both == Done("follow.done", "bea", at, more=(a,))
    three = undo.together([both, c])
    assert three is not None and three.parts() == (c, b, a)
    away = undo.elsewhere(at)
    assert undo.together([away, away]) == away
    assert undo.together([away, a]) == a
    assert undo.together([]) is None
    assert [x.args() for x in undo.inverses(both, at)] == [{"handle": "bea"},
                                                            {"handle": "ann"}]
