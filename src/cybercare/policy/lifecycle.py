"""Lifecycle decisions of Art. 9: withdrawal, termination, non-renewal, renewal.

Each request has a `preview_*` that returns the decision (effective date, article, reasons with
the figures compared, money where relevant) and an `apply_*` that turns that decision into the
new affiliation and its changes. A service shows the preview, then applies the same value.
Effective dates are the first day of the new state: the affiliation is withdrawn or terminated
on and after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from cybercare.kernel.clauses import Art, Reason
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.money import prorate
from cybercare.kernel.periods import InsuranceYear, add_months, anniversary, days_in_period
from cybercare.policy.domain import (
    ART_9_2,
    Affiliation,
    AffiliationChange,
    AffiliationChangeKind,
    AffiliationStatus,
    AffiliationUpdate,
    PendingTermination,
    TerminationBy,
    check_in_force,
    check_product,
    insurance_year_of,
    refused,
    status_on,
    terminate,
    withdraw,
)
from cybercare.product.model import ProductVersion

ART_9_3 = Art("9.3")
ART_9_4 = Art("9.4")
ART_9_5 = Art("9.5")


# --- withdrawal (Art. 9.3) -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChargedMonth:
    """One month's premium as billed: `gross_cents` for the days `[covered_from, covered_to)`."""

    covered_from: date
    covered_to: date
    gross_cents: int

    @property
    def days(self) -> int:
        return days_in_period(self.covered_from, self.covered_to)

    def refund_from(self, cover_end: date) -> tuple[int, int]:
        """(days, cents) of this month's premium for its days on or after `cover_end`: the whole
        premium for a month not covered at all, else pro rata by day of the days this month
        charged, rounded half away from zero to the cent (`kernel.money.prorate`)."""
        days = days_in_period(max(cover_end, self.covered_from), self.covered_to)
        if days <= 0:
            return 0, 0
        if days >= self.days:
            return self.days, self.gross_cents
        return days, prorate(self.gross_cents, days, self.days)


@dataclass(frozen=True, slots=True)
class WithdrawalPreview:
    """Withdrawal notified on `notified_on`: cover ends that day; of the premiums charged for
    `[start_date, charged_through)` (`charged`, one per billed month), each month's premium is
    refunded for that month's days from `effective_date` on, pro rata by day of that month
    (`refund_cents`, the sum) by `refund_due_by`; the covered days keep `premium_due_cents`."""

    affiliation_id: str
    notified_on: date
    deadline: date
    effective_date: date
    article: Art
    reasons: tuple[Reason, ...]
    charged_cents: int
    charged_through: date
    covered_days: int
    refunded_days: int
    refund_cents: int
    premium_due_cents: int
    refund_due_by: date
    charged: tuple[ChargedMonth, ...] = ()


def check_charged(charged: Sequence[ChargedMonth]) -> None:
    for index, month in enumerate(charged):
        if month.gross_cents < 0:
            raise InvalidInput(f"charged.{index}.gross_cents", "must not be negative")
        if month.days <= 0:
            raise InvalidInput(
                f"charged.{index}.covered_to", "a charged month ends after it starts"
            )


def preview_withdrawal(
    affiliation: Affiliation,
    product: ProductVersion,
    notified_on: date,
    charged: Sequence[ChargedMonth],
) -> WithdrawalPreview:
    """Art. 9.3: withdrawal without reason until `withdrawal_days` after the subscription date
    (day 14 accepted, day 15 refused); each month's premium of the days not covered is refunded
    pro rata by day of that month (the days of two months are never averaged together)."""
    check_product(affiliation, product)
    check_in_force(affiliation, ART_9_3)
    lifecycle = product.lifecycle
    if notified_on < affiliation.subscribed_on:
        raise InvalidInput("notified_on", "precedes the subscription date", clause=str(ART_9_3))
    deadline = affiliation.subscribed_on + timedelta(days=lifecycle.withdrawal_days)
    if notified_on > deadline:
        raise refused(
            "withdrawal_period_over",
            ART_9_3,
            subscribed_on=affiliation.subscribed_on,
            days=lifecycle.withdrawal_days,
            deadline=deadline,
            notified_on=notified_on,
        )
    check_charged(charged)
    start = affiliation.start_date
    charged_cents = sum(month.gross_cents for month in charged)
    charged_through = max((month.covered_to for month in charged), default=start)
    charged_days = sum(month.days for month in charged)
    cover_end = max(notified_on, start)
    covered_days = days_in_period(start, cover_end)
    refunds = [month.refund_from(cover_end) for month in charged]
    refunded_days = sum(days for days, _cents in refunds)
    refund = sum(cents for _days, cents in refunds)
    refund_due_by = notified_on + timedelta(days=lifecycle.withdrawal_refund_days)
    reasons = (
        Reason(
            "policy.withdrawal_within_period",
            ART_9_3,
            {
                "subscribed_on": affiliation.subscribed_on,
                "deadline": deadline,
                "notified_on": notified_on,
            },
        ),
        Reason(
            "policy.withdrawal_refund_pro_rata",
            ART_9_3,
            {
                "charged_cents": charged_cents,
                "charged_days": charged_days,
                "refunded_days": refunded_days,
                "refund_cents": refund,
                "refund_due_by": refund_due_by,
            },
        ),
    )
    return WithdrawalPreview(
        affiliation_id=affiliation.affiliation_id,
        notified_on=notified_on,
        deadline=deadline,
        effective_date=notified_on,
        article=ART_9_3,
        reasons=reasons,
        charged_cents=charged_cents,
        charged_through=charged_through,
        covered_days=covered_days,
        refunded_days=refunded_days,
        refund_cents=refund,
        premium_due_cents=charged_cents - refund,
        refund_due_by=refund_due_by,
        charged=tuple(charged),
    )


