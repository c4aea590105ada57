"""Pushing notifications as they happen, every few seconds, through the digests' senders.

    look     whether anything is due, in a read (an idle worker writes nothing)
    expire   what nobody could be sent within its lifetime (storage.notifications)
    claim    a batch of due notifications, oldest first, for a lease
    per recipient, in one transaction:
             gone, or the kind switched off, or (`deliverable`) a block, mute,
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
adapters' pacing; on Discord, as bulk with the digests).
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

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
    routes: list[Route] = field(default_factory=list)
    reply: Reply | None = None


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

        while not self.stopping:
            now = self.clock()
            claimed = await self.dispatcher.transaction(notifications.claim, now, BATCH,
                                                        self.dispatcher.lease)
            if not claimed:
                break
            plans = await self.dispatcher.transaction(self._plan, claimed, now)
            sent += sum(await asyncio.gather(*(deliver(plan) for plan in plans)))
        return sent

    def _plan(self, session: Session, claimed: list[Pending], now: datetime) -> list[Plan]:
        """Each recipient's plan; what is skipped or waits is recorded here."""
        mine: dict[int, list[Pending]] = defaultdict(list)
        for item in claimed:
            mine[item.recipient_id].append(item)
        still = notifications.deliverable(session, claimed)
        platforms = list(self.dispatcher.senders)
        plans = []
        for recipient_id, items in mine.items():
            person = session.get(Person, recipient_id)
            if person is None:
                continue  # the account went meanwhile, and its notifications with it
            off = notifications.kinds_off(person)
            keep = [item for item in items if item.id in still and item.kind not in off]
            notifications.finish(session, [i.id for i in items if i not in keep],
                                 NotificationStatus.skipped, now)
            if not keep:
                continue
            ids = [item.id for item in keep]
            if (until := notifications.quiet_until(person, now)) is not None:
                notifications.postpone(session, ids, until)
                continue
            routes = deliveries.routes(session, recipient_id, platforms)
            if not routes:
                notifications.postpone(session, ids, now + RETRY)
                continue
            told = [self._told(session, item) for item in keep]
            plans.append(Plan(recipient_id, ids, routes, message(told, person.language)))
        return plans

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
        """1 when the plan's message reached its recipient, else 0 (and it waits RETRY,
        or is given up when every route is gone)."""
        assert plan.reply is not None
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
