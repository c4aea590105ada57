"""The offline understanding: English and French messages to Actions, by rules.

    understand("follow @alice")    -> follow(handle="alice"), sure, en
    understand("publie : Bonjour") -> post(text="Bonjour"), explicit, sure, fr
    understand("lol")              -> chat

Precision over recall: every rule must match the whole message (once polite
words and trailing punctuation are set aside), so a sentence that merely
contains a command word ("I love following the news") stays chat, and chat is
never `sure`. The rules live by theme in sibling modules (posting, people,
profile, schedule, reading, reporting, notifying, steering, slash); this module only tries
them in order.

Signals for the conversation layer:
- "it" as a handle or post means "the one we just talked about";
- "last" as a post means "your latest post";
- `set_digest` with no arguments means a time was given but could not be read.
"""

from __future__ import annotations

from functools import lru_cache, partial
from typing import Any

from pydantic import ValidationError

from bot.actions import COMPOSED, build
from bot.understanding import Understanding
from bot.understanding.aiwords import AI_WORDS, BRIEFING
from bot.understanding.grammar import Rule, read_groups
from bot.understanding.linking import LINKING, code_in
from bot.understanding.notifying import NOTIFYING
from bot.understanding.people import PEOPLE
from bot.understanding.posting import POSTING
from bot.understanding.profile import PROFILE
from bot.understanding.reading import READING
from bot.understanding.reporting import REPORTING
from bot.understanding.schedule import SCHEDULE
from bot.understanding.slash import slash
from bot.understanding.steering import STEERING, STEERING_FIRST
from bot.understanding.undoing import UNDOING
from bot.understanding.wording import Message, guess_language, read

# Order matters only where two rules could match the same words: publishing
# and profile texts first (their quoted text may contain any word, a link code
# too: "post: my link code is …" publishes), then a link code anywhere, then the
# rest; the loose "unreadable time" rules come last inside SCHEDULE.
QUOTING: tuple[Rule, ...] = (*POSTING, *PROFILE)
RULES: tuple[Rule, ...] = (*LINKING, *AI_WORDS, *BRIEFING, *NOTIFYING, *STEERING_FIRST, *PEOPLE,
                           *SCHEDULE, *READING, *UNDOING, *REPORTING, *STEERING)

_CHAT = build("chat")

def _chat(message: Message | None = None) -> Understanding:
    return Understanding(_CHAT, language=guess_language(message) if message else None)


def _understood(name: str, args: dict[str, Any], message: Message, *, explicit: bool,
                sure: bool, language: str | None) -> Understanding:
    try:
        action = build(name, args)
    except ValidationError:  # e.g. a handle of 40 characters: ask rather than guess
        return _chat(message)
    if name == "set_digest" and not args:
        sure = False  # an unreadable time, see the module docstring
    return Understanding(action, explicit=explicit, sure=sure,
                         language=language or guess_language(message))


def _understand(text: str) -> Understanding:
    message = read(text)
    if (command := slash(message)) is not None:
        name, given = command
        if name == "chat":
            return _chat(message)
        if given is None:  # "/report" alone: the command is sure, its words are asked for
            return Understanding(_CHAT, explicit=True, sure=True, runner_up=(name, 1.0),
                                 language=guess_language(message))
        if name in COMPOSED and "text" not in given:  # "/reply 12": which words?
            return Understanding(_CHAT, explicit=True, sure=True, compose=(name, given["post"]),
                                 language=guess_language(message))
        return _understood(name, given, message, explicit=True, sure=True, language=None)
    if message.start >= message.end:
        return _chat(message)
    if (quoted := _first_rule(QUOTING, message)) is not None:
        return quoted
    if (code := code_in(message)) is not None:  # sure: a live code never reaches a model
        return _understood("link", {"code": code}, message, explicit=True, sure=True,
                           language=None)
    return _first_rule(RULES, message) or _chat(message)


def _first_rule(rules: tuple[Rule, ...], message: Message) -> Understanding | None:
    """What the first of `rules` that matches the whole message makes of it, if one does."""
    for rule in rules:
        end = len(message.low) if rule.whole else message.end
        match = rule.pattern.fullmatch(message.low, message.start, end)
        if match is None:
            continue
        build_args = rule.build or partial(read_groups, rule.action)
        if (args := build_args(match, message)) is None:
            continue
        explicit = rule.explicit or bool(match.groupdict().get("colon"))
        return _understood(rule.action, args, message, explicit=explicit,
                           sure=rule.sure, language=rule.language)
    return None


def understand(text: str) -> Understanding:
    """What `text` asks for; chat when the rules are not confident. Never raises.

    The rules are a pure function of the text and their answer is immutable (a
    frozen Understanding holding a frozen action), so answers are remembered:
    one turn asks several times (which thread pool a turn needs, onboarding's
    checks, a language model's fast path) and pays for the rules once.
    """
    if not isinstance(text, str):
        return _chat()
    return _remembered(text)


@lru_cache(maxsize=4096)
def _remembered(text: str) -> Understanding:
    try:
        return _understand(text)
    except Exception:  # a bug here must cost one "I didn't get that", not the turn
        return _chat()
