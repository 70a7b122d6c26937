"""Art. 8.4 clocks at the boundary minute: urgent 1 hour day and night; 1 working day counting
weekends and Belgian public holidays; decision and payment 30 calendar days."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from cybercare.assistance.calendar import BelgianCalendar, next_working_day
from cybercare.assistance.sla import ClockState, SlaKind, due_at, first_contact_kind
from cybercare.kernel.clock import BRUSSELS
from cybercare.product.catalog import reference_product

LEVELS = reference_product().service_levels
CALENDAR = BelgianCalendar()


def brussels(*args: int) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)  # type: ignore[misc]


def test_art_8_4_urgent_first_contact_is_one_hour_later_at_night() -> None:
    opened = brussels(2026, 12, 25, 3, 17)  # Christmas night: urgent clocks never sleep
    assert due_at(SlaKind.URGENT_FIRST_CONTACT, opened, CALENDAR, LEVELS) == brussels(
        2026, 12, 25, 4, 17
    )


def test_art_8_4_urgent_clock_breaks_one_minute_after_the_hour() -> None:
    opened = brussels(2026, 3, 7, 23, 30)  # a Saturday night
    due = due_at(first_contact_kind(urgent=True), opened, CALENDAR, LEVELS)
    assert not ClockState(due, None, opened + timedelta(minutes=60)).breached
    assert ClockState(due, None, opened + timedelta(minutes=61)).breached
    assert ClockState(due, None, opened + timedelta(minutes=59)).seconds_left == 60


def test_art_8_4_normal_request_on_friday_1700_before_whit_monday_is_due_tuesday_1700() -> None:
    friday = brussels(2026, 5, 22, 17, 0)  # Whit Monday is 25 May 2026
    assert CALENDAR.is_public_holiday(date(2026, 5, 25))
    due = due_at(SlaKind.FIRST_CONTACT, friday, CALENDAR, LEVELS)
    assert due == brussels(2026, 5, 26, 17, 0)
    assert not ClockState(due, None, brussels(2026, 5, 26, 17, 0)).breached
    assert ClockState(due, None, brussels(2026, 5, 26, 17, 1)).breached


def test_art_8_4_normal_request_on_friday_1700_is_due_monday_1700() -> None:
    due = due_at(SlaKind.FIRST_CONTACT, brussels(2026, 11, 27, 17, 0), CALENDAR, LEVELS)
    assert due == brussels(2026, 11, 30, 17, 0)


def test_art_8_4_request_on_a_saturday_is_due_by_the_end_of_monday() -> None:
    due = due_at(SlaKind.FIRST_CONTACT, brussels(2026, 11, 28, 10, 0), CALENDAR, LEVELS)
    assert due == brussels(2026, 12, 1, 0, 0)


def test_art_8_4_request_on_a_public_holiday_thursday_is_due_by_the_end_of_friday() -> None:
    ascension = brussels(2026, 5, 14, 9, 0)
    assert CALENDAR.holiday_name(date(2026, 5, 14)) is not None
    due = due_at(SlaKind.FIRST_CONTACT, ascension, CALENDAR, LEVELS)
    assert due == brussels(2026, 5, 16, 0, 0)


def test_art_8_4_christmas_friday_and_weekend_push_to_monday() -> None:
    # Thursday 24 Dec 2026 at 16:00 -> Friday is Christmas, so Monday 28 Dec at 16:00
    due = due_at(SlaKind.FIRST_CONTACT, brussels(2026, 12, 24, 16, 0), CALENDAR, LEVELS)
    assert due == brussels(2026, 12, 28, 16, 0)


def test_art_8_4_clock_keeps_the_wall_clock_time_across_a_dst_change() -> None:
    # Friday 27 March 2026 at 10:00 CET; Monday 30 March at 10:00 CEST (one hour less of UTC)
    due = due_at(SlaKind.FIRST_CONTACT, brussels(2026, 3, 27, 10, 0), CALENDAR, LEVELS)
    assert due == brussels(2026, 3, 30, 10, 0)


@pytest.mark.parametrize(
    ("kind", "days"),
    [
        (SlaKind.DECISION, LEVELS.decision_days_after_complete_file),
        (SlaKind.PAYMENT, LEVELS.payment_days_after_decision),
    ],
)
def test_art_8_4_decision_and_payment_are_thirty_calendar_days(kind: SlaKind, days: int) -> None:
    start = brussels(2026, 12, 20, 11, 45)
    assert due_at(kind, start, CALENDAR, LEVELS) == brussels(2027, 1, 19, 11, 45)
    assert days == 30


def test_belgian_calendar_knows_the_national_holidays_and_weekends() -> None:
    assert not CALENDAR.is_working_day(date(2026, 7, 21))  # National Day, a Tuesday
    assert not CALENDAR.is_working_day(date(2026, 11, 11))  # Armistice
    assert not CALENDAR.is_working_day(date(2026, 11, 28))  # Saturday
    assert CALENDAR.is_working_day(date(2026, 11, 27))
    assert next_working_day(CALENDAR, date(2026, 4, 3)) == date(2026, 4, 7)  # Easter Monday


def test_service_may_declare_extra_closed_days() -> None:
    closed = BelgianCalendar(extra_closed_days={date(2026, 11, 30)})
    due = due_at(SlaKind.FIRST_CONTACT, brussels(2026, 11, 27, 17, 0), closed, LEVELS)
    assert due == brussels(2026, 12, 1, 17, 0)


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        due_at(SlaKind.FIRST_CONTACT, datetime(2026, 1, 5, 9), CALENDAR, LEVELS)  # noqa: DTZ001
