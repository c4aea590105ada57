"""The bot's own failures, apart from the network's refusals (storage.errors).

    BotError
     ├── Unclear          the words don't say enough: which post? who?
     ├── Misunderstood    a language model answered something that is not an action
     ├── CannotStart      a platform refused the settings it was started with (token, URL)
     └── DeliveryError    a platform would not take a message
          └── Unreachable the person blocked the bot, left, or never started it

Like storage errors they carry data; bot/replies.py turns them into words.
"""

from __future__ import annotations


class BotError(Exception):
    """Base of the bot's failures."""


class Unclear(BotError):
    """The message refers to something the chat cannot resolve; `key` names the question."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    def __repr__(self) -> str:
        return f"Unclear({self.key!r})"


class Misunderstood(BotError):
    """A model's answer named no known action, or gave it unreadable or invalid arguments.

    `reason` is "unknown_tool", "malformed", "invalid", "no_call" or "several"; `tool` is
    the name the model used, if any. Never shown as is: it becomes "I didn't get that".
    """

    def __init__(self, reason: str, tool: str | None = None) -> None:
        super().__init__(reason, tool)
        self.reason = reason
        self.tool = tool

    def __repr__(self) -> str:
        return f"Misunderstood({self.reason!r}, {self.tool!r})"


class CannotStart(BotError):
    """A platform could not be started with the configured settings: a refused token,
    a wrong server URL, a server not reachable. `str()` is one line for whoever runs
    Plaza, saying what to do, with no secret in it."""


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
