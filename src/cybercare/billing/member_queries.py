"""Premiums and payments as the affiliate reads them in the member portal (Art. 9.1, 9.3, 9.6,
11.3): the premium lines per month (gross, net, tax), the payments, the non-payment steps with
their formal-notice letters, the refunds, the billing status and the next premium.

Only the affiliate reads them (Art. 11.3: the affiliate sees the billing); the other members of
the household are refused (`AffiliateOnly`). The lookups stay on the affiliation's own rows:
premium lines through the unique index (period, affiliation), the rest by affiliation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import select

from cybercare.billing import repository
from cybercare.billing.domain import (
    ART_9_1,
    ART_9_3,
    BilledLine,
    LineStatus,
    Period,
    communication_for,
    covered_interval,
    monthly_premium,
    refund_after,
)
from cybercare.billing.dunning import ART_9_6, OPEN_STATUSES, CaseStatus
from cybercare.db.tables import DunningCaseRow, PaymentEventRow, PremiumLineRow, RefundRow
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal
from cybercare.kernel.errors import NotFound
from cybercare.policy.member_queries import (
    ART_11_3,
    MemberHousehold,
    member_household,
    require_affiliate,
)
from cybercare.product.catalog import Catalog

# Lines are billed at the start of their month at the latest; two months ahead covers a run
# made early for the next period.
MONTHS_AHEAD = 2
L, E, D, R = PremiumLineRow, PaymentEventRow, DunningCaseRow, RefundRow


class BillingStatus(StrEnum):
    """The household's premiums at a glance, the most urgent first."""

    SUSPENDED = "suspended"  # Art. 9.6: cover suspended for non-payment
    FORMAL_NOTICE = "formal_notice"  # Art. 9.6: a formal notice gives a date to pay by
    UNPAID = "unpaid"
    CONTESTED = "contested"
    OPEN = "open"  # billed, payment not reported yet
    PAID = "paid"  # every premium billed is paid
    NOTHING_BILLED = "nothing_billed"


@dataclass(frozen=True, slots=True)
class PremiumLineView:
    line_id: int
    period: str
    covered_from: date
    covered_to: date  # exclusive
    days: int
    month_days: int
    gross_cents: int
    net_cents: int
    tax_cents: int
    tax_rate_bp: int
    channel: str
    status: str
    status_on: date | None

    @property
    def due_on(self) -> date:
        return Period.parse(self.period).start

    @property
    def last_day(self) -> date:
        return self.covered_to - timedelta(days=1)

    @property
    def full_month(self) -> bool:
        return self.days == self.month_days

    @property
    def communication(self) -> str:
        """The structured communication to pay this premium by bank transfer."""
        return communication_for(self.line_id)

    @property
    def to_pay(self) -> bool:
        return self.status in (LineStatus.OPEN.value, LineStatus.UNPAID.value)


@dataclass(frozen=True, slots=True)
class PaymentView:
    period: str
    source: str  # distributor, debit_settled, debit_return, transfer
    outcome: str  # paid, unpaid, contested
    amount_cents: int
    event_date: date
    reason_code: str | None


@dataclass(frozen=True, slots=True)
class DunningView:
    notice_id: int
    status: str
    notice_on: date
    pay_by: date
    arrears_cents: int
    suspended_from: date | None
    ended_on: date | None

    @property
    def open(self) -> bool:
        return CaseStatus(self.status) in OPEN_STATUSES


@dataclass(frozen=True, slots=True)
class RefundView:
    period: str
    days: int
    gross_cents: int
    net_cents: int
    tax_cents: int
    due_by: date


@dataclass(frozen=True, slots=True)
class NextPremium:
    period: str
    due_on: date
    days: int
    month_days: int
    gross_cents: int
    net_cents: int
    tax_cents: int
    tax_rate_bp: int
    article: str

    @property
    def full_month(self) -> bool:
        return self.days == self.month_days


