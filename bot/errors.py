"""The bot's own failures, apart from the network's refusals (storage.errors).

    BotError
     ├── Unclear          the words don't say enough: which post? who?
     ├── Misunderstood    a language model answered something that is not an action
     ├── CannotStart      a platform refused the settings it was started with (token, URL)
     └── DeliveryError    a platform would not take a message
          └── Unreachable the person blocked the bot, left, or never started it

Like storage errors they carry data (a `Question`, a `Misreading`); bot/replies.py and
the conversation turn them into words.
"""

from __future__ import annotations

from enum import StrEnum


class Question(StrEnum):
    """What an `Unclear` message leaves open."""

    which_post = "which_post"  # "like it" with no post talked about
    which_person = "which_person"  # "follow her" with nobody talked about
    which_code = "which_code"  # a link code that reached no conversation to enter it in


class Misreading(StrEnum):
    """Why a model's answer is no action (`Misunderstood.reason`)."""

    unknown_tool = "unknown_tool"  # a name that is no action, or a call that is no function
    malformed = "malformed"  # arguments that are not a JSON object
    invalid = "invalid"  # arguments the action's own model refuses
    no_call = "no_call"  # words and no tool call
    several = "several"  # more than one call


class BotError(Exception):
    """Base of the bot's failures."""


class Unclear(BotError):
    """The message refers to something the chat cannot resolve; `key` names the question."""

    def __init__(self, key: Question) -> None:
        super().__init__(key)
        self.key = key

    def __repr__(self) -> str:
        return f"Unclear({str(self.key)!r})"


class Misunderstood(BotError):
    """A model's answer named no known action, or gave it unreadable or invalid arguments.

    `reason` says which (a `Misreading`); `tool` is the name the model used, if any. Never
    shown as is: it becomes "I didn't get that".
    """

    def __init__(self, reason: Misreading, tool: str | None = None) -> None:
        super().__init__(reason, tool)
        self.reason = reason
        self.tool = tool

    def __repr__(self) -> str:
        return f"Misunderstood({str(self.reason)!r}, {self.tool!r})"


class CannotStart(BotError):
    """A platform could not be started with the configured settings: a refused token,
    a wrong server URL, a server not reachable. `str()` is one line for whoever runs
    Plaza, saying what to do, with no secret in it."""


class Stopping(BotError):
    """The handler is stopping and takes no more updates: the platform must deliver this
    one again later (to another worker, or to this one restarted). Not a fault."""


class DeliveryError(BotError):
    """A platform refused or failed a send to `chat_id` after retries."""

    def __init__(self, chat_id: str) -> None:
        super().__init__(chat_id)
        self.chat_id = chat_id

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.chat_id!r})"


class Unreachable(DeliveryError):
    """The platform says `chat_id` can no longer be written to (e.g. Telegram's 403).

    Adapters only raise it; whoever sent marks the identity whose private chat
    it is (storage.accounts.chat_unreachable), so that no adapter writes to storage.
    """
