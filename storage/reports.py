"""Reports: people flag a post or a person for the operator, who acts on them.

    file      report_post / report_person   a person, from the chat
    review    open_reports                  the operator (`plaza reports`)
    act       act(remove | suspend | dismiss), lift (unsuspend)
    tell      untold, claim_notice          the serving process tells the reporter

A report names what was there to see: a post the reporter may see (never their own; one
out of sight is "not found", as everywhere), or a person by handle (never oneself: a
block does not stop a report of the person, which is how someone blocked reports
harassment). The post's text at the time is kept (`Report.post_text`): the post may be
edited or removed before the operator reads it. A second report of the same thing by the
same person while it is open updates its reason instead of piling up, so a count of
reports is a count of people.

Acting on a report acts on what it names and resolves every open report of that thing:
removing a post resolves all reports of the post; suspending an account (storage.
suspension) resolves all reports about that person, posts included; dismissing resolves
the reports of the same post (or of the person, for a report of a person). A report is
for the operator alone: nothing here is ever shown to the reported person.

A report outlives what it names. Its post may be deleted by its author: the list says it
is gone, and removing it (or suspending an account that was deleted) closes its reports
as `gone`. The reported account may be deleted: the report stays, the operator's
record, with the person nulled and the handle the reporter saw (`Report.handle`); the
list shows "(account deleted)", and all that account's reports are still one case.

The reporter is told when something was done (removed, suspended, gone), as platforms
do, and told nothing of a dismissal. A reporter is told once per decision
(`Decision`: the reports one act resolved, by reporter), however many of their reports
it closed (a post and its author, reports from two accounts since merged). Telling is
claimed once (`claim_notice`: a conditional UPDATE of `told_at`), so several workers
never send the same notice twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Session

from storage import notifications
from storage.errors import InvalidInput, NotAllowed, NotFound, Reason
from storage.models import Person, Post, Report, ReportStatus, utcnow
from storage.posts import original_of, visible_post
from storage.relations import person_by_handle
from storage.suspension import suspend
from storage.tables import row_id, table
from storage.text import clean_text

report_t, person_t, post_t = table(Report), table(Person), table(Post)
REASON_MAX = 500  # characters: enough for what happened, short enough to read in a list
TOLD = (ReportStatus.removed, ReportStatus.suspended, ReportStatus.gone)  # what a reporter hears of


class Verb(StrEnum):
    """What the operator does with a report (`plaza reports VERB ID`)."""

    remove = "remove"  # remove the post
    suspend = "suspend"  # suspend the account
    dismiss = "dismiss"  # nothing to do


@dataclass(frozen=True)
class Filed:
    """A report as filed: its number, whether it is new (False: an open one of the same
    thing by the same person was updated), and the reported account's handle (a post's
    author's), as it is now."""

    id: int
    new: bool
    handle: str = ""


