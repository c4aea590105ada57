"""Linking in conversation, through the terminal (two terminal accounts stand for two
platforms here; tests/adapters/test_linking_across.py crosses Telegram and Discord):
a code asked for and typed, the merge question and its answers, and a live code kept
from the chat's memory and from any language model."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.conversation import Conversation
from bot.conversation.states import DatabaseStates
from bot.messages import Incoming
from storage.models import Platform
from tests.fakes.openai_server import tool_call
from tests.understanding.llm_support import console_talk

CODE = re.compile(r"[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}")


def _code(answer: str) -> str:
    found = CODE.search(answer)
    assert found, answer
    return found.group()


def _owner(read, account: str) -> object:
    return read(f"SELECT p.handle FROM identity i JOIN person p ON p.id = i.person_id "
                f"WHERE i.platform = 'console' AND i.external_id = '{account}'")


def test_a_newcomer_typing_a_code_joins_the_asker_with_no_account_of_their_own(
        talk, read) -> None:
    talk("alice", "hi")
    asked = talk("alice", "link my discord")
    assert asked.startswith("Your code: ") and "On Discord, send me “link”" in asked
    assert "Never give it to anyone" in asked
    assert talk("desk", f"link {_code(asked)}").startswith(
        "Linked: here too you are @alice, with the same posts")
    assert _owner(read, "desk") == "alice"
    assert read("SELECT count(*) FROM person") == 1
    linked = talk("desk", "where am I linked?")
    assert linked == ("@alice is linked on:\n\n• the terminal (2 accounts): used just now\n"
                      "Your digest will go to the platform you used last.\n"
                      "Say “link” to add a platform, or “unlink” and its name to remove one.")


def test_a_newcomer_asked_for_a_handle_can_still_type_a_code(talk, read) -> None:
    talk("alice", "hi")
    code = _code(talk("alice", "/link"))
    # "zz" is too short for a handle: this newcomer is asked for one, and waits.
    assert talk("zz", "post: hello").startswith("Welcome to Plaza! First, pick a handle")
    assert talk("zz", f"link {code}").startswith("Linked:")
    assert _owner(read, "zz") == "alice"
    assert talk("zz", "post: from my second place") == "Posted! It's #1."


def test_a_wrong_code_says_so_and_changes_nothing(talk, read) -> None:
    talk("alice", "hi")
    talk("alice", "link")
    wrong = talk("desk", "link AAA-BBB-CCC")
    assert wrong.startswith("That code doesn't match any I gave out.")
    assert wrong.endswith("Tries left this hour: 4.")
    assert _owner(read, "desk") is None and read("SELECT count(*) FROM person") == 1
    for _ in range(4):
        talk("desk", "link AAA-BBB-CCC")
    assert talk("desk", "link AAA-BBB-CCC").startswith("Too many wrong codes: try again after ")


def test_an_expired_code_and_a_reused_one(talk, clock, read) -> None:
    talk("alice", "hi")
    code = _code(talk("alice", "link"))
    clock.advance(timedelta(minutes=10))
    assert talk("desk", f"link {code}").startswith("That code has expired (codes last 10 "
                                                   "minutes, and only the newest works). Ask for "
                                                   "a new one with “link” on the terminal.")
    code = _code(talk("alice", "link"))
    assert talk("desk", code).startswith("Linked:")
    assert talk("other", f"link {code}") == ("That code was already used, or cancelled. Ask "
                                             "for a new one with “link”.")
    assert _owner(read, "other") is None


def _bob_with_a_post(talk) -> None:
    talk("alice", "hi")
    talk("bob", "hi")
    talk("bob", "post: bob was here")
    talk("bob", "follow @alice")


def test_an_account_with_posts_is_merged_only_once_a_handle_is_chosen(talk, read) -> None:
    _bob_with_a_post(talk)
    code = _code(talk("alice", "link"))
    question = talk("bob", f"link {code}")
    assert question.startswith("Here you already are @bob (1 post, 1 following). Linking to "
                               "@alice makes one account of the two")
    assert question.endswith("Which handle do you keep: @alice or @bob? (or “cancel”)")
    assert read("SELECT count(*) FROM person") == 2  # nothing merged yet
    assert talk("bob", "yes") == "Which handle do you keep: @alice or @bob? (or “cancel”)"
    done = talk("bob", "keep @bob")
    assert done.startswith("Done: one account, @bob")
    assert "@alice is free again." in done
    assert read("SELECT count(*) FROM person") == 1
    assert (_owner(read, "alice"), _owner(read, "bob")) == ("bob", "bob")
    assert read("SELECT count(*) FROM follow") == 0  # bob followed alice: no self-follow
    assert talk("alice", "my profile").startswith("Your profile:\n\n@bob\n")


def test_cancelling_the_merge_keeps_both_accounts_and_gives_the_code_back(talk, read) -> None:
    _bob_with_a_post(talk)
    code = _code(talk("alice", "link"))
    talk("bob", f"link {code}")
    assert talk("bob", "cancel") == ("OK, nothing was merged. The code still works until it "
                                     "expires, if you change your mind.")
    assert read("SELECT count(*) FROM person") == 2
    assert talk("bob", f"link {code}").startswith("Here you already are @bob")  # asked again
    assert talk("bob", "never mind").startswith("OK, nothing was merged.")
    assert talk("other", f"link {code}").startswith("Linked:")  # it still works, once


def test_the_merge_question_expires(talk, clock, read) -> None:
    _bob_with_a_post(talk)
    talk("bob", f"link {_code(talk('alice', 'link'))}")
    clock.advance(timedelta(minutes=6))
    assert talk("bob", "alice").startswith("That question has expired, and nothing was merged.")
    assert read("SELECT count(*) FROM person") == 2


def test_another_message_drops_the_merge_question(talk, read) -> None:
    _bob_with_a_post(talk)
    talk("bob", f"link {_code(talk('alice', 'link'))}")
    assert talk("bob", "post: something else") == (
        "(I've set the merge question aside: nothing was merged. Send the code again to come "
        "back to it.)\n\nPosted! It's #2.")
    assert talk("bob", "alice").startswith("I'm not sure what you'd like")
    assert read("SELECT count(*) FROM person") == 2


def test_an_empty_account_joins_at_once_and_its_handle_is_freed(talk, read) -> None:
    talk("alice", "hi")
    talk("bob", "hi")  # bob has an account, with nothing in it yet
    done = talk("bob", f"link {_code(talk('alice', 'link'))}")
    assert done.startswith("Done: one account, @alice") and "@bob is free again." in done
    assert read("SELECT handle FROM person") == "alice"
    assert talk("newbob", "hi") and read("SELECT count(*) FROM held_handle") == 0


def test_a_live_code_never_reaches_the_model_nor_the_chats_memory(
        engine, clock, openai_server, model, tmp_path, read) -> None:
    """With a language model configured, the code is asked for, shown and typed with no
    call to it; later calls carry the chat's memory, and no code is in it."""
    conversation = Conversation(engine, understand=model, clock=clock,
                                states=DatabaseStates(engine))
    talk = console_talk(conversation, tmp_path)
    talk("alice", "post: hello")
    asked = talk("alice", "link my discord")
    code = _code(asked)
    assert talk("desk", f"here is my code: {code.lower()}").startswith("Linked:")
    assert talk("desk", code.replace("-", " ")).startswith("That code was already used")
    assert talk("alice", f"link {_code(talk('alice', 'link'))}").startswith(
        "This account is @alice already.")
    assert openai_server.requests == []
    openai_server.script(tool_call("read_feed", {}), tool_call("read_feed", {}))
    talk("alice", "anything worth reading around")
    talk("desk", "anything fresh for me around")
    sent = " ".join(str(request.body) for request in openai_server.requests)
    assert openai_server.requests and code not in sent and code.replace("-", "") not in sent
    assert "•••-•••-•••" in sent
    stored = " ".join(map(str, read("SELECT string_agg(data, ' ') FROM chat_state")
                          if engine.dialect.name == "postgresql" else
                          [read("SELECT group_concat(data, ' ') FROM chat_state")]))
    assert code not in stored and code.lower() not in stored


