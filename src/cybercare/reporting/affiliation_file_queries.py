"""The queries of the staff file of one affiliation (`reporting.affiliation_file` holds the
values): the household, its billing and dunning, its cases."""

from __future__ import annotations

from sqlalchemy import func, select

from cybercare.cover.service import household_pots
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
from cybercare.kernel.clock import Clock
from cybercare.policy import repository as policies
from cybercare.policy.views import affiliation_view
from cybercare.product.catalog import Catalog
from cybercare.product.model import Lifecycle
from cybercare.reporting.affiliation_file import (
    PREMIUM_LINES,
    AffiliationFile,
    Billing,
    CaseLine,
    Contact,
    DunningStep,
    PremiumLine,
)


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
            func.coalesce(RefundRow.gross_cents, 0).label("refunded_cents"),
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
        lines=tuple(PremiumLine(**row._asdict()) for row in rows),
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
    dunning = DunningCaseRow
    rows = uow.session.execute(
        select(
            dunning.status,
            dunning.notice_on,
            dunning.pay_by,
            dunning.arrears_cents,
            dunning.suspended_from,
            dunning.ended_on,
        )
        .where(dunning.affiliation_id == affiliation_id)
        .order_by(dunning.notice_on.desc(), dunning.id.desc())
    )
    return tuple(
        DunningStep.of(status, notice_on, pay_by, int(arrears), suspended, ended_on, lifecycle)
        for status, notice_on, pay_by, arrears, suspended, ended_on in rows
    )


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
