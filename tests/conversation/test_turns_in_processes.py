"""Turns run optimistically (storage.db.run_optimistically) in two processes at once on one
SQLite file, chat states kept in it as `plaza run` keeps them: newcomers signing up at
the same moment, posts, follows both ways, likes and reads, interleaved for real. Turns
whose write meets the other process's are started over; nothing is done twice, nothing
is lost, and nobody reads an apology.
"""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import sqlalchemy as sa

from bot.conversation import Conversation
from bot.conversation.states import DatabaseStates
from bot.messages import Incoming
from bot.phrases import say
from storage import flood
from storage.db import make_engine, migrate
from storage.models import Platform

ROUNDS = 30
CRASH = say("error.crash", "en")


def _script(me: str, others: list[str], round_: int) -> list[str]:
    """What `me` writes in `round_`: a post, a follow or an unfollow, a like, reads."""
    other = others[round_ % len(others)]
    return [
        f"post: {me} in round {round_} #r{round_ % 3}",
        f"follow @{other}" if round_ % 4 else f"unfollow @{other}",
        f"like #{round_ + 1}",
        "what's new?",
        "search round",
    ]


def _followed_at_the_end() -> set[int]:
    """Which of the three others (by position) each person follows once the script ends."""
    followed: set[int] = set()
    for round_ in range(ROUNDS):
        (followed.add if round_ % 4 else followed.discard)(round_ % 3)
    return followed


def _chat(url: str, users: list[str], others: list[str], out: str) -> None:
    """One worker: every user's turns, round after round; what it saw, in `out` (JSON)."""
    # Thirty posts a minute each: flood control (storage/flood.py) is not what this tests.
    flood.configure(flood.FloodLimits(per_minute=1000, new_per_minute=1000))
    engine = make_engine(url)
    conversation = Conversation(engine, states=DatabaseStates(engine))
    seen = {"posted": 0, "crashes": [], "replies": 0}
    for round_ in range(-1, ROUNDS):
        for user in users:
            for text in ["hello"] if round_ < 0 else _script(user, others, round_):
                incoming = Incoming(Platform.console, user, user, text, username=user)
                for reply in conversation.handle(incoming):
                    seen["replies"] += 1
                    seen["posted"] += reply.text.startswith("Posted!")
                    if CRASH in reply.text:
                        seen["crashes"].append(text)
    engine.dispose()
    Path(out).write_text(json.dumps(seen))


def test_two_processes_of_turns_on_one_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'plaza.db'}"
    engine = make_engine(url)
    migrate(engine)
    teams = [["annie", "arthur", "amelia"], ["bertha", "boris", "bianca"]]
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_chat, args=(url, team, other, str(tmp_path / f"{i}.json")))
               for i, (team, other) in enumerate(zip(teams, teams[::-1], strict=True))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    assert [worker.exitcode for worker in workers] == [0, 0]
    seen = [json.loads((tmp_path / f"{i}.json").read_text()) for i in range(2)]
    assert [s["crashes"] for s in seen] == [[], []]
    assert [s["posted"] for s in seen] == [3 * ROUNDS, 3 * ROUNDS]
    with engine.connect() as connection:
        def one(sql: str) -> object:
            return connection.execute(sa.text(sql)).scalar_one()

        assert one("SELECT count(*) FROM person") == 6
        assert one("SELECT count(*) FROM post WHERE repost_of_id IS NULL") == 6 * ROUNDS
        # Each post once: no turn started over wrote its post twice.
        assert one("SELECT count(DISTINCT author_id || text) FROM post") == 6 * ROUNDS
        assert one("""SELECT count(*) FROM person WHERE
            follower_count <> (SELECT count(*) FROM follow WHERE followee_id = person.id)
            OR following_count <> (SELECT count(*) FROM follow WHERE follower_id = person.id)
            """) == 0
        # Each follow as the last word on its pair left it, in the other process's team.
        assert one("SELECT count(*) FROM follow") == 6 * len(_followed_at_the_end())
        # Every turn's two lines are in its chat's state, kept across both processes.
        assert one("SELECT count(*) FROM chat_state") == 6
    engine.dispose()
