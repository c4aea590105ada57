"""A handle a mention could not read whole ("abc.", "___") is refused at sign-up with
the reason, in the newcomer's language, and another is asked for."""

from __future__ import annotations

import pytest

from bot.conversation import Conversation
from bot.messages import Incoming
from storage.models import Platform


@pytest.mark.parametrize("handle", ["___", "_bob", "a..b"])
def test_a_handle_of_the_wrong_shape_is_refused_with_the_reason(talk, handle: str) -> None:
    assert "pick a handle" in talk("x", "hello")  # "x" is too short to be taken as is
    assert talk("x", handle) == (
        "A handle starts with a letter or a digit, and a dot must sit between two other "
        "characters (not at the end, not two in a row). Another one?"
    )
    assert talk("x", "bob.b").startswith("Hi bob.b!")


def test_the_shape_refusal_is_in_french_for_a_french_speaker(engine, states) -> None:
    conversation = Conversation(engine, states=states)

    def say(text: str) -> str:
        incoming = Incoming(Platform.telegram, "7", "7", text, language="fr")
        return "\n\n".join(reply.text for reply in conversation.handle(incoming))

    assert "Choisissez d'abord un pseudo" in say("bonjour")
    assert say("__julien") == (
        "Un pseudo commence par une lettre ou un chiffre, et un point doit se trouver entre "
        "deux autres caractères (pas à la fin, pas deux de suite). Un autre ?"
    )
    assert say("julien").startswith("Bonjour julien !")


@pytest.mark.parametrize("name, example", [
    ("J..Smith", "j.smith"), ("_.Zoé..", "zoe"), ("..." + "a" * 40 + ".b", "a" * 26),
])
def test_the_handle_offered_as_an_example_is_one_that_is_accepted(
    engine, states, name: str, example: str
) -> None:
    conversation = Conversation(engine, states=states)

    def say(text: str) -> str:
        incoming = Incoming(Platform.telegram, "9", "9", text, display_name=name)
        return "\n\n".join(reply.text for reply in conversation.handle(incoming))

    assert f"“{example}”" in say("hello")
    assert say(example).startswith(f"Hi {name}! I'm Plaza")  # taken: the account exists
