"""The README's example session is real: replay it and compare, line for line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).parents[1] / "README.md"
_SESSION = re.compile(r"```text\n(\$ plaza chat.*?)```", re.S)
_PROMPT = re.compile(r"^(\w+)> (.*)$")


def _segments(transcript: str) -> list[tuple[str, list[str], str]]:
    """(user, messages, expected output) for each `$ plaza chat --user NAME` in the session."""
    segments = []
    for block in transcript.split("$ plaza chat --user ")[1:]:
        user, _, body = block.partition("\n")
        messages, expected = [], []
        for line in body.splitlines():
            if (prompt := _PROMPT.match(line)) and prompt.group(1) == user:
                messages.append(prompt.group(2))
            else:
                expected.append(line)
        segments.append((user, messages, "\n".join(expected).strip()))
    return segments


def test_the_readme_session_replays_exactly(tmp_path: Path) -> None:
    transcript = _SESSION.search(README.read_text()).group(1)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "OPENAI_"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'plaza.db'}"
    segments = _segments(transcript)
    assert [user for user, _, _ in segments] == ["alice", "bob"]
    for user, messages, expected in segments:
        result = subprocess.run(
            [sys.executable, "-m", "bot", "chat", "--user", user], input="\n".join(messages),
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60,
        )
        assert result.stdout.strip() == expected
