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

The reporter is told when something was done (removed, suspended), as platforms do, and
told nothing of a dismissal. Telling is claimed once (`claim_notice`: a conditional
UPDATE of `told_at`), so several workers never send the same notice twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Session

from storage.errors import InvalidInput, NotAllowed, NotFound, Reason
from storage.models import Person, Post, Report, ReportStatus, utcnow
from storage.posts import original_of, visible_post
from storage.relations import person_by_handle
from storage.suspension import suspend
from storage.tables import row_id, table
from storage.text import clean_text

report_t, person_t, post_t = table(Report), table(Person), table(Post)
REASON_MAX = 500  # characters: enough for what happened, short enough to read in a list
TOLD = (ReportStatus.removed, ReportStatus.suspended)  # what a reporter hears of


class Verb(StrEnum):
    """What the operator does with a report (`plaza reports VERB ID`)."""

    remove = "remove"  # remove the post
    suspend = "suspend"  # suspend the account
    dismiss = "dismiss"  # nothing to do


_STATUS = {Verb.remove: ReportStatus.removed, Verb.suspend: ReportStatus.suspended,
           Verb.dismiss: ReportStatus.dismissed}


@dataclass(frozen=True)
class Filed:
    """A report as filed: its number, and whether it is new (False: an open one of the same
    thing by the same person was updated)."""

    id: int
    new: bool


@dataclass
class OpenCase:
    """The open reports of one thing, for the operator: `post_id` (None for a report of a
    person) and its author `handle`; `ids` of the reports, oldest first (acting on any
    acts on all); how many `people` reported it; their `reasons` (non-empty, oldest first);
    the post's text when reported; when it was first reported; whether the account is
    suspended already."""

    handle: str
    post_id: int | None
    post_text: str | None
    first_at: datetime
    suspended: bool
    ids: list[int] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def people(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Resolved:
    """What acting on a report did: the `status` given, the report numbers it resolved,
    the post removed (or whose reports were dismissed) and the person concerned."""

    status: ReportStatus
    ids: list[int]
    handle: str
    post_id: int | None


@dataclass(frozen=True)
class Notice:
    """A reporter to tell what was done: `status` is removed or suspended."""

    report_id: int
    reporter_id: int
    status: ReportStatus
    post_id: int | None
    handle: str


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


def _file(session: Session, reporter: Person, person_id: int, post_id: int | None,
          post_text: str | None, reason: str, now: datetime | None) -> Filed:
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
        return Filed(int(open_id), new=False)
    new = Report(reporter_id=me, person_id=person_id, post_id=post_id, post_text=post_text,
                 reason=reason, created_at=now or utcnow())
    session.add(new)
    session.flush()
    return Filed(row_id(new), new=True)


def report_post(session: Session, reporter: Person, post_id: int, reason: str = "",
                now: datetime | None = None) -> Filed:
    """`reporter` reports the post numbered `post_id` (a repost: its original, what it
    shows), for `reason`. Raises NotFound for a post they may not see, NotAllowed
    (report_yourself) for their own, InvalidInput for a reason too long."""
    reason = clean_reason(reason)
    target = visible_post(session, reporter, original_of(session, post_id))
    if target.author_id == row_id(reporter):
        raise NotAllowed(Reason.report_yourself, id=post_id)
    return _file(session, reporter, target.author_id, row_id(target), target.text, reason, now)


def report_person(session: Session, reporter: Person, handle: str, reason: str = "",
                  now: datetime | None = None) -> Filed:
    """`reporter` reports the person `handle` names, for `reason`. Raises NotFound for an
    unknown handle, NotAllowed(report_yourself) for themselves, InvalidInput for a reason
    too long."""
    reason = clean_reason(reason)
    target = person_by_handle(session, handle)
    if row_id(target) == row_id(reporter):
        raise NotAllowed(Reason.report_yourself, handle=target.handle)
    return _file(session, reporter, row_id(target), None, None, reason, now)


_reported = person_t.alias("reported")
_OPEN = (sa.select(report_t.c.id, report_t.c.post_id, report_t.c.post_text, report_t.c.reason,
                   report_t.c.created_at, _reported.c.handle, _reported.c.suspended_at,
                   report_t.c.person_id)
         .join(_reported, _reported.c.id == report_t.c.person_id)
         .where(report_t.c.status == ReportStatus.open.value)
         .order_by(report_t.c.id))


def open_reports(session: Session) -> list[OpenCase]:
    """Every open report, one case per thing reported: the most reported first (more
    people, more harm, as the platforms triage), then the oldest."""
    cases: dict[tuple[int, int | None], OpenCase] = {}
    for rid, post_id, text, reason, at, handle, suspended_at, person_id in session.execute(_OPEN):
        case = cases.setdefault((person_id, post_id), OpenCase(
            handle, post_id, text, at, suspended_at is not None))
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


def act(session: Session, report_id: int, verb: Verb, now: datetime | None = None) -> Resolved:
    """The operator's decision on report `report_id` and every open report of the same
    thing (see the module's docstring). Raises NotFound(report) for no such report,
    NotAllowed(report_closed) for one acted on already, NotAllowed(report_no_post) to
    remove the post of a report about a person."""
    now = now or utcnow()
    report = session.get(Report, report_id, with_for_update=True)
    if report is None:
        raise NotFound(Reason.report, id=report_id)
    if report.status != ReportStatus.open:
        raise NotAllowed(Reason.report_closed, id=report_id, status=str(report.status))
    person = session.get_one(Person, report.person_id)
    status = _STATUS[verb]
    if verb == Verb.remove:
        if report.post_id is None:
            raise NotAllowed(Reason.report_no_post, id=report_id, handle=person.handle)
        # Already deleted by its author, maybe: the reports are resolved all the same.
        session.execute(sa.delete(post_t).where(post_t.c.id == report.post_id))
        ids = _resolve(session, report_t.c.post_id == report.post_id, status, now)
    elif verb == Verb.suspend:
        suspend(session, person, now)
        ids = _resolve(session, report_t.c.person_id == report.person_id, status, now)
    else:
        same = (report_t.c.post_id == report.post_id if report.post_id is not None
                else sa.and_(report_t.c.person_id == report.person_id,
                             report_t.c.post_id.is_(None)))
        ids = _resolve(session, same, status, now)
    return Resolved(status, ids, person.handle, report.post_id)


_UNTOLD = (sa.select(report_t.c.id, report_t.c.reporter_id, report_t.c.status,
                     report_t.c.post_id, _reported.c.handle)
           .join(_reported, _reported.c.id == report_t.c.person_id)
           .where(report_t.c.status.in_([s.value for s in TOLD]), report_t.c.told_at.is_(None))
           .order_by(report_t.c.id)
           .limit(sa.bindparam("n", type_=sa.Integer)))


def untold(session: Session, limit: int = 100) -> list[Notice]:
    """Reports acted on (removed, suspended) whose reporter was not told yet, oldest first."""
    return [Notice(rid, reporter, ReportStatus(status), post_id, handle)
            for rid, reporter, status, post_id, handle
            in session.execute(_UNTOLD, {"n": limit})]


def claim_notice(session: Session, report_id: int, now: datetime | None = None) -> bool:
    """Mark report `report_id`'s reporter as told, if nobody did: True for the one caller
    that should tell them (a conditional UPDATE: safe with any number of workers)."""
    done = session.execute(report_t.update()
                           .where(report_t.c.id == report_id, report_t.c.told_at.is_(None))
                           .values(told_at=now or utcnow())
                           .returning(report_t.c.id)).first()
    return done is not None