@dataclass(frozen=True, slots=True)
class BillingOverview:
    status: BillingStatus
    arrears_cents: int
    open_notice: DunningView | None
    next_premium: NextPremium | None
    lines: tuple[PremiumLineView, ...]  # most recent first
    payments: tuple[PaymentView, ...]  # most recent first
    notices: tuple[DunningView, ...]  # most recent first
    refunds: tuple[RefundView, ...]
    article: str  # Art. 9.1: the premium
    notice_article: str  # Art. 9.6: non-payment
    refund_article: str  # Art. 9.3: withdrawal
    formal_notice_days: int  # Art. 9.6 timers, from the product
    termination_days_after_suspension: int

    @property
    def status_article(self) -> str:
        late = (BillingStatus.SUSPENDED, BillingStatus.FORMAL_NOTICE, BillingStatus.UNPAID)
        return self.notice_article if self.status in late else self.article


def billing_overview(
    uow: UnitOfWork, principal: Principal, catalog: Catalog, today: date
) -> BillingOverview:
    """The affiliate's premiums: Art. 11.3 refuses the other members."""
    household = member_household(uow, principal, catalog, today)
    require_affiliate(household, ART_11_3, "read the premiums")
    return overview_of(uow, household)


def overview_of(uow: UnitOfWork, household: MemberHousehold) -> BillingOverview:
    affiliation_id = household.affiliation_id
    lifecycle = household.product.lifecycle
    lines = _lines(uow, affiliation_id, _periods(household))
    notices = _notices(uow, affiliation_id)
    open_notice = next((n for n in notices if n.open), None)
    arrears = sum(line.gross_cents for line in lines if line.status == LineStatus.UNPAID.value)
    return BillingOverview(
        status=_status(lines, open_notice),
        arrears_cents=arrears,
        open_notice=open_notice,
        next_premium=next_premium(household),
        lines=lines,
        payments=_payments(uow, lines),
        notices=notices,
        refunds=_refunds(uow, affiliation_id, {line.line_id: line.period for line in lines}),
        article=str(ART_9_1),
        notice_article=str(ART_9_6),
        refund_article=str(ART_9_3),
        formal_notice_days=lifecycle.formal_notice_days,
        termination_days_after_suspension=lifecycle.termination_days_after_suspension,
    )


def next_premium(household: MemberHousehold) -> NextPremium | None:
    """The premium of the next month (due on its first day) while the contract runs: a
    notified termination ends it pro rata by day (Art. 9.1, 9.4)."""
    if household.status not in ("active", "suspended", "pending_start"):
        return None
    start = household.affiliation.start_date
    # The first premium when cover is still to start; otherwise next month's.
    period = Period.of(start) if start > household.today else _next_period(household.today)
    pending = household.pending_end
    covered_from, covered_to = covered_interval(
        period, start, pending.effective_date if pending else None
    )
    days = (covered_to - covered_from).days
    if days <= 0:
        return None
    premium = household.product.premium
    amount = monthly_premium(premium, period, days)
    return NextPremium(
        period=period.code,
        due_on=max(period.start, covered_from),
        days=days,
        month_days=period.days,
        gross_cents=amount.gross_cents,
        net_cents=amount.net_cents,
        tax_cents=amount.tax_cents,
        tax_rate_bp=amount.tax_rate_bp,
        article=str(premium.article),
    )


def withdrawal_refunds(
    uow: UnitOfWork, affiliation_id: str, cover_end: date, due_by: date
) -> tuple[RefundView, ...]:
    """Art. 9.3: what a withdrawal ending cover on `cover_end` gives back of the premiums
    already billed, pro rata by day, line by line, as the daily refund job will compute it."""
    periods = repository.billed_periods_from(uow, Period.of(cover_end).code)
    refunds = []
    for line in repository.lines_of(uow, affiliation_id, periods):
        billed = BilledLine(
            line.line_id,
            line.covered_from,
            line.covered_to,
            line.gross_cents,
            line.tax_rate_bp,
            paid=line.status == LineStatus.PAID.value,
        )
        refund = refund_after(billed, cover_end, due_by)
        if refund is not None:
            refunds.append(
                RefundView(
                    line.period,
                    refund.days,
                    refund.gross_cents,
                    refund.net_cents,
                    refund.tax_cents,
                    refund.due_by,
                )
            )
    return tuple(refunds)


