"""The command line, run as a newcomer would: real processes on a real SQLite file."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

import pytest


@pytest.fixture
def plaza(tmp_path: Path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'plaza.db'}"}
    for name in ("TELEGRAM_BOT_TOKEN", "OPENAI_API_KEY", "OPENAI_BASE_URL", "LOG_LEVEL"):
        env.pop(name, None)

    def run(*args: str, stdin: str = "", command: list[str] | None = None):
        return subprocess.run(
            [*(command or [sys.executable, "-m", "bot"]), *args], input=stdin, env=env,
            cwd=tmp_path, capture_output=True, text=True, timeout=60,
        )

    return run


def test_a_scripted_conversation_between_two_people_replays(plaza) -> None:
    alice = plaza("chat", "--user", "alice", stdin="hello\npost: Morning ride along the Seine\n")
    assert alice.returncode == 0, alice.stderr
    assert "Hi alice!" in alice.stdout and "Posted! It's #1." in alice.stdout
    bob = plaza("chat", "--user", "bob", stdin="follow @alice\nwhat's new?\n")
    assert "You now follow @alice" in bob.stdout
    assert "@alice · just now · #1\nMorning ride along the Seine" in bob.stdout
    assert bob.stderr == ""


def test_plain_plaza_opens_the_console_and_says_how_to_go_live(plaza) -> None:
    result = plaza(stdin="what's new?\n")
    assert result.returncode == 0
    assert "I'm Plaza" in result.stdout
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "offline" in result.stderr


def test_the_installed_plaza_script_is_the_same_program(plaza) -> None:
    script = shutil.which("plaza", path=str(Path(sys.executable).parent))
    assert script, "the plaza console script is not installed"
    result = plaza("understand", "follow @alice", command=[script])
    assert result.stdout.startswith('follow {"handle": "alice"}')


def test_understand_prints_one_json_object_per_line(plaza) -> None:
    result = plaza("understand", stdin="follow @alice\nquoi de neuf ?\nlol\n"
                   "follow @lena and @omar\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(line["action"], line["args"], line["then"]) for line in lines] == [
        ("follow", {"handle": "alice"}, "act"),
        ("read_feed", {}, "act"),
        ("chat", {}, "chat"),
        ("follow", {"handle": "lena"}, "act"),
    ]
    assert lines[0]["confidence"] == 1.0 and lines[0]["runner_up"] is None  # a rule
    assert lines[3]["more"] == [{"action": "follow", "args": {"handle": "omar"}}]
    name, weight = lines[2]["runner_up"]  # the classifier's: small talk, and what came next
    assert lines[2]["confidence"] > weight and name != "chat"
    single = plaza("understand", "--json", "résumé quotidien à 19h30")
    assert json.loads(single.stdout)["args"] == {"time": "19:30"}


def test_understand_shows_the_reading_its_confidence_and_the_runner_up(plaza) -> None:
    shown = plaza("understand", "can you like 52 for me").stdout
    assert re.fullmatch(r'like \{"post": 52\}  \(sure\)  confidence [01]\.\d\d, '
                        r"runner-up [a-z_]+ 0\.\d\d\n", shown), shown
    unknown = plaza("understand", "could you handle my stuff").stdout
    assert unknown.startswith("chat {}  confidence 0.")
    assert "\n  answer: I'm not sure what you'd like. The closest I can do:" in unknown


@pytest.mark.parametrize("args, stdin", [
    (["understand"], "follow @alice\n" * 20_000),
    (["understand", "--json"], "quoi de neuf ?\n" * 20_000),
    (["chat", "--user", "alice"], "hello\n" + "what's new?\n" * 2_000),
])
def test_a_reader_that_goes_away_ends_the_command_without_a_traceback(
    tmp_path: Path, args: list[str], stdin: str
) -> None:
    """`plaza understand < file | head -1`: the pipe closes under the writer, which
    stops quietly, as Unix tools do."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'plaza.db'}"}
    env.pop("LOG_LEVEL", None)
    with subprocess.Popen([sys.executable, "-m", "bot", *args], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                          cwd=tmp_path) as process:
        assert process.stdout is not None and process.stdin is not None

        def feed(pipe: IO[bytes] = process.stdin) -> None:
            with contextlib.suppress(BrokenPipeError):  # it stopped reading: as hoped
                pipe.write(stdin.encode())
                pipe.close()

        writer = threading.Thread(target=feed)
        writer.start()
        first = process.stdout.readline()
        process.stdout.close()  # like `head -1` once it has its line
        status = process.wait(timeout=60)
        writer.join(timeout=60)
        said = process.stderr.read().decode() if process.stderr else ""
    assert first, said
    assert "Traceback" not in said and "BrokenPipeError" not in said, said
    assert status in (0, 1)


