"""`plaza run` with a platform configured: every adapter the settings configure
(bot.adapters.registry) and the digest scheduler, on one asyncio loop until told to stop.

SIGTERM (Heroku's stop, which allows 30 s) and SIGINT (Ctrl-C) stop receiving,
let the turns in flight finish and answer, and exit 0 within `STOP_WITHIN`.
Exit 1 means Plaza could not serve: a platform refused its settings at start
(bot.errors.CannotStart: a refused token, a Bot API server unreachable or
answering 404), or one stopped on its own (another process polls the same
token). Logging (levels, secrets masked) is set up by bot.logs before this runs.
No platform's library is imported here: each lives in its adapter's package.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable, Mapping
from contextlib import suppress
from functools import partial

import sqlalchemy as sa

from bot.adapters import registry
from bot.adapters.base import Adapter, Sender
from bot.conversation import Conversation, Understander, offline
from bot.conversation.states import DatabaseStates
from bot.conversation.turns import Turns
from bot.digest.scheduler import Batching, DigestScheduler
from bot.digest.summary_model import summarizer
from bot.errors import CannotStart
from bot.settings import Settings
from bot.shared.chat_locks import ChatLocks, RedisChatLocks
from bot.understanding.llm import ModelUnderstanding

log = logging.getLogger("bot.cli.serve")
STOP_WITHIN = 25.0  # seconds; Heroku kills at 30
DIGESTS_WITHIN = 5.0  # of those, for digests being sent; the others are picked up after


def serve(settings: Settings, engine: sa.Engine, model: ModelUnderstanding | None = None) -> int:
    """Serve every configured platform until SIGTERM/SIGINT; the exit status for the process.

    `model`, when configured, understands messages and writes digest summaries.
    SystemExit names a setting a platform lacks.
    """
    adapters = registry.adapters(settings)
    digests = partial(DigestScheduler, engine, summarize=summarizer(model),
                      pace=Batching.from_settings(settings))
    return asyncio.run(_serve(adapters, engine, model or offline, digests, settings.redis_url))


def _chat_locks(redis_url: str | None) -> ChatLocks | None:
    """Who holds a chat: Redis when several workers share the bot (REDIS_URL), else this
    process (None: Turns' own)."""
    if redis_url is None:
        return None
    from bot.shared.redis import client

    return RedisChatLocks(client(redis_url))


async def _serve(adapters: list[Adapter], engine: sa.Engine, understand: Understander,
                 digests: Callable[[Mapping[str, Sender]], DigestScheduler],
                 redis_url: str | None = None) -> int:
    locks = _chat_locks(redis_url)
    turns = Turns(Conversation(engine, understand=understand, states=DatabaseStates(engine)),
                  locks=locks)
    if isinstance(locks, RedisChatLocks):
        await locks.ping()  # a REDIS_URL that does not answer is said at once
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    started: list[Adapter] = []
    try:
        for adapter in adapters:
            turns.repliers[adapter.platform] = adapter.replier
            await adapter.start(turns)
            started.append(adapter)
            log.info("Plaza is on %s.", adapter.describe())
    except CannotStart as error:
        log.error("%s", error)
        await asyncio.gather(*(adapter.stop() for adapter in started))
        return 1
    # On this loop, through each adapter's send.
    scheduler = digests({adapter.platform: adapter for adapter in adapters})
    scheduler.start()
    # Updates a worker left (killed mid-turn), this one's from before a restart included.
    sweeping = asyncio.create_task(turns.sweeping())
    waits = [asyncio.create_task(stopping.wait()),
             *(asyncio.create_task(adapter.done.wait()) for adapter in adapters)]
    await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    for task in waits:
        task.cancel()
    log.info("Stopping: finishing the turns and digests in flight.")
    sweeping.cancel()
    with suppress(asyncio.CancelledError):
        await sweeping
    await scheduler.stop(within=DIGESTS_WITHIN)
    try:
        await asyncio.wait_for(_stop(turns, adapters), STOP_WITHIN - DIGESTS_WITHIN)
    except TimeoutError:
        log.warning("Some turns were still running after %.0f s; leaving them.", STOP_WITHIN)
        return 1
    turns.close()
    log.info("Stopped.")
    return 0 if all(adapter.failure is None for adapter in adapters) else 1


async def _stop(turns: Turns, adapters: list[Adapter]) -> None:
    """Take no more updates (platforms deliver them again: to another worker, or to this
    one restarted), finish the turns started, then stop every adapter."""
    await turns.stop_receiving()
    await asyncio.gather(*(adapter.stop() for adapter in adapters))
