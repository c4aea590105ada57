"""The inbox: updates from chat platforms, kept from arrival until their replies are sent.

An update is written here before the platform is told it arrived (a webhook's
200, the next long poll's offset), so a worker that dies at any moment loses
nothing: the update is still here for another worker, or for itself restarted.
Its life, one row keyed by (platform, update id):

    receive   written; False when the key is here already (a redelivery: act once)
    finish    done_at set, with the replies, in the transaction of the turn's
              effects; False when another worker finished it first (a fence:
              that turn's effects are rolled back, never doubled)
    sent      its replies went out (or were given up on); its words are erased
    prune     gone, once sent and older than the platforms redeliver (EXPIRY)

`unsent` lists a chat's rows not yet sent, in order, to the worker holding that
chat (bot/conversation/turns.py); `stalled` finds chats whose rows wait longer
than a live worker would leave them, which a sweep then takes over.

Payloads and replies are opaque text here: what they say is the conversation's
business (bot/conversation/receipts.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from storage.models import InboxEntry
from storage.tables import table

inbox_t = table(InboxEntry)

# A Connection, or a Session whose transaction it then joins: a worker keeps and marks
# updates in short transactions of their own, on a connection, since a Session costs
# more than these statements do.
Db = Session | sa.Connection


def _dialect(db: Db) -> str:
    return (db.dialect if isinstance(db, sa.Connection) else db.get_bind().dialect).name

# Telegram keeps an unconfirmed update for 24 hours and may deliver it again within
# them (Bot API, getUpdates); Discord replays a resumed session's events within
# minutes. Twice the longest, so a late redelivery still finds its row.
EXPIRY = timedelta(hours=48)
BATCH = 20  # a chat's unsent updates read at once


@dataclass(frozen=True, slots=True)
class Entry:
    """One update in the inbox: `done` once its turn ran (then `replies` holds what the
    turn said, for a worker resending after a crash); `sent` never here, by `unsent`."""

    platform: str
    update_id: str
    chat_id: str
    payload: str
    done: bool
    replies: str | None


def receive(session: Db, platform: str, update_id: str, chat_id: str, position: int,
            payload: str, now: datetime) -> bool:
    """Keep one update; True when it is new, False when it was received before (a
    platform delivering it again): then nothing is written.

    `position` orders the chat's updates (the platform's increasing id; 0 when it has
    none, and then arrival order decides). Ids longer than 64 characters are the
    caller's bug: the database refuses them.
    """
    insert = (postgresql.insert if _dialect(session) == "postgresql" else sqlite.insert)(inbox_t)
    statement = insert.values(
        platform=platform, update_id=update_id, chat_id=chat_id, position=position,
        payload=payload, received_at=now,
    ).on_conflict_do_nothing(index_elements=["platform", "update_id"]).returning(inbox_t.c.id)
    return session.execute(statement).first() is not None


def unsent(session: Db, platform: str, chat_id: str, limit: int = BATCH) -> list[Entry]:
    """The chat's updates whose replies are not sent yet, oldest first, at most `limit`."""
    rows = session.execute(
        sa.select(inbox_t.c.platform, inbox_t.c.update_id, inbox_t.c.chat_id,
                  inbox_t.c.payload, inbox_t.c.done_at.is_not(None), inbox_t.c.replies)
        .where(inbox_t.c.platform == platform, inbox_t.c.chat_id == chat_id,
               inbox_t.c.sent_at.is_(None))
        .order_by(inbox_t.c.position, inbox_t.c.id)
        .limit(limit)
    )
    return [Entry(*row) for row in rows]


def finish(session: Db, platform: str, update_id: str, replies: str,
           now: datetime) -> bool:
    """Mark the update done with the `replies` its turn gave, in the caller's transaction
    (the turn's own); False when it was done already, by another worker whose hold on
    the chat lapsed: the caller must then roll its turn back.

    On PostgreSQL a second finisher waits on the first one's row lock, then finds the
    row done (READ COMMITTED re-reads it); SQLite has one writer at a time.
    """
    result = session.execute(
        sa.update(inbox_t)
        .where(inbox_t.c.platform == platform, inbox_t.c.update_id == update_id,
               inbox_t.c.done_at.is_(None))
        .values(done_at=now, replies=replies)
        .returning(inbox_t.c.id)
    )
    return result.first() is not None


def sent(session: Db, platform: str, update_id: str, now: datetime) -> None:
    """The update's replies went out, or were given up on: it is finished with. What it
    said and what Plaza answered are erased (a message may carry a live link code, an
    answer someone's private matters); only its key stays, for redeliveries."""
    session.execute(
        sa.update(inbox_t)
        .where(inbox_t.c.platform == platform, inbox_t.c.update_id == update_id)
        .values(sent_at=now, payload="", replies=None)
    )


def stalled(session: Db, before: datetime, platforms: list[str],
            limit: int = 100) -> list[tuple[str, str]]:
    """(platform, chat id) of chats on `platforms` holding an unsent update received
    before `before`: left by a worker that died, or waiting on one that is slow."""
    rows = session.execute(
        sa.select(inbox_t.c.platform, inbox_t.c.chat_id)
        .where(inbox_t.c.sent_at.is_(None), inbox_t.c.received_at < before,
               inbox_t.c.platform.in_(platforms))
        .group_by(inbox_t.c.platform, inbox_t.c.chat_id)
        .limit(limit)
    )
    return [(platform, chat_id) for platform, chat_id in rows]


def prune(session: Db, before: datetime, limit: int = 5_000) -> int:
    """Delete at most `limit` of the sent updates received before `before` (a batch, so
    no transaction grows with the backlog); how many went."""
    batch = (sa.select(inbox_t.c.id)
             .where(inbox_t.c.sent_at.is_not(None), inbox_t.c.received_at < before)
             .limit(limit))
    result = session.execute(
        sa.delete(inbox_t).where(inbox_t.c.id.in_(batch)).returning(inbox_t.c.id))
    return len(result.all())
