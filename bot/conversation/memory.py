"""Short memory per chat: enough for "follow her too", "like it", "yes" and "more".

Kept in process and bounded: losing it on a restart only forgets a pending
question (which would have expired anyway) and what "it" meant.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.actions import Action
from bot.messages import Incoming

PENDING_TTL = timedelta(minutes=5)
TURNS_KEPT = 6


@dataclass
class Pending:
    """An action waiting for the person's yes; single-use and expiring."""

    action: Action
    token: str
    expires_at: datetime

    def live(self, now: datetime) -> bool:
        return now < self.expires_at


@dataclass
class ChatMemory:
    last_post: int | None = None
    last_person: str | None = None
    pending: Pending | None = None
    replying_to: int | None = None  # the person pressed "Reply" under this post
    awaiting_handle: bool = False
    first_message: Incoming | None = None  # kept while Plaza asks a newcomer for a handle
    # A newcomer's language, decided once at their first message (onboarding.py) and
    # used until their account exists: a bare handle says nothing about a language.
    newcomer_language: str | None = None
    asking_schedule: bool = False  # first contact asked when and where digests should arrive
    next_page: tuple[Action, int] | None = None  # what "more" continues, and from where
    language_streak: int = 0  # messages in a row written in another language than the person's
    turns: deque[tuple[str, str]] = field(default_factory=lambda: deque(maxlen=TURNS_KEPT))

    def ask(self, action: Action, now: datetime) -> Pending:
        self.pending = Pending(action, secrets.token_urlsafe(6), now + PENDING_TTL)
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
        self.__dict__.update(ChatMemory().__dict__)

    def remember(self, who: str, text: str) -> None:
        self.turns.append((who, text[:500]))


class MemoryStore:
    """Memories keyed by chat and person, least recently used forgotten first."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._items: OrderedDict[tuple[str, str, str], ChatMemory] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, platform: str, chat_id: str, person: str) -> ChatMemory:
        key = (platform, chat_id, person)
        with self._lock:
            memory = self._items.pop(key, None) or ChatMemory()
            self._items[key] = memory
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)
            return memory

    def move(self, platform: str, old_chat: str, new_chat: str) -> None:
        """A chat's new id (a group became a supergroup): everyone's memory of it follows,
        unless they already have one under the new id."""
        with self._lock:
            for key in [k for k in self._items if k[0] == platform and k[1] == old_chat]:
                memory = self._items.pop(key)
                self._items.setdefault((platform, new_chat, key[2]), memory)

    def forget(self, platform: str, chat_id: str, person: str) -> None:
        with self._lock:
            self._items.pop((platform, chat_id, person), None)
