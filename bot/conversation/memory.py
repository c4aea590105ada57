"""What a chat remembers between turns: enough for "follow her too", "like it", "yes" and "more".

A `ChatState` is a value: a turn loads it, changes it and saves it
(bot/conversation/states.py), and nothing else holds it meanwhile. Its JSON
form carries a format number; text of another format, or that no longer
makes sense (an action since renamed, say), is `UnreadableState`, and the
stores read it as a fresh state: what is lost is a pending question, which
expires within minutes anyway, and what "it" meant.

    {"format": 1, "last_post": 12, "last_person": "bob",
     "pending": {"action": {"name": "post", "args": {"text": "hi"}}, "token": "…",
                 "expires_at": "2026-12-03T08:00:00+00:00"},
     "replying_to": null, "composing": ["edit_post", 3],
     "awaiting_handle": false, "first_message": null,
     "newcomer_language": null, "asking_schedule": false, "merging": null,
     "next_page": {"action": {"name": "read_feed", "args": {}}, "before": 90},
     "language_streak": 0, "turns": [["alice", "what's new?"], ["plaza", "…"]],
     "last_done": {"what": "follow.done", "target": "bob",
                   "at": "2026-12-03T07:58:00+00:00", "before": {},
                   "more": [{"what": "follow.done", "target": "ann", ...}]}}

Actions are kept by name and arguments and rebuilt through the vocabulary
(bot/actions.py), so they are validated again on the way in; times are UTC.
"""

from __future__ import annotations

import json
import secrets
from collections import deque
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from bot.actions import POST_NUMBER_MAX, Action, build
from bot.messages import Incoming
from storage.models import Platform

PENDING_TTL = timedelta(minutes=5)
TURNS_KEPT = 6
LINE_KEPT = 500  # characters of each remembered line
FORMAT = 1  # raise it whenever the JSON form changes meaning


# What a record of something done may carry to be undone (Done.before): plain JSON values.
Before = dict[str, int | str | bool | list[str] | None]


class UnreadableState(ValueError):
    """Stored text that is no ChatState of this format: another format, or bad content."""


@dataclass(frozen=True)
class Pending:
    """An action waiting for the person's yes; single-use and expiring."""

    action: Action
    token: str
    expires_at: datetime
    more: tuple[Action, ...] = ()  # "block @a and @b": one yes for all, done in order

    def live(self, now: datetime) -> bool:
        return now < self.expires_at


@dataclass(frozen=True, slots=True)
class Merging:
    """A merge waiting for the sender to say which handle to keep.

    `code_id`: the code they entered, claimed by their account (it proves they may
    join the asker); `handles`: (the asker's, the sender's own), as asked about;
    `token`: what this question's buttons carry, so that an old question's buttons do
    nothing; `expires_at` (UTC).
    """

    code_id: int
    handles: tuple[str, str]
    token: str
    expires_at: datetime

    def live(self, now: datetime) -> bool:
        return now < self.expires_at


@dataclass(frozen=True, slots=True)
class Done:
    """The last thing Plaza did for the person in this chat, for "undo"
    (bot/conversation/undo.py says what each means and how it is taken back).

    `what`: the key of the outcome that said it was done ("follow.done", "post.done"), or
    the name of an action that cannot be undone ("set_digest"), or undo.ELSEWHERE (done
    in the person's private chat at a group's request); `target`: the post number or the
    handle it was done to, if any; `at`: when (UTC); `before`: what undoing it must put
    back that `what` and `target` do not say (the follows a block ended, the post pinned
    before), never changed once made; `more`: what the same message did before it ("follow
    @a and @b": the follow of @a), in the order done, undone with it by one "undo".
    """

    what: str
    target: int | str | None
    at: datetime
    before: Before = field(default_factory=dict)
    more: tuple[Done, ...] = ()

    def parts(self) -> tuple[Done, ...]:
        """Everything this record undoes, last done first (the order to undo it in), each
        on its own."""
        return (replace(self, more=()), *reversed(self.more))


def _turns() -> deque[tuple[str, str]]:
    return deque(maxlen=TURNS_KEPT)


