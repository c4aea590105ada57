"""Choosing a handle: one language from the first message to the account, answers and
commands never taken as handles, and only real messages replayed once the account exists.

Through the real `plaza chat` in a subprocess, and through the Conversation (console and
Telegram messages) on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.conversation import Conversation
from bot.conversation.states import ChatStates
from bot.messages import Incoming
from storage.accounts import HANDLE_HELD_FOR
from storage.models import Platform, utcnow
from tests import processes
from tests.processes import plaza_env

Talk = Callable[[str, str], str]
def until() -> str:
    """The day a handle freed now stays reserved until (UTC), computed when asked: a run
    that crosses midnight must not compare against the day it started."""
    return (utcnow() + HANDLE_HELD_FOR).date().isoformat()
GREETING_EN = ("Hi {name}! I'm Plaza, your social network right here: tell me what to post, "
               "who to follow, or ask what's new.\nSay “help” to see everything I can do.")


def _delete(talk: Talk, user: str) -> None:
    talk(user, "post: hello")
    talk(user, "delete my account")
    assert "are gone" in talk(user, "yes")


@pytest.fixture
def telegram(engine: sa.Engine, states: ChatStates) -> Callable[[str, str, str | None], str]:
    """Send one Telegram message as `user` with the platform's language hint."""
    conversation = Conversation(engine, states=states)

    def send(user: str, text: str, language: str | None) -> str:
        incoming = Incoming(Platform.telegram, user, user, text, language=language)
        return "\n\n".join(reply.text for reply in conversation.handle(incoming))

    return send


def test_the_terminal_keeps_the_first_message_s_language(engine: sa.Engine,
                                                         tmp_path: Path, read) -> None:
    """The issue's case, in the real `plaza chat`: French from the welcome to the account."""
    env = plaza_env(DATABASE_URL=engine.url.render_as_string(hide_password=False))

    def chat(user: str, lines: str) -> str:
        return processes.chat(env, user, lines, tmp_path)

    assert "are gone" in chat("alice", "post: hi\ndelete my account\nyes\n")
    before = until()
    answer = chat("Zoé Dupont", "bonjour, abonne-moi à @bob\nalice\nmarie\n")
    ask, held, greeting, follow = answer.strip().split("\n\n")
    assert ask.startswith("Bienvenue sur Plaza ! Choisissez d'abord un pseudo")
    assert held in {f"@alice appartenait à un compte supprimé : il reste réservé jusqu'au "
                    f"{day}. Un autre ?" for day in (before, until())}
    assert greeting.startswith("Bonjour marie !")
    assert follow == "Je ne connais personne qui s'appelle @bob."
    assert read("SELECT language FROM person WHERE handle = 'marie'") == "fr"


def test_a_bare_handle_does_not_change_an_english_newcomer_s_language(talk: Talk, read) -> None:
    assert "pick a handle" in talk("ab", "hello there")
    assert talk("ab", "alïce") == (
        "A handle can only use a–z, 0–9, _ and . (not “ï”). Another one?")
    assert talk("ab", "zoé") == "A handle can only use a–z, 0–9, _ and . (not “é”). Another one?"
    assert talk("ab", "marie") == GREETING_EN.format(name="marie")
    assert read("SELECT language FROM person WHERE handle = 'marie'") == "en"


def test_the_platform_hint_decides_the_language_once(telegram, read) -> None:
    """Telegram says "fr": an English first message and a bare handle do not override it."""
    assert "Choisissez d'abord un pseudo" in telegram("7", "hello", "fr-CA")
    assert telegram("7", "zoé", "fr-CA").startswith(
        "Un pseudo ne peut contenir que")
    assert telegram("7", "oui", None).startswith("J'attends d'abord votre pseudo")
    assert telegram("7", "zoe_d", "fr-CA").startswith("Bonjour zoe_d !")
    assert read("SELECT language FROM person WHERE handle = 'zoe_d'") == "fr"


@pytest.mark.parametrize(("first", "word", "expected"), [
    ("hello", "yes", "I'm waiting for your handle first"),
    ("hello", "ok", "I'm waiting for your handle first"),
    ("hello", "cancel", "I'm waiting for your handle first"),
    ("hello", "help", "I'm waiting for your handle first"),
    ("hello", "thanks", "I'm waiting for your handle first"),
    ("bonjour", "non", "J'attends d'abord votre pseudo"),
    ("bonjour", "aide", "J'attends d'abord votre pseudo"),
    ("hello", "/delete", "/delete needs an account, and you don't have one yet"),
    ("hello", "/help", "I'm waiting for your handle first"),
    ("bonjour", "/profile", "/profile demande un compte, et vous n'en avez pas encore"),
])
def test_answers_and_commands_are_not_taken_as_handles(
    first: str, word: str, expected: str, talk: Talk, read
) -> None:
    assert "ab_fan" in talk("ab", first)  # "ab" is too short: Plaza asks for a handle
    answer = talk("ab", word)
    assert answer.startswith(expected) and "ab_fan" in answer
    assert read("SELECT count(*) FROM person") == 0


