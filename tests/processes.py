"""Running the real `plaza` command as a person would: in a subprocess, with an
environment that holds only the settings the test gives it.

A developer's shell may hold a token, a model URL or a database of their own;
a test that inherited one would talk to it, or pass for the wrong reason.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Every variable bot/settings.py reads, by name or prefix, and the terminal encoding
# a test must set itself when it matters.
SETTINGS = ("TELEGRAM_", "OPENAI_", "PLAZA_", "DISCORD_", "REDIS_URL", "DATABASE_URL",
            "LOG_LEVEL", "PORT", "PYTHONIOENCODING")


def plaza_env(**settings: str) -> dict[str, str]:
    """This process's environment with no Plaza setting in it, then `settings` added."""
    kept = {name: value for name, value in os.environ.items() if not name.startswith(SETTINGS)}
    return kept | settings


def chat(env: dict[str, str], user: str, lines: str, cwd: Path) -> str:
    """What `plaza chat --user USER` prints for `lines` (newline-separated) on its
    standard input; the command must end with status 0 and write no error."""
    done = subprocess.run([sys.executable, "-m", "bot", "chat", "--user", user], input=lines,
                          env=env, cwd=cwd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done.stdout
