"""Running the real `plaza` command as a person would: in a subprocess, with an
environment that holds only the settings the test gives it.

A developer's shell may hold a token, a model URL or a database of their own;
a test that inherited one would talk to it, or pass for the wrong reason.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

# Every variable bot/settings.py reads, by name or prefix, and the terminal encoding
# a test must set itself when it matters.
SETTINGS = ("TELEGRAM_", "OPENAI_", "PLAZA_", "DISCORD_", "REDIS_URL", "DATABASE_URL",
            "LOG_LEVEL", "PORT", "PYTHONIOENCODING")


ROOT = Path(__file__).resolve().parent.parent


def plaza_env(**settings: str) -> dict[str, str]:
    """This process's environment with no Plaza setting in it, then `settings` added.

    The checkout's root leads PYTHONPATH, so a process started in another folder runs
    this checkout's code (a git worktree's, say), not whichever Plaza is installed."""
    kept = {name: value for name, value in os.environ.items() if not name.startswith(SETTINGS)}
    path = os.pathsep.join(filter(None, (str(ROOT), kept.get("PYTHONPATH"))))
    return kept | {"PYTHONPATH": path} | settings


def chat(env: dict[str, str], user: str, lines: str, cwd: Path) -> str:
    """What `plaza chat --user USER` prints for `lines` (newline-separated) on its
    standard input; the command must end with status 0 and write no error."""
    done = subprocess.run([sys.executable, "-m", "bot", "chat", "--user", user], input=lines,
                          env=env, cwd=cwd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done.stdout


STARTUP = 60.0  # seconds for `plaza run` to serve: imports and migrations on a slow machine


class Bot:
    """One `python -m bot run` process; its log (standard error) is collected as it comes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.log: list[str] = []
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        assert self.process.stderr is not None
        async for line in self.process.stderr:
            self.log.append(line.decode())

    async def exit_status(self, within: float = 30.0) -> int:
        status = await asyncio.wait_for(self.process.wait(), within)
        await self._reader
        return status

    def stop(self) -> None:
        if self.process.returncode is None:
            self.process.kill()


async def plaza_run(cwd: Path, **settings: str) -> Bot:
    """`python -m bot run` started in `cwd` with only `settings` (plaza_env), logging at
    DEBUG unless they say otherwise."""
    variables = plaza_env(**{"LOG_LEVEL": "DEBUG", **settings})
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=cwd, env=variables,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE)
    return Bot(process)
