"""Shared by the digest tests: people and posts at chosen times, a sender that records, and
the delivery keys' statuses."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from bot.adapters.base import Priority
from bot.errors import Unreachable
from bot.messages import Reply
from storage import network
from storage.models import Follow, Person, Platform, Post


def sign_up(session: Session, handle: str, *, platform: Platform = Platform.console,
            **settings: object) -> Person:
    person = network.register(session, handle, platform=platform, external_id=handle,
                              chat_id=handle)
    if settings:
        network.update_settings(session, person, **settings)
    return person


def _dated(session: Session, post_id: int, when: datetime) -> int:
    """Post `post_id` as if written at `when` (posts take the real clock otherwise)."""
    session.execute(sa.update(Post).where(Post.id == post_id).values(created_at=when))
    return post_id


def post_at(session: Session, author: Person, text: str, when: datetime,
            visibility: str = "public") -> int:
    return _dated(session, network.post(session, author, text, visibility).id, when)


def follow_at(session: Session, follower: Person, handle: str, when: datetime) -> None:
    """`follower` follows `handle` as if at `when`."""
    network.follow(session, follower, handle)
    followee = network.person_by_handle(session, handle)
    session.execute(sa.update(Follow).where(Follow.follower_id == follower.id,
                                            Follow.followee_id == followee.id)
                    .values(created_at=when))


def reply_at(session: Session, author: Person, parent: int, text: str, when: datetime) -> int:
    return _dated(session, network.reply(session, author, parent, text).id, when)


def statuses(engine: sa.Engine) -> Counter[str]:
    """How many delivery keys end in each status."""
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT status, count(*) FROM digest_delivery GROUP BY status")).all()
    return Counter(dict(rows))


@dataclass(frozen=True)
class Delivered:
    chat_id: str
    at: datetime
    text: str


class Recorder:
    """A sender (bot.adapters.base.Sender) that keeps what it is given, at the test clock's time;
    chats in `gone` answer like a platform the person blocked."""

    def __init__(self, clock) -> None:
        self.clock = clock
        self.sent: list[Delivered] = []
        self.gone: set[str] = set()

    async def send(self, chat_id: str, reply: Reply, priority: Priority = Priority.digest
                   ) -> None:
        if chat_id in self.gone:
            raise Unreachable(chat_id)
        self.sent.append(Delivered(chat_id, self.clock(), reply.text))

    def to(self, chat_id: str) -> list[Delivered]:
        return [d for d in self.sent if d.chat_id == chat_id]
