"""What the model is sent: the prompts filled in, and nobody's words but the sender's.

A prompt that has tools carries only the sender's own messages and the first
line of Plaza's own replies. A reply's later lines may quote other people
(a feed, a profile, search results): those never go to a model that can act
(OWASP LLM01, indirect injection). Persona answers carry even less: the
persona prompt and the one message being answered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from bot.understanding import Context
from bot.understanding.tools import conventions
from prompts import load

LANGUAGE_NAMES = {"en": "English", "fr": "French"}
EARLIER_TURNS = 4  # two exchanges: enough for "like it" or "her too"
PLAZA_LINE = 160
# Lines of a reply that show someone else's words start with a handle or a repost mark.
_QUOTED = ("@", "↻")
_WORD = re.compile(r"\w+")
SHINGLE = 6  # this many words of a prompt in a row, in an answer, is a leak


def _language(code: str) -> str:
    return LANGUAGE_NAMES.get(code, "English")


@cache
def _conventions() -> str:
    return "\n".join(f"- {names}: {text}." for names, text in conventions().items())


def understanding_prompt(context: Context) -> str:
    """The system prompt of the understanding call, the person's details last."""
    return load("understanding").substitute(
        conventions=_conventions(), handle=context.handle, language=_language(context.language),
        timezone=context.timezone)


def persona_prompt(context: Context) -> str:
    return load("persona").substitute(language=_language(context.language),
                                      name="@" + context.handle)


def plaza_words(reply: str) -> str | None:
    """The part of one of Plaza's replies that is Plaza's own: its first line.

    None when even that line shows someone (a profile, a post).
    """
    first = reply.strip().split("\n", 1)[0].strip()
    if not first or first.startswith(_QUOTED):
        return None
    return first[:PLAZA_LINE]


def earlier(context: Context) -> list[dict[str, str]]:
    """The last few turns of this chat, before the message being understood, as messages."""
    messages: list[dict[str, str]] = []
    for who, said in context.turns[-EARLIER_TURNS:]:
        if who == "plaza" and (words := plaza_words(said)):
            messages.append({"role": "assistant", "content": words})
        elif who == context.handle:
            messages.append({"role": "user", "content": said})
    return messages


def understanding_messages(text: str, context: Context) -> list[dict[str, str]]:
    return [{"role": "system", "content": understanding_prompt(context)},
            *earlier(context), {"role": "user", "content": text}]


def persona_messages(text: str, context: Context) -> list[dict[str, str]]:
    return [{"role": "system", "content": persona_prompt(context)},
            {"role": "user", "content": text}]


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def repeats(answer: str, prompt: str) -> bool:
    """True when `answer` repeats any six words of `prompt` in a row (LLM06)."""
    return not _shingles(prompt).isdisjoint(_shingles(answer))


@cache
def _prompt_shingles() -> frozenset[tuple[str, ...]]:
    return frozenset(_shingles(load("understanding").template)
                     | _shingles(load("persona").template) | _shingles(_conventions()))


def leaks(answer: str, secrets: Iterable[str]) -> bool:
    """True when a model's answer repeats a secret or any six words of a prompt (LLM02, LLM06)."""
    if any(secret and secret in answer for secret in secrets):
        return True
    return not _prompt_shingles().isdisjoint(_shingles(answer))
