"""Turns with the inbox: an update is acted on once, whoever receives it and whenever.

Each "worker" here is a `Turns` of its own over one database, as `plaza run`
processes are; with several, they hold chats through the real Redis server
(RedisChatLocks, a key space of the test's own). A worker that "died" is one
that kept an update (storage.inbox.receive, as its `receive` does) or did its
turn (Conversation.handle_received) and never got further.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
import redis.asyncio
import sqlalchemy as sa

from bot.adapters.base import Send
from bot.conversation import Conversation
from bot.conversation.receipts import incoming_json
from bot.conversation.states import DatabaseStates
from bot.conversation.turns import Turns
from bot.messages import Incoming, Reply
from bot.shared.chat_locks import LEASE, RedisChatLocks
from storage import inbox
from storage.db import session_scope
from storage.models import Platform, utcnow
from tests.redis_support import REDIS_URL

ALICE = "1001"
_ids = iter(range(1, 10**6))


def said(text: str, person: str = ALICE, update_id: str | None = None) -> Incoming:
    return Incoming(Platform.telegram, person, person, text, username=f"user{person}",
                    display_name="Alice", language="en",
                    update_id=update_id or str(next(_ids)))


class Chats:
    """What each chat was sent, by every worker: the platform's side."""

    def __init__(self) -> None:
        self.texts: dict[str, list[str]] = {}

    def send(self, chat_id: str) -> Send:
        async def deliver(replies: list[Reply]) -> None:
            for reply in replies:
                self.texts.setdefault(reply.chat_id or chat_id, []).append(reply.text)
        return deliver


@pytest.fixture
def chats() -> Chats:
    return Chats()


@asynccontextmanager
async def worker(engine: sa.Engine, chats: Chats, space: str | None = None
                 ) -> AsyncIterator[Turns]:
    client = redis.asyncio.Redis.from_url(REDIS_URL) if space else None
    locks = RedisChatLocks(client, space=space) if client and space else None
    turns = Turns(Conversation(engine, states=DatabaseStates(engine)), locks=locks)
    turns.repliers[Platform.telegram] = chats.send
    try:
        yield turns
    finally:
        await turns.wait()
        turns.close()
        if client is not None:
            await client.aclose()


def posts(engine: sa.Engine) -> list[str]:
    with engine.connect() as db:
        return list(db.execute(sa.text("SELECT text FROM post ORDER BY id")).scalars())


def unsent(engine: sa.Engine) -> int:
    with engine.connect() as db:
        return db.execute(sa.text("SELECT count(*) FROM inbox WHERE sent_at IS NULL")).scalar()


async def test_an_update_delivered_twice_is_acted_on_once(engine: sa.Engine,
                                                          chats: Chats) -> None:
    async with worker(engine, chats) as turns:
        await turns(said("/start"), chats.send(ALICE))
        update = said("post: only once")
        await turns(update, chats.send(ALICE))
        assert await turns.receive(update, chats.send(ALICE)) is None  # delivered again
        await turns(said("hello"), chats.send(ALICE))
    assert posts(engine) == ["only once"]
    assert chats.texts[ALICE][2:] == ["Posted! It's #1.", "Hi Alice! What's up?"]
    assert unsent(engine) == 0


async def test_an_update_a_dead_worker_kept_is_done_by_the_next_sweep(
    engine: sa.Engine, chats: Chats
) -> None:
    async with worker(engine, chats) as turns:
        await turns(said("/start"), chats.send(ALICE))
    left = said("post: left behind")
    with session_scope(engine) as session:  # kept, then the worker died
        inbox.receive(session, "telegram", str(left.update_id), ALICE, 0, incoming_json(left),
                      utcnow() - timedelta(minutes=1))
    async with worker(engine, chats) as restarted:
        assert await restarted.sweep() == 1
    assert posts(engine) == ["left behind"]
    assert chats.texts[ALICE][-1] == "Posted! It's #1."
    assert unsent(engine) == 0


async def test_a_turn_done_but_not_sent_is_resent_not_done_again(
    engine: sa.Engine, chats: Chats
) -> None:
    async with worker(engine, chats) as turns:
        await turns(said("/start"), chats.send(ALICE))
        update = said("post: done once")
        with session_scope(engine) as session:
            inbox.receive(session, "telegram", str(update.update_id), ALICE, 0,
                          incoming_json(update), utcnow() - timedelta(minutes=1))
        replies = turns.conversation.handle_received(update)  # then the worker died
        assert [reply.text for reply in replies or []] == ["Posted! It's #1."]
        assert chats.texts[ALICE] == chats.texts[ALICE][:2]  # nothing sent yet
        assert turns.conversation.handle_received(update) is None  # done: never twice
        assert await turns.sweep() == 1
    assert posts(engine) == ["done once"]
    assert chats.texts[ALICE][2:] == ["Posted! It's #1."]
    assert unsent(engine) == 0


