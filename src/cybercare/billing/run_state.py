"""SQL of the billing run's bookkeeping: the run row (state, cursor, summary) and the totals
by distributor that the general ledger posts (sums of the period's lines)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from cybercare.billing.domain import Period
from cybercare.db.tables import BillingRunRow, LedgerEntryRow, PremiumLineRow
from cybercare.db.uow import UnitOfWork

ALL = "*"


@dataclass(frozen=True, slots=True)
class RunState:
    run_id: int
    status: str
    cursor: str | None
    chunks_done: int
    lines_created: int
    summary: list[dict[str, Any]] | None


@dataclass(frozen=True, slots=True)
class DistributorTotals:
    """One distributor's lines and amounts of a period."""

    distributor: str
    lines: int
    gross_cents: int
    net_cents: int
    tax_cents: int


# --- the run row ------------------------------------------------------------------------------


def start_or_resume(uow: UnitOfWork, period: Period, scope: str, at: datetime) -> RunState:
    row = uow.session.scalar(
        select(BillingRunRow)
        .where(BillingRunRow.period == period.code, BillingRunRow.scope == scope)
        .with_for_update()
    )
    if row is None:
        row = BillingRunRow(
            period=period.code,
            scope=scope,
            status="running",
            cursor=None,
            chunks_done=0,
            lines_created=0,
            started_at=at,
        )
        uow.session.add(row)
        uow.session.flush()
    return RunState(row.id, row.status, row.cursor, row.chunks_done, row.lines_created, row.summary)


def advance(uow: UnitOfWork, run_id: int, cursor: str | None, lines: int) -> None:
    """Record a finished chunk, in the chunk's own transaction."""
    uow.session.execute(
        update(BillingRunRow)
        .where(BillingRunRow.id == run_id)
        .values(
            cursor=cursor,
            chunks_done=BillingRunRow.chunks_done + 1,
            lines_created=BillingRunRow.lines_created + lines,
        )
    )


def finish(uow: UnitOfWork, run_id: int, at: datetime, totals: Sequence[DistributorTotals]) -> None:
    uow.session.execute(
        update(BillingRunRow)
        .where(BillingRunRow.id == run_id)
        .values(status="finished", finished_at=at, summary=_summary_of(totals))
    )


def totals_of(summary: list[dict[str, Any]]) -> list[DistributorTotals]:
    return [DistributorTotals(**item) for item in summary]


def _summary_of(totals: Sequence[DistributorTotals]) -> list[dict[str, Any]]:
    return [
        {
            "distributor": t.distributor,
            "lines": t.lines,
            "gross_cents": t.gross_cents,
            "net_cents": t.net_cents,
            "tax_cents": t.tax_cents,
        }
        for t in totals
    ]


def add_supplement(
    uow: UnitOfWork,
    run_id: int,
    summary: list[dict[str, Any]],
    added: Sequence[DistributorTotals],
) -> list[DistributorTotals]:
    """Add a supplement's lines to a finished run's summary (in the supplement's transaction);
    the new totals of the run."""
    merged = {t.distributor: t for t in totals_of(summary)}
    for item in added:
        was = merged.get(item.distributor, DistributorTotals(item.distributor, 0, 0, 0, 0))
        merged[item.distributor] = DistributorTotals(
            item.distributor,
            was.lines + item.lines,
            was.gross_cents + item.gross_cents,
            was.net_cents + item.net_cents,
            was.tax_cents + item.tax_cents,
        )
    totals = [merged[code] for code in sorted(merged)]
    uow.session.execute(
        update(BillingRunRow)
        .where(BillingRunRow.id == run_id)
        .values(
            summary=_summary_of(totals),
            lines_created=BillingRunRow.lines_created + sum(t.lines for t in added),
        )
    )
    return totals


# --- totals and the general ledger ------------------------------------------------------------


def other_scopes_ran(uow: UnitOfWork, period: Period, scope: str) -> bool:
    """Whether a run of `period` for another scope exists (its lines may overlap ours)."""
    query = select(BillingRunRow.id).where(
        BillingRunRow.period == period.code, BillingRunRow.scope != scope
    )
    return uow.session.scalar(query.limit(1)) is not None


def posted_distributors(uow: UnitOfWork, period: Period) -> list[str]:
    """Distributors whose premium entry for `period` is in the general ledger: closed."""
    prefix = f"premium:{period.code}:"
    keys = uow.session.scalars(
        select(LedgerEntryRow.dedupe_key).where(LedgerEntryRow.dedupe_key.startswith(prefix))
    )
    return [key.removeprefix(prefix) for key in keys]


def totals_by_distributor(uow: UnitOfWork, period: Period, scope: str) -> list[DistributorTotals]:
    line = PremiumLineRow
    query = (
        select(
            line.distributor_code,
            func.count(),
            func.sum(line.gross_cents),
            func.sum(line.net_cents),
            func.sum(line.tax_cents),
        )
        .where(line.period == period.code)
        .group_by(line.distributor_code)
        .order_by(line.distributor_code)
    )
    if scope != ALL:
        query = query.where(line.distributor_code == scope)
    return [
        DistributorTotals(code, int(n), int(gross), int(net), int(tax))
        for code, n, gross, net, tax in uow.session.execute(query)
    ]
