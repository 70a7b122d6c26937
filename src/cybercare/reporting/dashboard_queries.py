"""The dashboards' figures (`reporting.dashboards` holds the values).

Calendar buckets are computed in Python (`figures`) and handed to the database as a CASE over
bound ranges, so the grouping needs no date function of either dialect and follows Brussels
days. The CASE is labelled in a subquery and grouped outside it: PostgreSQL does not see two
copies of an expression with bound parameters as the same GROUP BY expression.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, case, func, literal_column, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from cybercare.db.tables import (
    AffiliationRow,
    CaseRow,
    ClaimRow,
    LedgerEntryRow,
    LedgerLineRow,
    MembershipRow,
    PersonRow,
    PotYearRow,
    WorkstreamRow,
)
from cybercare.db.uow import UnitOfWork
from cybercare.ledger.domain import Account
from cybercare.product.model import Team
from cybercare.reporting.dashboards import (
    CLAIMS_HANDLERS,
    IN_FORCE,
    LIMIT_LIST,
    MONTHS,
    PAYOUT_PAID,
    PAYOUT_RETURNED,
    WEEKS,
    CasesPerWeek,
    MonthFigures,
    PotAtLimit,
    PotsAtLimit,
    PremiumsAndClaims,
    SlaAttainment,
    TeamAttainment,
)
from cybercare.reporting.figures import Attainment, brussels_midnight, last_months, last_weeks


def _bucket_of(
    column: InstrumentedAttribute[datetime] | InstrumentedAttribute[date],
    bounds: Sequence[object],
) -> ColumnElement[int]:
    """The index of the range `[bounds[i], bounds[i + 1])` holding `column` (None outside)."""
    return case(
        *(
            (and_(column >= bounds[index], column < bounds[index + 1]), literal_column(str(index)))
            for index in range(len(bounds) - 1)
        ),
        else_=None,
    )


def cases_per_guarantee_per_week(uow: UnitOfWork, today: date, weeks: int = WEEKS) -> CasesPerWeek:
    """Cases opened in each of the last `weeks` Brussels weeks, per guarantee."""
    buckets = last_weeks(today, weeks)
    bounds = [brussels_midnight(b.start) for b in buckets] + [brussels_midnight(buckets[-1].end)]
    opened = (
        select(
            _bucket_of(CaseRow.opened_at, bounds).label("week"),
            CaseRow.guarantee_code.label("guarantee"),
        )
        .where(CaseRow.opened_at >= bounds[0], CaseRow.opened_at < bounds[-1])
        .subquery()
    )
    rows = uow.session.execute(
        select(opened.c.week, opened.c.guarantee, func.count()).group_by(
            opened.c.week, opened.c.guarantee
        )
    )
    counts: dict[str | None, list[int]] = {}
    for week, guarantee, count in rows:
        counts.setdefault(guarantee, [0] * len(buckets))[int(week)] += int(count)
    return CasesPerWeek(buckets, {code: tuple(row) for code, row in counts.items()})


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def sla_attainment(
    uow: UnitOfWork, now: datetime, today: date, weeks: int = WEEKS
) -> SlaAttainment:
    """Per team, the clocks started in the last `weeks` weeks that were met or ran out, and
    how many of them were met on time."""
    since = last_weeks(today, weeks)[0].start
    start = brussels_midnight(since)
    ws = WorkstreamRow
    # `first_contact_at` is the first logged contact that reached the member (Art. 8.4, set by
    # `assistance.contacts`), never the time a workstream was taken.
    contacted = ws.first_contact_at.is_not(None)
    first_contact = {
        team: Attainment(int(met), int(measured))
        for team, met, measured in uow.session.execute(
            select(
                ws.team,
                _count(and_(contacted, ws.first_contact_at <= ws.first_contact_due_at)),
                _count(or_(contacted, ws.first_contact_due_at <= now)),
            )
            .where(ws.opened_at >= start)
            .group_by(ws.team)
        )
    }
    decided = ClaimRow.status == "decided"
    met, measured = uow.session.execute(
        select(
            _count(and_(decided, ClaimRow.decided_at <= ClaimRow.decision_due_at)),
            _count(or_(decided, ClaimRow.decision_due_at <= now)),
        ).where(ClaimRow.decision_due_at.is_not(None), ClaimRow.submitted_at >= start)
    ).one()
    teams = tuple(
        TeamAttainment(team.value, first_contact.get(team.value, Attainment(0, 0)), None)
        for team in Team
    )
    handlers = TeamAttainment(CLAIMS_HANDLERS, None, Attainment(int(met), int(measured)))
    return SlaAttainment(since, (*teams, handlers))


def premiums_and_claims(uow: UnitOfWork, today: date, months: int = MONTHS) -> PremiumsAndClaims:
    """Net premium income and claims paid per calendar month of the last `months`, from the
    ledger entries' effective dates."""
    buckets = last_months(today, months)
    bounds = [b.start for b in buckets] + [buckets[-1].end]
    line, entry = LedgerLineRow, LedgerEntryRow
    movements = (
        select(
            _bucket_of(entry.effective_date, bounds).label("month"),
            case(
                (
                    line.account == Account.PREMIUM_INCOME.value,
                    line.credit_cents - line.debit_cents,
                ),
                else_=0,
            ).label("premium"),
            case(
                (
                    and_(
                        line.account == Account.CLAIMS_PAYABLE.value,
                        entry.kind.in_((PAYOUT_PAID, PAYOUT_RETURNED)),
                    ),
                    line.debit_cents - line.credit_cents,
                ),
                else_=0,
            ).label("paid"),
        )
        .join(entry, entry.id == line.entry_id)
        .where(
            entry.effective_date >= bounds[0],
            entry.effective_date < bounds[-1],
            line.account.in_((Account.PREMIUM_INCOME.value, Account.CLAIMS_PAYABLE.value)),
        )
        .subquery()
    )
    sums = {
        int(month): (int(premium), int(paid))
        for month, premium, paid in uow.session.execute(
            select(
                movements.c.month, func.sum(movements.c.premium), func.sum(movements.c.paid)
            ).group_by(movements.c.month)
        )
    }
    return PremiumsAndClaims(
        tuple(
            MonthFigures(bucket, *sums.get(index, (0, 0))) for index, bucket in enumerate(buckets)
        )
    )