async def test_a_failed_turn_is_answered_and_marked_done(engine: sa.Engine, chats: Chats
                                                         ) -> None:
    """A message Plaza refuses (an empty post) is a finished update too: it is answered
    once, never tried again by a sweep."""
    async with worker(engine, chats) as turns:
        await turns(said("/start"), chats.send(ALICE))
        await turns(said("post:"), chats.send(ALICE))
        assert await turns.sweep() == 0
    assert posts(engine) == []
    assert len(chats.texts[ALICE]) == 3
    assert unsent(engine) == 0


@pytest.fixture
def space() -> str:
    if not REDIS_URL:
        pytest.skip("set TEST_REDIS_URL to test with Redis")
    return f"plaza-test-{uuid.uuid4().hex[:8]}"


async def test_two_workers_keep_a_chats_order_and_share_its_questions(
    pg: sa.Engine, chats: Chats, space: str
) -> None:
    """Updates of one chat reach two workers alternately (as a load balancer spreads
    them), each received before the next is delivered; the posts are made, and
    answered, in the chat's order, and a question one worker asked is answered on the
    other."""
    async with worker(pg, chats, space) as one, worker(pg, chats, space) as two:
        await one(said("/start"), chats.send(ALICE))
        started = []
        for n in range(1, 9):
            turns = (one, two)[n % 2]
            task = await turns.receive(said(f"post: number {n}"), chats.send(ALICE))
            assert task is not None
            started.append(task)
        await asyncio.gather(*started)
        await one.wait()
        await two.wait()
        assert posts(pg) == [f"number {n}" for n in range(1, 9)]
        assert chats.texts[ALICE][2:] == [f"Posted! It's #{n}." for n in range(1, 9)]

        await one(said("delete my account"), chats.send(ALICE))
        question = chats.texts[ALICE][-1]
        assert "delete" in question.lower() and "?" in question
        await two(said("yes"), chats.send(ALICE))
    with pg.connect() as db:
        assert db.execute(sa.text("SELECT count(*) FROM person")).scalar() == 0
    assert unsent(pg) == 0


async def test_a_chat_held_by_a_worker_that_died_is_taken_over_after_its_lease(
    pg: sa.Engine, chats: Chats, space: str
) -> None:
    """A worker holding a chat dies: its hold lapses after the lease (20 s), and the
    other worker's sweep then works the chat's updates, in order."""
    async with worker(pg, chats, space) as alive:
        await alive(said("/start"), chats.send(ALICE))
        client = redis.asyncio.Redis.from_url(REDIS_URL)
        # What a worker's hold looks like once it is killed: taken, no longer renewed.
        held = client.lock(f"{space}:chat:telegram:{ALICE}", timeout=LEASE, blocking=False)
        assert await held.acquire()
        for n in (1, 2):
            await alive.receive(said(f"post: while held {n}"), chats.send(ALICE))
        await alive.wait()
        assert posts(pg) == []  # the dead worker's chat: nobody else may work it
        for _ in range(240):  # the lease (20 s), and time to spare on a loaded machine
            await asyncio.sleep(0.5)
            await alive.sweep()
            await alive.wait()
            if len(posts(pg)) == 2:
                break
        await client.aclose()
    assert posts(pg) == ["while held 1", "while held 2"]
    assert chats.texts[ALICE][-2:] == ["Posted! It's #1.", "Posted! It's #2."]


def test_an_update_without_its_id_is_refused_by_handle_received(sqlite_engine: sa.Engine
                                                                ) -> None:
    conversation = Conversation(sqlite_engine)
    with pytest.raises(ValueError, match="update_id"):
        conversation.handle_received(Incoming(Platform.telegram, "1", "1", "hi"))



async def test_with_redis_not_answering_the_worker_holds_chats_alone_and_answers(
    sqlite_engine: sa.Engine, chats: Chats, caplog: pytest.LogCaptureFixture
) -> None:
    """A REDIS_URL where nothing listens (a mistyped host, an outage): replies go on, and
    one warning says the chats are held in this process only."""
    client = redis.asyncio.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=1)
    turns = Turns(Conversation(sqlite_engine, states=DatabaseStates(sqlite_engine)),
                  locks=RedisChatLocks(client, space="nowhere"))
    turns.repliers[Platform.telegram] = chats.send
    try:
        await turns(said("/start"), chats.send(ALICE))
        await turns(said("post: still answered"), chats.send(ALICE))
        await turns(said("hello"), chats.send(ALICE))
    finally:
        await turns.wait()
        turns.close()
        await client.aclose()
    assert chats.texts[ALICE][2:] == ["Posted! It's #1.", "Hi Alice! What's up?"]
    warned = [r.getMessage() for r in caplog.records if "Redis is not answering" in
              r.getMessage()]
    assert len(warned) == 1, warned
