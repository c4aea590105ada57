"""`plaza digest` as an operator runs it: real processes on a real SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from storage.db import make_engine


def plaza(folder: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'plaza.db'}"}
    for name in ("TELEGRAM_BOT_TOKEN", "OPENAI_API_KEY", "OPENAI_BASE_URL", "LOG_LEVEL"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, env=env,
                          cwd=folder, capture_output=True, text=True, timeout=60)


def test_printing_sending_and_ticking_by_hand(tmp_path: Path) -> None:
    plaza(tmp_path, "chat", "--user", "alice", stdin="hello\npost: The bridge opens today\n")
    plaza(tmp_path, "chat", "--user", "bob", stdin="hello\nfollow @alice\n")

    shown = plaza(tmp_path, "digest", "--user", "bob", "--explain")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("#1: ") and "= recency " in shown.stdout
    assert "Top of your network: @alice — “The bridge opens today”." in shown.stdout

    sent = plaza(tmp_path, "digest", "--user", "bob", "--send")
    assert sent.returncode == 0 and sent.stderr.strip() == "Sent to @bob on console."
    assert sent.stdout.startswith("── to bob ──\nYour digest, ")

    unknown = plaza(tmp_path, "digest", "--user", "nobody")
    assert unknown.returncode == 1 and "Nobody is called @nobody." in unknown.stderr

    engine = make_engine(f"sqlite:///{tmp_path / 'plaza.db'}")
    with engine.begin() as connection:  # bob's time has come
        connection.execute(sa.text("UPDATE person SET digest_due_at = '2000-01-01 08:00:00' "
                                   "WHERE handle = 'bob'"))
    engine.dispose()
    due = plaza(tmp_path, "digest", "--due")
    assert due.returncode == 0, due.stderr
    assert due.stdout.count("── to ") == 1 and "── to bob ──" in due.stdout
    assert due.stderr == ("1 digest sent; 1 person was given their next digest time (new, or "
                          "settings changed).\n")
    assert plaza(tmp_path, "digest", "--due").stdout == ""  # once a day, not once a tick


def test_a_tick_says_what_happened_in_plain_counted_words(tmp_path: Path) -> None:
    assert plaza(tmp_path, "demo").returncode == 0
    first = plaza(tmp_path, "digest", "--due")
    assert first.returncode == 0 and first.stdout == ""
    assert first.stderr == ("No digests were due; 30 people were given their next digest time "
                            "(new, or settings changed).\n")
    plaza(tmp_path, "chat", "--user", "zoe", stdin="hello\n")
    plaza(tmp_path, "chat", "--user", "yann", stdin="hello\nfollow @amelie\n")
    plaza(tmp_path, "chat", "--user", "xavi", stdin="hello\nfollow @amelie\n")
    engine = make_engine(f"sqlite:///{tmp_path / 'plaza.db'}")
    with engine.begin() as connection:  # their time has come; nobody else's can meanwhile
        connection.execute(sa.text("UPDATE person SET digest_due_at = '2999-01-01 08:00:00' "
                                   "WHERE handle NOT IN ('zoe', 'yann', 'xavi')"))
        connection.execute(sa.text("UPDATE person SET digest_due_at = '2000-01-01 08:00:00' "
                                   "WHERE handle IN ('zoe', 'yann', 'xavi')"))
    engine.dispose()
    third = plaza(tmp_path, "digest", "--due")
    assert third.returncode == 0, third.stderr
    assert third.stdout.count("── to ") == 3 and third.stderr == "3 digests sent.\n"
    assert plaza(tmp_path, "digest", "--due").stderr == "No digests were due.\n"


def test_a_digest_that_cannot_be_sent_says_so_plainly(tmp_path: Path) -> None:
    plaza(tmp_path, "chat", "--user", "alice", stdin="hello\npost: The bridge opens today\n")
    plaza(tmp_path, "chat", "--user", "bob", stdin="hello\nfollow @alice\n")
    reading, writing = os.pipe()
    os.close(reading)  # nobody reads the console: writing the digest fails
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'plaza.db'}"}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    try:
        sent = subprocess.run([sys.executable, "-m", "bot", "digest", "--user", "bob", "--send"],
                              env=env, cwd=tmp_path, stdout=writing, stderr=subprocess.PIPE,
                              text=True, timeout=60)
    finally:
        os.close(writing)
    assert sent.returncode == 1
    assert sent.stderr.startswith("Could not send @bob's digest: the platform did not take it")
    assert "Error" not in sent.stderr.splitlines()[0]