def apply_withdrawal(affiliation: Affiliation, preview: WithdrawalPreview) -> AffiliationUpdate:
    _same_affiliation(affiliation, preview.affiliation_id)
    return withdraw(affiliation, preview.effective_date, preview.article)


# --- termination by the affiliate (Art. 9.4), non-renewal (Art. 9.5) -------------------------


@dataclass(frozen=True, slots=True)
class TerminationPreview:
    """A termination notified on `notice_on` by `by`, effective on `effective_date`."""

    affiliation_id: str
    by: TerminationBy
    notice_on: date
    effective_date: date
    article: Art
    reasons: tuple[Reason, ...]


def preview_termination_by_affiliate(
    affiliation: Affiliation, product: ProductVersion, notice_on: date
) -> TerminationPreview:
    """Art. 9.4: effective on the later of notice + 1 month and start + 6 months."""
    _check_notice(affiliation, product, notice_on, ART_9_4)
    lifecycle = product.lifecycle
    notice_end = add_months(notice_on, lifecycle.termination_notice_months)
    run_end = add_months(affiliation.start_date, lifecycle.termination_minimum_run_months)
    figures = {
        "notice_on": notice_on,
        "notice_months": lifecycle.termination_notice_months,
        "notice_end": notice_end,
        "start_date": affiliation.start_date,
        "minimum_run_months": lifecycle.termination_minimum_run_months,
        "minimum_run_end": run_end,
    }
    if notice_end >= run_end:
        reason = Reason("policy.termination_after_notice", ART_9_4, figures)
    else:
        reason = Reason("policy.termination_after_minimum_run", ART_9_4, figures)
    return TerminationPreview(
        affiliation.affiliation_id,
        TerminationBy.AFFILIATE,
        notice_on,
        max(notice_end, run_end),
        ART_9_4,
        (reason,),
    )


def preview_non_renewal(
    affiliation: Affiliation, product: ProductVersion, notice_on: date, by: TerminationBy
) -> TerminationPreview:
    """Art. 9.5: the insurer or distributor ends the contract at the end of the insurance year
    when the registered letter is dated at least 3 months before that end (on or before
    `add_months(year_end, -3)`, `year_end` being the anniversary that closes the year); a later
    notice is too late for this year and takes effect at the end of the next one."""
    if by == TerminationBy.AFFILIATE:
        raise InvalidInput("by", "the affiliate terminates under Art. 9.4", clause=str(ART_9_5))
    _check_notice(affiliation, product, notice_on, ART_9_5)
    months = product.lifecycle.insurer_notice_months_before_year_end
    year = insurance_year_of(affiliation, max(notice_on, affiliation.start_date))
    deadline = add_months(year.end, -months)
    figures: dict[str, object] = {
        "notice_on": notice_on,
        "notice_months": months,
        "year_index": year.index,
        "year_end": year.end,
        "deadline": deadline,
    }
    if notice_on <= deadline:
        effective = year.end
        reason = Reason("policy.non_renewal_at_year_end", ART_9_5, figures)
    else:
        effective = anniversary(affiliation.start_date, year.index + 2)
        figures["effective_date"] = effective
        reason = Reason("policy.non_renewal_too_late_for_this_year", ART_9_5, figures)
    return TerminationPreview(
        affiliation.affiliation_id, by, notice_on, effective, ART_9_5, (reason,)
    )


