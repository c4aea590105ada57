"""The daily digest's clock: one APScheduler job, every minute, on the adapters' loop.

There is no job per person. Each tick adopts people with no due time yet,
then claims due people batch after batch (storage.deliveries) and hands them
to a few concurrent deliveries (bot.digest.dispatch) until nobody is due. The job
runs with `max_instances=1` (a long tick is never doubled), `coalesce` (ticks
missed while the loop was busy run once) and a generous misfire grace (a late
tick still runs: due people wait for it, none is skipped).

Any number of processes may tick against one PostgreSQL database: the claim
and the delivery key keep each digest to one sender.

After the digests, a tick tells the reporters of reports the operator acted on
(`plaza reports`) what was done, through the same senders (bot.digest.notices).

A second job, every `NOTIFY_EVERY` seconds, pushes the notifications due
(bot.notify.push) through the same senders and pool.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.adapters.base import Sender
from bot.digest.compose import Summarizer
from bot.digest.dispatch import Dispatcher
from bot.digest.notices import ReportNotices
from bot.digest.summary import extractive
from bot.digest.tally import TickStatus, describe
from bot.notify.push import Notifier
from bot.settings import Settings
from storage import deliveries
from storage.models import utcnow

log = logging.getLogger(__name__)
BULK_SPAN = timedelta(hours=26)  # what a busy tick reads at once: a day and some slack
NOTIFY_EVERY = 3  # seconds between two looks for notifications to push


class SkippedRuns(logging.Filter):
    """Drops APScheduler's warning that a run of a job was skipped because the previous
    one still runs. Both jobs here run with `max_instances=1` on purpose (a long tick or
    fan-out is never doubled), so a skipped run is the design working, and a push of
    30,000 notifications would otherwise log it every `NOTIFY_EVERY` seconds for half an
    hour. Every other record of the logger passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno == logging.WARNING
                    and "maximum number of running instances" in str(record.msg))


SKIPPED_RUNS = SkippedRuns()


@dataclass(frozen=True, slots=True)
class Batching:
    """How a tick works through due people."""

    batch: int = 50  # people claimed per statement
    concurrent: int = 16  # digests composed or in flight at once: keeps the adapter's pacer fed
    lease: timedelta = timedelta(minutes=5)  # a dead worker's claims are free again after this
    notify_every: float = NOTIFY_EVERY  # seconds between two looks for notifications

    @classmethod
    def from_settings(cls, settings: Settings) -> Batching:
        return cls(batch=settings.digest.batch,
                   lease=timedelta(seconds=settings.digest.lease))


class DigestScheduler:
    def __init__(
        self,
        engine: sa.Engine,
        senders: Mapping[str, Sender],
        summarize: Summarizer = extractive,
        clock: Callable[[], datetime] = utcnow,
        pace: Batching = Batching(),
    ) -> None:
        self.clock = clock
        self.pace = pace
        self.token = uuid.uuid4().hex  # this worker, in the keys it owns
        self._pool = ThreadPoolExecutor(pace.concurrent, thread_name_prefix="digest")
        self.dispatcher = Dispatcher(engine, senders, summarize, clock, self._pool, pace.lease)
        self.notices = ReportNotices(self.dispatcher, clock)
        self.notifier = Notifier(self.dispatcher, clock)
        self.platforms = [str(platform) for platform in senders]
        self._scheduler: AsyncIOScheduler | None = None
        self._stopping = False
        self._running: asyncio.Task | None = None  # the digests' tick, while it runs
        self._pushing: asyncio.Task | None = None  # the notifications' push, while it runs

    async def tick(self) -> Counter[str]:
        """Deliver every digest due now; how each ended ('sent', 'empty', 'later'...)."""
        self._running = asyncio.current_task()
        recent = self.dispatcher.renew()
        tally: Counter[str] = Counter()
        adopted = await self.dispatcher.transaction(deliveries.adopt, self.clock())
        tally[TickStatus.adopted] = adopted
        queue: asyncio.Queue[deliveries.Claim | None] = asyncio.Queue(self.pace.batch)
        workers = [asyncio.create_task(self._work(queue, tally))
                   for _ in range(self.pace.concurrent)]
        try:
            while not self._stopping:
                now = self.clock()
                claims = await self.dispatcher.transaction(
                    deliveries.claim, now, self.token, self.pace.lease, self.pace.batch,
                    self.platforms)
                if not claims:
                    break
                if len(claims) == self.pace.batch and not recent.fresh(now):
                    # A busy minute: read the recent posts once for the digests to come.
                    await self.dispatcher.transaction(recent.open, now - BULK_SPAN, now,
                                                      read_only=True)
                await self.dispatcher.prefetch(claims)  # the batch composed together
                for claim in claims:
                    await queue.put(claim)
        finally:
            for _ in workers:
                await queue.put(None)
            await asyncio.gather(*workers)
            self._running = None
        if not self._stopping:  # the reporters of reports acted on (`plaza reports`)
            tally[TickStatus.told] = await self.notices.tell()
        return tally

    async def _work(self, queue: asyncio.Queue, tally: Counter[str]) -> None:
        while (claim := await queue.get()) is not None:
            if self._stopping:  # give it back at once rather than at the end of the lease
                now = self.clock()
                await self.dispatcher.transaction(deliveries.retry_later, claim, now, now)
                tally[TickStatus.released] += 1
                continue
            try:
                tally[await self.dispatcher.deliver(claim)] += 1
            except Exception:  # the database itself failed: the lease brings it back
                log.exception("delivering the digest of person %d failed", claim.person_id)
                tally[TickStatus.later] += 1

    def start(self) -> None:
        """Tick at the start of every minute on the running loop, and once right now."""
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        # APScheduler's scheduler logs under this name by default; a logger keeps each
        # filter once however often it is added.
        logging.getLogger("apscheduler.scheduler").addFilter(SKIPPED_RUNS)
        self._scheduler.add_job(self._logged_tick, CronTrigger(second=0, timezone=UTC),
                                id="digests", max_instances=1, coalesce=True,
                                misfire_grace_time=600, next_run_time=datetime.now(UTC))
        self._scheduler.add_job(self._logged_push,
                                IntervalTrigger(seconds=self.pace.notify_every),
                                id="notifications", max_instances=1, coalesce=True,
                                misfire_grace_time=60)
        self._scheduler.start()

    async def _logged_push(self) -> None:
        if self._stopping:
            return
        self._pushing = asyncio.current_task()
        try:
            if sent := await self.notifier.push():
                log.info("%d notification message(s) sent", sent)
        except Exception:  # the database failed: the leases bring the claims back
            log.exception("pushing notifications failed")
        finally:
            self._pushing = None

    async def _logged_tick(self) -> None:
        tally = await self.tick()
        if any(tally.values()):
            log.info("%s", describe(tally))

    async def stop(self, within: float = 20.0) -> None:
        """Stop claiming, let the digests and notifications in flight finish (up to `within`
        seconds), give back the ones not started."""
        self._stopping = self.notifier.stopping = True
        if self._scheduler is not None:
            self._scheduler.pause()  # no new tick; shutting down now would cancel this one
        running = [task for task in (self._running, self._pushing)
                   if task is not None and not task.done()]
        if running:
            _, late = await asyncio.wait(running, timeout=within)
            if late:
                log.warning("digests or notifications still in flight after %.0f s; their "
                            "leases bring them back", within)
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
        self._pool.shutdown(wait=False)