@dataclass
class ChatState:
    """What one chat remembers of one person between turns; a fresh one knows nothing."""

    last_post: int | None = None
    last_person: str | None = None
    pending: Pending | None = None
    replying_to: int | None = None  # the person pressed "Reply" under this post
    # "edit #3" without its words: Plaza asked for them, the next message is them
    # (an action name of bot.actions.COMPOSED, and the post)
    composing: tuple[str, int] | None = None
    awaiting_handle: bool = False
    first_message: Incoming | None = None  # kept while Plaza asks a newcomer for a handle
    # A newcomer's language, decided once at their first message (onboarding.py) and
    # used until their account exists: a bare handle says nothing about a language.
    newcomer_language: str | None = None
    asking_schedule: bool = False  # first contact asked when and where digests should arrive
    merging: Merging | None = None  # a link code entered: which handle to keep? (linking.py)
    next_page: tuple[Action, int] | None = None  # what "more" continues, and from where
    language_streak: int = 0  # messages in a row written in another language than the person's
    # The person asked for their language ("speak french"): it holds, whatever language
    # their messages are written in, until they ask for another.
    language_chosen: bool = False
    last_done: Done | None = None  # what "undo" would take back (undo.py)
    turns: deque[tuple[str, str]] = field(default_factory=_turns)
    # Not part of the state: what this turn did to it, for a save that must merge
    # (bot/conversation/states.py). Never stored, never compared.
    remembered: int = field(default=0, compare=False, repr=False)
    was_reset: bool = field(default=False, compare=False, repr=False)

    def ask(self, action: Action, now: datetime, more: tuple[Action, ...] = ()) -> Pending:
        self.pending = Pending(action, secrets.token_urlsafe(6), now + PENDING_TTL, more)
        return self.pending

    def take_pending(self, now: datetime, token: str | None = None) -> Pending | None:
        """The live pending action (matching `token` if given), removed: answers are single-use."""
        pending = self.pending
        if pending is None or (token is not None and token != pending.token):
            return None
        self.pending = None
        return pending if pending.live(now) else None

    def reset(self) -> None:
        """Forget everything: the account this chat knew is gone."""
        for name in STATE_FIELDS:
            setattr(self, name, getattr(_EMPTY, name))
        self.turns = _turns()
        self.remembered, self.was_reset = 0, True

    def remember(self, who: str, text: str) -> None:
        """A line said in this chat (its first 500 characters), for the understanding's
        context; only the last TURNS_KEPT are kept."""
        self.turns.append((who, text[:LINE_KEPT]))
        self.remembered += 1

    def copy(self, *, as_loaded: bool = False) -> ChatState:
        """An independent copy (everything in a state but its turns is immutable);
        `as_loaded`: without what a turn did to it, as a store hands a state out."""
        # Field by field, not dataclasses.replace: this runs on every turn, and costs
        # half as much this way.
        copy = ChatState.__new__(ChatState)
        copy.__dict__ = {**self.__dict__, "turns": deque(self.turns, maxlen=TURNS_KEPT)}
        if as_loaded:
            copy.remembered, copy.was_reset = 0, False
        return copy

    def to_json(self) -> str:
        """The state as JSON text (see the module docstring)."""
        first = self.first_message
        return json.dumps({
            "format": FORMAT,
            "last_post": self.last_post,
            "last_person": self.last_person,
            "pending": None if self.pending is None else {
                "action": _action_json(self.pending.action),
                "token": self.pending.token,
                "expires_at": self.pending.expires_at.astimezone(UTC).isoformat(),
                **({"more": [_action_json(a) for a in self.pending.more]}
                   if self.pending.more else {}),
            },
            "replying_to": self.replying_to,
            **({"composing": list(self.composing)} if self.composing else {}),
            "awaiting_handle": self.awaiting_handle,
            "first_message": None if first is None else {
                f.name: getattr(first, f.name) for f in fields(Incoming)},
            "newcomer_language": self.newcomer_language,
            "asking_schedule": self.asking_schedule,
            "merging": None if self.merging is None else {
                "code": self.merging.code_id, "handles": list(self.merging.handles),
                "token": self.merging.token,
                "expires_at": self.merging.expires_at.astimezone(UTC).isoformat()},
            "next_page": None if self.next_page is None else {
                "action": _action_json(self.next_page[0]), "before": self.next_page[1]},
            "language_streak": self.language_streak,
            "language_chosen": self.language_chosen,
            "turns": list(self.turns),
            "last_done": None if self.last_done is None else _done_json(self.last_done),
        # ASCII: any text, even a lone surrogate no database encoding can store, is
        # written as \u escapes, so a state can always be saved.
        }, ensure_ascii=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> ChatState:
        """The state `to_json` wrote. Raises UnreadableState for another format, or for
        content that is not a state (an unknown action, a value of the wrong kind or out
        of range, nesting too deep, a date past the calendar's ends): whatever a row
        holds, the chat starts afresh rather than fail every turn."""
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as error:
            raise UnreadableState(f"not JSON: {error}") from error
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            found = data.get("format") if isinstance(data, dict) else None
            raise UnreadableState(f"format {found!r}, not {FORMAT}")
        try:
            return cls._from_dict(data)
        except (KeyError, TypeError, ValueError, ValidationError, ArithmeticError,
                RecursionError) as error:
            raise UnreadableState(f"{type(error).__name__}: {error}") from error

    @classmethod
    def _from_dict(cls, data: dict[str, Any]) -> ChatState:
        pending, first, page = data["pending"], data["first_message"], data["next_page"]
        if pending is not None:
            pending = Pending(_action(pending["action"]), _text(pending["token"]),
                              _utc(pending["expires_at"]),
                              tuple(_action(a) for a in pending.get("more", ())))
        if first is not None:
            first = Incoming(
                Platform(first["platform"]), _text(first["external_id"]),
                _text(first["chat_id"]), _text(first["text"]),
                _maybe(_text, first["username"]), _text(first["display_name"]),
                _maybe(_text, first["language"]), _maybe(_text, first["button"]),
                _flag(first["group"]),
                # fields added later: states saved before them have none
                opening=_flag(first.get("opening", False)),
                private_chat=_maybe(_text, first.get("private_chat")),
                mentions=tuple((_text(chip), _text(account), _text(name))
                               for chip, account, name in first.get("mentions", ())),
                update_id=_maybe(_text, first.get("update_id")))
        if page is not None:
            page = (_action(page["action"]), _post(page["before"]))
        merging = data.get("merging")  # added later: states saved before have none
        if merging is not None:
            asker, own = merging["handles"]
            merging = Merging(_number(merging["code"]), (_text(asker), _text(own)),
                              _text(merging["token"]), _utc(merging["expires_at"]))
        done = data.get("last_done")  # added later: states saved before have none
        if done is not None:
            done = _done(done)
        return cls(
            last_post=_maybe(_post, data["last_post"]),
            last_person=_maybe(_text, data["last_person"]),
            pending=pending,
            replying_to=_maybe(_post, data["replying_to"]),
            composing=_maybe(_composing, data.get("composing")),  # added later
            awaiting_handle=_flag(data["awaiting_handle"]),
            first_message=first,
            newcomer_language=_maybe(_text, data["newcomer_language"]),
            asking_schedule=_flag(data["asking_schedule"]),
            merging=merging,
            next_page=page,
            language_streak=_number(data["language_streak"]),
            language_chosen=_flag(data.get("language_chosen", False)),  # added later
            turns=deque(((_text(who)[:LINE_KEPT], _text(said)[:LINE_KEPT])
                         for who, said in data["turns"]),
                        maxlen=TURNS_KEPT),
            last_done=done,
        )


STATE_FIELDS = tuple(f.name for f in fields(ChatState) if f.compare)
_EMPTY = ChatState()


def _done_json(done: Done) -> dict[str, Any]:
    """A record as JSON; "more" (added later) only when the message did several things."""
    return {"what": done.what, "target": done.target,
            "at": done.at.astimezone(UTC).isoformat(), "before": done.before,
            **({"more": [_done_json(each) for each in done.more]} if done.more else {})}


def _done(data: dict[str, Any]) -> Done:
    """The record `_done_json` wrote; one level of "more" (its parts have none)."""
    return Done(_text(data["what"]), _maybe(_target, data["target"]), _utc(data["at"]),
                {_text(k): _value(v) for k, v in data["before"].items()},
                tuple(_part(each) for each in data.get("more", ())))


def _part(data: dict[str, Any]) -> Done:
    if data.get("more"):
        raise ValueError("a record's parts hold no parts of their own")
    return _done(data)


def _action_json(action: Action) -> dict[str, Any]:
    return {"name": action.name, "args": action.args()}


def _action(data: dict[str, Any]) -> Action:
    return build(data["name"], data["args"])


def _number(value: Any) -> int:
    if type(value) is not int:
        raise TypeError(f"{value!r} is no integer")
    return value


def _post(value: Any) -> int:
    """A post number as actions take them (1 to POST_NUMBER_MAX)."""
    number = _number(value)
    if not 1 <= number <= POST_NUMBER_MAX:
        raise ValueError(f"{number} is no post number")
    return number


def _composing(value: Any) -> tuple[str, int]:
    """What the next message writes: an action that writes words, and its post."""
    name, post = value
    if _text(name) not in ("edit_post", "quote", "reply"):
        raise ValueError(f"{name!r} writes no words about a post")
    return name, _post(post)


def _target(value: Any) -> int | str:
    """What a thing was done to: a post number or a handle."""
    return _post(value) if type(value) is int else _text(value)


def _value(value: Any) -> int | str | bool | list[str] | None:
    """One of the plain values a record's `before` holds."""
    if value is None or type(value) in (int, str, bool):
        return value
    if isinstance(value, list):
        return [_text(each) for each in value]
    raise TypeError(f"{value!r} is no value a record keeps")


def _utc(value: Any) -> datetime:
    """An aware ISO time, in UTC; a naive one is refused."""
    moment = datetime.fromisoformat(_text(value))
    if moment.tzinfo is None:
        raise ValueError("a naive expiry time")
    return moment.astimezone(UTC)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is no text")
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{value!r} is no flag")
    return value


def _maybe(read: Any, value: Any) -> Any:
    return None if value is None else read(value)