def households_at_pot_limit(uow: UnitOfWork, today: date, limit: int = LIMIT_LIST) -> PotsAtLimit:
    """In-force affiliations whose pot of the insurance year containing `today` has no money or
    no case left (reservations included: what is held is not available to a new decision)."""
    pot = PotYearRow
    exhausted = or_(
        and_(
            pot.money_limit_cents.is_not(None),
            pot.used_cents + pot.reserved_cents >= pot.money_limit_cents,
        ),
        and_(pot.case_limit.is_not(None), pot.cases_used + pot.cases_reserved >= pot.case_limit),
    )
    current = and_(
        pot.year_start <= today,
        pot.year_end > today,
        AffiliationRow.status.in_(IN_FORCE),
        exhausted,
    )
    counts = {
        code: int(count)
        for code, count in uow.session.execute(
            select(pot.pot, func.count())
            .join(AffiliationRow, AffiliationRow.id == pot.affiliation_id)
            .where(current)
            .group_by(pot.pot)
        )
    }
    affiliate = and_(
        MembershipRow.household_id == AffiliationRow.household_id,
        MembershipRow.relationship == "affiliate",
        MembershipRow.joined_on <= today,
        or_(MembershipRow.left_on.is_(None), MembershipRow.left_on > today),
    )
    rows = uow.session.execute(
        select(
            AffiliationRow.id,
            AffiliationRow.household_id,
            AffiliationRow.customer_ref,
            AffiliationRow.distributor_code,
            PersonRow.given_name,
            PersonRow.family_name,
            pot.pot,
            pot.year_start,
            pot.year_end,
            pot.money_limit_cents,
            pot.used_cents,
            pot.reserved_cents,
            pot.case_limit,
            pot.cases_used,
            pot.cases_reserved,
        )
        .join(AffiliationRow, AffiliationRow.id == pot.affiliation_id)
        .outerjoin(MembershipRow, affiliate)
        .outerjoin(PersonRow, PersonRow.id == MembershipRow.person_id)
        .where(current)
        .order_by(pot.pot, AffiliationRow.id)
        .limit(limit)
    )
    households = tuple(
        PotAtLimit(
            affiliation_id=row.id,
            household_id=row.household_id,
            customer_ref=row.customer_ref,
            distributor=row.distributor_code,
            affiliate_name=None
            if row.given_name is None
            else f"{row.given_name} {row.family_name}",
            pot=row.pot,
            year_start=row.year_start,
            year_end=row.year_end,
            money_limit_cents=row.money_limit_cents,
            used_cents=int(row.used_cents),
            reserved_cents=int(row.reserved_cents),
            case_limit=row.case_limit,
            cases_used=int(row.cases_used),
            cases_reserved=int(row.cases_reserved),
        )
        for row in rows
    )
    return PotsAtLimit(counts, households)
