"""The inbox: an update is kept once, worked in its chat's order, finished once, then expires."""

from __future__ import annotations

import threading
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session

from storage import inbox
from storage.db import session_scope
from storage.models import utcnow

NOW = utcnow()


def _receive(session: Session, update_id: str, chat: str = "7", position: int | None = None,
             platform: str = "telegram", at=NOW) -> bool:
    order = int(update_id) if position is None else position
    return inbox.receive(session, platform, update_id, chat, order, f"payload {update_id}", at)


def test_an_update_delivered_again_is_kept_once(session: Session) -> None:
    assert _receive(session, "100")
    assert not _receive(session, "100")
    assert _receive(session, "100", platform="discord")  # ids are the platform's own
    [entry] = inbox.unsent(session, "telegram", "7")
    assert (entry.update_id, entry.payload, entry.done) == ("100", "payload 100", False)


def test_a_chats_updates_come_in_the_platforms_order_then_arrivals(session: Session) -> None:
    for update_id in ("12", "10", "11"):
        _receive(session, update_id)
    _receive(session, "b", position=0)
    _receive(session, "a", position=0)
    _receive(session, "13", chat="8")  # another chat's
    assert [e.update_id for e in inbox.unsent(session, "telegram", "7")] == [
        "b", "a", "10", "11", "12"]
    assert [e.update_id for e in inbox.unsent(session, "telegram", "7", limit=2)] == ["b", "a"]


def test_finish_keeps_the_replies_once_and_sent_takes_it_off_the_list(session: Session) -> None:
    _receive(session, "1")
    _receive(session, "2")
    assert inbox.finish(session, "telegram", "1", '["hi"]', NOW)
    assert not inbox.finish(session, "telegram", "1", '["again"]', NOW)  # done already
    first, second = inbox.unsent(session, "telegram", "7")
    assert (first.done, first.replies, second.done) == (True, '["hi"]', False)
    inbox.sent(session, "telegram", "1", NOW)
    assert [e.update_id for e in inbox.unsent(session, "telegram", "7")] == ["2"]
    kept = session.execute(sa.text(
        "SELECT payload, replies FROM inbox WHERE update_id = '1'")).one()
    assert tuple(kept) == ("", None)  # only the key stays, for a redelivery


def test_stalled_names_chats_with_old_unsent_updates_on_the_platforms_asked(
    session: Session
) -> None:
    old = NOW - timedelta(minutes=1)
    _receive(session, "1", chat="old", at=old)
    _receive(session, "2", chat="old", at=old)
    _receive(session, "3", chat="new")
    _receive(session, "4", chat="sent", at=old)
    inbox.sent(session, "telegram", "4", NOW)
    _receive(session, "5", chat="elsewhere", platform="discord", at=old)
    before = NOW - timedelta(seconds=30)
    assert inbox.stalled(session, before, ["telegram"]) == [("telegram", "old")]
    assert sorted(inbox.stalled(session, before, ["telegram", "discord"])) == [
        ("discord", "elsewhere"), ("telegram", "old")]


def test_prune_deletes_only_sent_updates_past_the_expiry_in_batches(session: Session) -> None:
    old = NOW - inbox.EXPIRY - timedelta(minutes=1)
    for n in range(5):
        _receive(session, str(n), at=old)
        inbox.sent(session, "telegram", str(n), old)
    _receive(session, "unsent", position=9, at=old)
    _receive(session, "recent", position=10)
    inbox.sent(session, "telegram", "recent", NOW)
    cutoff = NOW - inbox.EXPIRY
    assert inbox.prune(session, cutoff, limit=3) == 3
    assert inbox.prune(session, cutoff, limit=3) == 2
    assert inbox.prune(session, cutoff) == 0
    assert not _receive(session, "recent", position=10)  # still known: a late redelivery finds it
    assert [e.update_id for e in inbox.unsent(session, "telegram", "7")] == ["unsent"]


def test_two_workers_finishing_one_update_only_one_of_them_does(pg: sa.Engine) -> None:
    """The fence of a lapsed hold: the second finisher waits on the first one's row lock,
    then finds the update done, and would roll its turn back."""
    with session_scope(pg) as session:
        _receive(session, "1")
    results: list[bool] = []
    first = Session(pg)
    assert inbox.finish(first, "telegram", "1", "[]", NOW)  # holds the row until commit

    def second() -> None:
        with session_scope(pg) as other:
            results.append(inbox.finish(other, "telegram", "1", '["twice"]', NOW))

    thread = threading.Thread(target=second)
    thread.start()
    thread.join(0.5)
    assert thread.is_alive()  # waiting on the first finisher's lock
    first.commit()
    first.close()
    thread.join(10)
    assert results == [False]
    with session_scope(pg) as session:
        [entry] = inbox.unsent(session, "telegram", "7")
        assert entry.replies == "[]"
