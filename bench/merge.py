"""Time one merge of two active accounts (storage.merge.merge_accounts), once per engine.

    python -m bench.merge [--postgres URL] [--posts 1000] [--follows 1000] [--others 2000]

Builds, in a new SQLite file (and, with `--postgres`, in a new schema there, dropped
afterwards): `--others` people who have written 10 posts each, and two accounts, annie
and bobby, each with `--posts` posts (some replies, twenty reposts of posts the other
reposted too), following `--follows` people and followed by as many (half of them the
same people for both, and each other both ways), a like on `--follows` posts each (half
the same), a few mentions, interests, blocks, mutes and 30 days of model usage. Then
times `merge_accounts(annie, bobby)` in one transaction, commit included, and checks
that the follow counts still equal the follow rows.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from bench.schemas import postgres_schema
from storage import network, usage
from storage.db import make_engine, migrate, session_scope
from storage.models import Follow, Like, Mention, Person, Platform, Post, utcnow
from storage.tables import table

_MISCOUNTED = """SELECT count(*) FROM person WHERE
    follower_count <> (SELECT count(*) FROM follow WHERE followee_id = person.id)
    OR following_count <> (SELECT count(*) FROM follow WHERE follower_id = person.id)"""


def build(engine: sa.Engine, posts: int, follows: int, others: int) -> tuple[int, int]:
    """The network described above; (annie's id, bobby's id)."""
    rng = random.Random(7)
    now = utcnow()
    with session_scope(engine) as session:
        crowd = [Person(handle=f"someone{i}") for i in range(others)]
        session.add_all(crowd)
        session.flush()
        ids = [person.id or 0 for person in crowd]
        crowd_posts = [Post(author_id=pid, text=f"post {n} of someone {pid}")
                       for pid in ids for n in range(10)]
        session.add_all(crowd_posts)
        session.flush()
        post_ids = [post.id or 0 for post in crowd_posts]
        pair = [network.register(session, handle, platform=platform, external_id=handle)
                for handle, platform in (("bobby", Platform.discord),
                                         ("annie", Platform.telegram))]
        bobby, annie = pair
        shared_reposts = rng.sample(post_ids, 20)
        for me, start in ((annie, 0), (bobby, follows // 2)):
            mine = row_id(me)
            network.update_profile(session, me, interests=["jazz", "chess", f"tag{start}"])
            for original in shared_reposts:
                network.repost(session, me, original)
            written = [network.post(session, me, f"{me.handle} says {n} @someone{n}").id
                       for n in range(posts - 20 - posts // 10)]
            for n in range(posts // 10):
                network.reply(session, me, rng.choice(post_ids), f"{me.handle} answers {n}")
            followed = ids[start:start + follows]
            followers = ids[-(start + follows):len(ids) - start]
            rows = table(Follow)
            session.execute(rows.insert(), [
                {"follower_id": mine, "followee_id": other, "created_at": now} for other in followed
            ] + [{"follower_id": other, "followee_id": mine, "created_at": now}
                 for other in followers])
            session.execute(table(Like).insert(), [
                {"person_id": mine, "post_id": post, "created_at": now}
                for post in post_ids[start:start + follows]])
            session.execute(table(Mention).insert(), [
                {"person_id": mine, "post_id": post, "kind": "mention"}
                for post in post_ids[-(start + 100):len(post_ids) - start]])
            for day in range(30):
                usage.record(session, me.handle, date(2026, 11, 1) + timedelta(days=day),
                             "some-model", usage.Tokens(1, 100, 10, 20))
            network.like(session, me, written[0])
        network.follow(session, annie, "bobby")
        network.follow(session, bobby, "annie")
        network.block(session, annie, f"someone{others - 1}")
        network.mute(session, bobby, "someone0")
        return row_id(annie), row_id(bobby)


def row_id(person: Person) -> int:
    assert person.id is not None
    return person.id


def sizes(engine: sa.Engine, person_id: int) -> str:
    with engine.connect() as connection:
        def count(sql: str) -> int:
            return connection.execute(sa.text(sql), {"p": person_id}).scalar_one()

        return (f"{count('SELECT count(*) FROM post WHERE author_id = :p'):,} posts, "
                f"follows {count('SELECT count(*) FROM follow WHERE follower_id = :p'):,}, "
                f"followed by {count('SELECT count(*) FROM follow WHERE followee_id = :p'):,}, "
                f"{count('SELECT count(*) FROM post_like WHERE person_id = :p'):,} likes")


def measure(engine: sa.Engine, label: str, posts: int, follows: int, others: int) -> float:
    """Build the network on `engine`, merge bobby into annie once, print; the seconds."""
    started = time.perf_counter()
    annie, bobby = build(engine, posts, follows, others)
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    built = time.perf_counter() - started
    print(f"{label}: built in {built:.1f} s; annie: {sizes(engine, annie)}; "
          f"bobby: {sizes(engine, bobby)}")
    started = time.perf_counter()
    with session_scope(engine) as session:
        merged = network.merge_accounts(session, annie, bobby)
    took = time.perf_counter() - started
    print(f"  merged @{merged.freed} into @{merged.handle} in {took * 1000:,.0f} ms "
          f"(one transaction, commit included)")
    print("  moved:   " + ", ".join(f"{k} {v:,}" for k, v in merged.moved.items() if v))
    print("  dropped: " + ", ".join(f"{k} {v:,}" for k, v in merged.dropped.items() if v))
    with engine.connect() as connection:
        wrong = connection.exec_driver_sql(_MISCOUNTED).scalar_one()
    print(f"  follow counts equal to the follow rows afterwards: {'yes' if not wrong else 'NO'}")
    return took


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.merge",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000, help="posts of each account")
    parser.add_argument("--follows", type=int, default=1_000,
                        help="people each account follows, and is followed by")
    parser.add_argument("--others", type=int, default=2_000, help="everyone else")
    parser.add_argument("--postgres", metavar="URL", help="also on a new schema there")
    args = parser.parse_args(argv)
    sizes_ = (args.posts, args.follows, max(args.others, args.follows * 2))
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'merge.db'}")
        migrate(engine)
        measure(engine, f"SQLite {sqlite3.sqlite_version}", *sizes_)
        engine.dispose()
    if args.postgres:
        with postgres_schema(args.postgres, "bench_merge") as (engine, _):
            with engine.connect() as connection:
                version = connection.exec_driver_sql("SHOW server_version").scalar()
            measure(engine, f"PostgreSQL {version}", *sizes_)


if __name__ == "__main__":
    main()
