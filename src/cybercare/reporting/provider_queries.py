"""Read models of the appointed providers (issue 19) for the staff dashboards and the
loss-and-service ratio.

- `provider_performance`: per provider, its orders, the time to quote (hours, appointment to
  quote), the time to finish (days, acceptance to the work reported), the outcomes (done, not
  possible, declined, cancelled), the cost per case (mean of what was invoiced) and the incidents
  recorded against it (Art. 6.6);
- `service_costs`: per guarantee and per subscription cohort, what the pots paid for services
  (used) and what accepted quotes still hold in them (reserves): the "service costs + reserves"
  of the loss-and-service ratio.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from cybercare.db.tables import (
    AffiliationRow,
    CaseRow,
    ProviderIncidentRow,
    ProviderOrderRow,
    ProviderRow,
)
from cybercare.db.uow import UnitOfWork

RESERVING = ("accepted", "work_done", "not_possible")
INVOICED = ("invoiced", "paid")


@dataclass(frozen=True, slots=True)
class ProviderPerformance:
    provider_id: str
    name: str
    kind: str
    orders: int
    hours_to_quote: float | None
    days_to_finish: float | None
    done: int
    not_possible: int
    declined: int
    cancelled: int
    cost_per_case_cents: int | None
    incidents: int


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def provider_performance(uow: UnitOfWork) -> list[ProviderPerformance]:
    orders: dict[str, list[ProviderOrderRow]] = {}
    for order in uow.session.scalars(select(ProviderOrderRow)):
        orders.setdefault(order.provider_id, []).append(order)
    incidents: dict[str, int] = {}
    for (provider_id,) in uow.session.execute(select(ProviderIncidentRow.provider_id)):
        incidents[provider_id] = incidents.get(provider_id, 0) + 1
    rows = []
    for p in uow.session.scalars(select(ProviderRow).order_by(ProviderRow.kind, ProviderRow.name)):
        mine = orders.get(p.id, [])
        quoted = [
            (o.quoted_at - o.appointed_at).total_seconds() / 3600 for o in mine if o.quoted_at
        ]
        finished = [
            (o.finished_at - o.accepted_at).total_seconds() / 86400
            for o in mine
            if o.finished_at and o.accepted_at
        ]
        invoiced = [o.invoiced_cents for o in mine if o.invoiced_cents]
        outcomes = [o.outcome for o in mine]
        rows.append(
            ProviderPerformance(
                provider_id=p.id,
                name=p.name,
                kind=p.kind,
                orders=len(mine),
                hours_to_quote=_mean(quoted),
                days_to_finish=_mean(finished),
                done=outcomes.count("work_done"),
                not_possible=outcomes.count("not_possible"),
                declined=outcomes.count("declined"),
                cancelled=outcomes.count("cancelled"),
                cost_per_case_cents=sum(invoiced) // len(invoiced) if invoiced else None,
                incidents=incidents.get(p.id, 0),
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class ServiceCosts:
    by_guarantee: dict[str, int]
    by_cohort: dict[str, int]  # "YYYY-MM", the month the affiliation started


def service_costs(uow: UnitOfWork) -> ServiceCosts:
    """What the pots paid for services (used, from invoiced orders) and what accepted quotes
    still hold (reserves), per guarantee and per cohort."""
    rows = uow.session.execute(
        select(
            ProviderOrderRow.guarantee,
            ProviderOrderRow.status,
            ProviderOrderRow.used_cents,
            ProviderOrderRow.covered_cents,
            AffiliationRow.start_date,
        )
        .join(CaseRow, CaseRow.id == ProviderOrderRow.case_id)
        .join(AffiliationRow, AffiliationRow.id == CaseRow.affiliation_id)
        .where(ProviderOrderRow.status.in_(RESERVING + INVOICED))
    )
    by_guarantee: dict[str, int] = {}
    by_cohort: dict[str, int] = {}
    for guarantee, status, used, covered, start in rows:
        cents = int(used) if status in INVOICED else int(covered)
        cohort = f"{start.year:04d}-{start.month:02d}"
        by_guarantee[guarantee] = by_guarantee.get(guarantee, 0) + cents
        by_cohort[cohort] = by_cohort.get(cohort, 0) + cents
    return ServiceCosts(by_guarantee, by_cohort)
