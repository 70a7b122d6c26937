"""Art. 3 (year, start, territory, incident date) and Art. 9 (status of the affiliation)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from cybercare.cover.domain import Outcome, PolicyStatus
from cybercare.kernel.errors import InvalidInput
from cybercare.product.model import ProductVersion
from tests.cover.builders import (
    DAY,
    ONLINE,
    START,
    balance,
    codes,
    decide_claim,
    period,
    policy,
    usage,
)


def test_art_3_1_pots_are_those_of_the_insurance_year_of_the_incident(
    product: ProductVersion,
) -> None:
    decision = decide_claim(product, discovery_date=date(2025, 3, 1))

    year = decision.insurance_year
    assert year is not None
    assert (year.index, year.start, year.end) == (1, date(2025, 1, 10), date(2026, 1, 10))
    assert any(
        c.rule == "cover.insurance_year" and str(c.article) == "Art. 3.1" for c in decision.trace
    )


def test_art_3_1_leap_day_start_anniversary_on_28_february(product: ProductVersion) -> None:
    leap = policy(start_date=date(2024, 2, 29))

    last_day_of_first_year = decide_claim(product, on_policy=leap, discovery_date=date(2025, 2, 27))
    anniversary = decide_claim(product, on_policy=leap, discovery_date=date(2025, 2, 28))
    next_leap_year = decide_claim(product, on_policy=leap, discovery_date=date(2028, 2, 29))

    assert last_day_of_first_year.insurance_year is not None
    assert last_day_of_first_year.insurance_year.index == 0
    assert anniversary.insurance_year is not None
    assert (anniversary.insurance_year.index, anniversary.insurance_year.start) == (
        1,
        date(2025, 2, 28),
    )
    assert next_leap_year.insurance_year is not None
    assert next_leap_year.insurance_year.start == date(2028, 2, 29)


def test_art_3_1_usage_of_another_insurance_year_is_refused(product: ProductVersion) -> None:
    with pytest.raises(InvalidInput, match="year_start"):
        decide_claim(product, pots=usage(balance(ONLINE), year_start=date(2023, 1, 10)))


def test_art_3_2_incident_before_the_start_is_not_covered(product: ProductVersion) -> None:
    decision = decide_claim(product, discovery_date=date(2024, 1, 9))

    assert decision.outcome is Outcome.DECLINED
    assert codes(decision) == ["cover.before_start"]
    assert decision.insurance_year is None


def test_art_3_2_no_waiting_period_cover_from_the_start_date(product: ProductVersion) -> None:
    assert product.cover_start.waiting_period_days == 0

    decision = decide_claim(product, discovery_date=START)

    assert decision.outcome is Outcome.ACCEPTED


def test_art_3_2_waiting_period_and_deductible_are_product_data(product: ProductVersion) -> None:
    stricter = replace(
        product,
        cover_start=replace(product.cover_start, waiting_period_days=30, deductible_cents=2_500),
    )

    waiting = decide_claim(stricter, discovery_date=date(2024, 2, 8))
    after = decide_claim(stricter, discovery_date=date(2024, 2, 9), claimed_cents=10_000)

    assert codes(waiting) == ["cover.in_waiting_period"]
    assert str(waiting.reasons[0].article) == str(product.cover_start.article)
    assert after.outcome is Outcome.ACCEPTED
    assert after.payable_cents == 7_500  # deductible of Art. 3.2 taken off the claim


def test_art_3_2_reference_product_has_no_deductible(product: ProductVersion) -> None:
    decision = decide_claim(product, claimed_cents=1)

    assert decision.payable_cents == 1
    deductible = next(c for c in decision.trace if c.rule == "settlement.deductible")
    assert deductible.params["deductible_cents"] == 0


def test_art_3_3_household_living_outside_belgium_is_not_covered(product: ProductVersion) -> None:
    decision = decide_claim(product, on_policy=policy(residence_country="FR"))

    assert decision.outcome is Outcome.DECLINED
    assert codes(decision) == ["territory.residence_outside"]
    assert str(decision.reasons[0].article) == "Art. 3.3"


def test_art_3_4_unknown_occurrence_date_uses_the_discovery_date(product: ProductVersion) -> None:
    decision = decide_claim(product, occurrence_date=None, discovery_date=DAY)

    assert decision.incident_date == DAY
    assert decision.trace[0].code == "incident.date_discovery"


def test_art_3_4_known_occurrence_before_the_start_is_not_covered(product: ProductVersion) -> None:
    decision = decide_claim(product, occurrence_date=date(2023, 12, 20), discovery_date=DAY)

    assert decision.incident_date == date(2023, 12, 20)
    assert decision.outcome is Outcome.DECLINED
    assert codes(decision) == ["cover.before_start"]


def test_art_9_6_incident_during_suspension_not_covered(product: ProductVersion) -> None:
    history = (
        period(to_date=date(2024, 4, 16)),
        period(PolicyStatus.SUSPENDED, from_date=date(2024, 4, 16), to_date=date(2024, 5, 10)),
        period(from_date=date(2024, 5, 10)),
    )

    during = decide_claim(product, on_policy=policy(status_periods=history), discovery_date=DAY)
    after = decide_claim(
        product, on_policy=policy(status_periods=history), discovery_date=date(2024, 5, 10)
    )

    assert during.outcome is Outcome.DECLINED
    assert codes(during) == ["cover.suspended"]
    assert str(during.reasons[0].article) == "Art. 9.6"
    assert after.outcome is Outcome.ACCEPTED  # the suspension ended: covered again


def test_art_9_6_incident_occurring_in_suspension_discovered_after_is_not_covered(
    product: ProductVersion,
) -> None:
    history = (
        period(to_date=date(2024, 4, 16)),
        period(PolicyStatus.SUSPENDED, from_date=date(2024, 4, 16), to_date=date(2024, 4, 25)),
        period(from_date=date(2024, 4, 25)),
    )

    decision = decide_claim(
        product,
        on_policy=policy(status_periods=history),
        occurrence_date=date(2024, 4, 20),
        discovery_date=DAY,
    )

    assert codes(decision) == ["cover.suspended"]


def test_art_9_3_incident_after_withdrawal_not_covered(product: ProductVersion) -> None:
    history = (
        period(to_date=date(2024, 1, 20)),
        period(PolicyStatus.WITHDRAWN, from_date=date(2024, 1, 20)),
    )

    decision = decide_claim(product, on_policy=policy(status_periods=history))

    assert codes(decision) == ["cover.withdrawn"]
    assert str(decision.reasons[0].article) == "Art. 9.3"


def test_art_3_4_incident_after_termination_not_covered(product: ProductVersion) -> None:
    history = (
        period(to_date=date(2024, 4, 1)),
        period(PolicyStatus.TERMINATED, from_date=date(2024, 4, 1)),
    )

    decision = decide_claim(product, on_policy=policy(status_periods=history))

    assert codes(decision) == ["cover.terminated"]
    assert str(decision.reasons[0].article) == "Art. 3.4"


def test_art_3_4_day_without_any_status_is_not_covered(product: ProductVersion) -> None:
    ended = (period(to_date=date(2024, 4, 1)),)

    decision = decide_claim(product, on_policy=policy(status_periods=ended))

    assert codes(decision) == ["cover.no_status"]


def test_art_3_4_overlapping_status_periods_are_refused(product: ProductVersion) -> None:
    overlapping = (
        period(to_date=date(2024, 5, 1)),
        period(PolicyStatus.SUSPENDED, from_date=date(2024, 4, 1)),
    )

    with pytest.raises(InvalidInput, match="status_periods"):
        decide_claim(product, on_policy=policy(status_periods=overlapping))
