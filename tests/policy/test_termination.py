"""Art. 9.4 (termination by the affiliate) and Art. 9.5 (non-renewal by insurer or distributor)."""

from __future__ import annotations

from datetime import date

import pytest

from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.policy.domain import (
    AffiliationChangeKind,
    AffiliationStatus,
    TerminationBy,
    status_on,
    suspend,
)
from cybercare.policy.lifecycle import (
    apply_termination_effective,
    apply_termination_notice,
    preview_non_renewal,
    preview_termination_by_affiliate,
)
from tests.policy.builders import affiliation, product

START = date(2024, 1, 15)  # start + 5 months = 2024-06-15, start + 6 months = 2024-07-15


# --- Art. 9.4 -------------------------------------------------------------------------------


def test_art_9_4_notice_at_start_plus_5_months_minus_1_day_waits_for_the_6_months() -> None:
    preview = preview_termination_by_affiliate(affiliation(), product(), date(2024, 6, 14))
    assert preview.effective_date == date(2024, 7, 15)
    assert preview.article == Art("9.4")
    (reason,) = preview.reasons
    assert reason.code == "policy.termination_after_minimum_run"
    assert reason.params["notice_end"] == date(2024, 7, 14)
    assert reason.params["minimum_run_end"] == date(2024, 7, 15)


def test_art_9_4_notice_at_start_plus_5_months_meets_both_on_the_same_day() -> None:
    preview = preview_termination_by_affiliate(affiliation(), product(), date(2024, 6, 15))
    assert preview.effective_date == date(2024, 7, 15)
    assert preview.reasons[0].code == "policy.termination_after_notice"


def test_art_9_4_notice_at_start_plus_5_months_plus_1_day_runs_one_month_of_notice() -> None:
    preview = preview_termination_by_affiliate(affiliation(), product(), date(2024, 6, 16))
    assert preview.effective_date == date(2024, 7, 16)
    assert preview.reasons[0].code == "policy.termination_after_notice"


def test_art_9_4_notice_in_the_first_days_still_waits_for_the_6_months() -> None:
    preview = preview_termination_by_affiliate(affiliation(), product(), START)
    assert preview.effective_date == date(2024, 7, 15)


def test_art_9_4_month_ends_are_clamped() -> None:
    subject = affiliation(subscribed_on=date(2024, 1, 31))
    preview = preview_termination_by_affiliate(subject, product(), date(2024, 6, 30))
    assert preview.reasons[0].params["notice_end"] == date(2024, 7, 30)
    assert preview.effective_date == date(2024, 7, 31)


def test_art_9_4_a_second_notice_while_one_is_pending_is_refused() -> None:
    subject = affiliation()
    notice = preview_termination_by_affiliate(subject, product(), date(2024, 8, 1))
    pending = apply_termination_notice(subject, notice).affiliation
    with pytest.raises(Conflict) as refused:
        preview_termination_by_affiliate(pending, product(), date(2024, 8, 2))
    assert refused.value.code == "policy.termination_already_pending"
    assert refused.value.clause == "Art. 9.4"
    with pytest.raises(Conflict):
        apply_termination_notice(pending, notice)


def test_art_9_4_the_termination_takes_effect_on_its_date_not_before() -> None:
    subject = affiliation()
    notice = preview_termination_by_affiliate(subject, product(), date(2024, 8, 1))
    update = apply_termination_notice(subject, notice)
    assert update.changes[0].kind is AffiliationChangeKind.TERMINATION_NOTIFIED
    assert update.changes[0].by is TerminationBy.AFFILIATE
    pending = update.affiliation
    assert pending.pending_termination is not None
    assert pending.pending_termination.effective_date == date(2024, 9, 1)
    with pytest.raises(Conflict) as refused:
        apply_termination_effective(pending, date(2024, 8, 31))
    assert refused.value.code == "policy.termination_not_yet_effective"
    terminated = apply_termination_effective(pending, date(2024, 9, 1))
    assert status_on(terminated.affiliation, date(2024, 8, 31)) is AffiliationStatus.ACTIVE
    assert status_on(terminated.affiliation, date(2024, 9, 1)) is AffiliationStatus.TERMINATED
    assert terminated.affiliation.pending_termination is None
    assert terminated.changes[0].kind is AffiliationChangeKind.TERMINATED
    assert terminated.changes[0].article == Art("9.4")


def test_art_9_4_a_late_run_still_terminates_on_the_effective_date() -> None:
    subject = affiliation()
    notice = preview_termination_by_affiliate(subject, product(), date(2024, 8, 1))
    pending = apply_termination_notice(subject, notice).affiliation
    terminated = apply_termination_effective(pending, date(2024, 9, 20)).affiliation
    assert terminated.periods[-1].start == date(2024, 9, 1)


def test_art_9_4_nothing_to_apply_without_a_pending_termination() -> None:
    with pytest.raises(Conflict) as refused:
        apply_termination_effective(affiliation(), date(2024, 9, 1))
    assert refused.value.code == "policy.no_pending_termination"