def test_a_live_code_published_in_a_post_a_bio_or_a_reply_stops_working(talk, read) -> None:
    """Quoted where others read it, a code is cancelled, and what was published stands."""
    talk("alice", "hi")
    for publish in ("post: my link code is {code}", "my bio is discord code {code} ok",
                    "reply to #1: {code}", "publie : mon code est {code}",
                    "post: il est {code} ok"):
        code = _code(talk("alice", "link"))
        said = talk("alice", publish.format(code=code))
        assert said.startswith("That was a live link code, so I've cancelled it: nobody can "
                               "use it now."), said
        assert talk("mallory", f"link {code}") == ("That code was already used, or cancelled. "
                                                   "Ask for a "
                                                   "new one with “link”.")
    assert _owner(read, "mallory") is None
    assert read("SELECT count(*) FROM post") == 4  # the posts and the reply stand


def test_a_live_code_is_recognised_however_it_is_sent(talk, read) -> None:
    """A live code anywhere in a message joins, worded as people word it; what only looks
    like a code costs no wrong try."""
    talk("alice", "hi")
    code = _code(talk("alice", "link"))
    typed = f"hmm the app told me to send you this thing: {code.replace('-', '').lower()} ?"
    assert talk("desk", typed).startswith("Linked: here too you are @alice")
    talk("other", "my zip code is 123456789, what about yours")
    assert _owner(read, "other") == "other"  # a newcomer of their own, no code tried
    assert read("SELECT count(*) FROM link_failure") == 0
    code = _code(talk("alice", "link"))
    fullwidth = code.translate({ord(c): ord(c) + 0xFEE0 for c in code if c != "-"})
    assert talk("third", f"link {fullwidth}").startswith("Linked:")
    code = _code(talk("alice", "link"))
    spaced = " ".join(code.replace("-", ""))  # "7 K Q 4 M X P 2 Z", read out
    assert talk("fourth", f"c'est {spaced}").startswith("Linked:")


