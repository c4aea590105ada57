"""Understanding with a language model: OpenAI tool calling over Plaza's vocabulary.

At most one model call per turn (retried once if it failed fast, see calling.py):

    message -> offline understanding sure? --yes--> their action, no call (the fast path)
               | no
               +-- a bare greeting, thanks or bye --> persona answer: one call, NO tools
               +-- too long, over the hourly limit, model resting --> rules, and a note once
               +-- one call with the tools --> one tool call --> Action, validated again
                                          \\-> anything else --> "I didn't get that"

The model plans, the code acts: its answer is only ever read as an action and
checked by that action's model. Nothing it infers is `explicit`, so what
would publish or destroy is shown for a yes first (bot/conversation/core.py). When
the model is down, slow, rate-limited or out of quota, the offline rules
answer and the breaker keeps everyone else from waiting on it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import openai
import sqlalchemy as sa

from bot.actions import ChatAction
from bot.errors import Misreading, Misunderstood
from bot.phrases import say
from bot.settings import Settings
from bot.shared.redis import key as redis_key
from bot.understanding import Context, Understanding
from bot.understanding.budget import (
    Breaker,
    HourlyLimit,
    Link,
    MonotonicClock,
    Notices,
    SharedBreaker,
    SharedHourlyLimit,
)
from bot.understanding.calling import Caller
from bot.understanding.offline import understand as understand_offline
from bot.understanding.prompting import leaks, persona_messages, understanding_messages
from bot.understanding.smalltalk import courtesy
from bot.understanding.tools import read_action, read_text, tools
from storage.models import utcnow

log = logging.getLogger(__name__)

CHAT = ChatAction()
UNDERSTANDING_TOKENS = 600  # room for a 1,000-character post in the arguments
PERSONA_TOKENS = 80
PERSONA_CHARS = 400


class Fallback(StrEnum):
    """Why the offline rules answered instead of the model, said once (phrase llm.<it>)."""

    long = "long"  # the message is over Limits.max_chars
    down = "down"  # the model failed, or is resting after failures (the breaker)
    limit = "limit"  # the person's calls for this hour are spent


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-person and outage limits (OWASP LLM10: unbounded consumption)."""

    calls_per_hour: int = 60
    max_chars: int = 1000
    cooldown: float = 30.0  # seconds nobody asks the model after a failure
    quota_cooldown: float = 600.0  # after "insufficient_quota": it will not come back soon
    retry_pause: float = 0.5  # before the one retry


class ModelUnderstanding:
    """An Understander (see bot.conversation.core) that asks a model when the rules are unsure."""

    def __init__(
        self,
        client: openai.OpenAI,
        model: str,
        engine: sa.Engine,
        limits: Limits = Limits(),
        *,
        secrets: tuple[str, ...] = (),
        clock: MonotonicClock = time.monotonic,
        today: Callable[[], date] = lambda: utcnow().date(),
        shared: Link | None = None,
    ) -> None:
        self.client = client
        self.model = model
        self.limits = limits
        self.secrets = secrets
        # Shared by every worker through Redis when there is a link (REDIS_URL), else here.
        self.hourly = (HourlyLimit(limits.calls_per_hour, clock) if shared is None
                       else SharedHourlyLimit(limits.calls_per_hour, clock, shared))
        self.breaker = (Breaker(limits.cooldown, clock) if shared is None
                        else SharedBreaker(limits.cooldown, clock, shared))
        self.shared = shared
        self.notices = Notices()
        self.caller = Caller(client, model, engine, self.breaker, today=today,
                             quota_cooldown=limits.quota_cooldown, retry_pause=limits.retry_pause)

    def __call__(self, text: str, context: Context) -> Understanding:
        offline = understand_offline(text, context)
        if offline.sure:
            return offline
        if courtesy(text):
            return self._small_talk(text, context, offline)
        if len(text) > self.limits.max_chars:
            return self._fallback(offline, context, Fallback.long)
        if self.breaker.open():
            return self._fallback(offline, context, Fallback.down)
        if not self.hourly.take(context.handle):
            return self._fallback(offline, context, Fallback.limit)
        response = self.caller.ask(context.handle, messages=understanding_messages(text, context),
                             tools=list(tools()), tool_choice="required",
                             parallel_tool_calls=False, max_tokens=UNDERSTANDING_TOKENS)
        if response is None:
            return self._fallback(offline, context, Fallback.down)
        self.notices.clear(context.handle)
        try:
            action = read_action(response)
        except Misunderstood as error:
            log.info("model answer not understood: %r", error)
            if error.reason == Misreading.no_call:  # a chatty server that ignored tool_choice
                return Understanding(CHAT, language=offline.language)
            return Understanding(CHAT, language=offline.language,
                                 answer=say("llm.unclear", context.language))
        return Understanding(action, explicit=False, sure=False, language=offline.language)

    def _small_talk(self, text: str, context: Context, offline: Understanding) -> Understanding:
        """A short answer in the persona's voice, from a call with no tools; else the canned one."""
        if self.breaker.open() or not self.hourly.take(context.handle):
            return offline
        response = self.caller.ask(context.handle, messages=persona_messages(text, context),
                             max_tokens=PERSONA_TOKENS)
        answer = read_text(response).strip()
        if not answer or len(answer) > PERSONA_CHARS or leaks(answer, self.secrets):
            return offline
        return Understanding(CHAT, language=offline.language, answer=answer)

    def _fallback(self, offline: Understanding, context: Context, reason: Fallback
                  ) -> Understanding:
        """The offline reading, with a word about why the first time it happens."""
        if not self.notices.first(context.handle, reason):
            return offline
        return replace(offline, note=say(f"llm.{reason}", context.language))


def from_settings(
    settings: Settings, engine: sa.Engine, clock: MonotonicClock = time.monotonic,
    redis_prefix: str | None = None,
) -> ModelUnderstanding | None:
    """The model understanding when OPENAI_API_KEY or OPENAI_BASE_URL is set, else None.

    With REDIS_URL set, its hourly limit and breaker are kept in Redis under keys
    starting with `redis_prefix` (default "plaza:model"), shared by every worker using
    the same prefix.
    """
    key = settings.model.api_key.get_secret_value() if settings.model.api_key else ""
    if not key and not settings.model.base_url:
        return None
    base_url, query = _split_query(settings.model.base_url)
    client = openai.OpenAI(
        api_key=key or "unused",  # local servers want none, the client wants one
        base_url=base_url,
        default_query=query,
        timeout=settings.model.timeout,
        max_retries=0,  # Caller retries, and only when that is quick
    )
    limits = Limits(settings.model.calls_per_hour, settings.model.max_chars)
    shared = (Link(settings.redis_url, redis_prefix or redis_key("model"), clock)
              if settings.redis_url else None)
    return ModelUnderstanding(client, settings.model.name, engine, limits,
                              secrets=(key,) if key else (), clock=clock, shared=shared)


def _split_query(url: str | None) -> tuple[str | None, dict[str, str] | None]:
    """OPENAI_BASE_URL without its query, and the query ("?key=..." for some gateways).

    The client appends each endpoint's path to the base URL as text, so a query
    left in it would swallow the path; given apart, it is sent with every request.
    """
    if not url:
        return None, None
    parts = urlsplit(url)
    if not parts.query:
        return url, None
    return urlunsplit(parts._replace(query="")), dict(parse_qsl(parts.query))
