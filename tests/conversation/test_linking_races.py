"""Linking when things happen at once, on PostgreSQL, for real (threads and row locks):
wrong tries from many chats at once, a turn of an account being merged away, and a
code asked for in a group kept from the private chat's memory (both engines)."""

from __future__ import annotations

import json
import re
import threading
import time

import sqlalchemy as sa

from bot.conversation import Conversation
from bot.conversation.states import DatabaseStates
from bot.messages import Incoming
from storage import linking, network
from storage.db import session_scope
from storage.errors import StorageError
from storage.models import Platform
from tests.storage.race_support import STUCK, holding

CODE = re.compile(r"[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}")



def _someone_waits_on_a_lock(engine: sa.Engine) -> None:
    deadline = time.monotonic() + STUCK
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as watcher:
        while not watcher.execute(sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()")).scalar_one():
            assert time.monotonic() < deadline, "nobody came to wait"
            time.sleep(0.005)


def test_wrong_tries_at_once_are_counted_one_at_a_time(pg: sa.Engine) -> None:
    """Twenty wrong codes from one account at once (twenty chats, several workers): five
    are tried and counted, the rest are told to wait; none slips past the pause."""
    outcomes: list[str] = []
    go = threading.Barrier(20)

    def guess(n: int) -> None:
        go.wait(STUCK)
        with session_scope(pg) as session:  # committed even when refused, as a turn does
            try:
                network.redeem(session, f"AAA-AAA-A{n:02d}", Platform.discord, "70")
            except StorageError as error:
                outcomes.append(str(error.reason))

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(STUCK)
    assert sorted(outcomes) == ["code_wrong"] * 5 + ["tries_paused"] * 15
    with pg.connect() as db:
        assert db.execute(sa.text("SELECT count(*) FROM link_failure")).scalar_one() == 5
    assert linking.WRONG_TRIES == 5


def test_a_post_by_an_account_being_merged_away_lands_on_the_merged_account(
        pg: sa.Engine) -> None:
    """bob posts from Telegram while the merge that absorbs his account into alice's holds
    both rows: his turn waits, then finds his account merged, and posts as alice. No
    apology, nothing lost."""
    plaza = Conversation(pg, states=DatabaseStates(pg))
    plaza.handle(Incoming(Platform.telegram, "1", "1", "/start", username="alice"))
    plaza.handle(Incoming(Platform.telegram, "2", "2", "/start", username="bob"))
    with session_scope(pg) as session:
        ids = {p.handle: p.id for p in (network.person_by_handle(session, "alice"),
                                        network.person_by_handle(session, "bob"))}
    answer: list[str] = []
    with holding(pg) as merging:
        network.merge_accounts(merging, ids["alice"], ids["bob"])
        posting = threading.Thread(target=lambda: answer.extend(r.text for r in plaza.handle(
            Incoming(Platform.telegram, "2", "2", "post: from bob's phone"))))
        posting.start()
        _someone_waits_on_a_lock(pg)
    posting.join(STUCK)
    assert len(answer) == 1 and answer[0].startswith("Posted! It's #")
    with pg.connect() as db:
        author = db.execute(sa.text(
            "SELECT p.handle FROM post JOIN person p ON p.id = post.author_id")).scalar_one()
    assert author == "alice"


def test_a_code_asked_for_in_a_group_is_kept_out_of_the_private_chats_memory(
        engine: sa.Engine) -> None:
    plaza = Conversation(engine, states=DatabaseStates(engine))
    plaza.handle(Incoming(Platform.telegram, "100", "100", "/start", username="alice"))
    replies = plaza.handle(Incoming(Platform.telegram, "100", "-55", "link my discord",
                                    group=True))
    [private] = [r for r in replies if r.chat_id == "100"]
    code = CODE.search(private.text)
    assert code is not None
    assert [r.text for r in replies if r.chat_id is None] == [
        "I've answered you in our private chat."]
    with engine.connect() as db:
        kept = " ".join(json.dumps(json.loads(data)["turns"], ensure_ascii=False)
                        for data in db.execute(sa.text("SELECT data FROM chat_state")).scalars())
    assert code.group() not in kept and "Your code: •••-•••-•••" in kept