def test_a_stray_yes_after_deleting_does_not_become_a_handle(talk: Talk, read) -> None:
    """The issue's case: delete, yes, /delete, yes in the same chat."""
    _delete(talk, "yann")
    assert "pick a handle" in talk("yann", "/delete")
    assert talk("yann", "yes").startswith("I'm waiting for your handle first")
    assert talk("yann", "/delete").startswith("/delete needs an account")
    assert read("SELECT count(*) FROM person WHERE handle = 'yes'") == 0
    assert talk("yann", "yann3").startswith("Hi yann3!")


@pytest.mark.parametrize(("first", "attempt"), [
    ("kim", "@kim"),  # the case: the name typed before it was asked for
    ("kim", "kim"),
    ("all my thoughts, unfiltered", "@kim"),  # a message nobody can read is not answered
])
def test_only_a_message_is_replayed_after_the_handle_and_never_a_not_sure(
    first: str, attempt: str, talk: Talk, read
) -> None:
    _delete(talk, "kim")
    assert "pick a handle" in talk("kim", first)
    assert talk("kim", attempt).startswith("@kim belonged to an account that was deleted")
    assert talk("kim", "kim2") == GREETING_EN.format(name="kim2")
    assert read("SELECT count(*) FROM person WHERE handle = 'kim2'") == 1


def test_a_kept_message_is_still_acted_on(talk: Talk, read) -> None:
    talk("alice", "post: Hello from alice")
    _delete(talk, "kim")
    assert "Choisissez d'abord un pseudo" in talk("kim", "suivre @alice")
    assert talk("kim", "kim").startswith("@kim appartenait à un compte supprimé")
    answer = talk("kim", "kim_b")
    assert answer.startswith("Bonjour kim_b !")
    assert "Vous suivez maintenant @alice." in answer
    assert read("SELECT count(*) FROM follow") == 1


@pytest.mark.parametrize(("first", "word", "expected"), [
    ("hello", "undo", "“undo” is one of the words I read as a command, so it can't be a "
                      "handle. Another one?"),
    ("hello", "Edit", "“edit” is one of the words I read as a command"),
    ("bonjour", "annuler", "J'attends d'abord votre pseudo"),  # an answer: "no"
    ("bonjour", "aide", "J'attends d'abord votre pseudo"),
    ("bonjour", "publier", "« publier » fait partie des mots que je lis comme des commandes : "
                           "ce ne peut pas être un pseudo. Un autre ?"),
    ("bonjour", "supprimer", "« supprimer » fait partie des mots que je lis comme des "
                             "commandes"),
])
def test_command_words_are_refused_as_handles(first: str, word: str, expected: str,
                                              talk: Talk, read) -> None:
    talk("ab", first)  # "ab" is too short: Plaza asks for a handle
    assert talk("ab", word).startswith(expected)
    assert read("SELECT count(*) FROM person") == 0
    talk("ab", "marcel")
    assert read("SELECT handle FROM person") == "marcel"


def test_a_username_that_is_a_command_word_is_not_taken(talk, read) -> None:
    """A platform username "help" is not given as a handle: its owner is asked for one."""
    assert talk("help", "hello").startswith("Welcome to Plaza! First, pick a handle")
    assert read("SELECT count(*) FROM person") == 0


@pytest.mark.parametrize(("user", "hello", "asked", "expected"), [
    ("alice", "hi", "/handle undo", "“undo” is one of the words I read as a command"),
    ("alice", "hi", "change my handle to follow", "“follow” is one of the words I read"),
    ("julien", "bonjour", "change mon pseudo en annuler",
     "« annuler » fait partie des mots que je lis comme des commandes"),
])
def test_a_command_word_is_refused_as_a_new_handle_before_asking(
        user: str, hello: str, asked: str, expected: str, talk: Talk, read) -> None:
    talk(user, hello)
    assert talk(user, asked).startswith(expected)
    assert read("SELECT handle FROM person") == user
