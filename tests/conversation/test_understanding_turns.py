"""The offline understanding's readings, played through whole conversations (console
adapter, both engines): several people at once, follow-ups, "Did you mean ...?" with its
Yes/No, and specific answers instead of one generic shrug."""

from __future__ import annotations


def _people(talk, *handles: str) -> None:
    for handle in handles:
        talk(handle, "hi")


def test_several_people_in_one_message_are_all_followed(talk, read) -> None:
    _people(talk, "alice", "lena", "omar")
    answer = talk("alice", "follow @lena and @omar")
    assert "You now follow @lena" in answer and "You now follow @omar" in answer
    assert read("SELECT count(*) FROM follow") == 2


def test_several_people_in_french(talk, read) -> None:
    _people(talk, "julien", "manon", "claire")
    answer = talk("claire", "abonne-moi à @julien et @manon stp")
    assert "@julien" in answer and "@manon" in answer
    assert read("SELECT count(*) FROM follow") == 2


def test_a_follow_up_repeats_the_last_request_for_someone_else(talk, read) -> None:
    _people(talk, "alice", "lena", "ava")
    talk("alice", "follow @lena")
    assert "You now follow @ava" in talk("alice", "and ava too")
    assert read("SELECT count(*) FROM follow") == 2


def test_a_correction_after_a_missing_handle(talk, read) -> None:
    _people(talk, "alice", "ethan")
    assert "@ethen" in talk("alice", "follow @ethen")
    assert "You now follow @ethan" in talk("alice", "no I meant @ethan")


def test_an_unsure_reading_asks_first_and_yes_does_it(talk, read) -> None:
    _people(talk, "alice", "carol")
    talk("carol", "post: carol's first words")
    question = talk("alice", "keep me posted on what carol says")
    assert question.startswith("Did you mean: show @carol's posts?")
    assert "Say yes or no." in question
    assert "carol's first words" in talk("alice", "yes")


def test_an_unsure_reading_answered_no_does_nothing(talk, read) -> None:
    _people(talk, "alice", "carol")
    assert talk("alice", "keep me posted on what carol says").startswith("Did you mean")
    assert talk("alice", "no") == "OK, I won't."


def test_no_reading_names_the_closest_actions_not_one_generic_sentence(talk) -> None:
    _people(talk, "alice", "julien")
    first = talk("alice", "could you handle my stuff")
    second = talk("alice", "track carol for me")
    assert "The closest I can do:" in first and "The closest I can do:" in second
    assert first != second
    assert "Ce qui s'en rapproche le plus" in talk("julien", "tu peux gérer mes trucs là")


def test_a_missing_handle_is_asked_for(talk) -> None:
    _people(talk, "alice")
    assert talk("alice", "unfollow").startswith("Who do you mean? Give me their @handle")


def test_small_talk_about_a_post_is_not_a_post(talk, read) -> None:
    _people(talk, "alice")
    talk("alice", "post 9 was so weird lmao")
    assert read("SELECT count(*) FROM post") == 0
