"""The staff file of one affiliation: the household and its members, the status timeline
(Art. 9), the premium lines and their payment (Art. 9.1, 9.3), the non-payment cases with their
dates (Art. 9.6), the pots of the current insurance year (Art. 5) and the household's cases.

Cases are listed by their facts only (guarantee, person, dates, status, claims' amounts): no
narrative and no note, so nothing of the psychological compartment (Art. 11.2) reaches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from cybercare.billing.dunning import (
    OPEN_STATUSES,
    CaseStatus,
    suspend_from_for,
    terminate_from_for,
)
from cybercare.cover.service import PotView, household_pots
from cybercare.db.tables import (
    CaseRow,
    ClaimRow,
    DistributorRow,
    DunningCaseRow,
    PersonRow,
    PremiumLineRow,
    RefundRow,
)
from cybercare.db.uow import UnitOfWork
from cybercare.household.domain import Relationship
from cybercare.kernel.clock import BRUSSELS, Clock
from cybercare.policy import repository as policies
from cybercare.policy.views import AffiliationView, MemberView, affiliation_view
from cybercare.product.catalog import Catalog
from cybercare.product.model import Lifecycle

PREMIUM_LINES = 24  # the last two years of monthly lines


@dataclass(frozen=True, slots=True)
class Contact:
    person_id: str
    email: str | None
    phone: str | None


@dataclass(frozen=True, slots=True)
class PremiumLine:
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
    refunded_cents: int

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.covered_to.toordinal() - 1)


@dataclass(frozen=True, slots=True)
class Billing:
    lines: tuple[PremiumLine, ...]  # newest first, at most PREMIUM_LINES
    periods: int  # lines billed in all
    billed_cents: int
    paid_cents: int
    unpaid_cents: int
    open_cents: int  # billed, result not known yet
    contested_cents: int
    refunded_cents: int


@dataclass(frozen=True, slots=True)
class DunningStep:
    """A non-payment case: what happened and, while it is open, what will happen if the
    arrears stay unpaid (`*_planned`)."""

    status: str
    notice_on: date
    pay_by: date
    arrears_cents: int
    suspended_from: date | None
    suspension_planned: date | None
    termination_planned: date | None
    ended_on: date | None

    @property
    def open(self) -> bool:
        return CaseStatus(self.status) in OPEN_STATUSES


@dataclass(frozen=True, slots=True)
class CaseLine:
    case_id: str
    guarantee: str | None
    person_name: str
    opened_at: datetime
    status: str
    urgent: bool
    closed_at: datetime | None
    claims: int
    claimed_cents: int
    paid_cents: int

    @property
    def opened_on(self) -> date:
        """The Brussels day the case was opened."""
        return self.opened_at.astimezone(BRUSSELS).date()


@dataclass(frozen=True, slots=True)
class AffiliationFile:
    view: AffiliationView
    household_id: str
    distributor_name: str
    contacts: dict[str, Contact]
    billing: Billing
    dunning: tuple[DunningStep, ...]  # newest first
    pots: tuple[PotView, ...]
    cases: tuple[CaseLine, ...]  # newest first

    @property
    def members(self) -> tuple[MemberView, ...]:
        """Today's members first, the affiliate at their head; then those who left."""
        return tuple(
            sorted(
                self.view.members,
                key=lambda m: (
                    m.left_on is not None,
                    m.relationship is not Relationship.AFFILIATE,
                    m.joined_on,
                    m.birth_date,
                    m.person_id,
                ),
            )
        )

    @property
    def open_dunning(self) -> DunningStep | None:
        return next((step for step in self.dunning if step.open), None)


def affiliation_file(
    uow: UnitOfWork, affiliation_id: str, catalog: Catalog, clock: Clock
) -> AffiliationFile:
    """Raises `AffiliationNotFound` for an unknown id."""
    loaded = policies.load(uow, affiliation_id)
    product = catalog.get(*loaded.affiliation.product_key)
    today = clock.today()
    view = affiliation_view(loaded.record, loaded.affiliation, loaded.household, product, today)
    distributor = uow.session.scalar(
        select(DistributorRow.name).where(DistributorRow.code == loaded.record.distributor)
    )
    contacts = {
        p.person_id: Contact(p.person_id, p.email, p.phone) for p in loaded.household.people
    }
    return AffiliationFile(
        view=view,
        household_id=loaded.record.household_id,
        distributor_name=distributor or loaded.record.distributor,
        contacts=contacts,
        billing=billing_of(uow, affiliation_id),
        dunning=dunning_of(uow, affiliation_id, product.lifecycle),
        pots=tuple(household_pots(uow, affiliation_id, catalog, today)),
        cases=cases_of(uow, loaded.record.household_id),
    )


