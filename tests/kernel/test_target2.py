from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cybercare.kernel import target2


def test_target2_closing_days_of_2027_include_good_friday_and_easter_monday() -> None:
    assert target2.closing_days(2027) == {
        date(2027, 1, 1),
        date(2027, 3, 26),  # Good Friday (Easter Sunday 28 March 2027)
        date(2027, 3, 29),  # Easter Monday
        date(2027, 5, 1),
        date(2027, 12, 25),
        date(2027, 12, 26),
    }


def test_easter_follows_the_computus_in_known_years() -> None:
    # Easter Sundays published by the ECB's TARGET2 calendars: Good Friday is two days before.
    for year, good_friday in (
        (2024, date(2024, 3, 29)),
        (2025, date(2025, 4, 18)),
        (2026, date(2026, 4, 3)),
        (2038, date(2038, 4, 23)),
    ):
        assert good_friday in target2.closing_days(year)


def test_a_collection_submitted_on_a_friday_before_christmas_waits_for_the_next_open_day() -> None:
    # Thu 24 Dec 2026: Fri 25 and Sat 26 closed, Sun 27 closed, Mon 28 open.
    assert target2.earliest_collection_date(date(2026, 12, 24)) == date(2026, 12, 28)
    assert target2.earliest_collection_date(date(2026, 4, 2)) == date(2026, 4, 7)  # Easter


def test_weekends_are_never_business_days() -> None:
    assert not target2.is_business_day(date(2026, 12, 5))
    assert target2.is_business_day(date(2026, 12, 7))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_the_earliest_collection_date_is_a_business_day_after_today(today: date) -> None:
    earliest = target2.earliest_collection_date(today)
    assert earliest > today and target2.is_business_day(earliest)
    assert all(
        not target2.is_business_day(today + timedelta(days=n))
        for n in range(1, (earliest - today).days)
    )
