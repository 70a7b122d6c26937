"""Art. 9.2: one year, renewed tacitly from year to year on each anniversary (Art. 3.1)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import Conflict
from cybercare.policy.domain import (
    Affiliation,
    AffiliationChangeKind,
    TerminationBy,
    suspend,
    terminate,
)
from cybercare.policy.lifecycle import (
    apply_termination_notice,
    preview_non_renewal,
    preview_termination_by_affiliate,
    renew,
    renewals_due,
)
from tests.policy.builders import affiliation, product

START = date(2024, 1, 15)
LEAP_START = date(2024, 2, 29)


def _renew_all(subject: Affiliation, day: date) -> Affiliation:
    for renewal in renewals_due(subject, product(), day):
        subject = renew(subject, renewal).affiliation
    return subject


def test_art_9_2_no_renewal_the_day_before_the_anniversary() -> None:
    assert renewals_due(affiliation(), product(), date(2025, 1, 14)) == ()


def test_art_9_2_renewal_on_the_anniversary_starts_the_next_insurance_year() -> None:
    subject = affiliation()
    (renewal,) = renewals_due(subject, product(), date(2025, 1, 15))
    assert renewal.anniversary == date(2025, 1, 15)
    assert (renewal.year.index, renewal.year.start, renewal.year.end) == (
        1,
        date(2025, 1, 15),
        date(2026, 1, 15),
    )
    assert renewal.article == Art("9.2")
    assert renewal.reasons[0].code == "policy.renewed_tacitly"
    update = renew(subject, renewal)
    assert update.affiliation.term_end == date(2026, 1, 15)
    assert update.changes[0].kind is AffiliationChangeKind.RENEWED
    assert update.changes[0].effective_date == date(2025, 1, 15)


def test_art_9_2_the_day_after_the_anniversary_a_renewed_contract_has_nothing_due() -> None:
    renewed = _renew_all(affiliation(), date(2025, 1, 15))
    assert renewals_due(renewed, product(), date(2025, 1, 16)) == ()


def test_art_9_2_the_day_after_the_anniversary_a_missed_renewal_is_still_due() -> None:
    (renewal,) = renewals_due(affiliation(), product(), date(2025, 1, 16))
    assert renewal.anniversary == date(2025, 1, 15)


def test_art_9_2_missed_anniversaries_renew_one_year_at_a_time() -> None:
    subject = affiliation()
    due = renewals_due(subject, product(), date(2027, 1, 15))
    assert [r.anniversary for r in due] == [date(2025, 1, 15), date(2026, 1, 15), date(2027, 1, 15)]
    with pytest.raises(Conflict) as refused:
        renew(subject, due[1])
    assert refused.value.code == "policy.renewal_out_of_order"
    assert _renew_all(subject, date(2027, 1, 15)).term_end == date(2028, 1, 15)


@pytest.mark.parametrize(
    ("day", "renewed"),
    [(date(2025, 2, 27), False), (date(2025, 2, 28), True), (date(2025, 3, 1), True)],
)
def test_art_9_2_a_29_february_start_renews_on_28_february_in_common_years(
    day: date, renewed: bool
) -> None:
    subject = affiliation(subscribed_on=LEAP_START)
    due = renewals_due(subject, product(), day)
    assert [r.anniversary for r in due] == ([date(2025, 2, 28)] if renewed else [])


def test_art_9_2_a_29_february_start_renews_on_29_february_in_leap_years() -> None:
    subject = _renew_all(affiliation(subscribed_on=LEAP_START), date(2027, 3, 1))
    assert subject.term_end == date(2028, 2, 29)
    assert renewals_due(subject, product(), date(2028, 2, 28)) == ()
    (renewal,) = renewals_due(subject, product(), date(2028, 2, 29))
    assert renewal.year.end == date(2029, 2, 28)


def test_art_9_2_no_renewal_when_a_non_renewal_takes_effect_on_the_anniversary() -> None:
    subject = affiliation()
    notice = preview_non_renewal(subject, product(), date(2024, 10, 15), TerminationBy.INSURER)
    pending = apply_termination_notice(subject, notice).affiliation
    assert renewals_due(pending, product(), date(2025, 1, 15)) == ()


def test_art_9_2_a_late_non_renewal_lets_this_anniversary_renew_but_not_the_next() -> None:
    subject = affiliation()
    notice = preview_non_renewal(subject, product(), date(2024, 10, 16), TerminationBy.INSURER)
    pending = apply_termination_notice(subject, notice).affiliation
    due = renewals_due(pending, product(), date(2026, 1, 15))
    assert [r.anniversary for r in due] == [date(2025, 1, 15)]


def test_art_9_2_no_renewal_after_a_termination_by_the_affiliate() -> None:
    subject = affiliation()
    notice = preview_termination_by_affiliate(subject, product(), date(2024, 11, 1))
    pending = apply_termination_notice(subject, notice).affiliation
    assert renewals_due(pending, product(), date(2025, 1, 15)) == ()


def test_art_9_2_a_terminated_affiliation_is_not_renewed() -> None:
    terminated = terminate(affiliation(), date(2024, 6, 1), Art("9.6")).affiliation
    assert renewals_due(terminated, product(), date(2025, 1, 15)) == ()


def test_art_9_2_a_suspended_affiliation_is_renewed() -> None:
    suspended = suspend(affiliation(), date(2024, 12, 20), Art("9.6")).affiliation
    assert len(renewals_due(suspended, product(), date(2025, 1, 15))) == 1


def test_art_9_2_without_tacit_renewal_nothing_renews() -> None:
    version = product()
    no_renewal = replace(version, lifecycle=replace(version.lifecycle, tacit_renewal=False))
    assert renewals_due(affiliation(), no_renewal, date(2025, 1, 15)) == ()