def test_the_merge_question_understands_how_people_answer(talk, read) -> None:
    _bob_with_a_post(talk)
    talk("bob", f"link {_code(talk('alice', 'link'))}")
    for unclear in ("keep @carol", "keep mine", "both", "hmm which one"):
        assert talk("bob", unclear).startswith("Which handle do you keep: @alice or @bob?")
    code = _code(talk("alice", "link"))
    talk("bob", f"link {code}")
    assert talk("bob", f"link {code}").startswith("Here you already are @bob")  # typed again
    assert talk("bob", "yes, keep @alice please").startswith("Done: one account, @alice")
    assert (_owner(read, "alice"), _owner(read, "bob")) == ("alice", "alice")


def test_the_first_one_and_never_mind(talk, read) -> None:
    _bob_with_a_post(talk)
    talk("bob", f"link {_code(talk('alice', 'link'))}")
    assert talk("bob", "nevermind").startswith("OK, nothing was merged.")
    talk("bob", f"link {_code(talk('alice', 'link'))}")
    assert talk("bob", "the second one").startswith("Done: one account, @bob")


def test_an_empty_account_reached_elsewhere_too_is_asked_about(talk, read) -> None:
    """bob has nothing in his account, but it is linked on another platform: absorbing it
    would move that platform too, so Plaza asks."""
    talk("alice", "hi")
    talk("bob", "hi")
    talk("bobdesk", f"link {_code(talk('bob', 'link'))}")  # bob: two ways in, no posts
    question = talk("bobdesk", f"link {_code(talk('alice', 'link'))}")
    assert question.startswith("Here you already are @bob (also on the terminal).")
    assert read("SELECT count(*) FROM person") == 2


def test_a_newer_account_cannot_unlink_an_older_one(engine, clock, states) -> None:
    """Whoever joined with a leaked code cannot lock the owner out; the owner can remove
    them. (Telegram and Discord accounts, through the conversation itself.)"""
    plaza = Conversation(engine, clock=clock, states=states)

    def say(platform: Platform, account: str, text: str) -> str:
        return "\n\n".join(r.text for r in plaza.handle(
            Incoming(platform, account, account, text, username=f"user{account}")))

    say(Platform.telegram, "42", "/start")
    code = _code(say(Platform.telegram, "42", "link my discord"))
    assert say(Platform.discord, "666", f"link {code}").startswith("Linked:")
    assert say(Platform.discord, "666", "/unlink telegram") == (
        "Your account there was linked before this one, so it can only be unlinked from "
        "Telegram: say “unlink” there.")
    assert say(Platform.telegram, "42", "/unlink discord").startswith(
        "@user42 is no longer linked on Discord.")
    assert say(Platform.discord, "666", "hi").startswith("Hi user666!")  # a newcomer again


def test_unlink_and_where_the_digest_goes(talk, read) -> None:
    talk("alice", "hi")
    talk("desk", f"link {_code(talk('alice', 'link'))}")
    assert talk("alice", "send my digest here").startswith(
        "Your digest will go to the terminal first")
    assert read("SELECT digest_platform FROM person") == "console"
    assert talk("alice", "send my digest on discord").startswith(
        "No Discord account is linked to yours.")
    assert talk("alice", "/unlink discord").startswith("No Discord account is linked")
    assert talk("desk", "unlink the terminal").startswith(
        "I can reach your account only on the terminal")  # said before any question
