"""Peak memory of `plaza run` serving Telegram and Discord at once: idle, then after a burst.

    python -m bench.serve_memory [--burst 1000] [--platforms discord,telegram] [--json]

A fake Telegram Bot API server and a fake Discord (REST and gateway), both with
their platform's limits on, run in this process; `python -m bot run` runs as a
child process, pointed at them (TELEGRAM_BASE_URL, DISCORD_API_URL,
DISCORD_GATEWAY_URL) with a fresh SQLite file and the offline understanding,
as someone would start it. Once it polls Telegram and has identified on the
gateway, its peak resident memory (VmHWM in /proc/<pid>/status: start-up,
imports and migrations included) is read "idle". Then `--burst` new people on
each platform write their first direct message at the same moment; once every
one of them has been answered (and a second has passed with nothing more
sent), the peak is read again. Target: under 200 MB
(Heroku's smallest dyno has 512 MB). Exit status 1 when a reading passes the
target or someone got no answer. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
import tempfile
import time
from collections import deque
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tests.fakes.discord_server import FakeDiscord
from tests.fakes.discord_server import User as DiscordUser
from tests.fakes.telegram_people import Person as TelegramPerson
from tests.fakes.telegram_server import FakeTelegram
from tests.processes import plaza_env

TARGET_MB = 200.0
STARTUP = 120.0  # seconds for imports, migrations, login and the gateway on a slow machine
FIRST_DISCORD_USER = 400_000_000_000_000_000
FIRST_TELEGRAM_USER = 700_000_000
PLATFORMS = ("discord", "telegram")
PROGRESS_EVERY = 10.0  # s between progress lines on stderr
QUIET = 1.0  # s without a new message after which a turn's answer counts as complete


@dataclass
class Memory:
    """One reading of /proc/<pid>/status, in MB (2**20 bytes)."""

    peak: float  # VmHWM: the most resident memory the process has had so far
    now: float  # VmRSS


@dataclass
class Figures:
    burst: int  # people per platform
    platforms: list[str]
    started_in: float  # s from launch until serving both platforms
    idle: Memory
    after: Memory
    answered_in: float  # s from the burst to the last message Plaza sent
    answers: int  # messages the people received
    unanswered: dict[str, int]  # people who got nothing, by platform
    errors: int  # lines plaza logged at ERROR or worse
    last_error: str | None
    discord_429: dict[str, int]  # the fake Discord's 429s: global, route
    telegram_429: int
    exit_status: int | None  # after SIGTERM

    def met(self) -> bool:
        return (max(self.idle.peak, self.after.peak) < TARGET_MB
                and not any(self.unanswered.values()))


def memory(pid: int) -> Memory:
    """The process's peak and current resident memory, from /proc (Linux)."""
    fields: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmHWM", "VmRSS"):
            fields[name] = int(value.split()[0]) / 1024  # kB
    return Memory(peak=fields["VmHWM"], now=fields["VmRSS"])


class Plaza:
    """`python -m bot run` as a child process; its log kept (the last lines) as it comes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.log: deque[str] = deque(maxlen=40)
        self.errors: list[str] = []  # the lines logged at ERROR or worse
        self._reader = asyncio.ensure_future(self._read())

    @classmethod
    async def launch(cls, telegram: FakeTelegram, discord: FakeDiscord, platforms: list[str],
                     folder: Path) -> Plaza:
        settings = {"DATABASE_URL": f"sqlite:///{folder / 'plaza.db'}", "LOG_LEVEL": "WARNING"}
        if "telegram" in platforms:
            settings |= {"TELEGRAM_BOT_TOKEN": telegram.token,
                         "TELEGRAM_BASE_URL": telegram.base_url}
        if "discord" in platforms:
            settings |= {"DISCORD_BOT_TOKEN": discord.token, "DISCORD_API_URL": discord.api_url,
                         "DISCORD_GATEWAY_URL": discord.gateway_url}
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=folder, env=plaza_env(**settings),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE)
        return cls(process)

    async def _read(self) -> None:
        assert self.process.stderr is not None
        async for line in self.process.stderr:
            text = line.decode(errors="replace")
            self.log.append(text)
            if " ERROR " in text or " CRITICAL " in text:
                self.errors.append(text.strip())

    async def until(self, check: asyncio.Future[Any], timeout: float, what: str) -> None:
        """Wait for `check`; RuntimeError, with the log's end, if Plaza exits or `timeout`
        seconds pass first."""
        exited = asyncio.ensure_future(self.process.wait())
        done, _ = await asyncio.wait([check, exited], timeout=timeout,
                                     return_when=asyncio.FIRST_COMPLETED)
        if check not in done:
            check.cancel()
            exited.cancel()
            reason = (f"exited with status {self.process.returncode}"
                      if exited in done else f"not within {timeout:.0f} s")
            raise RuntimeError(f"plaza run: {what}: {reason}\n{''.join(self.log)}")
        exited.cancel()
        check.result()

    async def stop(self, within: float = 30.0) -> int | None:
        """SIGTERM, as Heroku stops a dyno; the exit status, or None if it had to be killed."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), within)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
                await self._reader
                return None
        await self._reader
        return self.process.returncode


