"""Pushing notifications as they happen, every few seconds, through the digests' senders.

    look     whether anything is due, in a read (an idle worker writes nothing)
    expire   what nobody could be sent within its lifetime (storage.notifications)
    claim    a batch of due notifications, oldest first, subscribed posts after the rest
             and taking turns between posts (a small account's post is not held behind
             a fan-out of thousands), for a lease
    per recipient, read in one transaction, written down in a second:
             gone, or the kind switched off, or (`deliverable`) a block, mute,
             a word the recipient hides (storage.steering),
             suspension, deleted post or ended follow since   -> skipped
             inside quiet hours                               -> postponed to their end
             no reachable route                               -> tried again in RETRY
             otherwise one message (bot.notify.compose)
    send     on the first route that takes it (a chat gone is marked unreachable and the
             next tried); sent -> finished 'sent'; a failed send -> tried again in RETRY,
             until the notification expires

Claims are per notification, so any number of workers push at once and each
notification goes to one of them; a claim's lease is the digests' (PLAZA_DIGEST_LEASE).
A send is recorded right after the platform took it: a worker killed between the two
leaves a claim whose lease runs out, and that notification is sent once more, the
digests' one window too (storage.deliveries).
Notifications are sent behind people's replies and ahead of digests (Priority: the
adapters' pacing; on Discord, as bulk with the digests). A batch is claimed and planned
while the one before is still going out (two batches at most are held, well within the
lease), and planned without SQLite's write lock, so a fan-out to thousands keeps the
platform's rate and the turns of people chatting meanwhile never queue behind it
(bench.notify).
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.adapters.base import Priority
from bot.digest.dispatch import Dispatcher
from bot.errors import DeliveryError, Unreachable
from bot.messages import Reply
from bot.notify.compose import Told, message
from storage import deliveries, network, notifications
from storage.deliveries import Route
from storage.models import NotificationKind, NotificationStatus, Person, Post
from storage.notifications import Pending

log = logging.getLogger(__name__)
BATCH = 200  # notifications claimed per statement
CONCURRENT = 16  # messages in flight at once: keeps the adapter's pacer fed
RETRY = timedelta(minutes=5)  # a recipient out of reach, or a failed send, tries again then


@dataclass(slots=True)
class Plan:
    """What to do for one recipient's claimed notifications: send `reply` (of `ids`) on
    the first of `routes` that takes it."""

    recipient_id: int
    ids: list[int]
    routes: list[Route]
    reply: Reply


@dataclass(slots=True)
class Batch:
    """A claimed batch planned: the messages to send, the notifications to skip, and
    those to wait (ids, until when)."""

    plans: list[Plan] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    waiting: list[tuple[list[int], datetime]] = field(default_factory=list)


class Notifier:
    """Pushes due notifications through `dispatcher`'s senders, pool and transactions."""

    def __init__(self, dispatcher: Dispatcher, clock: Callable[[], datetime]) -> None:
        self.dispatcher, self.clock = dispatcher, clock
        self.stopping = False

    async def push(self) -> int:
        """Send every notification due now, batch after batch; how many messages went (one
        per recipient and batch)."""
        if not await self.dispatcher.transaction(notifications.any_due, self.clock(),
                                                 read_only=True):
            return 0
        await self.dispatcher.transaction(notifications.expire, self.clock())
        sent = 0
        gate = asyncio.Semaphore(CONCURRENT)

        async def deliver(plan: Plan) -> int:
            async with gate:
                return await self._deliver(plan)

        # One batch goes out while the next is claimed and planned, its sends queued
        # behind the last ones at the gate, so the pacer never runs dry in between.
        going: asyncio.Future[list[int]] | None = None
        try:
            while not self.stopping:
                now = self.clock()
                claimed = await self.dispatcher.transaction(notifications.claim, now, BATCH,
                                                            self.dispatcher.lease)
                if not claimed:
                    break
                planned = await self.dispatcher.transaction(self._plan, claimed, now,
                                                            read_only=True)
                if planned.skipped or planned.waiting:
                    await self.dispatcher.transaction(self._record, planned, now)
                batch = asyncio.gather(*(deliver(plan) for plan in planned.plans))
                if going is not None:
                    sent += sum(await going)
                going = batch
        finally:
            if going is not None:
                sent += sum(await going)
        return sent

    def _plan(self, session: Session, claimed: list[Pending], now: datetime) -> Batch:
        """Each recipient's plan, and what is skipped or waits (recorded by `_record`).
        It only reads, so on SQLite it holds no write lock while the batch's sends go on."""
        mine: dict[int, list[Pending]] = defaultdict(list)
        for item in claimed:
            mine[item.recipient_id].append(item)
        still = notifications.deliverable(session, claimed, now)
        session.exec(select(Person).where(col(Person.id).in_(list(mine)))).all()  # at once
        platforms = list(self.dispatcher.senders)
        batch = Batch()
        for recipient_id, items in mine.items():
            person = session.get(Person, recipient_id)
            if person is None:
                continue  # the account went meanwhile, and its notifications with it
            off = notifications.kinds_off(person)
            keep = [item for item in items if item.id in still and item.kind not in off]
            batch.skipped += [i.id for i in items if i not in keep]
            if not keep:
                continue
            ids = [item.id for item in keep]
            if (until := notifications.quiet_until(person, now)) is not None:
                batch.waiting.append((ids, until))
                continue
            routes = deliveries.routes(session, recipient_id, platforms)
            if not routes:
                batch.waiting.append((ids, now + RETRY))
                continue
            told = [self._told(session, item) for item in keep]
            batch.plans.append(Plan(recipient_id, ids, routes, message(told, person.language)))
        return batch

    @staticmethod
    def _record(session: Session, batch: Batch, now: datetime) -> None:
        """Write down what `_plan` found skipped or waiting."""
        notifications.finish(session, batch.skipped, NotificationStatus.skipped, now)
        for ids, until in batch.waiting:
            notifications.postpone(session, ids, until)

    @staticmethod
    def _told(session: Session, item: Pending) -> Told:
        actor = session.get(Person, item.actor_id)
        handle = actor.handle if actor is not None else "?"
        post = session.get(Post, item.post_id) if item.post_id is not None else None
        if item.kind == NotificationKind.repost and post is not None and post.repost_of_id:
            return Told(item.kind, handle, post.repost_of_id)
        if item.kind == NotificationKind.like:
            return Told(item.kind, handle, item.post_id,
                        likes=notifications.like_count(session, item.post_id or 0))
        return Told(item.kind, handle, item.post_id, post.text if post is not None else "")

    async def _deliver(self, plan: Plan) -> int:
        """1 when the plan's message reached its recipient, else 0: then it waits RETRY
        (a chat gone is marked unreachable on the way), until it expires."""
        for route in plan.routes:
            try:
                await self.dispatcher.senders[route.platform].send(
                    route.chat_id, plan.reply, Priority.notification)
            except Unreachable:
                await self.dispatcher.transaction(network.chat_unreachable, route.platform,
                                                  route.chat_id)
                continue
            except DeliveryError:
                log.warning("notifying person %d failed; trying again later", plan.recipient_id)
                break
            await self.dispatcher.transaction(notifications.finish, plan.ids,
                                              NotificationStatus.sent, self.clock())
            return 1
        await self.dispatcher.transaction(notifications.postpone, plan.ids,
                                          self.clock() + RETRY)
        return 0