def test_art_9_4_a_suspended_affiliation_can_be_terminated_by_notice() -> None:
    subject = suspend(affiliation(), date(2024, 8, 10), Art("9.6")).affiliation
    notice = preview_termination_by_affiliate(subject, product(), date(2024, 8, 1))
    pending = apply_termination_notice(subject, notice).affiliation
    terminated = apply_termination_effective(pending, date(2024, 9, 1)).affiliation
    assert [p.status for p in terminated.periods] == [
        AffiliationStatus.ACTIVE,
        AffiliationStatus.SUSPENDED,
        AffiliationStatus.TERMINATED,
    ]


def test_art_9_4_a_terminated_affiliation_takes_no_notice() -> None:
    subject = affiliation()
    notice = preview_termination_by_affiliate(subject, product(), date(2024, 8, 1))
    pending = apply_termination_notice(subject, notice).affiliation
    terminated = apply_termination_effective(pending, date(2024, 9, 1)).affiliation
    with pytest.raises(Conflict) as refused:
        preview_termination_by_affiliate(terminated, product(), date(2024, 9, 2))
    assert refused.value.code == "policy.already_ended"


def test_art_9_4_a_notice_before_the_subscription_is_invalid() -> None:
    with pytest.raises(InvalidInput):
        preview_termination_by_affiliate(affiliation(), product(), date(2024, 1, 14))


# --- Art. 9.5 -------------------------------------------------------------------------------
# First insurance year: 2024-01-15 to 2025-01-15; three months before its end: 2024-10-15.


def test_art_9_5_notice_at_year_end_minus_3_months_minus_1_day_ends_this_year() -> None:
    preview = preview_non_renewal(
        affiliation(), product(), date(2024, 10, 14), TerminationBy.INSURER
    )
    assert preview.effective_date == date(2025, 1, 15)
    assert preview.article == Art("9.5")
    assert preview.reasons[0].code == "policy.non_renewal_at_year_end"
    assert preview.reasons[0].params["deadline"] == date(2024, 10, 15)


def test_art_9_5_notice_at_year_end_minus_3_months_ends_this_year() -> None:
    preview = preview_non_renewal(
        affiliation(), product(), date(2024, 10, 15), TerminationBy.INSURER
    )
    assert preview.effective_date == date(2025, 1, 15)


def test_art_9_5_notice_at_year_end_minus_3_months_plus_1_day_ends_next_year() -> None:
    preview = preview_non_renewal(
        affiliation(), product(), date(2024, 10, 16), TerminationBy.DISTRIBUTOR
    )
    assert preview.effective_date == date(2026, 1, 15)
    (reason,) = preview.reasons
    assert reason.code == "policy.non_renewal_too_late_for_this_year"
    assert reason.params == {
        "notice_on": date(2024, 10, 16),
        "notice_months": 3,
        "year_index": 0,
        "year_end": date(2025, 1, 15),
        "deadline": date(2024, 10, 15),
        "effective_date": date(2026, 1, 15),
    }
    assert preview.by is TerminationBy.DISTRIBUTOR


def test_art_9_5_in_a_later_year_the_deadline_follows_that_year() -> None:
    preview = preview_non_renewal(
        affiliation(), product(), date(2025, 10, 15), TerminationBy.INSURER
    )
    assert preview.effective_date == date(2026, 1, 15)
    assert preview.reasons[0].params["year_index"] == 1


def test_art_9_5_month_ends_are_clamped() -> None:
    subject = affiliation(subscribed_on=date(2024, 5, 31))  # year end 2025-05-31
    in_time = preview_non_renewal(subject, product(), date(2025, 2, 28), TerminationBy.INSURER)
    assert in_time.effective_date == date(2025, 5, 31)
    late = preview_non_renewal(subject, product(), date(2025, 3, 1), TerminationBy.INSURER)
    assert late.effective_date == date(2026, 5, 31)


def test_art_9_5_the_affiliate_does_not_use_non_renewal() -> None:
    with pytest.raises(InvalidInput) as refused:
        preview_non_renewal(affiliation(), product(), date(2024, 3, 1), TerminationBy.AFFILIATE)
    assert refused.value.field == "by"


def test_art_9_5_non_renewal_terminates_at_the_anniversary() -> None:
    subject = affiliation()
    notice = preview_non_renewal(subject, product(), date(2024, 10, 1), TerminationBy.INSURER)
    update = apply_termination_notice(subject, notice)
    assert update.changes[0].by is TerminationBy.INSURER
    terminated = apply_termination_effective(update.affiliation, date(2025, 1, 15)).affiliation
    assert status_on(terminated, date(2025, 1, 14)) is AffiliationStatus.ACTIVE
    assert status_on(terminated, date(2025, 1, 15)) is AffiliationStatus.TERMINATED
    assert terminated.periods[-1].article == Art("9.5")
