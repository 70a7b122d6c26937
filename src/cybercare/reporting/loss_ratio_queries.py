"""The loss ratio dashboard: earned premium against incurred claims (paid + outstanding -
recovered), per month, per guarantee and per subscription cohort, from the general ledger.
Since issue 19 it is the loss-and-service ratio: the appointed providers' service costs (the
ledger's SERVICE_COST_EXPENSE per month; per guarantee and cohort also the reserves of accepted
quotes, `reporting.provider_queries.service_costs`) count beside the claims.

- per month (the last 12): earned = premium income booked with an effective date in the month
  (net of the tax, refunds deducted); incurred = the month's claims expense (benefits granted:
  paid or still outstanding, lowered decisions deducted) minus the month's recoveries (Art. 8.5);
- per guarantee and per cohort (the month the affiliation started): since the start of the book,
  incurred per claim from the same ledger movements as the claims bordereau; earned per cohort
  is the net premium of its premium lines; a guarantee has no premium of its own, its ratio is
  its incurred over the whole book's earned premium (its share of the loss ratio).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select

from cybercare.db.tables import AffiliationRow, ClaimRow, LedgerEntryRow, LedgerLineRow
from cybercare.db.tables import PremiumLineRow as L
from cybercare.db.uow import UnitOfWork
from cybercare.ledger.domain import Account
from cybercare.reporting.bordereau import Month
from cybercare.reporting.bordereau_queries import claim_figures
from cybercare.reporting.figures import Bucket, last_months, loss_ratio_bp
from cybercare.reporting.provider_queries import service_costs


@dataclass(frozen=True, slots=True)
class RatioRow:
    label: str  # a month code, a guarantee code or a cohort month
    earned_cents: int
    incurred_cents: int
    # Issue 19: appointed providers' costs (booked; per guarantee and cohort also the reserves
    # of accepted quotes): the ratio is the loss-and-service ratio.
    service_cents: int = 0

    @property
    def loss_ratio_bp(self) -> int | None:
        """(claims paid + outstanding + service costs + service reserves - recoveries) over the
        earned premium."""
        return loss_ratio_bp(self.incurred_cents + self.service_cents, self.earned_cents)


@dataclass(frozen=True, slots=True)
class LossRatio:
    months: tuple[RatioRow, ...]
    guarantees: tuple[RatioRow, ...]
    cohorts: tuple[RatioRow, ...]
    buckets: tuple[Bucket, ...]

    @property
    def empty(self) -> bool:
        return not any(r.earned_cents or r.incurred_cents for r in self.months)


def _per_month(uow: UnitOfWork, buckets: tuple[Bucket, ...]) -> tuple[RatioRow, ...]:
    entry, line = LedgerEntryRow, LedgerLineRow
    month = case(
        *(
            (and_(entry.effective_date >= b.start, entry.effective_date < b.end), b.code)
            for b in buckets
        ),
        else_=None,
    )
    earned = case(
        (line.account == Account.PREMIUM_INCOME.value, line.credit_cents - line.debit_cents),
        else_=0,
    )
    incurred = case(
        (line.account == Account.CLAIMS_EXPENSE.value, line.debit_cents - line.credit_cents),
        (line.account == Account.RECOVERIES.value, line.debit_cents - line.credit_cents),
        else_=0,
    )
    service = case(
        (
            line.account == Account.SERVICE_COST_EXPENSE.value,
            line.debit_cents - line.credit_cents,
        ),
        else_=0,
    )
    labelled = (
        select(
            month.label("month"),
            earned.label("earned"),
            incurred.label("incurred"),
            service.label("service"),
        )
        .select_from(entry)
        .join(line, line.entry_id == entry.id)
        .where(
            entry.effective_date >= buckets[0].start,
            entry.effective_date < buckets[-1].end,
            line.account.in_(
                [
                    Account.PREMIUM_INCOME.value,
                    Account.CLAIMS_EXPENSE.value,
                    Account.RECOVERIES.value,
                    Account.SERVICE_COST_EXPENSE.value,
                ]
            ),
        )
        .subquery()
    )
    sums = {
        code: (int(e), int(i), int(s))
        for code, e, i, s in uow.session.execute(
            select(
                labelled.c.month,
                func.sum(labelled.c.earned),
                func.sum(labelled.c.incurred),
                func.sum(labelled.c.service),
            ).group_by(labelled.c.month)
        )
    }
    return tuple(RatioRow(b.code, *sums.get(b.code, (0, 0, 0))) for b in buckets)


def loss_ratio(uow: UnitOfWork, today: date, months: int = 12) -> LossRatio:
    buckets = last_months(today, months)
    per_month = _per_month(uow, buckets)
    figures = claim_figures(uow, Month.parse(buckets[-1].code))
    claims = uow.session.execute(
        select(ClaimRow.id, ClaimRow.guarantee, AffiliationRow.start_date).join(
            AffiliationRow, AffiliationRow.id == ClaimRow.affiliation_id
        )
    )
    by_guarantee: dict[str, int] = {}
    by_cohort: dict[str, int] = {}
    for claim_id, guarantee, start in claims:
        found = figures.get(claim_id)
        if found is None:
            continue
        incurred = found.incurred_to_date - found.recovered_to_date
        cohort = f"{start.year:04d}-{start.month:02d}"
        by_guarantee[guarantee] = by_guarantee.get(guarantee, 0) + incurred
        by_cohort[cohort] = by_cohort.get(cohort, 0) + incurred
    earned_by_cohort = _earned_by_cohort(uow, buckets[-1].end)
    book = sum(earned_by_cohort.values())
    services = service_costs(uow)
    guarantees = sorted(set(by_guarantee) | set(services.by_guarantee))
    cohorts = sorted(set(earned_by_cohort) | set(by_cohort) | set(services.by_cohort))
    return LossRatio(
        per_month,
        tuple(
            RatioRow(code, book, by_guarantee.get(code, 0), services.by_guarantee.get(code, 0))
            for code in guarantees
        ),
        tuple(
            RatioRow(
                code,
                earned_by_cohort.get(code, 0),
                by_cohort.get(code, 0),
                services.by_cohort.get(code, 0),
            )
            for code in cohorts
        ),
        buckets,
    )


def _earned_by_cohort(uow: UnitOfWork, before: date) -> dict[str, int]:
    """Net premium of the premium lines covering days before `before`, by the affiliation's
    start month (grouped in Python: a date's month has no common SQL of both dialects)."""
    rows = uow.session.execute(
        select(AffiliationRow.start_date, func.sum(L.net_cents))
        .join(AffiliationRow, AffiliationRow.id == L.affiliation_id)
        .where(L.covered_from < before)
        .group_by(AffiliationRow.start_date)
    )
    earned: dict[str, int] = {}
    for start, net in rows:
        cohort = f"{start.year:04d}-{start.month:02d}"
        earned[cohort] = earned.get(cohort, 0) + int(net)
    return earned
