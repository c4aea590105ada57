"""Whole conversations through the console adapter: what each person sees, and what the
network then holds."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from bot.conversation import Conversation
from bot.messages import Incoming, Reply
from bot.understanding import Understanding
from bot.understanding.rules import understand
from storage import network
from storage.db import session_scope
from storage.models import Platform
from storage.reports import Verb, act


def test_first_contact_takes_the_username_and_greets_in_two_lines(talk) -> None:
    answer = talk("alice", "hello")
    assert answer.startswith("Hi alice! I'm Plaza")
    assert len(answer.splitlines()) == 2


def test_first_contact_in_french(talk) -> None:
    answer = talk("julien", "bonjour, quoi de neuf ?")
    assert answer.startswith("Bonjour julien ! Je suis Plaza")


def test_first_message_with_an_action_is_also_acted_on(talk) -> None:
    talk("alice", "hi")
    answer = talk("bob", "follow @alice")
    assert answer.startswith("Hi bob!") and "You now follow @alice" in answer


def test_an_unusable_username_makes_plaza_ask_for_a_handle(talk) -> None:
    assert "pick a handle" in talk("ab", "hello")
    assert "one word" in talk("ab", "call me maybe")
    assert "only use a–z, 0–9, _ and ." in talk("ab", "żółw")
    talk("taken", "hi")
    assert "@taken is already taken" in talk("ab", "Taken")
    assert talk("ab", "abby").startswith("Hi abby!")
    assert "@abby" in talk("ab", "my profile")


def test_explicit_post_goes_straight_through_and_followers_read_it(talk) -> None:
    assert "Posted! It's #1." in talk("alice", "post: Hello world 👋🏽")
    talk("bob", "follow @alice")
    feed = talk("bob", "what's new?")
    assert "@alice · just now · #1\nHello world 👋🏽" in feed


def test_inferred_post_asks_first_and_yes_publishes(talk, read) -> None:
    talk("alice", "hi")
    question = talk("alice", "tell everyone I love jazz")
    assert question.startswith("Post this?") and "Say yes or no." in question
    assert read("SELECT count(*) FROM post") == 0
    assert "Posted!" in talk("alice", "yes")
    assert read("SELECT text FROM post") == "I love jazz"


def test_no_cancels_and_another_message_drops_the_question(talk, read) -> None:
    talk("alice", "hi")
    talk("alice", "tell everyone I love jazz")
    assert talk("alice", "no") == "OK, I won't."
    talk("alice", "tell everyone I love rust")
    talk("alice", "what's new?")
    assert talk("alice", "yes").startswith("🙂 Anything I can do for you?")
    assert read("SELECT count(*) FROM post") == 0


def test_yes_with_nothing_pending_is_just_chat(talk, read) -> None:
    talk("alice", "hi")
    answer = talk("alice", "yes")
    assert answer.startswith("🙂 Anything I can do for you?")
    assert read("SELECT count(*) FROM post") == 0


def test_a_pending_question_expires(engine, clock, states) -> None:
    conversation = Conversation(engine, clock=clock, states=states)
    say = _direct(conversation)
    say("alice", "hi")
    say("alice", "delete my account")
    clock.advance(timedelta(minutes=6))
    assert say("alice", "yes") == "That question has expired. Ask me again if you still want it."
    assert "@alice" in say("alice", "my profile")


def test_delete_account_always_asks_then_erases_everything(talk, read) -> None:
    talk("alice", "post: bye world")
    question = talk("alice", "/delete")
    assert "Delete your account" in question
    assert read("SELECT count(*) FROM person") == 1
    assert "are gone" in talk("alice", "yes")
    assert read("SELECT count(*) FROM person") + read("SELECT count(*) FROM post") == 0
    # A newcomer again, whose username is held for a while (test_deleted_handles.py).
    assert "pick a handle" in talk("alice", "hello")


def test_short_memory_resolves_her_and_it(talk) -> None:
    talk("alice", "post: first light")
    talk("bob", "hello")
    talk("carol", "hello")
    assert "@carol" in talk("bob", "who is @carol?")
    assert "You now follow @carol" in talk("bob", "follow her too")
    talk("bob", "follow @alice")
    talk("bob", "what's new?")
    assert "Liked #1" in talk("bob", "like it")


def test_it_with_nothing_to_refer_to_asks_which(talk) -> None:
    talk("bob", "hello")
    assert talk("bob", "like it") == "Which post? Give me its number, like #12."
    assert talk("bob", "follow her too") == "Who do you mean? Give me their @handle."


def test_refusals_are_one_clear_sentence(talk) -> None:
    talk("alice", "post: mine")
    talk("bob", "hi")
    assert talk("bob", "follow @zed") == "I don't know anyone called @zed."
    assert talk("bob", "follow @bob") == "That's you! You can't follow yourself."
    assert talk("bob", "delete #1").startswith("Delete #1?")
    assert talk("bob", "yes") == "#1 isn't yours, so you can't delete it."
    assert talk("bob", "like #99") == "I can't find post #99."
    assert talk("bob", "post: " + "x" * 1001) == (
        "That's 1001 characters; the post can have at most 1000."
    )
    talk("alice", "block @bob")
    talk("alice", "yes")
    assert talk("bob", "follow @alice") == "You can't: @alice has blocked you."


def test_refusals_in_french(talk) -> None:
    talk("amelie", "bonjour")
    assert talk("amelie", "suis @personne") == "Je ne connais personne qui s'appelle @personne."
    assert talk("amelie", "supprime mon dernier message") == "Vous n'avez encore rien publié."


def test_a_crash_is_logged_and_apologised_for_and_the_loop_goes_on(engine, states, caplog
                                                                  ) -> None:
    def fragile(text: str, context) -> Understanding:
        if "boom" in text:
            raise RuntimeError("understanding exploded")
        return understand(text)

    say = _direct(Conversation(engine, understand=fragile, states=states))
    say("alice", "hi")
    with caplog.at_level(logging.ERROR):
        assert say("alice", "boom") == (
            "Sorry, something went wrong on my side. Please try again in a moment."
        )
    assert "understanding exploded" in caplog.text and "Traceback" in caplog.text
    assert "Posted!" in say("alice", "post: still here")


def test_the_feed_pages_with_more(talk) -> None:
    talk("bob", "hi")
    talk("alice", "follow @bob")
    for i in range(12):  # two people: ten posts a minute is a new account's most
        talk(("alice", "bob")[i % 2], f"post: number {i}")
    first = talk("alice", "what's new?")
    assert "number 11" in first and "number 2" in first and "number 1\n" not in first + "\n"
    second = talk("alice", "more")
    assert "number 1" in second and "number 0" in second and "number 5" not in second


def test_buttons_like_reply_follow_and_stale(engine, states) -> None:
    conversation = Conversation(engine, states=states)
    say = _direct(conversation)
    say("alice", "post: press me")
    say("bob", "hi")
    assert say("bob", "", button="like:1") == "Liked #1 ♥"
    assert say("bob", "", button="reply:1") == "What's your reply to #1?"
    assert "Replied to #1" in say("bob", "nice one")
    assert "You now follow @alice" in say("bob", "", button="follow:alice")
    assert say("bob", "", button="yes:stale") == "That button has expired. Ask me again."
    assert say("bob", "", button="nonsense") == "That button has expired. Ask me again."


def test_confirmation_buttons_are_single_use(engine, states) -> None:
    conversation = Conversation(engine, states=states)
    replies = conversation.handle(_incoming("alice", "tell everyone hello"))
    replies = conversation.handle(_incoming("alice", "tell everyone hello"))
    confirm = replies[-1].buttons[0][0]
    assert confirm.label == "Confirm" and len(confirm.data.encode()) <= 64
    assert "Posted!" in conversation.handle(_incoming("alice", "", button=confirm.data))[0].text
    again = conversation.handle(_incoming("alice", "", button=confirm.data))[0].text
    assert again == "That button has expired. Ask me again."


@pytest.mark.parametrize("message", ["export my data", "what's new?", "search jazz",
                                     "who follows me?", "my digest", "who should I follow?"])
def test_private_matters_stay_out_of_group_chats(engine, states, message: str) -> None:
    conversation = Conversation(engine, states=states)
    conversation.handle(_incoming("alice", "hi"))
    conversation.handle(_incoming("bob", "post: for my followers only: just us"))
    conversation.handle(_incoming("alice", "follow @bob"))
    in_group = Incoming(Platform.console, "alice", "club", message, username="alice", group=True)
    replies = conversation.handle(in_group)
    [said] = [reply for reply in replies if reply.chat_id is None]
    assert said.text == "I've answered you in our private chat." and said.attachment is None
    assert replies[:-1] and all(reply.chat_id == "alice" for reply in replies[:-1])
    # someone Plaza has never talked to in private is only told to come there
    dave = Incoming(Platform.console, "dave", "club", message, username="dave", group=True)
    *_, told = conversation.handle(dave)
    assert told == Reply("Let's do that in a private chat with me.")
    assert "just us" not in " ".join(r.text for r in conversation.handle(dave))


def test_language_follows_the_person_from_the_message_that_switches(talk) -> None:
    talk("alice", "hello")
    assert talk("alice", "publie : Bonjour").startswith("Posted!")  # a command doesn't count
    # one message clearly in French: its own reply is in French, not the next one's
    assert talk("alice", "quoi de neuf ?").startswith("Quoi de neuf")
    # a message that only leans (one little word) waits for a second in a row
    assert talk("alice", "who follows me?").startswith("Personne ne vous suit")
    assert talk("alice", "who follows me?").startswith("Nobody follows you")
    assert talk("alice", "qui me suit ?").startswith("Nobody follows you")
    assert talk("alice", "qui me suit ?").startswith("Personne ne vous suit")
    # and back to English at once with a real sentence
    assert talk("alice", "who are my followers?").startswith("Nobody follows you")


def test_asking_for_a_language_switches_at_once(talk, read) -> None:
    talk("alice", "hello")
    assert talk("alice", "speak french") == "D'accord, je vous parle en français désormais."
    assert read("SELECT language FROM person WHERE handle = 'alice'") == "fr"
    assert talk("alice", "who follows me?").startswith("Personne ne vous suit")  # one word
    assert talk("alice", "parle-moi en anglais stp") == (
        "OK, I'll speak English with you from now on.")
    assert talk("alice", "qui me suit ?").startswith("Nobody follows you")
    # asked for, a language holds whatever the messages are written in
    assert talk("alice", "montre-moi mon fil d'actualité s'il te plaît").startswith(
        "Your feed is empty")
    assert talk("alice", "ok speak french again pls") == (
        "D'accord, je vous parle en français désormais.")
    for english in ("who are my followers?", "what is new today?", "show me my profile"):
        assert read("SELECT language FROM person WHERE handle = 'alice'") == "fr"
        talk("alice", english)
    assert read("SELECT language FROM person WHERE handle = 'alice'") == "fr"
    assert talk("alice", "bon, parle-moi en anglais maintenant merci") == (
        "OK, I'll speak English with you from now on.")


def test_a_refused_message_that_switches_is_refused_in_the_new_language(talk, read) -> None:
    talk("alice", "hello")
    assert talk("alice", "montre-moi le message n°42 stp") == (
        "Je ne trouve pas le message n°42.")
    assert read("SELECT language FROM person WHERE handle = 'alice'") == "fr"  # it stands
    assert talk("alice", "who follows me?").startswith("Personne ne vous suit")


def test_export_is_a_json_file(talk, tmp_path) -> None:
    talk("alice", "post: keep me")
    answer = talk("alice", "export my data")
    assert "Here is everything you gave Plaza" in answer
    saved = (tmp_path / "plaza-alice.json").read_text()
    assert '"text": "keep me"' in saved


def test_unreachable_identity_becomes_reachable_when_the_person_writes(engine, talk) -> None:
    talk("alice", "hi")
    with Session(engine) as session:
        network.set_reachable(session, Platform.console, "alice", False)
        session.commit()
    talk("alice", "what's new?")
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT unreachable FROM identity")).scalar() == 0


def _incoming(user: str, text: str, **extra) -> Incoming:
    return Incoming(Platform.console, user, user, text, username=user, **extra)


def _direct(conversation: Conversation):
    def say(user: str, text: str, **extra) -> str:
        return "\n\n".join(r.text for r in conversation.handle(_incoming(user, text, **extra)))

    return say


def test_a_like_and_a_repost_are_taken_back_in_english_and_french(talk, read) -> None:
    talk("alice", "post: first light")
    talk("bob", "hi")
    assert talk("bob", "like #1") == "Liked #1 ♥"
    assert talk("bob", "unlike #1") == "You no longer like #1."
    assert talk("bob", "unlike it") == "You hadn't liked #1."  # "it": the post just named
    assert talk("bob", "boost 1").startswith("Share #1")  # inferred: asked first
    assert talk("bob", "yes").startswith("Shared #1 by @alice")
    assert talk("bob", "undo my repost of #1") == (
        "You no longer share #1; the post itself stays.")
    assert read("SELECT count(*) FROM post") == 1 and read("SELECT count(*) FROM post_like") == 0
    assert talk("bob", "/unrepost 1") == (
        "You haven't shared #1, so there's no repost to take back.")
    assert talk("bob", "unlike #99") == "I can't find post #99."
    talk("julien", "bonjour")
    talk("julien", "aime le n°1")
    assert talk("julien", "je n'aime plus le n°1") == "Vous n'aimez plus le n°1."
    talk("julien", "partage le n°1")
    talk("julien", "oui")
    assert talk("julien", "annule mon partage du n°1") == (
        "Vous ne partagez plus le n°1 ; le message lui-même reste.")
    assert talk("julien", "/deliker 1") == "Vous n'aimiez pas le n°1."


def test_a_post_opens_with_its_counts_parent_and_replies_a_page_at_a_time(talk) -> None:
    talk("alice", "post: who's riding saturday?")
    talk("bob", "hi")
    talk("bob", "reply to #1: me!")
    talk("dave", "hi")
    for n in range(11):  # ten posts a minute is a new account's most (storage/flood.py)
        talk("carol" if n == 0 else ("bob", "dave")[n % 2],
             f"reply to #2: {n}" if n else "reply to #2: and me")
    talk("carol", "like #2")
    opened = talk("alice", "show #2")
    assert opened.startswith("@bob · just now · #2 · reply to #1\nme!\n\n"
                             "1 like · 0 reposts · 11 replies\n♥ @carol")
    assert "In reply to #1:\n\n@alice · just now · #1\nwho's riding saturday?" in opened
    assert "Replies (11):\n\n@carol · just now · #3 · reply to #2\nand me" in opened
    assert "#12 · reply to #2\n9" in opened and "\n10" not in opened  # ten a page
    more = talk("alice", "more")
    assert more.startswith("More replies to #2:") and more.endswith("#13 · reply to #2\n10")
    assert talk("alice", "who liked #2?").startswith("@bob · just now · #2")
    assert talk("alice", "#99") == "I can't find post #99."
    assert talk("julien", "montre le n°2").startswith("Bonjour julien")
    french = talk("julien", "qui a aimé le n°2 ?")
    assert "1 j'aime · 0 partage · 11 réponses\n♥ @carol" in french
    assert "En réponse au n°1 :" in french and "Réponses (11) :" in french


def test_an_opened_post_names_five_who_liked_it_and_counts_the_rest(talk) -> None:
    talk("alice", "post: popular")
    for name in ("bob", "carol", "dave", "erin", "frank", "gina", "hugo"):
        talk(name, "hi")
        talk(name, "like #1")
    talk("alice", "block @hugo")
    talk("alice", "yes")
    opened = talk("alice", "who liked #1?")
    assert "7 likes · 0 reposts · 0 replies\n♥ @gina, @frank, @erin, @dave, @carol and 2 more" \
        in opened  # hugo, in a block with alice, is counted but never named
    talk("julien", "salut")
    french = talk("julien", "qui a aimé le n°1 ?")  # hugo is in no block with julien
    assert "7 j'aime · 0 partage · 0 réponse\n♥ @hugo, @gina, @frank, @erin, @dave et 2 autres" \
        in french


def test_trending_counts_people_the_reader_may_see_in_english_and_french(talk) -> None:
    talk("alice", "hi")
    assert talk("alice", "what's trending?").startswith("Nothing is rising right now")
    talk("bob", "post: late set at the club #Jazz")
    talk("carol", "post: anyone for #jazz tonight?")
    talk("erin", "post: #jazz again")
    talk("dave", "post for my followers only: #jazz with friends")  # nobody follows dave
    talk("erin", "post: #solo #solo and #solo")
    assert talk("alice", "what's trending?") == (
        "Rising in the last 24 hours:\n\n#jazz · 3 people")
    assert talk("alice", "/block carol").startswith("Blocked @carol")
    assert talk("alice", "/trending") == "Rising in the last 24 hours:\n\n#jazz · 2 people"
    assert talk("alice", "/mute bob").startswith("Muted @bob")
    assert talk("alice", "trending hashtags").startswith("Nothing is rising right now")
    talk("julien", "bonjour")
    assert talk("julien", "quoi de tendance ?") == (
        "En hausse ces dernières 24 heures :\n\n#jazz · 3 personnes")


def test_posts_in_a_feed_show_their_counts(talk) -> None:
    talk("bob", "hi")
    talk("alice", "follow @bob")
    talk("bob", "post: counting on you")
    talk("bob", "post: nothing here")
    talk("carol", "like #1")
    talk("alice", "like #1")
    talk("carol", "reply to #1: sure")
    assert talk("alice", "what's new?") == (
        "What's new:\n\n@bob · just now · #2\nnothing here\n\n"
        "@bob · just now · #1\ncounting on you\n♥ 2 · ↩ 1")
    talk("alice", "mute @carol")  # her reply no longer counts for alice
    assert talk("alice", "/feed").endswith("counting on you\n♥ 2")
    talk("julien", "salut")
    assert talk("julien", "montre les messages de bob").endswith("counting on you\n♥ 2 · ↩ 1")


def test_a_pinned_post_shows_first_on_the_profile_in_english_and_french(talk) -> None:
    talk("alice", "hi")
    talk("alice", "post: read this first")
    talk("alice", "post: just lunch")
    assert talk("alice", "pin #1") == (
        "Pinned #1: it's the first thing people see on your profile.")
    profile = talk("bob", "who is @alice?")
    assert profile.endswith("📌 Pinned:\n@alice · just now · #1\nread this first")
    assert talk("bob", "/pin 2") == "You can only pin your own posts, and #2 isn't yours."
    assert talk("alice", "unpin #2") == "#2 isn't your pinned post, so nothing changed."
    assert talk("alice", "unpin") == "Unpinned #1; the post itself stays."
    assert "📌" not in talk("bob", "who is @alice?")
    talk("julien", "bonjour")
    talk("julien", "publie : à lire d'abord")
    assert talk("julien", "épingle mon dernier message") == (
        "Le n°3 est épinglé : c'est ce qu'on voit en premier sur votre profil.")
    assert talk("julien", "mon profil").endswith("📌 Épinglé :\n@julien · à l'instant · n°3\n"
                                                 "à lire d'abord")


def test_a_handle_changes_after_yes_and_the_old_one_still_finds_the_person(talk) -> None:
    talk("alice", "hi")
    talk("alice", "post: still me")
    assert talk("alice", "change my handle to rooty").startswith(
        "Change your handle to @rooty? Your posts, followers and mentions stay yours")
    assert talk("alice", "yes").startswith("You're now @rooty. @alice stays reserved for you")
    talk("bob", "hi")
    assert talk("bob", "follow @alice").startswith("You now follow @rooty.")
    assert "@rooty · just now · #1\nstill me" in talk("bob", "what's new?")
    # a slash command is explicit: done (or refused) without a question
    assert talk("bob", "/handle rooty") == "@rooty is already taken. Another one?"
    assert talk("bob", "/handle alice").startswith("@alice was someone's handle until lately")
    assert talk("bob", "/handle bobby").startswith("You're now @bobby.")
    talk("julien", "bonjour")
    talk("julien", "change mon pseudo en racine")
    assert talk("julien", "oui").startswith("Vous êtes maintenant @racine.")


def test_a_report_in_both_languages_and_a_suspended_account(talk, engine) -> None:
    talk("alice", "hi")
    talk("alice", "post: buy my watches")
    talk("bob", "hi")
    asked = talk("bob", "report #1 it's spam")
    assert asked.startswith("Report #1 to Plaza's moderators?\nYour reason: “it's spam”")
    assert talk("bob", "yes").startswith("Thanks for telling me. #1 is reported")
    talk("julien", "bonjour")
    assert talk("julien", "/signaler @alice arnaque").startswith(
        "Merci de me l'avoir dit. Le compte @alice est signalé")
    assert talk("alice", "/report 1").startswith("You can't report yourself")
    # a number no post can have is not found, however it is said; the bare command asks
    for message, number in (("report #99999999999", 99999999999),
                            ("/report 99999999999 spam", 99999999999),
                            ("flag post 123456789012 scam", 123456789012)):
        assert talk("bob", message) == f"I can't find post #{number}."
    assert talk("julien", "signale le n°99999999999") == ("Je ne trouve pas le message "
                                                         "n°99999999999.")
    assert talk("bob", "/report").startswith("What do you want to report?")
    assert talk("julien", "/signaler").startswith("Que voulez-vous signaler ?")
    with session_scope(engine) as session:
        act(session, 2, Verb.suspend)
    assert talk("alice", "post: still here").startswith("Your account is suspended, so you "
                                                        "can't do that.")
    assert talk("alice", "follow @bob").startswith("Your account is suspended")
    # what would be asked first is refused before the question, not after the yes
    for asked in ("tell everyone I'm back", "change my handle to alicia", "reply to #2 hi",
                  "/handle alicia"):
        assert talk("alice", asked).startswith("Your account is suspended"), asked
    assert talk("bob", "show #1") == "I can't find post #1."
    assert talk("julien", "suis @alice") == "Le compte de @alice est suspendu."
    assert talk("alice", "show #1").startswith("@alice · just now · #1\nbuy my watches")
    assert talk("alice", "export my data").startswith("Here is everything you gave Plaza")



@pytest.mark.parametrize(("user", "hello", "asked", "header"), [
    ("alice", "hi", "my posts", "Posts by @alice:"),
    ("alice", "hi", "show my posts", "Posts by @alice:"),
    ("alice", "hi", "what have I posted lately", "Posts by @alice:"),
    ("julien", "bonjour", "mes posts", "Messages de @julien :"),
    ("julien", "bonjour", "montre-moi mes messages", "Messages de @julien :"),
])
def test_my_posts_are_my_own_not_my_feed(talk, user: str, hello: str, asked: str,
                                         header: str) -> None:
    talk("bob", "hi")
    talk("bob", "post: bob's news")
    talk(user, hello)
    talk(user, "follow @bob")
    talk(user, "post: mine" if hello == "hi" else "publie : le mien")
    answer = talk(user, asked)
    if answer.endswith(("Say yes or no.", "Répondez oui ou non.")):  # unsure: asked first
        answer = talk(user, "yes")
    assert answer.startswith(header), answer
    assert "bob's news" not in answer and ("mine" in answer or "le mien" in answer)


@pytest.mark.parametrize(("user", "hello", "asked", "answer"), [
    ("alice", "hi", "my posts", "You haven't posted anything yet."),
    ("alice", "hi", "what have I posted lately", "You haven't posted anything yet."),
    ("julien", "bonjour", "montre-moi mes messages", "Vous n'avez encore rien publié."),
])
def test_my_posts_when_there_are_none_is_said_to_me(talk, user: str, hello: str, asked: str,
                                                    answer: str) -> None:
    talk(user, hello)
    said = talk(user, asked)
    if said.endswith(("Say yes or no.", "Répondez oui ou non.")):  # unsure: asked first
        said = talk(user, "yes")
    assert said.startswith(answer), said
    talk("bob", "hi")
    assert talk("bob", f"posts by @{user}") == (
        f"@{user} hasn't posted anything you can see yet.")


@pytest.mark.parametrize(("asked", "answer"), [
    ("show #99999999999", "I can't find post #99999999999."),
    ("like 123456789012", "I can't find post #123456789012."),
    ("reply to #2147483648: hi", "I can't find post #2147483648."),
    ("repost #99999999999", "I can't find post #99999999999."),
    ("/like 99999999999", "I can't find post #99999999999."),
    ("montre le n°99999999999", "Je ne trouve pas le message n°99999999999."),
    ("aime le 123456789012 stp", "Je ne trouve pas le message n°123456789012."),
])
def test_a_post_number_past_the_ids_is_not_found(talk, read, asked: str, answer: str) -> None:
    talk("julien" if answer.startswith("Je") else "alice",
         "bonjour" if answer.startswith("Je") else "hi")
    assert talk("julien" if answer.startswith("Je") else "alice", asked) == answer
    assert read("SELECT count(*) FROM post") == 0


@pytest.mark.parametrize(("user", "hello", "asked", "question", "words", "done"), [
    ("alice", "hi", "edit #1", "What should #1 say now? Send me the new words.",
     "meet at 6pm", "Edited #1"),
    ("alice", "hi", "fix my last post", "What should #1 say now?",
     "meet at 6pm", "Edited #1"),
    ("alice", "hi", "quote #1", "What do you want to say with #1? Send me your words.",
     "so true", "Posted! It's #2, quoting #1."),
    ("alice", "hi", "reply to #1", "What's your reply to #1? Send me your words.",
     "see you there", "Replied to #1."),
    ("julien", "bonjour", "corrige le n°1",
     "Que doit dire le message n°1 maintenant ? Envoyez-moi le nouveau texte.",
     "rdv à 18h", "Le n°1 est modifié"),
    ("julien", "bonjour", "cite le n°1",
     "Que voulez-vous dire avec le message n°1 ? Envoyez-moi votre texte.",
     "trop vrai", "C'est publié"),
])
def test_an_edit_quote_or_reply_without_words_asks_for_them_then_takes_the_next_message(
        talk, read, user: str, hello: str, asked: str, question: str, words: str,
        done: str) -> None:
    talk(user, hello)
    talk(user, "post: meet at 5pm")
    assert talk(user, asked).startswith(question)
    assert talk(user, words).startswith(done)
    assert read(f"SELECT count(*) FROM post WHERE text = '{words}'") == 1
    edited = done.startswith(("Edited", "Le n°1 est modifié"))
    assert read("SELECT count(*) FROM post") == (1 if edited else 2)


def test_the_words_asked_for_can_be_cancelled_or_replaced_by_a_command(talk, read) -> None:
    talk("alice", "hi")
    talk("alice", "post: meet at 5pm")
    talk("alice", "edit #1")
    assert talk("alice", "cancel") == "OK, forget it: nothing was written."
    assert read("SELECT text FROM post") == "meet at 5pm"
    talk("alice", "edit #1")
    assert talk("alice", "post: something else").startswith("Posted! It's #2.")
    assert read("SELECT text FROM post WHERE id = 1") == "meet at 5pm"
    assert talk("alice", "edit #99999999999") == "I can't find post #99999999999."
    assert talk("alice", "what's new?").startswith("What's new")  # nothing waiting


@pytest.mark.parametrize(("user", "hello", "asked", "then", "starts"), [
    ("alice", "hi", "edit #1", "follow @bob", "You now follow @bob"),
    ("alice", "hi", "edit #1", "what's new?", "What's new"),
    ("alice", "hi", "quote #1", "like #1", "Liked #1"),
    ("alice", "hi", "reply to #1", "help", "Here's what I can do"),
    ("alice", "hi", "edit #1", "never mind", "OK, forget it: nothing was written."),
    ("alice", "hi", "quote #1", "nvm", "OK, forget it: nothing was written."),
    ("alice", "hi", "edit #1", "edit #1", "What should #1 say now?"),
    ("julien", "bonjour", "modifie le n°1", "quoi de neuf", "Quoi de neuf"),
    ("julien", "bonjour", "cite le n°1", "laisse tomber", "D'accord, on oublie"),
    ("julien", "bonjour", "modifie le n°1", "non merci", "D'accord, on oublie"),
])
def test_a_command_or_a_never_mind_after_asking_for_words_is_not_taken_as_them(
        talk, read, user: str, hello: str, asked: str, then: str, starts: str) -> None:
    talk("bob", "hi")
    talk(user, hello)
    talk(user, "post: meet at 5pm")
    talk(user, asked)
    assert talk(user, then).startswith(starts)
    assert read("SELECT text FROM post WHERE id = 1") == "meet at 5pm"
    assert read("SELECT count(*) FROM post") == 1  # nothing written of it


@pytest.mark.parametrize(("asked", "refused"), [
    ("edit #1", "You can only edit your own posts, and #1 isn't yours."),
    ("quote #2", "#2 isn't public, so it can't be quoted."),
    ("reply to #9", "I can't find post #9."),
])
def test_what_would_be_refused_is_said_before_asking_for_words(talk, asked: str,
                                                               refused: str) -> None:
    talk("bob", "hi")
    talk("bob", "post: bob's own words")
    talk("bob", "for my followers only: a private one")
    talk("alice", "hi")
    talk("alice", "follow @bob")
    assert talk("alice", asked).startswith(refused)


@pytest.mark.parametrize("answer", ["kk", "yeah sure", "sure go ahead", "👍", "ok vas y",
                                    "oui oui", "ouais vas-y", "grave"])
def test_the_ways_people_say_yes_confirm_what_was_asked(talk, read, answer: str) -> None:
    talk("alice", "hi")
    assert talk("alice", "tell everyone I love jazz").startswith("Post this?")
    talk("alice", answer)
    assert read("SELECT count(*) FROM post") == 1


@pytest.mark.parametrize("answer", ["no thanks", "non merci", "nan", "👎"])
def test_the_ways_people_say_no_drop_what_was_asked(talk, read, answer: str) -> None:
    talk("alice", "hi")
    assert talk("alice", "tell everyone I love jazz").startswith("Post this?")
    talk("alice", answer)
    assert read("SELECT count(*) FROM post") == 0


@pytest.mark.parametrize("blank", ["\u200b", "\u2800", "\u3164\u200d", " \u2060 \ufeff"])
def test_words_that_show_nothing_are_refused_before_any_question(talk, read, blank: str
                                                                 ) -> None:
    talk("alice", "post: first")
    talk("bob", "hi")
    nothing = "There's nothing to post. What should it say?"
    # explicit or inferred, a post, a reply, a quote, an edit: refused at once, never
    # "Post this?" with nothing under it, then refused after the yes
    assert talk("bob", f"post: {blank}") == nothing
    assert talk("bob", f"post {blank}") == nothing
    # with a post named, refused, or (as if no words came) asked which words
    for message, asked in ((f"reply to #1 {blank}", "What's your reply to #1?"),
                           (f"quote #1 {blank}", "What do you want to say with #1?"),
                           (f"edit #1 to {blank}", "What should #1 say now?")):
        answer = talk("alice", message)
        assert answer == nothing or answer.startswith(asked), (message, answer)
        if answer != nothing:  # then the words asked for show nothing either: ask again
            assert talk("alice", blank) == nothing
            assert talk("alice", f"{blank}{blank}") == nothing
            assert talk("alice", "never mind") == "OK, forget it: nothing was written."
    assert talk("amelie", f"publie {blank}").startswith("Bonjour amelie")
    assert talk("amelie", f"publie {blank}") == "Il n'y a rien à publier. Que voulez-vous dire ?"
    for courtesy in ("post pls", "publie stp", "tell everyone thanks"):  # no words either
        assert talk("bob", courtesy) == nothing, courtesy
    too_long = talk("bob", "tell everyone " + "x" * 1001)  # inferred: no question either
    assert too_long.startswith("That's 1001 characters")
    assert read("SELECT count(*) FROM post") == 1


@pytest.mark.parametrize(("asked", "answer"), [
    ("report #500 spam", "I can't find post #500."),
    ("report @ghost123 harassment", "I don't know anyone called @ghost123."),
    ("delete #500", "I can't find post #500."),
    ("tell everyone about #500 lol", None),  # words, not a post named: still asked
    ("signale le n°500 arnaque", "Je ne trouve pas le message n°500."),
])
def test_a_post_or_person_that_is_not_there_is_said_before_any_question(
        talk, asked: str, answer: str | None) -> None:
    who, hello = ("julien", "bonjour") if "signale" in asked else ("bob", "hi")
    talk(who, hello)
    said = talk(who, asked)
    if answer is None:
        assert said.startswith("Post this?")
    else:
        assert said == answer
