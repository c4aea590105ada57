"""First contact: making a person from an identity, with a handle they can keep.

Their platform username becomes the handle when it is free and valid;
otherwise Plaza asks for one, and keeps asking kindly until one works.

The first message is never lost. Once the person exists they are greeted, and
their first message is then handled as a turn like any other, through the same
understanding (the offline rules, or the language model when one is
configured): "follow @alice", "I'd really like to keep up with what alice
shares" and "/start alice" (a Telegram link to alice, t.me/<bot>?start=alice)
are all acted on. Only a message the greeting itself answers is not: a bare
greeting, thanks or goodbye, or a bare "/start". When Plaza must ask for a
handle first, the first message waits in the chat's memory and is acted on
once the handle is set, unless it was itself a handle attempt (a bare word
the rules read as nothing, like "kim"): that is not a request to replay.

The newcomer's language is decided once, at the first message (the platform's
language hint, else the language of what they wrote), kept in chat memory
while the handle is chosen, and used for every reply until then and for the
account: a bare handle says nothing about a language ("marie", "alïce").
While a handle is awaited, answers and commands (yes, non, ok, cancel, help,
hello, /delete) are never taken as handles: Plaza says it is waiting for one.

After "/start" (Telegram's first message), or a first direct message where the
platform has no such command (Discord: `Incoming.opening`), Plaza also asks, once,
when and where the daily digest should arrive; any other answer is simply
handled as usual. Someone who met Plaza in a group first is asked at their first
direct message (bot.conversation.core).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlmodel import Session

from bot.actions import SetDigestAction
from bot.conversation.memory import ChatState
from bot.messages import Incoming, Reply
from bot.phrases import LANGUAGES, say
from bot.replies import refusal
from bot.understanding.rules import understand
from bot.understanding.smalltalk import courtesy, yes_or_no
from storage import network
from storage.errors import InvalidInput, NotAllowed
from storage.models import Person
from storage.text import HANDLE_MAX, fold

# (session, the new person, their first message, chat memory, whether it was kept
# while the handle was chosen) -> the replies to it
Then = Callable[[Session, Person, Incoming, ChatState, bool], list[Reply]]
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


def greeting_answers(incoming: Incoming) -> bool:
    """True when the welcome is the whole answer to this first message.

    A "/start" whose payload means nothing to Plaza (see bot/understanding/slash.py),
    or a message that is only a greeting, thanks or goodbye: acting on it would
    say hello twice (and, with a language model, pay a call for it). Anything
    else, a button press included, is acted on.
    """
    text = incoming.text.strip()
    if incoming.button:
        return False
    if is_start(text):
        return understand(text).action.name == "help"
    return courtesy(text)


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


def handle_attempt(text: str) -> bool:
    """True when a first message is most likely the handle the newcomer wants: one word
    the offline rules read as nothing to do ("kim"), and no answer or greeting."""
    return (len(text.split()) == 1 and not_a_handle(text) is None
            and understand(text).action.name == "chat")


def not_a_handle(text: str) -> str | None:
    """Why a reply to the handle question is no handle, as a phrase key; None if it may be.

    Slash commands ("handle.command"), and the words Plaza reads as answers: yes/no
    (bot/understanding/smalltalk.py, "ok" and "cancel" included), a greeting or thanks, or a request
    for help ("handle.waiting"). Taken as a handle, "yes" would become @yes.
    """
    if (is_start(text) or yes_or_no(text) is not None or courtesy(text)
            or understand(text).action.name == "help"):
        return "handle.waiting"
    return "handle.command" if text.startswith("/") else None


_DOTS = re.compile(r"\.{2,}")


def example_handle(session: Session, incoming: Incoming) -> str:
    """A free handle built from the person's name, offered as an example."""
    base = _NOT_HANDLE.sub("_", fold(incoming.display_name or incoming.username or ""))
    # The shape register accepts (storage.text.NEW_HANDLE): one dot at a time, never first
    # or last, a letter or digit first; cut before stripping, so the cut leaves none at the end.
    base = _DOTS.sub(".", base)[: HANDLE_MAX - 3].strip("_.") or "plaza_friend"
    base = base if len(base) >= 3 else f"{base}_fan"
    candidate, n = base, 1
    while not network.handle_available(session, candidate):
        n += 1
        candidate = f"{base}{n}"
    return candidate


