"""Subscription: Art. 1.4 (closed versions), Art. 3.2 (start date), Art. 7.1 (prevention)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.policy.domain import (
    AffiliationChangeKind,
    AffiliationStatus,
    PreventionDeclaration,
    check_subscription,
    insurance_year_of,
    status_on,
    subscribe,
)
from tests.policy.builders import affiliation, declarations, product

DAY = date(2024, 1, 15)


def test_art_1_4_closed_version_is_refused_from_its_closing_date() -> None:
    closed = product(sales_closed_from=DAY)
    with pytest.raises(Conflict) as refused:
        check_subscription(closed, DAY, DAY, declarations(closed))
    assert refused.value.code == "policy.closed_to_new_business"
    assert refused.value.clause == "Art. 1.4"
    assert refused.value.params["sales_closed_from"] == DAY


def test_art_1_4_closed_version_still_subscribes_the_day_before_closing() -> None:
    closed = product(sales_closed_from=DAY)
    day_before = DAY - timedelta(days=1)
    check = check_subscription(closed, day_before, day_before, declarations(closed))
    assert check.reasons[0].code == "policy.open_to_new_business"


def test_art_1_4_version_not_yet_open_is_refused() -> None:
    version = product()
    before_sales = version.sales_open_from - timedelta(days=1)
    with pytest.raises(Conflict) as refused:
        check_subscription(version, before_sales, before_sales, declarations(version))
    assert refused.value.code == "policy.closed_to_new_business"


def test_art_3_2_start_before_subscription_is_refused() -> None:
    version = product()
    with pytest.raises(Conflict) as refused:
        check_subscription(version, DAY, DAY - timedelta(days=1), declarations(version))
    assert refused.value.code == "policy.start_before_subscription"
    assert refused.value.clause == "Art. 3.2"


def test_art_3_2_start_on_the_subscription_day_or_later_is_accepted() -> None:
    version = product()
    check_subscription(version, DAY, DAY, declarations(version))
    check_subscription(version, DAY, DAY + timedelta(days=1), declarations(version))


def test_art_7_1_every_prevention_obligation_must_be_answered() -> None:
    version = product()
    answers = declarations(version)
    answers.pop("effective_antivirus")
    with pytest.raises(InvalidInput) as refused:
        check_subscription(version, DAY, DAY, answers)
    assert refused.value.field == "prevention_declarations"
    assert refused.value.clause == "Art. 7.1"
    assert "effective_antivirus" in refused.value.reason


def test_art_7_1_an_answer_to_an_unknown_obligation_is_refused() -> None:
    version = product()
    with pytest.raises(InvalidInput):
        check_subscription(version, DAY, DAY, declarations(version) | {"owns_a_cat": True})


def test_art_7_1_a_no_is_recorded_and_not_refused() -> None:
    version = product()
    answers = declarations(version, effective_antivirus=False)
    check = check_subscription(version, DAY, DAY, answers)
    assert PreventionDeclaration("effective_antivirus", False) in check.declarations
    assert check.reasons[-1].code == "policy.prevention_not_respected_recorded"
    assert check.reasons[-1].article == Art("7.2")
    assert check.reasons[-1].params["obligations"] == ("effective_antivirus",)
    update = subscribe("aff_1", version, DAY, DAY, answers)
    assert update.affiliation.declarations == check.declarations


def test_art_3_2_a_new_affiliation_is_active_from_its_start_date_only() -> None:
    start = DAY + timedelta(days=10)
    update = subscribe("aff_1", product(), DAY, start, declarations())
    new = update.affiliation
    assert status_on(new, start - timedelta(days=1)) is None
    assert status_on(new, start) is AffiliationStatus.ACTIVE
    assert new.term_end == date(2025, 1, 25)
    assert update.changes[0].kind is AffiliationChangeKind.SUBSCRIBED
    assert update.changes[0].effective_date == start


def test_art_3_1_insurance_years_run_from_the_start_date() -> None:
    subject = affiliation(start_date=date(2024, 2, 29), subscribed_on=date(2024, 2, 20))
    assert insurance_year_of(subject, date(2025, 2, 27)).index == 0
    year = insurance_year_of(subject, date(2025, 2, 28))
    assert (year.index, year.start, year.end) == (1, date(2025, 2, 28), date(2026, 2, 28))
    with pytest.raises(InvalidInput):
        insurance_year_of(subject, date(2024, 2, 28))
