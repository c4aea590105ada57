"""One call to the model: one quick retry at most, failures resting it, tokens counted.

    create() --ok--> a ChatCompletion? --yes--> tokens recorded, returned
       |                 \\-no (a proxy's HTML page) --> breaker, None
       +-- refused, 5xx, 429 asking for <= 1 s --> pause, one retry --> same
       \\-- timeout, quota, 4xx, long Retry-After --> breaker (that long), None

The client's own retries are off: it would honour a Retry-After of up to two
minutes while the person waits.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import openai
import sqlalchemy as sa
from openai.types.chat import ChatCompletion

from bot.understanding.budget import Breaker
from storage.db import session_scope
from storage.usage import Tokens, record

log = logging.getLogger(__name__)
QUOTA = "insufficient_quota"


class Caller:
    def __init__(
        self,
        client: openai.OpenAI,
        model: str,
        engine: sa.Engine,
        breaker: Breaker,
        *,
        quota_cooldown: float,
        retry_pause: float,
        today: Callable[[], date],
    ) -> None:
        self.client = client
        self.model = model
        self.engine = engine
        self.breaker = breaker
        self.quota_cooldown = quota_cooldown
        self.retry_pause = retry_pause
        self.today = today

    def ask(self, handle: str, **request: Any) -> ChatCompletion | None:
        """The model's completion for `handle`'s turn; None when the model failed."""
        try:
            response = self.client.chat.completions.create(model=self.model, **request)
        except openai.OpenAIError as error:
            if not _quick_to_retry(error):
                self._trip(error)
                return None
            time.sleep(self.retry_pause)
            try:
                response = self.client.chat.completions.create(model=self.model, **request)
            except openai.OpenAIError as again:
                self._trip(again)
                return None
        if not isinstance(response, ChatCompletion):
            log.warning("the model's server answered something that is not a completion")
            self.breaker.trip()
            return None
        self._record(handle, response)
        return response

    def _trip(self, error: openai.OpenAIError) -> None:
        code = getattr(error, "code", None)
        log.warning("model call failed (%s, status %s, code %s); offline understanding for now",
                    type(error).__name__, getattr(error, "status_code", None), code)
        self.breaker.trip(self.quota_cooldown if code == QUOTA else _retry_after(error))

    def _record(self, handle: str, response: ChatCompletion) -> None:
        """Count the call's tokens for this person today; a failure here loses a count, no more."""
        usage = response.usage
        details = usage.prompt_tokens_details if usage else None
        used = Tokens(1, usage.prompt_tokens if usage else 0,
                      (details.cached_tokens or 0) if details else 0,
                      usage.completion_tokens if usage else 0)
        try:
            with session_scope(self.engine) as session:
                record(session, handle, self.today(), self.model, used)
        except sa.exc.SQLAlchemyError:
            log.exception("could not record model usage")


def _retry_after(error: openai.OpenAIError) -> float | None:
    """The seconds a provider asked us to wait (Retry-After), if it said."""
    response = getattr(error, "response", None)
    value = response.headers.get("retry-after", "") if response is not None else ""
    return float(value) if value.isdigit() else None


def _quick_to_retry(error: openai.OpenAIError) -> bool:
    """Worth a second try now: a refused connection, a 5xx, a 429 asking for a second or less.

    A timeout is not: another 20 s would double a wait that is already long.
    """
    if isinstance(error, openai.APITimeoutError):
        return False
    if isinstance(error, openai.APIConnectionError | openai.InternalServerError):
        return True
    if isinstance(error, openai.RateLimitError) and error.code != QUOTA:
        return (_retry_after(error) or 0) <= 1
    return False