@dataclass
class OpenCase:
    """The open reports of one thing, for the operator: `post_id` (None for a report of a
    person) and its author `handle`; `ids` of the reports, oldest first (acting on any
    acts on all); how many `people` reported it; their `reasons` (non-empty, oldest first);
    the post's text when reported; when it was first reported; whether the account is
    suspended already, or deleted (`account_deleted`: `handle` is the one reported);
    whether the post is gone already (`post_gone`: deleted by its author, or with them)."""

    handle: str
    post_id: int | None
    post_text: str | None
    first_at: datetime
    suspended: bool
    account_deleted: bool = False
    post_gone: bool = False
    ids: list[int] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def people(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Resolved:
    """What acting on a report did: the `status` given (`gone` when the post, or the
    account, was gone already), the report numbers it resolved, the post removed (or
    whose reports were dismissed) and the person concerned, whose account may have been
    deleted (`account_deleted`: `handle` is the one reported)."""

    status: ReportStatus
    ids: list[int]
    handle: str
    post_id: int | None
    account_deleted: bool = False


@dataclass(frozen=True)
class Decision:
    """One act of the operator as one reporter is to hear of it: every report of theirs
    it resolved (same `status`, same `resolved_at`), told in one notice."""

    reporter_id: int
    status: ReportStatus
    resolved_at: datetime


@dataclass(frozen=True)
class Notice:
    """What to tell a reporter of one `Decision`: `status` is removed, suspended or gone;
    `handle` the account concerned (as it is now, or as reported if it was deleted);
    `post_ids` the posts they had reported among it, oldest first; `person`: whether they
    had reported the account itself; `report_ids` the reports told."""

    reporter_id: int
    status: ReportStatus
    handle: str
    post_ids: list[int]
    person: bool
    report_ids: list[int]


def clean_reason(raw: str) -> str:
    """A report's reason: cleaned like every text (storage.text.clean_text), on one line,
    at most REASON_MAX characters (InvalidInput(too_long, field="reason")); may be empty."""
    reason = " ".join(clean_text(raw).split())
    if len(reason) > REASON_MAX:
        raise InvalidInput(Reason.too_long, field="reason", limit=REASON_MAX,
                           length=len(reason))
    return reason


# The reporter's row, locked until the transaction ends: two identical reports sent at
# once (a double tap, two workers) find each other's instead of both inserting. FOR NO KEY
# UPDATE leaves the row's key free for likes and follows (SQLite ignores it: one writer).
_HOLD_REPORTER = (sa.select(person_t.c.id).where(person_t.c.id == sa.bindparam("me"))
                  .with_for_update(key_share=True))


def _file(session: Session, reporter: Person, person: Person, post_id: int | None,
          post_text: str | None, reason: str, now: datetime | None) -> Filed:
    person_id = row_id(person)
    me = row_id(reporter)
    session.execute(_HOLD_REPORTER, {"me": me})
    same = (report_t.c.post_id == post_id if post_id is not None
            else sa.and_(report_t.c.person_id == person_id, report_t.c.post_id.is_(None)))
    open_id = session.execute(sa.select(report_t.c.id).where(
        report_t.c.reporter_id == me, report_t.c.status == ReportStatus.open.value, same)
    ).scalar()
    if open_id is not None:
        if reason:  # "report #5" again, with no reason, keeps the one given
            session.execute(report_t.update().where(report_t.c.id == open_id)
                            .values(reason=reason))
        return Filed(int(open_id), new=False, handle=person.handle)
    new = Report(reporter_id=me, person_id=person_id, handle=person.handle, post_id=post_id,
                 post_text=post_text, reason=reason, created_at=now or utcnow())
    session.add(new)
    session.flush()
    return Filed(row_id(new), new=True, handle=person.handle)


def report_post(session: Session, reporter: Person, post_id: int, reason: str = "",
                now: datetime | None = None) -> Filed:
    """`reporter` reports the post numbered `post_id` (a repost: its original, what it
    shows), for `reason`. Raises NotFound for a post they may not see, NotAllowed
    (report_yourself) for their own, InvalidInput for a reason too long."""
    reason = clean_reason(reason)
    target = visible_post(session, reporter, original_of(session, post_id))
    if target.author_id == row_id(reporter):
        raise NotAllowed(Reason.report_yourself, id=post_id)
    author = session.get_one(Person, target.author_id)
    return _file(session, reporter, author, row_id(target), target.text, reason, now)


def report_person(session: Session, reporter: Person, handle: str, reason: str = "",
                  now: datetime | None = None) -> Filed:
    """`reporter` reports the person `handle` names, for `reason`. Raises NotFound for an
    unknown handle, NotAllowed(report_yourself) for themselves, InvalidInput for a reason
    too long."""
    reason = clean_reason(reason)
    target = person_by_handle(session, handle)
    if row_id(target) == row_id(reporter):
        raise NotAllowed(Reason.report_yourself, handle=target.handle)
    return _file(session, reporter, target, None, None, reason, now)


_reported = person_t.alias("reported")
_OPEN = (sa.select(report_t.c.id, report_t.c.post_id, report_t.c.post_text, report_t.c.reason,
                   report_t.c.created_at,
                   sa.func.coalesce(_reported.c.handle, report_t.c.handle),
                   _reported.c.suspended_at, report_t.c.person_id,
                   sa.exists().where(post_t.c.id == report_t.c.post_id))
         .outerjoin(_reported, _reported.c.id == report_t.c.person_id)
         .where(report_t.c.status == ReportStatus.open.value)
         .order_by(report_t.c.id))


def _thing(post_id: int | None, person_id: int | None, handle: str) -> tuple[str, int | str]:
    """What a report is about, as one key: a post (numbers are never reused), a person, or
    the handle of an account deleted since (its person nulled)."""
    if post_id is not None:
        return ("post", post_id)
    return ("person", person_id) if person_id is not None else ("deleted", handle)


def open_reports(session: Session) -> list[OpenCase]:
    """Every open report, one case per thing reported: the most reported first (more
    people, more harm, as the platforms triage), then the oldest."""
    cases: dict[tuple[str, int | str], OpenCase] = {}
    for (rid, post_id, text, reason, at, handle, suspended_at, person_id,
         present) in session.execute(_OPEN):
        case = cases.setdefault(_thing(post_id, person_id, handle), OpenCase(
            handle, post_id, text, at, suspended_at is not None,
            account_deleted=person_id is None,
            post_gone=post_id is not None and not present))
        case.ids.append(rid)
        if reason:
            case.reasons.append(reason)
    return sorted(cases.values(), key=lambda c: (-c.people, c.first_at, c.ids[0]))


def _resolve(session: Session, which: sa.ColumnElement[bool], status: ReportStatus,
             now: datetime) -> list[int]:
    done = session.execute(report_t.update()
                           .where(which, report_t.c.status == ReportStatus.open.value)
                           .values(status=status.value, resolved_at=now)
                           .returning(report_t.c.id))
    return sorted(int(rid) for rid in done.scalars())


def _about(report: Report) -> sa.ColumnElement[bool]:
    """Every report about the account `report` is about, posts included: by person, or by
    the handle reported once the account is deleted."""
    if report.person_id is not None:
        return report_t.c.person_id == report.person_id
    return sa.and_(report_t.c.person_id.is_(None), report_t.c.handle == report.handle)


def act(session: Session, report_id: int, verb: Verb, now: datetime | None = None) -> Resolved:
    """The operator's decision on report `report_id` and every open report of the same
    thing (see the module's docstring). Removing a post that is gone already (deleted by
    its author), or suspending an account deleted already, closes the reports as `gone`.
    Raises NotFound(report) for no such report, NotAllowed(report_closed) for one acted on
    already, NotAllowed(report_no_post) to remove the post of a report about a person."""
    now = now or utcnow()
    report = session.get(Report, report_id, with_for_update=True)
    if report is None:
        raise NotFound(Reason.report, id=report_id)
    if report.status != ReportStatus.open:
        raise NotAllowed(Reason.report_closed, id=report_id, status=str(report.status))
    person = None if report.person_id is None else session.get(Person, report.person_id)
    handle = report.handle if person is None else person.handle
    if verb == Verb.remove:
        if report.post_id is None:
            raise NotAllowed(Reason.report_no_post, id=report_id, handle=handle)
        author = session.execute(sa.delete(post_t).where(post_t.c.id == report.post_id)
                                 .returning(post_t.c.author_id)).scalar()
        status = ReportStatus.removed if author is not None else ReportStatus.gone
        if author is not None:  # its author is told (bot.notify.push), once
            notifications.for_removal(session, report.post_id, author, now)
        ids = _resolve(session, report_t.c.post_id == report.post_id, status, now)
    elif verb == Verb.suspend:
        status = ReportStatus.gone if person is None else ReportStatus.suspended
        if person is not None:
            suspend(session, person, now)
        ids = _resolve(session, _about(report), status, now)
    else:
        status = ReportStatus.dismissed
        same = (report_t.c.post_id == report.post_id if report.post_id is not None
                else sa.and_(_about(report), report_t.c.post_id.is_(None)))
        ids = _resolve(session, same, status, now)
    return Resolved(status, ids, handle, report.post_id, account_deleted=person is None)


_UNTOLD = (sa.select(report_t.c.reporter_id, report_t.c.status, report_t.c.resolved_at)
           .where(report_t.c.status.in_([s.value for s in TOLD]), report_t.c.told_at.is_(None))
           .group_by(report_t.c.reporter_id, report_t.c.status, report_t.c.resolved_at)
           .order_by(sa.func.min(report_t.c.id))
           .limit(sa.bindparam("n", type_=sa.Integer)))


def untold(session: Session, limit: int = 100) -> list[Decision]:
    """Decisions (removed, suspended, gone) a reporter was not told of yet, oldest first:
    one per reporter and act, however many of their reports it resolved."""
    return [Decision(reporter, ReportStatus(status), at)
            for reporter, status, at in session.execute(_UNTOLD, {"n": limit})]


def claim_notice(session: Session, decision: Decision,
                 now: datetime | None = None) -> Notice | None:
    """Mark every report of `decision` as told, if nobody did: the Notice to send, for the
    one caller that should tell the reporter, else None (a conditional UPDATE: safe with
    any number of workers, each telling what it claimed)."""
    claimed = list(session.execute(
        report_t.update()
        .where(report_t.c.reporter_id == decision.reporter_id,
               report_t.c.status == decision.status.value,
               report_t.c.resolved_at == decision.resolved_at, report_t.c.told_at.is_(None))
        .values(told_at=now or utcnow())
        .returning(report_t.c.id, report_t.c.post_id, report_t.c.person_id,
                   report_t.c.handle)))
    if not claimed:
        return None
    claimed.sort(key=lambda row: row.id)
    person_id = next((row.person_id for row in claimed if row.person_id is not None), None)
    now_named = None if person_id is None else session.execute(
        sa.select(person_t.c.handle).where(person_t.c.id == person_id)).scalar()
    return Notice(decision.reporter_id, decision.status, now_named or claimed[-1].handle,
                  sorted({row.post_id for row in claimed if row.post_id is not None}),
                  any(row.post_id is None for row in claimed), [row.id for row in claimed])
