"""The benchmark network at a tiny size is one Plaza could have written itself. The
benchmarks that read it run in test_bench_engines.py, on both engines."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from storage import network
from storage.db import make_engine, migrate, session_scope
from storage.models import Person
from storage.text import fold, hashtags, normalize_handle

ROOT = Path(__file__).resolve().parents[2]
TINY = ["--people", "300", "--posts", "3000", "--follows-per-person", "12", "--seed", "3"]


def _run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "network.db"
    _run("bench.generate", *TINY, "--out", str(path))
    return path


def _rows(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_sizes_are_as_asked_and_every_reference_holds(generated: Path) -> None:
    assert _rows(generated, "SELECT count(*) FROM person") == [(300,)]
    assert _rows(generated, "SELECT count(*) FROM post") == [(3000,)]
    for table in ("interest", "identity", "follow", "post_tag", "mention", "post_like"):
        assert _rows(generated, f"SELECT count(*) FROM {table}")[0][0] > 0, table
    # Every follow, post, tag, mention, like, block and mute points at rows that exist.
    assert _rows(generated, "PRAGMA foreign_key_check") == []
    assert _rows(generated, "PRAGMA journal_mode") == [("wal",)]


def test_the_schema_is_exactly_the_one_migrations_make(generated: Path, tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    migrate(engine)
    engine.dispose()
    schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
    assert _rows(generated, schema) == _rows(tmp_path / "fresh.db", schema)


def test_rows_follow_the_rules_of_the_network(generated: Path) -> None:
    handles = [handle for (handle,) in _rows(generated, "SELECT handle FROM person")]
    assert all(normalize_handle(handle) == handle for handle in handles)
    later_but_older = """SELECT count(*) FROM post a JOIN post b ON b.id = a.id + 1
        WHERE b.created_at < a.created_at"""
    assert _rows(generated, later_but_older) == [(0,)]
    across_a_block = """SELECT count(*) FROM follow f JOIN block b
        ON b.blocker_id = f.follower_id AND b.blocked_id = f.followee_id
        OR b.blocker_id = f.followee_id AND b.blocked_id = f.follower_id"""
    assert _rows(generated, across_a_block) == [(0,)]
    tags: dict[int, set[str]] = {}
    for tag, post_id in _rows(generated, "SELECT tag, post_id FROM post_tag"):
        tags.setdefault(post_id, set()).add(tag)
    for post_id, text in _rows(generated, "SELECT id, text FROM post"):
        assert set(hashtags(text)) == tags.get(post_id, set())
    replies = """SELECT count(*) FROM mention m JOIN post p ON p.id = m.post_id
        JOIN post parent ON parent.id = p.reply_to_id
        WHERE m.kind = 'reply' AND parent.author_id != m.person_id"""
    assert _rows(generated, replies) == [(0,)]
    mentioned = """SELECT count(*) FROM mention m JOIN post p ON p.id = m.post_id
        JOIN person who ON who.id = m.person_id
        WHERE m.kind = 'mention' AND instr(lower(p.text), '@' || who.handle) = 0"""
    assert _rows(generated, mentioned) == [(0,)]


def test_full_text_search_finds_generated_words(generated: Path) -> None:
    newest = "SELECT id, author_id, text FROM post WHERE text != '' ORDER BY id DESC LIMIT 1"
    post_id, author_id, text = _rows(generated, newest)[0]
    word = max(re.findall(r"[a-z]{3,}", fold(text)), key=len)
    in_posts = f"""SELECT rowid FROM post_fts WHERE post_fts MATCH '"{word}"'"""
    assert (post_id,) in _rows(generated, in_posts)
    name = "SELECT id, display_name FROM person ORDER BY id DESC LIMIT 1"
    person_id, display_name = _rows(generated, name)[0]
    last_name = fold(display_name.split()[-1])
    in_names = f"""SELECT rowid FROM person_fts WHERE person_fts MATCH '"{last_name}"'"""
    assert (person_id,) in _rows(generated, in_names)
    engine = make_engine(f"sqlite:///{generated}")
    with session_scope(engine, read_only=True) as session:
        author = session.get(Person, author_id)
        assert network.search_posts(session, author, word)[0].id == post_id
        popular = "SELECT tag FROM interest GROUP BY tag ORDER BY count(*) DESC LIMIT 1"
        assert network.search_people(session, author, _rows(generated, popular)[0][0])
    engine.dispose()


def test_the_same_seed_writes_the_same_network(generated: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    _run("bench.generate", *TINY, "--out", str(again))
    for table in ("person", "follow", "post", "mention", "post_like"):
        query = f"SELECT * FROM {table} ORDER BY 1, 2"
        assert _rows(again, query) == _rows(generated, query), table