def formal_notice_pdf(
    uow: UnitOfWork, principal: Principal, notice_id: int, catalog: Catalog, today: date
) -> bytes:
    """The formal-notice letter (Art. 9.6) as it was sent, for the affiliate of its contract."""
    household = member_household(uow, principal, catalog, today)
    require_affiliate(household, ART_11_3, "read the premiums")
    pdf = uow.session.scalar(
        select(DunningCaseRow.letter_pdf).where(
            DunningCaseRow.id == notice_id,
            DunningCaseRow.affiliation_id == household.affiliation_id,
        )
    )
    if pdf is None:
        raise NotFound("no such letter", code="billing.notice_not_found")
    return bytes(pdf)


# --- helpers ----------------------------------------------------------------------------------


def _next_period(day: date) -> Period:
    period = Period.of(day)
    return Period.of(period.end)


def _periods(household: MemberHousehold) -> list[str]:
    """Every month from the start of cover to a little ahead of today: the index's periods."""
    first = Period.of(household.affiliation.start_date)
    last = Period.of(household.today)
    for _ in range(MONTHS_AHEAD):
        last = Period.of(last.end)
    periods, period = [], first
    while period <= last:
        periods.append(period.code)
        period = Period.of(period.end)
    return periods


def _lines(uow: UnitOfWork, affiliation_id: str, periods: list[str]) -> tuple[PremiumLineView, ...]:
    if not periods:
        return ()
    rows = uow.session.execute(
        select(
            L.id,
            L.period,
            L.covered_from,
            L.covered_to,
            L.days,
            L.month_days,
            L.gross_cents,
            L.net_cents,
            L.tax_cents,
            L.tax_rate_bp,
            L.channel,
            L.status,
            L.status_on,
        )
        .where(L.period.in_(periods), L.affiliation_id == affiliation_id)
        .order_by(L.period.desc())
    )
    return tuple(PremiumLineView(*cast(tuple[Any, ...], row)) for row in rows)


def _payments(uow: UnitOfWork, lines: tuple[PremiumLineView, ...]) -> tuple[PaymentView, ...]:
    if not lines:
        return ()
    period_of = {line.line_id: line.period for line in lines}
    rows = uow.session.execute(
        select(E.premium_line_id, E.source, E.outcome, E.amount_cents, E.event_date, E.reason_code)
        .where(E.premium_line_id.in_(list(period_of)))
        .order_by(E.event_date.desc(), E.id.desc())
    )
    return tuple(
        PaymentView(period_of[line_id], source, outcome, amount, day, reason)
        for line_id, source, outcome, amount, day, reason in rows
    )


def _notices(uow: UnitOfWork, affiliation_id: str) -> tuple[DunningView, ...]:
    rows = uow.session.execute(
        select(D.id, D.status, D.notice_on, D.pay_by, D.arrears_cents, D.suspended_from, D.ended_on)
        .where(D.affiliation_id == affiliation_id)
        .order_by(D.notice_on.desc(), D.id.desc())
    )
    return tuple(DunningView(*row) for row in rows)


def _refunds(
    uow: UnitOfWork, affiliation_id: str, period_of: dict[int, str]
) -> tuple[RefundView, ...]:
    rows = uow.session.execute(
        select(R.premium_line_id, R.days, R.gross_cents, R.net_cents, R.tax_cents, R.due_by)
        .where(R.affiliation_id == affiliation_id)
        .order_by(R.due_by.desc(), R.id.desc())
    )
    return tuple(
        RefundView(period_of.get(line_id, ""), days, gross, net, tax, due_by)
        for line_id, days, gross, net, tax, due_by in rows
    )


def _status(lines: tuple[PremiumLineView, ...], notice: DunningView | None) -> BillingStatus:
    if notice is not None:
        if notice.status == CaseStatus.SUSPENDED.value:
            return BillingStatus.SUSPENDED
        return BillingStatus.FORMAL_NOTICE
    statuses = {line.status for line in lines}
    for status, answer in (
        (LineStatus.UNPAID.value, BillingStatus.UNPAID),
        (LineStatus.CONTESTED.value, BillingStatus.CONTESTED),
        (LineStatus.OPEN.value, BillingStatus.OPEN),
        (LineStatus.PAID.value, BillingStatus.PAID),
    ):
        if status in statuses:
            return answer
    return BillingStatus.NOTHING_BILLED
