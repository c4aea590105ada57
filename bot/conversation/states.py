"""Where chat states are kept between turns: loaded at a turn's start, saved at its end.

    ChatStates          the protocol: load, save, move
    ├── InProcessStates the default, and the terminal's: a bounded LRU in this process
    └── DatabaseStates  `plaza run`'s: storage/chat_state.py, shared by every worker

Each key, (platform, chat id, person's id on the platform), has a version,
0 while nothing is stored. `save` names the version its `load` returned and
raises `VersionConflict` when someone else saved in between.

On a conflict, `keep` merges, and this is the rule: the fields this turn
changed take this turn's values, the other fields keep the other writer's,
and the lines this turn remembered go after the other writer's; then it saves
again over the newer version, logged. A turn cannot simply be run again (its
post is already published), and a whole state written over another is not
safe: a turn that never touched the pending question would put back one the
other had just answered (so a second "yes" would post twice), or drop one the
other had just asked. Field by field, each change lands, as when both turns
changed one shared object; where both changed the same field, this turn's
value wins, and the worst that does is drop a question asked meanwhile (its
"yes" then hears that it expired). A state that was reset (its account
deleted) is saved whole: nothing known before the deletion is kept.

Turns (bot/conversation/turns.py) runs one turn at a time per chat, so the
writers that meet are a group's turn carrying a private matter into the
person's private chat (core.py, `_privately`) and a turn in that private chat,
or two workers when a chat's turns are not held to one.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Protocol

import sqlalchemy as sa

from bot.conversation.memory import STATE_FIELDS, ChatState, UnreadableState
from storage import chat_state
from storage.chat_state import StateKey, VersionConflict
from storage.db import DEFERRED

log = logging.getLogger(__name__)

SAVE_ATTEMPTS = 5  # each needs another writer to save in between: more is a bug's sign

__all__ = ["ChatStates", "DatabaseStates", "InProcessStates", "StateKey", "VersionConflict",
           "keep", "merged"]


class ChatStates(Protocol):
    """Chat states by key, each with a version for optimistic concurrency."""

    def load(self, key: StateKey) -> tuple[ChatState, int]:
        """The state kept under `key` (a fresh one if none) and its version (0: none)."""
        ...

    def save(self, key: StateKey, state: ChatState, version: int) -> int:
        """Keep `state` over `version`; the new version. Raises VersionConflict if the
        kept version is no longer `version`. The caller changes `state` no more."""
        ...

    def move(self, platform: str, old_chat: str, new_chat: str) -> None:
        """A chat's new id: the states under the old one follow it, but where that
        person already has one under the new id, which wins."""
        ...


class InProcessStates:
    """States in this process, least recently used forgotten first past `capacity`.

    A restart forgets them: a pending question (which expires within minutes
    anyway) and what "it" meant. Each load hands out a copy, so no two turns
    share a state; a saved state is kept as given (its turn is over with it).
    """

    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._items: OrderedDict[StateKey, tuple[ChatState, int]] = OrderedDict()
        self._lock = threading.Lock()

    def load(self, key: StateKey) -> tuple[ChatState, int]:
        with self._lock:
            kept = self._items.get(key)
            if kept is None:
                return ChatState(), 0
            self._items.move_to_end(key)
            state, version = kept
        return state.copy(as_loaded=True), version

    def save(self, key: StateKey, state: ChatState, version: int) -> int:
        with self._lock:
            found = self._items.get(key, (None, 0))[1]
            if found != version:
                raise VersionConflict(key, version)
            self._items[key] = (state, version + 1)
            self._items.move_to_end(key)
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)
        return version + 1

    def move(self, platform: str, old_chat: str, new_chat: str) -> None:
        with self._lock:
            for key in [k for k in self._items if k.platform == platform
                        and k.chat_id == old_chat]:
                kept = self._items.pop(key)
                self._items.setdefault(StateKey(platform, new_chat, key.external_id), kept)


class DatabaseStates:
    """States in the database (storage/chat_state.py), as JSON (ChatState.to_json): every
    worker reads the same, and a restart forgets nothing. Each load and each save is a
    short transaction of its own."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        # A reader need not wait for SQLite's one writer (storage.db.session_scope).
        self._reading = engine.execution_options(**{DEFERRED: True})

    def load(self, key: StateKey) -> tuple[ChatState, int]:
        with self._reading.begin() as connection:
            data, version = chat_state.load(connection, key)
        if data is None:
            return ChatState(), version
        try:
            return ChatState.from_json(data), version
        except UnreadableState as error:
            # Kept at its version: the next save replaces it, through the usual check.
            log.warning("chat state of %s unreadable, starting afresh: %s", key, error)
            return ChatState(), version

    def save(self, key: StateKey, state: ChatState, version: int) -> int:
        data = state.to_json()
        with self.engine.begin() as connection:
            return chat_state.save(connection, key, data, version)

    def move(self, platform: str, old_chat: str, new_chat: str) -> None:
        with self.engine.begin() as connection:
            chat_state.move(connection, platform, old_chat, new_chat)

    def within(self, connection: sa.Connection) -> ChatStates:
        """These states read and written in `connection`'s transaction, which commits or
        rolls back with them: a turn saves its chat's state with its effects."""
        return _BoundStates(connection)


class _BoundStates:
    """DatabaseStates inside one transaction (DatabaseStates.within)."""

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def load(self, key: StateKey) -> tuple[ChatState, int]:
        data, version = chat_state.load(self.connection, key)
        if data is None:
            return ChatState(), version
        try:
            return ChatState.from_json(data), version
        except UnreadableState:
            return ChatState(), version

    def save(self, key: StateKey, state: ChatState, version: int) -> int:
        return chat_state.save(self.connection, key, state.to_json(), version)

    def move(self, platform: str, old_chat: str, new_chat: str) -> None:
        chat_state.move(self.connection, platform, old_chat, new_chat)


def merged(fresh: ChatState, loaded: ChatState, mine: ChatState) -> ChatState:
    """`mine` (loaded as `loaded` and changed by this turn) merged into `fresh`, the
    state someone else saved meanwhile: the rule of the module docstring."""
    if mine.was_reset:
        return mine.copy()
    result = fresh.copy()
    for name in STATE_FIELDS:
        if name != "turns" and getattr(mine, name) != getattr(loaded, name):
            setattr(result, name, getattr(mine, name))
    for who, said in list(mine.turns)[len(mine.turns) - min(mine.remembered, len(mine.turns)):]:
        result.remember(who, said)
    return result


def keep(states: ChatStates, key: StateKey, state: ChatState, loaded: ChatState,
         version: int) -> None:
    """Save `state`, which this turn loaded as `loaded` at `version`, merging on a
    conflict (see the module docstring). Nothing is saved when nothing changed.

    Raises VersionConflict after SAVE_ATTEMPTS conflicts in a row, and whatever the
    store raises (the database unreachable, say).
    """
    if state == loaded and not state.was_reset:
        return
    for attempt in range(1, SAVE_ATTEMPTS + 1):
        try:
            states.save(key, state, version)
            return
        except VersionConflict:
            if attempt == SAVE_ATTEMPTS:
                raise
            log.info("chat state of %s changed during the turn; merging", key)
            fresh, version = states.load(key)
            state, loaded = merged(fresh, loaded, state), fresh
