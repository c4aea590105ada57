"""Digest times as UTC moments: ordinary days, the hour skipped in spring, the hour
repeated in autumn, and a day a whole country skipped."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from storage.schedule import due_on, latest_due, local_date, next_due, zone

PARIS, NEW_YORK, TOKYO = zone("Europe/Paris"), zone("America/New_York"), zone("Asia/Tokyo")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(("day", "at", "where", "expected"), [
    (date(2026, 1, 15), time(8, 0), PARIS, utc(2026, 1, 15, 7, 0)),  # winter, UTC+1
    (date(2026, 7, 15), time(8, 0), PARIS, utc(2026, 7, 15, 6, 0)),  # summer, UTC+2
    (date(2026, 7, 15), time(8, 0), TOKYO, utc(2026, 7, 14, 23, 0)),  # the evening before
    (date(2026, 7, 15), time(21, 30), NEW_YORK, utc(2026, 7, 16, 1, 30)),  # the day after
])
def test_an_ordinary_day(day, at, where, expected) -> None:
    assert due_on(day, at, where) == expected


def test_a_time_the_spring_skips_fires_at_the_next_minute_that_exists() -> None:
    # Paris goes from 02:00 straight to 03:00 on 29 March 2026.
    assert due_on(date(2026, 3, 29), time(2, 30), PARIS) == utc(2026, 3, 29, 1, 0)
    assert due_on(date(2026, 3, 29), time(2, 30), PARIS).astimezone(PARIS).time() == time(3, 0)
    # New York skips 02:00-03:00 on 8 March 2026.
    assert due_on(date(2026, 3, 8), time(2, 15), NEW_YORK) == utc(2026, 3, 8, 7, 0)
    # Lord Howe Island moves by half an hour.
    assert due_on(date(2026, 10, 4), time(2, 10), zone("Australia/Lord_Howe")) \
        .astimezone(zone("Australia/Lord_Howe")).time() == time(2, 30)


def test_samoa_skipped_a_whole_day_and_its_digest_came_at_the_next_midnight() -> None:
    apia = zone("Pacific/Apia")  # 30 December 2011 never happened there
    due = due_on(date(2011, 12, 30), time(8, 0), apia)
    assert due.astimezone(apia) == datetime(2011, 12, 31, 0, 0, tzinfo=apia)


def test_a_time_the_autumn_repeats_fires_once_at_its_first_occurrence() -> None:
    # Paris shows 02:00-03:00 twice on 25 October 2026: at 00:xx and at 01:xx UTC.
    first = due_on(date(2026, 10, 25), time(2, 30), PARIS)
    assert first == utc(2026, 10, 25, 0, 30)
    # Right after it, the next one is the next day's, not the repeat an hour later.
    after = next_due(time(2, 30), PARIS, first, from_date=date(2026, 10, 26))
    assert after == utc(2026, 10, 26, 1, 30)
    assert next_due(time(2, 30), PARIS, first + timedelta(seconds=1),
                    from_date=date(2026, 10, 26)) == after


def test_next_due_is_the_first_one_strictly_after_a_moment() -> None:
    at = time(8, 0)
    assert next_due(at, PARIS, utc(2026, 1, 15, 6, 59)) == utc(2026, 1, 15, 7, 0)
    assert next_due(at, PARIS, utc(2026, 1, 15, 7, 0)) == utc(2026, 1, 16, 7, 0)
    # Tokyo's 08:00 of the 16th is still the 15th in UTC.
    assert next_due(at, TOKYO, utc(2026, 1, 15, 22, 0)) == utc(2026, 1, 15, 23, 0)


def test_a_date_already_served_is_never_due_again() -> None:
    # Served the 15th; moving the time later that same day waits for the 16th.
    later = next_due(time(20, 0), PARIS, utc(2026, 1, 15, 9, 0), from_date=date(2026, 1, 16))
    assert later == utc(2026, 1, 16, 19, 0)


def test_after_three_days_down_only_the_latest_digest_is_due() -> None:
    day, due = latest_due(time(8, 0), PARIS, utc(2026, 1, 18, 12, 0))
    assert (day, due) == (date(2026, 1, 18), utc(2026, 1, 18, 7, 0))
    day, due = latest_due(time(8, 0), PARIS, utc(2026, 1, 18, 6, 59))
    assert (day, due) == (date(2026, 1, 17), utc(2026, 1, 17, 7, 0))


def test_the_key_date_of_a_skipped_time_is_the_date_it_was_meant_for() -> None:
    day, due = latest_due(time(2, 30), PARIS, utc(2026, 3, 29, 1, 0))
    assert day == date(2026, 3, 29) and local_date(due, PARIS) == day


def test_an_unknown_zone_stands_in_as_utc() -> None:
    assert zone("Mars/Olympus") == zone("UTC")
    assert zone("UTC+25") == zone("UTC")
