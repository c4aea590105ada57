"""Sending one claimed digest: compose it, send it where the person was last, record it.

    claim -> routes (reachable identities, used last first)
          -> none: 'unreachable'
          -> compose -> nothing new (and not "always"): 'empty'
          -> the key still ours (renewed)? send on the first route -> 'sent'
                  403 / gone: the identity whose chat it is is marked unreachable
                              (storage.accounts.chat_unreachable), next route
                  failed after the adapter's retries: again later, 'failed' at last

Database work runs on a thread pool, never on the event loop, so a burst of
digests does not hold up anyone's conversation; the send itself is the
adapter's, with its pacing. The session is closed before the summary is
written, so a slow language model holds no database snapshot.

In a busy minute the scheduler has a whole batch of claims composed together
(`prefetch`, bot.digest.compose.gather_many: a few statements for the batch
instead of a few per digest); each delivery then takes its digest ready, or
composes it alone if it was not read ahead for the same moment.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

import sqlalchemy as sa
from sqlmodel import col

from bot.adapters.base import Sender
from bot.digest.compose import Digest, Summarizer, gather, gather_many, since_for, written
from bot.digest.tally import TickStatus
from bot.errors import DeliveryError, Unreachable
from bot.messages import Reply
from bot.replies import render
from storage import deliveries, network
from storage.db import session_scope
from storage.deliveries import Claim, Route
from storage.digest_window import Recent
from storage.models import DeliveryStatus, Person
from storage.tables import row_id

log = logging.getLogger(__name__)
T = TypeVar("T")
ATTEMPTS = 3  # sends that failed after the adapter's own retries, before giving up the day
RETRY = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Prepared:
    routes: list[Route]
    digest: Digest | None = None
    always: bool = False


class Dispatcher:
    def __init__(
        self, engine: sa.Engine, senders: Mapping[str, Sender], summarize: Summarizer,
        clock: Callable[[], datetime], pool: ThreadPoolExecutor, lease: timedelta,
    ) -> None:
        self.engine = engine
        self.lease = lease
        self.senders = senders
        self.summarize = summarize
        self.clock = clock
        self.pool = pool
        self.recent = Recent()  # renewed each tick by the scheduler (`renew`)
        self.ready: dict[int, Digest] = {}  # person id -> digest composed ahead (`prefetch`)

    async def _db(self, work: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.pool, work, *args)

    async def transaction(self, work: Callable[..., T], *args: object,
                          read_only: bool = False) -> T:
        """`work(session, *args)` in one transaction, on the pool; `read_only` for work that
        only reads, which then need not wait for SQLite's one writer (storage.db)."""

        def run() -> T:
            with session_scope(self.engine, read_only=read_only) as session:
                return work(session, *args)

        return await self._db(run)

    def renew(self) -> Recent:
        """A fresh Recent for a new tick; digests composed ahead for the last one go."""
        self.recent, self.ready = Recent(), {}
        return self.recent

    async def prefetch(self, claims: list[Claim]) -> None:
        """Compose the digests of `claims` together, ahead of their delivery, while the
        tick's window is fresh. A failure here only means each is composed alone."""
        if not claims or not self.recent.fresh(self.clock()):
            return  # a quiet minute's few digests: one by one, at the moment each is sent
        try:
            self.ready.update(await self._db(self._gather, [c.person_id for c in claims]))
        except Exception:
            log.exception("composing %d digests together failed; composing them one by one",
                          len(claims))

    def _gather(self, ids: list[int]) -> dict[int, Digest]:
        with session_scope(self.engine, read_only=True) as session:
            people = session.scalars(sa.select(Person).where(col(Person.id).in_(ids)))
            found = {row_id(person): person for person in people}
            now = self.recent.as_of(self.clock())
            readers = [(found[pid], now, since_for(found[pid], now)) for pid in ids
                       if pid in found]
            return {row_id(person): digest for (person, _, _), digest
                    in zip(readers, gather_many(session, readers, self.recent), strict=True)}

    async def deliver(self, claim: Claim) -> TickStatus:
        """Deliver one claim; how it ended, or `later` when it will be tried again."""
        try:
            prepared = await self._db(self._prepare, claim)
            if not prepared.routes:
                return await self._finish(claim, DeliveryStatus.unreachable)
            digest = prepared.digest
            if digest is None or (digest.empty and not prepared.always):
                return await self._finish(claim, DeliveryStatus.empty,
                                          composed_at=digest.now if digest else None)
            reply = await self._db(self._write, digest)
        except Exception:
            log.exception("composing the digest of person %d failed", claim.person_id)
            return await self._again(claim)
        for route in prepared.routes:
            if not await self.transaction(deliveries.renew, claim, self.clock(), self.lease):
                return TickStatus.later  # too slow: the key may be another worker's by now
            try:
                await self.senders[route.platform].send(route.chat_id, reply)
            except Unreachable:
                # Skipped until they write again (storage.accounts.arrive marks it back).
                await self.transaction(network.chat_unreachable, route.platform, route.chat_id)
                continue
            except DeliveryError:
                return await self._again(claim)
            return await self._finish(claim, DeliveryStatus.sent, route.platform, digest.now)
        return await self._finish(claim, DeliveryStatus.unreachable)

    def _prepare(self, claim: Claim) -> Prepared:
        with session_scope(self.engine, read_only=True) as session:
            found = deliveries.routes(session, claim.person_id, list(self.senders))
            person = session.get(Person, claim.person_id)
            if not found or person is None:
                return Prepared(found)
            now = self.recent.as_of(self.clock())
            digest = self.ready.pop(claim.person_id, None)
            if digest is None or (digest.now, digest.since) != (now, since_for(person, now)):
                digest = gather(session, person, now, recent=self.recent)
            return Prepared(found, digest, person.digest_always)

    def _write(self, digest: Digest) -> Reply:
        return render(written(digest, self.summarize), digest.language, digest.now)

    async def _finish(self, claim: Claim, status: DeliveryStatus, platform: str | None = None,
                      composed_at: datetime | None = None) -> TickStatus:
        kept = await self.transaction(deliveries.finish, claim, status, self.clock(), platform,
                                      composed_at)
        if not kept:
            log.warning("digest of person %d for %s: another worker took the key over",
                        claim.person_id, claim.day)
        return TickStatus(status)

    async def _again(self, claim: Claim) -> TickStatus:
        """A failed attempt: try again in a while, or give the day up after ATTEMPTS."""
        if claim.attempts >= ATTEMPTS:
            return await self._finish(claim, DeliveryStatus.failed)
        now = self.clock()
        await self.transaction(deliveries.retry_later, claim, now, now + RETRY)
        return TickStatus.later