def billing_of(uow: UnitOfWork, affiliation_id: str, *, shown: int = PREMIUM_LINES) -> Billing:
    line = PremiumLineRow
    totals = {
        status: (int(count), int(gross))
        for status, count, gross in uow.session.execute(
            select(line.status, func.count(), func.coalesce(func.sum(line.gross_cents), 0))
            .where(line.affiliation_id == affiliation_id)
            .group_by(line.status)
        )
    }
    refunded = func.coalesce(RefundRow.gross_cents, 0)
    rows = uow.session.execute(
        select(
            line.period,
            line.covered_from,
            line.covered_to,
            line.days,
            line.month_days,
            line.gross_cents,
            line.net_cents,
            line.tax_cents,
            line.tax_rate_bp,
            line.channel,
            line.status,
            line.status_on,
            refunded.label("refunded"),
        )
        .outerjoin(RefundRow, RefundRow.premium_line_id == line.id)
        .where(line.affiliation_id == affiliation_id)
        .order_by(line.period.desc())
        .limit(shown)
    )
    all_refunds = uow.session.scalar(
        select(func.coalesce(func.sum(RefundRow.gross_cents), 0)).where(
            RefundRow.affiliation_id == affiliation_id
        )
    )

    def gross(status: str) -> int:
        return totals.get(status, (0, 0))[1]

    return Billing(
        lines=tuple(
            PremiumLine(
                period=row.period,
                covered_from=row.covered_from,
                covered_to=row.covered_to,
                days=row.days,
                month_days=row.month_days,
                gross_cents=int(row.gross_cents),
                net_cents=int(row.net_cents),
                tax_cents=int(row.tax_cents),
                tax_rate_bp=row.tax_rate_bp,
                channel=row.channel,
                status=row.status,
                status_on=row.status_on,
                refunded_cents=int(row.refunded),
            )
            for row in rows
        ),
        periods=sum(count for count, _ in totals.values()),
        billed_cents=sum(total for _, total in totals.values()),
        paid_cents=gross("paid"),
        unpaid_cents=gross("unpaid"),
        open_cents=gross("open"),
        contested_cents=gross("contested"),
        refunded_cents=int(all_refunds or 0),
    )


def dunning_of(
    uow: UnitOfWork, affiliation_id: str, lifecycle: Lifecycle
) -> tuple[DunningStep, ...]:
    case = DunningCaseRow
    rows = uow.session.execute(
        select(
            case.status,
            case.notice_on,
            case.pay_by,
            case.arrears_cents,
            case.suspended_from,
            case.ended_on,
        )
        .where(case.affiliation_id == affiliation_id)
        .order_by(case.notice_on.desc(), case.id.desc())
    )
    steps = []
    for status, notice_on, pay_by, arrears, suspended_from, ended_on in rows:
        suspension_planned = termination_planned = None
        if status == CaseStatus.NOTICE_SENT.value:
            suspension_planned = suspend_from_for(pay_by)
            termination_planned = terminate_from_for(suspension_planned, lifecycle)
        elif status == CaseStatus.SUSPENDED.value and suspended_from is not None:
            termination_planned = terminate_from_for(suspended_from, lifecycle)
        steps.append(
            DunningStep(
                status=status,
                notice_on=notice_on,
                pay_by=pay_by,
                arrears_cents=int(arrears),
                suspended_from=suspended_from,
                suspension_planned=suspension_planned,
                termination_planned=termination_planned,
                ended_on=ended_on,
            )
        )
    return tuple(steps)


def cases_of(uow: UnitOfWork, household_id: str) -> tuple[CaseLine, ...]:
    claims = (
        select(
            ClaimRow.case_id.label("case_id"),
            func.count().label("claims"),
            func.sum(ClaimRow.claimed_cents).label("claimed"),
            func.sum(ClaimRow.paid_cents).label("paid"),
        )
        .where(ClaimRow.household_id == household_id)
        .group_by(ClaimRow.case_id)
        .subquery()
    )
    rows = uow.session.execute(
        select(
            CaseRow.id,
            CaseRow.guarantee_code,
            PersonRow.given_name,
            PersonRow.family_name,
            CaseRow.opened_at,
            CaseRow.status,
            CaseRow.urgent,
            CaseRow.closed_at,
            func.coalesce(claims.c.claims, 0),
            func.coalesce(claims.c.claimed, 0),
            func.coalesce(claims.c.paid, 0),
        )
        .join(PersonRow, PersonRow.id == CaseRow.person_id)
        .outerjoin(claims, claims.c.case_id == CaseRow.id)
        .where(CaseRow.household_id == household_id)
        .order_by(CaseRow.opened_at.desc(), CaseRow.id)
    )
    return tuple(
        CaseLine(
            case_id=row[0],
            guarantee=row[1],
            person_name=f"{row[2]} {row[3]}",
            opened_at=row[4],
            status=row[5],
            urgent=bool(row[6]),
            closed_at=row[7],
            claims=int(row[8]),
            claimed_cents=int(row[9]),
            paid_cents=int(row[10]),
        )
        for row in rows
    )
