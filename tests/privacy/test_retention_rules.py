"""The retention rules (pure): what has expired, and what an erasure request can have."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercare.privacy.retention import (
    Outcome,
    PersonFacts,
    cutoff,
    decide_erasure,
    expired,
    expires_on,
)
from cybercare.privacy.schedule import (
    Category,
    Event,
    Period,
    RetentionScheduleError,
    Status,
    load_schedule,
    parse_schedule,
)

SCHEDULE = load_schedule()
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 12, 31))
periods = st.builds(Period, years=st.integers(0, 12), days=st.integers(0, 400))


def category(period: Period, *, january: bool = False) -> Category:
    return Category(
        code="c",
        purpose="p",
        runs_from=Event.CASE_CLOSED,
        period=period,
        status=Status.CHOICE,
        legal_basis="b",
        sources=("s",),
        note="n",
        columns=("t.c",),
        from_next_january=january,
    )


@given(event=days, today=days, period=periods, january=st.booleans())
def test_an_event_has_expired_exactly_from_its_expiry_date(
    event: date, today: date, period: Period, january: bool
) -> None:
    c = category(period, january=january)
    assert expired(c, event, today) == (today >= expires_on(c, event))


@given(event=days, period=periods, january=st.booleans())
def test_nothing_expires_before_its_full_period(event: date, period: Period, january: bool) -> None:
    c = category(period, january=january)
    assert expires_on(c, event) >= event + timedelta(days=365 * period.years + period.days)


@given(a=days, b=days, period=periods, january=st.booleans())
def test_the_cutoff_never_moves_back(a: date, b: date, period: Period, january: bool) -> None:
    c = category(period, january=january)
    early, late = sorted((a, b))
    assert cutoff(c, early) <= cutoff(c, late)


def test_accounting_runs_ten_years_from_the_first_of_january_after_the_booking() -> None:
    books = SCHEDULE.category("accounting_records")
    assert expires_on(books, date(2016, 3, 1)) == date(2027, 1, 1)
    assert not expired(books, date(2016, 12, 31), date(2026, 12, 31))
    assert expired(books, date(2016, 12, 31), date(2027, 1, 1))


def test_psychological_notes_go_before_the_rest_of_the_case() -> None:
    psych, case = SCHEDULE.category("psychological_notes"), SCHEDULE.category("cases_and_claims")
    closed = date(2020, 5, 4)
    assert expires_on(psych, closed) < expires_on(case, closed)


def test_art_17_nothing_kept_so_the_person_is_erased_at_once() -> None:
    facts = PersonFacts({"member_identity": date(2015, 1, 1), "cases_and_claims": date(2015, 1, 1)})
    decision = decide_erasure(SCHEDULE, facts, date(2026, 12, 1))
    assert decision.outcome is Outcome.ERASE_NOW
    assert set(decision.erase_now) == {"member_identity", "cases_and_claims"}
    assert decision.until is None and decision.kept == ()


def test_art_17_a_running_contract_keeps_the_identity_open_ended() -> None:
    facts = PersonFacts({"member_identity": None})
    decision = decide_erasure(SCHEDULE, facts, date(2026, 12, 1))
    assert decision.outcome is Outcome.RETAINED
    assert decision.kept[0].category == "member_identity"
    assert decision.until is None
    assert "art. 88" in decision.kept[0].legal_basis


def test_art_17_3_the_books_keep_what_they_must_and_the_rest_goes() -> None:
    facts = PersonFacts(
        {
            "member_identity": date(2018, 1, 1),
            "psychological_notes": date(2020, 1, 1),
            "accounting_records": date(2021, 6, 1),
        }
    )
    decision = decide_erasure(SCHEDULE, facts, date(2026, 12, 1))
    assert decision.outcome is Outcome.RETAINED
    assert set(decision.erase_now) == {"member_identity", "psychological_notes"}
    assert [(k.category, k.until) for k in decision.kept] == [
        ("accounting_records", date(2032, 1, 1))
    ]
    assert decision.until == date(2032, 1, 1)


def test_every_category_cites_known_sources_and_real_columns() -> None:
    from cybercare.db.tables import metadata

    for c in SCHEDULE.categories:
        for column in c.columns:
            table, name = column.split(".")
            assert name in metadata.tables[table].c, column
        assert all(SCHEDULE.source(s) for s in c.sources)


def test_a_broken_schedule_lists_every_problem() -> None:
    with pytest.raises(RetentionScheduleError) as refused:
        parse_schedule(
            {
                "version": "",
                "effective_from": "soon",
                "category": [{"code": "x", "runs_from": "never", "sources": ["nowhere"]}],
            }
        )
    problems = refused.value.params["problems"]
    assert any("runs_from" in p for p in problems)
    assert any("unknown source 'nowhere'" in p for p in problems)
    assert any("effective_from" in p for p in problems)
    assert any("version" in p for p in problems)
