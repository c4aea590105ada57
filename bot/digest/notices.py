"""Telling reporters what was done with their report, on the digest scheduler's tick.

The operator acts from `plaza reports`, which has no chat connection; the serving
process tells the reporter, the way it sends a digest (bot.digest.dispatch):

    untold decisions (storage.reports.untold: removed, suspended or gone, told_at NULL;
                      one per reporter and act, however many of their reports it closed)
      -> claim (storage.reports.claim_notice: told_at set by one conditional UPDATE)
      -> routes (storage.deliveries.routes: reachable identities, the digest's order)
      -> one short message in the reporter's language -> the adapter's send (its pacing)

The claim comes before the send, so a notice is sent at most once whatever the number
of workers: a notice lost to a crash between the two is better than the same notice
twice, and it says nothing the reporter needs to act on. A dismissed report is never
told (platforms say nothing of those either). The words say what the reporter reported
and what was done (`wording`): a post removed, its author suspended, the account they
reported suspended, or what they reported gone before anyone acted. A chat that is gone
is marked unreachable (storage.accounts.chat_unreachable) and the next route tried; a
send that still fails after the adapter's retries is logged and given up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session

from bot.digest.dispatch import Dispatcher
from bot.errors import DeliveryError, Unreachable
from bot.messages import Reply
from bot.phrases import say
from storage import deliveries, network, reports
from storage.deliveries import Route
from storage.models import Person, ReportStatus

log = logging.getLogger(__name__)
BATCH = 100  # notices read per tick; the rest wait a minute


class ReportNotices:
    """Tells reporters, through `dispatcher`'s senders and pool, what was done."""

    def __init__(self, dispatcher: Dispatcher, clock: Callable[[], datetime]) -> None:
        self.dispatcher, self.clock = dispatcher, clock

    async def tell(self) -> int:
        """Tell every reporter due a notice now; how many were told."""
        decisions = await self.dispatcher.transaction(reports.untold, BATCH, read_only=True)
        told = 0
        for decision in decisions:
            notice = await self.dispatcher.transaction(reports.claim_notice, decision,
                                                       self.clock())
            if notice is None:
                continue  # another worker's
            routes, reply = await self.dispatcher.transaction(self._prepare, notice,
                                                              read_only=True)
            told += await self._send(notice, routes, reply)
        return told

    def _prepare(self, session: Session, notice: reports.Notice
                 ) -> tuple[list[Route], Reply | None]:
        """Where to tell `notice`'s reporter, and what, in their language."""
        reporter = session.get(Person, notice.reporter_id)
        if reporter is None:  # their account was deleted meanwhile
            return [], None
        found = deliveries.routes(session, notice.reporter_id, list(self.dispatcher.senders))
        key, fields = wording(notice)
        return found, Reply(say(key, reporter.language, **fields))

    async def _send(self, notice: reports.Notice, routes: list[Route],
                    reply: Reply | None) -> int:
        """1 when `reply` reached the reporter on one of `routes`, else 0."""
        if reply is None:
            return 0
        for route in routes:
            try:
                await self.dispatcher.senders[route.platform].send(route.chat_id, reply)
            except Unreachable:
                await self.dispatcher.transaction(network.chat_unreachable, route.platform,
                                                  route.chat_id)
                continue
            except DeliveryError:
                log.warning("telling the reporter of reports %s failed", notice.report_ids)
                return 0
            return 1
        return 0


def wording(notice: reports.Notice) -> tuple[str, dict[str, object]]:
    """The phrase (bot.phrases) that tells `notice`'s reporter what was done, and its
    fields: about the account when they reported the account, else about their post
    (or posts, when one act closed several of theirs)."""
    one: dict[str, object] = {"id": notice.post_ids[0]} if len(notice.post_ids) == 1 else {}
    named: dict[str, object] = {"handle": notice.handle}
    if notice.status == ReportStatus.removed:  # one post at a time
        return "report.told_removed", one
    if notice.status == ReportStatus.suspended:
        if notice.person or not notice.post_ids:
            return "report.told_suspended", named
        return ("report.told_suspended_post", one | named) if one else (
            "report.told_suspended_posts", named)
    if notice.person or not notice.post_ids:
        return "report.told_gone_person", named
    return ("report.told_gone_post", one) if one else ("report.told_gone_posts", named)
