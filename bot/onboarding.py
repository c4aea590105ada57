"""First contact: making a person from an identity, with a handle they can keep.

Their platform username becomes the handle when it is free and valid;
otherwise Plaza asks for one, and keeps asking kindly until one works.
After "/start" (Telegram's first message) Plaza also asks, once, when and where
the daily digest should arrive; any other answer is simply handled as usual.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlmodel import Session

from bot.actions import SetDigestAction
from bot.memory import ChatMemory
from bot.messages import Incoming, Reply
from bot.phrases import LANGUAGES, say
from bot.replies import refusal
from bot.smalltalk import yes_or_no
from bot.understanding.rules import understand
from storage import network
from storage.errors import InvalidInput
from storage.models import Person
from storage.text import HANDLE_MAX, fold

Then = Callable[[Session, Person, Incoming, ChatMemory], list[Reply]]
_NOT_HANDLE = re.compile(r"[^a-z0-9_.]+")
_SKIP = re.compile(r"(no|non|nope|nah|skip|later|not now|plus tard|pas maintenant|passer)\b.*")


def platform_language(code: str | None) -> str | None:
    """ "fr-CA" -> "fr"; None for languages Plaza does not speak."""
    base = (code or "").split("-")[0].split("_")[0].lower()
    return base if base in LANGUAGES else None


def is_start(text: str) -> bool:
    """Telegram's first message: "/start", maybe with a payload or the bot's @name."""
    words = text.split(maxsplit=1)
    return bool(words) and words[0].split("@")[0].lower() == "/start"


def schedule_answer(text: str) -> SetDigestAction | None:
    """The answer to the digest question after /start, if it is one ("8am Paris", "no").

    A "no" or "later" keeps the defaults (and hears them said back); anything
    that names no time or place is None, and is handled as an ordinary message.
    """
    if not text or text.startswith("/"):
        return None
    action = understand(f"/digest {text}").action
    if isinstance(action, SetDigestAction) and (action.time or action.timezone):
        return action
    if yes_or_no(text) is False or _SKIP.fullmatch(fold(text).strip()):
        return SetDigestAction(enabled=True)
    return None


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
            memory.asking_schedule = is_start(text) and not incoming.group
            return replies + self._schedule_question(person, memory)
        memory.awaiting_handle = True
        memory.asking_schedule = is_start(text) and not incoming.group
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
        return [self._greeting(person), *self._schedule_question(person, memory)]

    @staticmethod
    def _register(session: Session, incoming: Incoming, handle: str, language: str) -> Person:
        return network.register(
            session, handle, platform=incoming.platform, external_id=incoming.external_id,
            chat_id=None if incoming.group else incoming.chat_id,
            display_name=incoming.display_name[:50], language=language,
        )

    @staticmethod
    def _schedule_question(person: Person, memory: ChatMemory) -> list[Reply]:
        if not memory.asking_schedule:
            return []
        return [Reply(say("hello.schedule", person.language, timezone=person.timezone,
                          time=person.digest_time.strftime("%H:%M")))]

    @staticmethod
    def _greeting(person: Person) -> Reply:
        name = person.display_name or person.handle
        return Reply(say("hello.greeting", person.language, name=name))
