"""Turning a person's own words into one validated Action.

`rules` understands English and French offline; `llm` (when configured) uses a
model's tool calling over the same vocabulary. Both answer an `Understanding`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.actions import Action


@dataclass(frozen=True, slots=True)
class Understanding:
    """What a message asks for, and how it was said.

    `explicit`: a command form ("post: ...", /post) whose meaning is not in
    doubt, so even a consequential action goes straight through.
    `sure`: the rules are confident enough that no model needs asking.
    `language`: "en" or "fr" when the wording gives it away, else None.
    `answer`: for chat, words to say instead of the canned small talk (a
    model-written answer, or "I didn't get that").
    `note`: a short remark to put before the reply, e.g. that the language
    model is unavailable and the offline understanding answered.
    `unknown`: nothing Plaza can do was read; `answer` names what comes closest.
    `ask`: unsure of the reading: ask "Did you mean: ...?" before acting on it.
    `more`: further actions the same message asks for ("follow @lena and @omar"),
    carried out after `action`, in order.
    `compose`: an action that writes words ("edit_post", "quote", "reply") asked for a
    post named (a number, "last" or "it") without its words ("edit #3"): Plaza asks for
    them and takes the next message as those words (bot/conversation/core.py).
    `confidence` (0 to 1) and `runner_up` (the next likeliest reading and its
    probability): how the offline classifier weighed it; 1.0 and None for a rule or
    a model (bot/understanding/offline.py).
    """

    action: Action
    explicit: bool = False
    sure: bool = False
    language: str | None = None
    answer: str | None = None
    note: str | None = None
    unknown: bool = False
    ask: bool = False
    more: tuple[Action, ...] = ()
    confidence: float = 1.0
    runner_up: tuple[str, float] | None = None
    compose: tuple[str, int | str] | None = None


@dataclass(frozen=True, slots=True)
class Context:
    """What an understanding may know besides the message: the sender and this chat.

    `turns` is this chat before the message: only the sender's own words and
    Plaza's own replies, never other people's posts.
    """

    handle: str
    language: str = "en"
    timezone: str = "UTC"
    turns: tuple[tuple[str, str], ...] = ()
