"""Opaque state per (platform, chat, person on that platform), versioned.

Storage keeps this text without reading it: what it says is the conversation's
business (bot/conversation/memory.py). Each key has a `version`, 0 while nothing
is stored, raised by one by every write. A write names the version it read; if
another writer got there first, nothing is written and `VersionConflict` is
raised, so nobody overwrites what they never saw (optimistic concurrency: no
lock is held between the read and the write).

    load(db, key)                          -> (data or None, version)
    save(db, key, data, version)           -> the new version, or VersionConflict
    move(db, platform, old_chat, new_chat)    a chat's new id
    forget_person(db, person_id)              what an account's identities kept

`db` is a Connection, or a Session (whose transaction it then joins): a
conversation reads and writes a state in short transactions of their own, on a
connection, since a Session costs more than these statements do.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from storage.models import ChatStateRecord, Identity, utcnow
from storage.tables import table

state_t = table(ChatStateRecord)
identity_t = table(Identity)


class StateKey(NamedTuple):
    """Whose state in which chat: the platform's own ids, never a person's handle."""

    platform: str
    chat_id: str
    external_id: str


class VersionConflict(Exception):
    """A save named a version that is no longer the stored one: someone wrote since."""

    def __init__(self, key: StateKey, version: int) -> None:
        super().__init__(key, version)
        self.key = key
        self.version = version

    def __repr__(self) -> str:
        return f"VersionConflict({self.key!r}, read version {self.version})"


# (An UPDATE may not name its parameters after its columns.)
_KEY = sa.and_(state_t.c.platform == sa.bindparam("k_platform"),
               state_t.c.chat_id == sa.bindparam("k_chat"),
               state_t.c.external_id == sa.bindparam("k_person"))
# Built once: constructing statements costs more than running them on SQLite.
_LOAD = sa.select(state_t.c.data, state_t.c.version).where(_KEY)
_UPDATE = (state_t.update().where(_KEY, state_t.c.version == sa.bindparam("read"))
           .values(data=sa.bindparam("new_data"), version=state_t.c.version + 1,
                   updated_at=sa.bindparam("now")))
# A first write that loses to another first write inserts nothing, and says so by
# returning no row (rowcount is not reported for INSERT by every driver).
_INSERT = {
    name: dialect.insert(state_t).on_conflict_do_nothing().returning(state_t.c.version)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
_there = state_t.alias("there")
_MOVE = (
    state_t.update()
    .where(state_t.c.platform == sa.bindparam("p"), state_t.c.chat_id == sa.bindparam("old"),
           ~sa.exists().where(_there.c.platform == state_t.c.platform,
                              _there.c.chat_id == sa.bindparam("new"),
                              _there.c.external_id == state_t.c.external_id))
    .values(chat_id=sa.bindparam("new"))
)
_LEFT_BEHIND = state_t.delete().where(state_t.c.platform == sa.bindparam("p"),
                                      state_t.c.chat_id == sa.bindparam("old"))
_FORGET = state_t.delete().where(
    sa.tuple_(state_t.c.platform, state_t.c.external_id).in_(
        sa.select(identity_t.c.platform, identity_t.c.external_id)
        .where(identity_t.c.person_id == sa.bindparam("person")))
)


def _params(key: StateKey) -> dict[str, str]:
    return {"k_platform": key.platform, "k_chat": key.chat_id, "k_person": key.external_id}


Db = sa.Connection | Session


def load(db: Db, key: StateKey) -> tuple[str | None, int]:
    """The stored text and its version; (None, 0) when nothing is stored."""
    row = db.execute(_LOAD, _params(key)).first()
    return (None, 0) if row is None else (row.data, row.version)


def save(db: Db, key: StateKey, data: str, version: int, now: datetime | None = None) -> int:
    """Store `data` over `version` (the one read; 0: nothing was); the new version.

    Raises VersionConflict, writing nothing, when the stored version is not
    `version`: another writer saved in between (or, for 0, saved first).
    """
    now = now or utcnow()
    if version == 0:
        dialect = db.dialect if isinstance(db, sa.Connection) else db.get_bind().dialect
        row = db.execute(_INSERT[dialect.name], {**key._asdict(), "data": data, "version": 1,
                                       "updated_at": now}).first()
        if row is None:
            raise VersionConflict(key, version)
        return 1
    updated = db.execute(_UPDATE, {**_params(key), "new_data": data, "read": version,
                                        "now": now})
    if updated.rowcount != 1:  # type: ignore[attr-defined]
        raise VersionConflict(key, version)
    return version + 1


def move(db: Db, platform: str, old_chat: str, new_chat: str) -> None:
    """A chat's new id (a group became a supergroup): every state kept under the old id
    follows it, except where that person already has one under the new id, which wins
    (it is the newer: written since the move)."""
    values = {"p": platform, "old": old_chat, "new": new_chat}
    db.execute(_MOVE, values)
    db.execute(_LEFT_BEHIND, values)


def forget_identity(db: Db, platform: str, external_id: str) -> None:
    """Delete every state kept for one platform account, in any chat: the account was
    unlinked (storage.linking.unlink), and its next message is a newcomer's."""
    db.execute(state_t.delete().where(state_t.c.platform == platform,
                                      state_t.c.external_id == str(external_id)))


def forget_person(db: Db, person_id: int) -> None:
    """Delete every state kept under the identities of `person_id`, in any chat: it goes
    with the account (storage.accounts.delete_account, before the identities go)."""
    db.execute(_FORGET, {"person": person_id})
