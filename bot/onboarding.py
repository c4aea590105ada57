"""First contact: making a person from an identity, with a handle they can keep.

Their platform username becomes the handle when it is free and valid;
otherwise Plaza asks for one, and keeps asking kindly until one works.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlmodel import Session

from bot.memory import ChatMemory
from bot.messages import Incoming, Reply
from bot.phrases import LANGUAGES, say
from bot.replies import refusal
from bot.understanding.rules import understand
from storage import network
from storage.errors import InvalidInput
from storage.models import Person
from storage.text import HANDLE_MAX, fold

Then = Callable[[Session, Person, Incoming, ChatMemory], list[Reply]]
_NOT_HANDLE = re.compile(r"[^a-z0-9_.]+")


def platform_language(code: str | None) -> str | None:
    """ "fr-CA" -> "fr"; None for languages Plaza does not speak."""
    base = (code or "").split("-")[0].split("_")[0].lower()
    return base if base in LANGUAGES else None


def example_handle(session: Session, incoming: Incoming) -> str:
    """A free handle built from the person's name, offered as an example."""
    base = _NOT_HANDLE.sub("_", fold(incoming.display_name or incoming.username or ""))
    base = base.strip("_.")[: HANDLE_MAX - 3] or "plaza_friend"
    base = base if len(base) >= 3 else f"{base}_fan"
    candidate, n = base, 1
    while not network.handle_available(session, candidate):
        n += 1
        candidate = f"{base}{n}"
    return candidate


class Onboarding:
    def __init__(self, then: Then) -> None:
        self.then = then  # runs the first message as a normal turn once the person exists

    def welcome(
        self, session: Session, incoming: Incoming, memory: ChatMemory
    ) -> list[Reply]:
        text = incoming.text.strip()
        understood = understand(text)
        language = platform_language(incoming.language) or understood.language or "en"
        if memory.awaiting_handle:
            return self._take_handle(session, incoming, memory, text, language)
        if incoming.username and network.handle_available(session, incoming.username):
            person = self._register(session, incoming, incoming.username, language)
            replies = [self._greeting(person)]
            if understood.action.name not in ("chat", "help") and not incoming.button:
                replies += self.then(session, person, incoming, memory)
            return replies
        memory.awaiting_handle = True
        return [Reply(say("handle.ask", language, example=example_handle(session, incoming)))]

    def _take_handle(
        self, session: Session, incoming: Incoming, memory: ChatMemory, text: str, language: str
    ) -> list[Reply]:
        if len(text.split()) != 1 or text.startswith("/"):
            example = example_handle(session, incoming)
            return [Reply(say("handle.one_word", language, example=example))]
        try:
            person = self._register(session, incoming, text, language)
        except InvalidInput as error:
            return [Reply(refusal(error, language))]
        memory.awaiting_handle = False
        return [self._greeting(person)]

    @staticmethod
    def _register(session: Session, incoming: Incoming, handle: str, language: str) -> Person:
        return network.register(
            session, handle, platform=incoming.platform, external_id=incoming.external_id,
            chat_id=None if incoming.group else incoming.chat_id,
            display_name=incoming.display_name[:50], language=language,
        )

    @staticmethod
    def _greeting(person: Person) -> Reply:
        name = person.display_name or person.handle
        return Reply(say("hello.greeting", person.language, name=name))