async def measure(burst: int, platforms: list[str], idle_seconds: float,
                  answer_within: float, stall: float = 60.0, progress: bool = False
                  ) -> Figures:
    discord_people = [DiscordUser(FIRST_DISCORD_USER + i, f"dperson{i}", f"D Person {i}")
                      for i in range(burst if "discord" in platforms else 0)]
    telegram_people = [TelegramPerson(FIRST_TELEGRAM_USER + i, f"T Person {i}", f"tperson{i}")
                       for i in range(burst if "telegram" in platforms else 0)]
    with tempfile.TemporaryDirectory() as folder:
        async with FakeTelegram() as telegram, FakeDiscord() as discord:
            launched = time.monotonic()
            plaza = await Plaza.launch(telegram, discord, platforms, Path(folder))
            try:
                serving = []
                if "telegram" in platforms:
                    serving.append(telegram.wait_until(
                        lambda: telegram.called("getUpdates"), STARTUP))
                if "discord" in platforms:
                    serving.append(discord.wait_connected(STARTUP))
                await plaza.until(asyncio.ensure_future(asyncio.gather(*serving)), STARTUP,
                                  "serving")
                started_in = time.monotonic() - launched
                await asyncio.sleep(idle_seconds)  # idle: nothing arrives
                idle = memory(plaza.process.pid)

                began = time.monotonic()
                for user in discord_people:
                    discord.dm(user, f"post: Market day, stall {user.id}")
                for person in telegram_people:
                    telegram.message(person, f"post: Market day, stall {person.id}")
                inboxes = ([discord.sent[discord.dm_channel_of(u)] for u in discord_people]
                           + [telegram.sent[p.id] for p in telegram_people])

                async def everyone_answered() -> None:
                    """Until everyone has an answer and nothing more came for QUIET s."""
                    counted, since, told = -1, time.monotonic(), time.monotonic()
                    while not all(inboxes) or time.monotonic() - since < QUIET:
                        await asyncio.sleep(0.1)
                        if time.monotonic() - since > stall:
                            return  # nothing sent for `stall` s: the rest will not come
                        if (now := sum(map(len, inboxes))) != counted:
                            counted, since = now, time.monotonic()
                        if progress and time.monotonic() - told >= PROGRESS_EVERY:
                            told = time.monotonic()
                            print(f"{told - began:.0f} s: {sum(map(bool, inboxes))} of "
                                  f"{len(inboxes)} answered", file=sys.stderr)

                try:
                    await plaza.until(asyncio.ensure_future(everyone_answered()),
                                      answer_within, "answering the burst")
                except RuntimeError as error:
                    print(error, file=sys.stderr)  # with the end of its log
                last = max((sent.at for inbox in inboxes for sent in inbox), default=began)
                answered_in = last - began
                after = memory(plaza.process.pid)
            finally:
                exit_status = await plaza.stop()
            return Figures(
                burst=burst, platforms=platforms, started_in=started_in, idle=idle,
                after=after, answered_in=answered_in,
                answers=sum(len(inbox) for inbox in inboxes),
                unanswered={
                    "discord": sum(not inbox for inbox in inboxes[:len(discord_people)]),
                    "telegram": sum(not inbox for inbox in inboxes[len(discord_people):])},
                errors=len(plaza.errors), last_error=plaza.errors[-1] if plaza.errors else None,
                discord_429={"global": discord.too_many_global,
                             "route": discord.too_many_route},
                telegram_429=telegram.too_many, exit_status=exit_status)


def report(f: Figures) -> None:
    print(f"plaza run on {' and '.join(f.platforms)}, serving {f.started_in:.1f} s after launch")
    print(f"idle: peak {f.idle.peak:.1f} MB (now {f.idle.now:.1f} MB)")
    people = len(f.platforms) * f.burst
    print(f"after {f.burst} people on each platform ({people}) wrote at once and were "
          f"answered (last message {f.answered_in:.1f} s later): peak {f.after.peak:.1f} MB "
          f"(now {f.after.now:.1f} MB); target < {TARGET_MB:.0f} MB")
    unanswered = ", ".join(f"{platform} {f.unanswered[platform]}" for platform in f.platforms)
    print(f"answers {f.answers}; unanswered: {unanswered} (target 0)")
    print(f"429 answers: Discord global {f.discord_429['global']}, route "
          f"{f.discord_429['route']}; Telegram {f.telegram_429}")
    print(f"errors logged {f.errors}" + (f", the last: {f.last_error}" if f.last_error else ""))
    print(f"exit status after SIGTERM {f.exit_status}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.serve_memory",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--burst", type=int, default=1000,
                        help="people on each platform who write at once")
    parser.add_argument("--platforms", default=",".join(PLATFORMS),
                        help="which adapters plaza run starts, comma-separated")
    parser.add_argument("--idle", type=float, default=2.0,
                        help="seconds of nothing happening before the idle reading")
    parser.add_argument("--within", type=float, default=1800.0,
                        help="seconds the burst may take to be answered")
    parser.add_argument("--stall", type=float, default=60.0,
                        help="seconds without any message sent after which the rest of the "
                             "burst counts as unanswered")
    parser.add_argument("--progress", action="store_true",
                        help=f"say how many are answered every {PROGRESS_EVERY:.0f} s (stderr)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    platforms = [p.strip() for p in args.platforms.split(",") if p.strip()]
    if not platforms or set(platforms) - set(PLATFORMS):
        parser.error(f"--platforms: some of {', '.join(PLATFORMS)}")
    logging.basicConfig(level=logging.WARNING)
    figures = asyncio.run(measure(args.burst, platforms, args.idle, args.within,
                                     args.stall, args.progress))
    if args.json:
        print(json.dumps(asdict(figures) | {"met": figures.met()}))
    else:
        report(figures)
    return 0 if figures.met() else 1


if __name__ == "__main__":
    raise SystemExit(main())
