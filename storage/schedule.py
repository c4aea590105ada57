"""When a digest is due: a person's local time of day, in their zone, as a UTC moment.

Pure functions over zoneinfo; the database only ever holds the UTC answer.

Two days a year the local clock misbehaves, and the rules are:

- a time that does not exist (the hour skipped in spring, e.g. 02:30 in
  Europe/Paris on the last Sunday of March) fires at the next minute that
  does exist, 03:00;
- a time that exists twice (the hour repeated in autumn) fires once, at its
  first occurrence (fold=0).

Firing once is kept by counting in local *dates*: after the digest of date D,
the next one is due on D + 1, never "at the next 01:30", which on an autumn
night would be an hour later on the same date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The zone called `name`; UTC for a name zoneinfo does not know.

    Settings refuse unknown zones (storage.accounts), so UTC only ever stands in
    for a row written around them, and one bad row never stops the scheduler.
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _exists(local: datetime) -> bool:
    """True when the wall-clock `local` (fold=0) is a time the zone actually shows."""
    back = local.astimezone(UTC).astimezone(local.tzinfo)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def due_on(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC moment of `at` on the local date `day`; see the module docstring for DST."""
    local = datetime.combine(day, at.replace(second=0, microsecond=0, tzinfo=None), zone)
    while not _exists(local):  # inside a spring-forward gap: walk to its end
        local += MINUTE
    return local.astimezone(UTC)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def next_due(at: time, zone: ZoneInfo, after: datetime, from_date: date | None = None) -> datetime:
    """The first due moment later than `after`, on `from_date` or a later local date.

    `from_date` is the day after the last digest when there was one, so a date
    already served is never due again, whatever the clock did in between.
    """
    day = local_date(after, zone) - DAY  # a gap's end can fall on the next date
    if from_date is not None:
        day = max(day, from_date)
    while (due := due_on(day, at, zone)) <= after:
        day += DAY
    return due


def latest_due(at: time, zone: ZoneInfo, now: datetime) -> tuple[date, datetime]:
    """The local date and moment of the last due time at or before `now`.

    A worker that was down for three days sends one digest, today's, not three.
    """
    day = local_date(now, zone) + DAY
    while (due := due_on(day, at, zone)) > now:
        day -= DAY
    return day, due
