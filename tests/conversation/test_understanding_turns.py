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
    for handle in ("julien", "manon", "claire"):
        talk(handle, "salut")
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
    _people(talk, "alice", "marcus")
    talk("alice", "block @marcus")
    talk("alice", "yes")
    question = talk("alice", "you can unblock marcus now")  # no @: any word could be meant
    assert question.startswith("Did you mean: unblock @marcus?")
    assert "Say yes or no." in question
    assert read("SELECT count(*) FROM block") == 1
    assert talk("alice", "yes").startswith("Unblocked @marcus")
    assert read("SELECT count(*) FROM block") == 0


def test_an_unsure_reading_answered_no_does_nothing(talk, read) -> None:
    _people(talk, "alice", "carol")
    assert talk("alice", "follow my friend carol").startswith("Did you mean: follow @carol?")
    assert talk("alice", "no") == "OK, I won't."
    assert read("SELECT count(*) FROM follow") == 0


def test_a_word_taken_for_a_handle_that_names_nobody_is_said_so(talk, read) -> None:
    _people(talk, "alice")
    answer = talk("alice", "block out the noise")
    assert answer == "I don't know anyone called @noise." or answer.startswith(
        ("🙂 Anything I can do for you?", "I'm not sure what you'd like. The closest"))
    assert read("SELECT count(*) FROM block") == 0


def test_no_reading_names_the_closest_actions_not_one_generic_sentence(talk) -> None:
    _people(talk, "alice", "julien")
    first = talk("alice", "could you handle my stuff")
    second = talk("alice", "sort out the thing from before")
    assert "The closest I can do:" in first and "The closest I can do:" in second
    assert first != second
    assert "Ce qui s'en rapproche le plus" in talk("julien", "tu peux t'occuper de mes bidules")


def test_a_missing_handle_is_asked_for(talk) -> None:
    _people(talk, "alice")
    assert talk("alice", "unfollow").startswith("Who do you mean? Give me their @handle")


def test_small_talk_about_a_post_is_not_a_post(talk, read) -> None:
    _people(talk, "alice")
    talk("alice", "post 9 was so weird lmao")
    assert read("SELECT count(*) FROM post") == 0


def test_one_unknown_person_among_several_does_not_undo_the_others(talk, read) -> None:
    _people(talk, "alice", "lena")
    answer = talk("alice", "follow @lena and @zzqx_nobody")
    assert "You now follow @lena" in answer
    assert "I don't know anyone called @zzqx_nobody." in answer
    assert read("SELECT count(*) FROM follow") == 1


def test_a_typo_in_a_handle_offers_the_closest_one_with_yes_and_no(talk, read) -> None:
    _people(talk, "alice", "ethan")
    question = talk("alice", "follow @ethen")
    assert question.startswith("I don't know anyone called @ethen. Did you mean @ethan?")
    assert read("SELECT count(*) FROM follow") == 0
    assert "You now follow @ethan" in talk("alice", "yes")


def test_several_close_handles_are_listed_and_the_second_one_picks(talk, read) -> None:
    _people(talk, "alice", "sarah_k", "sarah_b", "sarah_m")
    listed = talk("alice", "follow @sarah")
    assert listed.startswith("I don't know anyone called @sarah. Did you mean @sarah_b or "
                             "@sarah_k or @sarah_m?")
    assert "You now follow @sarah_k" in talk("alice", "the second one")


def test_nobody_blocked_either_way_is_ever_suggested(talk, read) -> None:
    _people(talk, "alice", "ethan")
    talk("ethan", "block @alice")
    talk("ethan", "yes")
    assert talk("alice", "follow @ethen") == "I don't know anyone called @ethen."


def test_a_typo_in_french(talk) -> None:
    talk("julien", "salut")
    talk("manon", "salut")
    assert talk("julien", "suis @manonn").startswith(
        "Je ne connais personne qui s'appelle @manonn. Vouliez-vous dire @manon ?")


def test_blocking_several_asks_once_and_yes_blocks_them_all(talk, read) -> None:
    _people(talk, "alice", "spam_1", "spam_2")
    question = talk("alice", "block @spam_1 and @spam_2")
    assert question.startswith("Do all of this?\n• block @spam_1\n• block @spam_2")
    assert read("SELECT count(*) FROM block") == 0
    done = talk("alice", "yes")
    assert "Blocked @spam_1" in done and "Blocked @spam_2" in done
    assert read("SELECT count(*) FROM block") == 2


def test_two_different_actions_in_one_message(talk, read) -> None:
    _people(talk, "alice", "lena")
    talk("lena", "post: hello from lena")
    answer = talk("alice", "follow @lena and like her post 1")
    assert "You now follow @lena" in answer and "Liked #1" in answer
    assert read("SELECT count(*) FROM post_like") == 1