class Onboarding:
    def __init__(self, then: Then) -> None:
        # Runs the first message as a normal turn once the person exists (see the
        # module docstring); it answers for its own failures, so the welcome stands.
        self.then = then

    def welcome(
        self, session: Session, incoming: Incoming, memory: ChatState
    ) -> list[Reply]:
        """What a person without an account reads: a greeting and the answer to their
        first message, or the question for a handle (the message kept for later); for a
        platform account whose Plaza account was deleted while suspended, why it may not
        open another (storage.suspension; in a group, only to ask in private), and nothing
        asked."""
        text = incoming.text.strip()
        try:
            network.ensure_identity_free(session, incoming.platform, incoming.external_id)
        except NotAllowed as error:
            language = (memory.newcomer_language or platform_language(incoming.language)
                        or understand(text).language or "en")
            memory.awaiting_handle, memory.first_message = False, None
            # Their past is nobody else's business: a group reads only where to ask.
            return [Reply(say("error.private", language) if incoming.group
                          else refusal(error, language))]
        if memory.awaiting_handle:
            language = (memory.newcomer_language or platform_language(incoming.language)
                        or "en")
            return self._take_handle(session, incoming, memory, text, language)
        language = platform_language(incoming.language) or understand(text).language or "en"
        if incoming.username and network.handle_available(session, incoming.username):
            person = self._register(session, incoming, incoming.username, language)
            return self._begin(session, person, incoming, memory)
        memory.awaiting_handle = True
        memory.newcomer_language = language
        memory.first_message = None if handle_attempt(text) else incoming
        return [Reply(say("handle.ask", language, example=example_handle(session, incoming)))]

    def _begin(
        self, session: Session, person: Person, first: Incoming | None, memory: ChatState,
        kept: bool = False,
    ) -> list[Reply]:
        """The greeting, then what the first message asked for, then (after /start) the
        digest question, in the order they are read; `kept`: the first message waited
        while the handle was chosen."""
        replies = [self._greeting(person)]
        memory.asking_schedule = False  # the first message is not its answer
        if first is not None and not greeting_answers(first):
            replies += self.then(session, person, first, memory, kept)
        memory.asking_schedule = (first is not None and not first.group
                                  and (first.opening or is_start(first.text.strip())))
        return replies + self.schedule_question(person, memory)

    def _take_handle(
        self, session: Session, incoming: Incoming, memory: ChatState, text: str, language: str
    ) -> list[Reply]:
        """One reply to the handle question: the account made with it, or why not."""
        if (key := not_a_handle(text)) is not None or len(text.split()) != 1:
            example = example_handle(session, incoming)
            command = text.split()[0].split("@")[0] if key == "handle.command" else ""
            return [Reply(say(key or "handle.one_word", language, example=example,
                              command=command))]
        try:
            person = self._register(session, incoming, text, language)
        except InvalidInput as error:
            return [Reply(refusal(error, language))]
        memory.awaiting_handle, memory.newcomer_language = False, None
        first, memory.first_message = memory.first_message, None
        return self._begin(session, person, first, memory, kept=True)

    @staticmethod
    def _register(session: Session, incoming: Incoming, handle: str, language: str) -> Person:
        return network.register(
            session, handle, platform=incoming.platform, external_id=incoming.external_id,
            chat_id=incoming.private_chat if incoming.group else incoming.chat_id,
            display_name=incoming.display_name[:50], language=language,
        )

    @staticmethod
    def schedule_question(person: Person, memory: ChatState) -> list[Reply]:
        """When the digest should come, asked while `memory.asking_schedule` says so."""
        if not memory.asking_schedule:
            return []
        return [Reply(say("hello.schedule", person.language, timezone=person.timezone,
                          time=person.digest_time.strftime("%H:%M")))]

    @staticmethod
    def _greeting(person: Person) -> Reply:
        name = person.display_name or person.handle
        return Reply(say("hello.greeting", person.language, name=name))
