"""A deleted account's handle is held: a newcomer asking for it hears until when, in
their language, and picks another."""

from __future__ import annotations

from bot.conversation import Conversation
from bot.messages import Incoming
from storage.accounts import HANDLE_HELD_FOR
from storage.models import Platform, utcnow


def _until() -> str:
    return (utcnow() + HANDLE_HELD_FOR).date().isoformat()


def test_a_newcomer_cannot_take_a_deleted_handle_and_hears_until_when(talk) -> None:
    talk("alice", "post: bye world")
    talk("alice", "/delete")
    assert "are gone" in talk("alice", "yes")
    # Whoever writes as "alice" now, the username is not free: Plaza asks for a handle.
    assert "pick a handle" in talk("alice", "hello")
    assert talk("alice", "alice") == (
        f"@alice belonged to an account that was deleted, so it stays reserved until "
        f"{_until()}. Another one?"
    )
    assert talk("alice", "Alice_Again").startswith("Hi alice_again!")


def test_the_refusal_is_in_french_for_a_french_speaker(engine, states) -> None:
    conversation = Conversation(engine, states=states)

    def say(user: str, text: str) -> str:
        incoming = Incoming(Platform.telegram, user, user, text, language="fr")
        return "\n\n".join(reply.text for reply in conversation.handle(incoming))

    assert "Choisissez d'abord un pseudo" in say("7", "bonjour")
    assert say("7", "julien").startswith("Bonjour julien !")
    say("7", "/delete")
    say("7", "oui")
    assert "Choisissez d'abord un pseudo" in say("8", "salut")  # someone else, new
    assert say("8", "julien") == (
        f"@julien appartenait à un compte supprimé : il reste réservé jusqu'au {_until()}. "
        "Un autre ?"
    )
    assert say("8", "julie").startswith("Bonjour julie !")
