"""`plaza chat` typed by hand, in a real pseudo-terminal: line editing, history, Ctrl-D.

The real `plaza` command runs with a pty as its terminal, so readline sees
what a person's keyboard sends (arrow keys are escape sequences) and the test
reads what their screen would show. Piped input is checked to stay as it was.
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.processes import plaza_env

UP, LEFT, CTRL_D, ENTER = "\x1b[A", "\x1b[D", "\x04", "\r"
PROMPT = "alice> "
WAIT = 60  # seconds before a screen that never shows up fails the test (a hang, not a speed)
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r")


class Terminal:
    """`plaza chat --user alice` on a pseudo-terminal: keys in, the screen out."""

    def __init__(self, folder: Path, home: Path) -> None:
        self.master, slave = pty.openpty()
        env = plaza_env(HOME=str(home), TERM="xterm",
                        DATABASE_URL=f"sqlite:///{folder / 'plaza.db'}")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "chat", "--user", "alice"], stdin=slave, stdout=slave,
            stderr=slave, env=env, cwd=folder, close_fds=True)
        os.close(slave)
        self.shown = b""  # everything the program wrote to the terminal
        self.seen = 0  # how much of `screen` the test has waited past

    @property
    def screen(self) -> str:
        """What was shown, as text without the terminal's control sequences."""
        return _CONTROL.sub("", self.shown.decode(errors="replace"))

    def wait_for(self, text: str) -> str:
        """What appeared from the last wait up to and including `text`."""
        while (found := self.screen.find(text, self.seen)) < 0:
            ready, _, _ = select.select([self.master], [], [], WAIT)
            assert ready, f"waited {WAIT} s for {text!r}; the screen shows {self.screen!r}"
            try:
                chunk = os.read(self.master, 4096)
            except OSError:  # the other end closed: the program ended
                chunk = b""
            assert chunk, f"the program ended before showing {text!r}: {self.screen!r}"
            self.shown += chunk
        start, self.seen = self.seen, found + len(text)
        return self.screen[start:self.seen]

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def say(self, keys: str, answer: str) -> str:
        """Type at the prompt; what is shown up to `answer` and the next prompt."""
        self.type(keys)
        return self.wait_for(answer) + self.wait_for(PROMPT)

    def end(self) -> str:
        """Ctrl-D at the prompt: what is shown until the program exits."""
        self.type(CTRL_D)
        self.process.wait(WAIT)
        while select.select([self.master], [], [], 0)[0]:
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                break
            if not chunk:
                break
            self.shown += chunk
        return self.screen[self.seen:]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(WAIT)
        os.close(self.master)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def terminal(tmp_path: Path, home: Path) -> Iterator[Terminal]:
    opened = Terminal(tmp_path, home)
    opened.wait_for(PROMPT)
    yield opened
    opened.close()


def test_arrow_up_recalls_the_last_line_and_history_is_kept_at_home(terminal: Terminal,
                                                                   home: Path) -> None:
    terminal.say("post: first light" + ENTER, "Posted! It's #1.")
    terminal.say("what's new?" + ENTER, "What's new:")
    terminal.type(UP + UP)  # readline redraws the line with each recalled one
    assert "[A" not in terminal.wait_for("post: first light")
    assert "Posted! It's #2." in terminal.say(ENTER, "Posted! It's #2.")
    assert terminal.end() == "\n"  # Ctrl-D: a newline, so the shell's prompt starts afresh
    assert terminal.process.returncode == 0
    assert (home / ".plaza_history").read_text().splitlines() == [
        "post: first light", "what's new?", "post: first light"]


def test_a_line_with_a_link_code_stays_out_of_the_history(terminal: Terminal,
                                                          home: Path) -> None:
    terminal.say("link 7KQ-4MX-P2Z" + ENTER, "That code doesn't match any I gave out.")
    terminal.say("what's new?" + ENTER, "Your feed is empty for now.")
    assert terminal.end() == "\n"
    assert (home / ".plaza_history").read_text().splitlines() == ["what's new?"]


def test_arrows_move_in_the_line_instead_of_typing_codes(terminal: Terminal) -> None:
    answer = terminal.say("follow @bb" + LEFT + "o" + ENTER, "called @bob.")
    assert "[D" not in answer and "I don't know anyone called @bob." in answer
    assert terminal.end() == "\n" and terminal.process.returncode == 0


def test_history_comes_back_next_time_and_stays_bounded(tmp_path: Path, home: Path) -> None:
    earlier = [f"old line {n}" for n in range(5000)] + ["post: from last time"]
    (home / ".plaza_history").write_text("\n".join(earlier) + "\n")
    terminal = Terminal(tmp_path, home)
    try:
        terminal.wait_for(PROMPT)
        terminal.type(UP)
        terminal.wait_for("post: from last time")
        assert "Posted! It's #1." in terminal.say(ENTER, "Posted! It's #1.")
        terminal.say("thanks" + ENTER, "welcome")
        assert terminal.end() == "\n"
    finally:
        terminal.close()
    kept = (home / ".plaza_history").read_text().splitlines()
    assert len(kept) == 1000 and kept[-3:] == ["old line 4999", "post: from last time", "thanks"]


def test_piped_input_shows_no_prompt_and_writes_no_history(tmp_path: Path, home: Path) -> None:
    env = plaza_env(HOME=str(home), DATABASE_URL=f"sqlite:///{tmp_path / 'plaza.db'}")
    result = subprocess.run([sys.executable, "-m", "bot", "chat", "--user", "alice"],
                            input="hello\npost: piped\n", env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=WAIT)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("Hi alice!") and result.stdout.endswith("Posted! It's #1.\n\n")
    assert PROMPT not in result.stdout
    assert list(home.iterdir()) == []
