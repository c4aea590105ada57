"""A generated network for tests that compare reads on a realistic graph, on each engine.

`small_network` writes bench.generate's small network (2,000 people, 20,000 posts
over 30 days, likes, replies, reposts, mentions, followers-only posts) and adds
what the generator leaves out: people who mute, or are in a block with, someone
they still follow and who wrote on the network's last day, and mentions by those
people; people who follow only someone quiet, whose posts they liked; and someone
who likes and answers more than a digest weighs. `engine_on` opens it on SQLite,
or copied into a PostgreSQL database of its own (bench.pg_load), dropped afterwards.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from bench.pg_load import load
from bench.spread import END
from storage.db import make_engine
from tests.conftest import POSTGRES_URL

ROOT = Path(__file__).resolve().parents[1]
LAST_DAY = (END - timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")  # as SQLite stores times
SAMPLED = 5  # tests compare the people whose id is a multiple of this
SHIELDED = 60  # sampled readers given a muted and a blocked followee who wrote on the last day


def small_network(path: Path) -> Path:
    """Write the small generated network to `path`, with mutes and blocks across standing
    follows; returns `path`."""
    subprocess.run([sys.executable, "-m", "bench.generate", "--size", "small", "--out",
                    str(path)], cwd=ROOT, check=True, capture_output=True, timeout=300)
    with sqlite3.connect(path) as db:
        shielded = db.execute(
            """SELECT f.follower_id, min(f.followee_id), max(f.followee_id) FROM follow f
               WHERE f.follower_id % ? = 0 AND EXISTS (
                   SELECT 1 FROM post p WHERE p.author_id = f.followee_id
                   AND p.created_at >= ? AND p.reply_to_id IS NULL)
               GROUP BY f.follower_id HAVING count(*) >= 2
               ORDER BY f.follower_id LIMIT ?""", (SAMPLED, LAST_DAY, SHIELDED)).fetchall()
        stamp = "2026-10-01 00:00:00.000000"
        for reader, muted, blocked in shielded:
            db.execute("INSERT OR IGNORE INTO mute VALUES (?, ?, ?)", (reader, muted, stamp))
            edge = (reader, blocked) if reader % 2 else (blocked, reader)  # either way
            db.execute("INSERT OR IGNORE INTO block VALUES (?, ?, ?)", (*edge, stamp))
            for author in (muted, blocked):  # who also mention the reader, lately
                db.execute("""INSERT OR IGNORE INTO mention (person_id, post_id, kind)
                              SELECT ?, max(id), 'mention' FROM post WHERE author_id = ?""",
                           (reader, author))
        _engaged_only(db)
        _engaged_much(db)
    return path


def _engaged_much(db: sqlite3.Connection, reader: int = 2 * SAMPLED, many: int = 250) -> None:
    """A sampled reader likes `many` posts and answers `many`, more than a digest weighs
    (storage.digest.HISTORY): the answers come after the network's last post, so that
    post ids still grow with time."""
    stamp = "2026-10-02 00:00:00.000000"
    db.execute("""INSERT OR IGNORE INTO post_like (person_id, post_id, created_at)
                  SELECT ?, id, ? FROM post WHERE author_id != ? AND reply_to_id IS NULL
                  AND visibility = 'public' ORDER BY id LIMIT ?""", (reader, stamp, reader, many))
    parents = db.execute("""SELECT id, coalesce(root_id, id) FROM post WHERE author_id != ?
                            AND visibility = 'public' ORDER BY id DESC LIMIT ?""",
                         (reader, many)).fetchall()
    for n, (parent, root) in enumerate(parents):
        when = f"2026-11-01 00:{n // 60:02d}:{n % 60:02d}.000000"
        db.execute("""INSERT INTO post (author_id, text, visibility, reply_to_id, created_at,
                      root_id) VALUES (?, ?, 'public', ?, ?, ?)""",
                   (reader, f"answer {n}", parent, when, root))


def _engaged_only(db: sqlite3.Connection, count: int = 6) -> None:
    """Sampled readers mentioned on the last day come to follow one person alone, quiet for
    weeks, whose posts they liked: their digests have mentions and no posts, and suggest
    from whom they engage with."""
    quiet = db.execute(
        """SELECT p.id FROM person p WHERE p.following_count >= 10
           AND NOT EXISTS (SELECT 1 FROM post WHERE author_id = p.id AND created_at >= ?)
           AND EXISTS (SELECT 1 FROM post WHERE author_id = p.id AND reply_to_id IS NULL)
           ORDER BY p.id LIMIT 1""", ("2026-10-15 00:00:00",)).fetchone()[0]
    readers = db.execute(
        """SELECT DISTINCT m.person_id FROM mention m JOIN post p ON p.id = m.post_id
           WHERE p.created_at >= ? AND p.visibility = 'public' AND m.person_id % ? = 0
           AND m.person_id NOT IN (SELECT muter_id FROM mute)
           AND m.person_id NOT IN (SELECT blocker_id FROM block UNION SELECT blocked_id FROM block)
           AND m.person_id != ? ORDER BY m.person_id LIMIT ?""",
        (LAST_DAY, SAMPLED, quiet, count)).fetchall()
    liked = db.execute("SELECT min(id) FROM post WHERE author_id = ? AND reply_to_id IS NULL",
                       (quiet,)).fetchone()[0]
    stamp = "2026-10-02 00:00:00.000000"
    for (reader,) in readers:
        db.execute("DELETE FROM follow WHERE follower_id = ?", (reader,))
        db.execute("INSERT INTO follow VALUES (?, ?, ?)", (reader, quiet, stamp))
        db.execute("INSERT OR IGNORE INTO post_like VALUES (?, ?, ?)", (reader, liked, stamp))


@contextmanager
def engine_on(kind: str, path: Path) -> Iterator[sa.Engine]:
    """An engine on the network in `path`: the file itself for 'sqlite', else a copy in a
    new PostgreSQL database (TEST_POSTGRES_URL's server), dropped on the way out."""
    if kind == "sqlite":
        engine = make_engine(f"sqlite:///{path}")
        try:
            yield engine
        finally:
            engine.dispose()
        return
    assert POSTGRES_URL, "PostgreSQL asked for without TEST_POSTGRES_URL"
    name = f"plaza_network_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    url = make_engine(POSTGRES_URL).url.set(database=name).render_as_string(False)
    try:
        load(path, url, out=lambda line: None)
        engine = make_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        admin.dispose()
