"""The real `plaza chat`, in a subprocess, on each engine under test.

In-process tests share one interpreter, where some earlier test has long since
loaded SQLAlchemy's PostgreSQL dialect; a person starting `plaza chat` has not.
Word search once failed exactly there (a full-text statement built before the
dialect was loaded), so these conversations run from a fresh process, with
DATABASE_URL pointing at an empty database that Plaza migrates itself.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import plaza_env

PLAZA = Path(sys.executable).with_name("plaza")


@pytest.fixture
def chat(empty_database_url: str, tmp_path: Path):
    env = plaza_env(DATABASE_URL=empty_database_url)

    def run(user: str, *lines: str) -> list[str]:
        """Plaza's answers to `lines`, one block per line (the welcome comes first)."""
        done = subprocess.run(
            [str(PLAZA), "chat", "--user", user], input="".join(f"{x}\n" for x in lines),
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0 and done.stderr == "", done.stderr
        assert "something went wrong" not in done.stdout, done.stdout
        return done.stdout

    return run


def test_word_search_answers_from_a_fresh_process(chat) -> None:
    said = chat("alice", "post: hello world", "search hello", "search HELLO world",
                "find posts about nothing")
    assert said.count("@alice · just now · #1\nhello world") == 2
    assert "Nothing about “nothing” yet." in said


def test_a_word_is_found_as_typed_and_folded_from_a_fresh_process(chat) -> None:
    chat("alice", "post: Die Straße ist gesperrt", "post: #हिन्दी दिवस",
         "post: docs at https://example.com/#install")
    said = chat("bob", "search Straße", "search strasse", "search #हिन्दी", "search #हाथी",
                "search #install")
    assert said.count("Die Straße ist gesperrt") == 2
    assert said.count("#हिन्दी दिवस") == 1
    assert "Nothing about “#हाथी” yet." in said
    assert "Nothing about “#install” yet." in said


def test_an_interest_too_long_once_folded_gets_a_clear_refusal(chat) -> None:
    said = chat("alice", "my interests are Donaudampfschiffahrtsgesellschaftsstraße",
                "my interests are jazz")
    assert "is 41 characters as Plaza stores it" in said
    assert "can have at most 40" in said
    assert "Into: jazz" in said