def test_demo_is_idempotent_and_ready_to_explore(plaza) -> None:
    first, second = plaza("demo"), plaza("demo")
    assert first.returncode == 0 and first.stdout == second.stdout
    assert "30 people" in first.stdout
    tour = plaza("chat", "--user", "amelie",
                 stdin="quoi de neuf ?\ntrouve des gens qui aiment le jazz\n")
    assert "Quoi de neuf :" in tour.stdout and "n°" in tour.stdout
    assert "Des personnes qui aiment jazz" in tour.stdout


def test_demo_leaves_a_handle_someone_already_chose_and_adds_the_others(plaza) -> None:
    # camille chose her handle before anyone ran the demo, and so did amelie (the first
    # demo member, the handle the demo once checked to decide whether it had run).
    for handle in ("camille", "amelie"):
        assert plaza("chat", "--user", handle, stdin="bonjour\n").returncode == 0
    result = plaza("demo")
    assert result.returncode == 0, result.stderr
    assert "30 people" in result.stdout and "Traceback" not in result.stderr
    again = plaza("demo")
    assert again.stdout == result.stdout
    mine = plaza("chat", "--user", "camille", stdin="mon profil\n")
    assert "0 abonné" in mine.stdout  # her own account, untouched: nobody follows it


def test_migrate_is_what_the_release_phase_runs(plaza, tmp_path: Path) -> None:
    result = plaza("migrate")
    assert result.returncode == 0 and "Schema up to date" in result.stdout
    assert (tmp_path / "plaza.db").exists()


def test_each_export_is_a_new_file_and_its_full_path_is_shown(plaza, tmp_path: Path) -> None:
    (tmp_path / "plaza-bob.json").write_text("bob's own notes")  # someone's file, same name

    def later() -> None:  # one export every five minutes: the last one, six minutes ago
        with sqlite3.connect(tmp_path / "plaza.db") as db:
            db.execute("UPDATE person SET last_export_at = datetime('now', '-6 minutes')")

    alice = plaza("chat", "--user", "alice", stdin="post: keep me\nexport my data\n/export\n")
    assert "You've just exported your data: you can export it again in 5 min." in alice.stdout
    later()
    again = plaza("chat", "--user", "alice", stdin="/export\n")
    bob = plaza("chat", "--user", "bob", stdin="hello\nexport my data\n")
    chloe = plaza("chat", "--user", "chloe", stdin="bonjour\npublie : à garder\n"
                  "exporte mes données\n")
    later()
    chloe_again = plaza("chat", "--user", "chloe", stdin="exporte mes données\n")
    shown = [line.removeprefix("→ ") for result in (alice, again, bob, chloe, chloe_again)
             for line in result.stdout.splitlines() if line.startswith("→ ")]
    names = ["plaza-alice.json", "plaza-alice-2.json", "plaza-bob-2.json", "plaza-chloe.json",
             "plaza-chloe-2.json"]
    assert shown == [str(tmp_path / name) for name in names]
    assert (tmp_path / "plaza-bob.json").read_text() == "bob's own notes"
    for name in names:
        exported = json.loads((tmp_path / name).read_text())
        assert exported, name
    assert '"text": "à garder"' in (tmp_path / "plaza-chloe-2.json").read_text()
    assert "Voici tout ce que vous avez confié à Plaza" in chloe.stdout