def apply_termination_notice(
    affiliation: Affiliation, preview: TerminationPreview
) -> AffiliationUpdate:
    """Record the notified termination; it takes effect through `apply_termination_effective`."""
    _same_affiliation(affiliation, preview.affiliation_id)
    check_in_force(affiliation, preview.article)
    _check_no_pending(affiliation, preview.article)
    pending = PendingTermination(
        preview.notice_on, preview.effective_date, preview.by, preview.article
    )
    change = AffiliationChange(
        AffiliationChangeKind.TERMINATION_NOTIFIED,
        preview.effective_date,
        preview.article,
        preview.by,
    )
    return AffiliationUpdate(replace(affiliation, pending_termination=pending), (change,))


def apply_termination_effective(affiliation: Affiliation, day: date) -> AffiliationUpdate:
    """On or after its effective date, the pending termination ends the affiliation from that
    date (a late run still terminates on the effective date, not on `day`)."""
    pending = affiliation.pending_termination
    if pending is None:
        raise refused("no_pending_termination", ART_9_4, on=day)
    if day < pending.effective_date:
        raise refused(
            "termination_not_yet_effective",
            pending.article,
            on=day,
            effective_date=pending.effective_date,
        )
    return terminate(affiliation, pending.effective_date, pending.article, pending.by)


# --- renewal (Art. 9.2) ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Renewal:
    """Tacit renewal on `anniversary`: the insurance year `year` starts."""

    affiliation_id: str
    anniversary: date
    year: InsuranceYear
    article: Art
    reasons: tuple[Reason, ...]


def renewals_due(
    affiliation: Affiliation, product: ProductVersion, day: date
) -> tuple[Renewal, ...]:
    """Art. 9.2: every anniversary reached by `day` and not yet renewed, in order. None when a
    termination takes effect on or before the anniversary, when the affiliation has ended by
    then, or when the product has no tacit renewal (the contract then ends with the year)."""
    check_product(affiliation, product)
    due: list[Renewal] = []
    anniversary_on = affiliation.term_end
    pending = affiliation.pending_termination
    while anniversary_on <= day and product.lifecycle.tacit_renewal:
        if pending is not None and pending.effective_date <= anniversary_on:
            break
        if status_on(affiliation, anniversary_on) not in (
            AffiliationStatus.ACTIVE,
            AffiliationStatus.SUSPENDED,
        ):
            break
        year = insurance_year_of(affiliation, anniversary_on)
        figures = {"anniversary": anniversary_on, "year_index": year.index, "year_end": year.end}
        reasons = (Reason("policy.renewed_tacitly", ART_9_2, figures),)
        due.append(Renewal(affiliation.affiliation_id, anniversary_on, year, ART_9_2, reasons))
        anniversary_on = year.end
    return tuple(due)


def renew(affiliation: Affiliation, renewal: Renewal) -> AffiliationUpdate:
    """The contract runs into the renewed insurance year; renewals apply one year at a time."""
    _same_affiliation(affiliation, renewal.affiliation_id)
    if renewal.anniversary != affiliation.term_end:
        raise refused(
            "renewal_out_of_order",
            ART_9_2,
            anniversary=renewal.anniversary,
            next_anniversary=affiliation.term_end,
        )
    change = AffiliationChange(AffiliationChangeKind.RENEWED, renewal.anniversary, ART_9_2)
    return AffiliationUpdate(replace(affiliation, term_end=renewal.year.end), (change,))


# --- helpers ---------------------------------------------------------------------------------


def _check_notice(
    affiliation: Affiliation, product: ProductVersion, notice_on: date, article: Art
) -> None:
    check_product(affiliation, product)
    check_in_force(affiliation, article)
    if notice_on < affiliation.subscribed_on:
        raise InvalidInput("notice_on", "precedes the subscription date", clause=str(article))
    _check_no_pending(affiliation, article)


def _check_no_pending(affiliation: Affiliation, article: Art) -> None:
    pending = affiliation.pending_termination
    if pending is not None:
        raise refused(
            "termination_already_pending",
            pending.article,
            requested=str(article),
            by=str(pending.by),
            effective_date=pending.effective_date,
        )


def _same_affiliation(affiliation: Affiliation, affiliation_id: str) -> None:
    if affiliation.affiliation_id != affiliation_id:
        raise InvalidInput("affiliation_id", f"the decision is for {affiliation_id}")
