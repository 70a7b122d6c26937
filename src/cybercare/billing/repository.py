"""All SQL of billing outside the run: charge lines, payment events, mandates, debit batches,
refunds and dunning cases."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update

from cybercare.billing.dunning import Case, CaseStatus
from cybercare.billing.formats import Charge
from cybercare.db.bulk import id_in, insert_rows, set_values
from cybercare.db.inserts import insert_new_rows
from cybercare.db.tables import (
    AffiliationRow,
    BillingRunRow,
    DebitBatchRow,
    DunningCaseRow,
    IbanRequestRow,
    MandateRow,
    PaymentEventRow,
    PremiumLineRow,
    RefundRow,
    StatusPeriodRow,
)
from cybercare.db.tables.base import table_of
from cybercare.db.uow import UnitOfWork

L = PremiumLineRow


@dataclass(frozen=True, slots=True)
class LineState:
    line_id: int
    affiliation_id: str
    distributor: str
    period: str
    covered_from: date
    covered_to: date
    gross_cents: int
    tax_rate_bp: int
    channel: str
    status: str
    debit_batch_id: int | None


def _state(row: Any) -> LineState:
    """A row of `_STATE_COLUMNS` (in LineState's field order: no attribute lookups per row)."""
    return LineState(*row)


_STATE_COLUMNS = (
    L.id,
    L.affiliation_id,
    L.distributor_code,
    L.period,
    L.covered_from,
    L.covered_to,
    L.gross_cents,
    L.tax_rate_bp,
    L.channel,
    L.status,
    L.debit_batch_id,
)


# --- lines ------------------------------------------------------------------------------------


def lines_by_id(
    uow: UnitOfWork, line_ids: Sequence[int], *, lock: bool = False
) -> dict[int, LineState]:
    found: dict[int, LineState] = {}
    step = 500 if uow.session.get_bind().dialect.name == "sqlite" else max(len(line_ids), 1)
    for start in range(0, len(line_ids), step):
        query = select(*_STATE_COLUMNS).where(
            id_in(uow.session, L.id, line_ids[start : start + step])
        )
        if lock:
            query = query.with_for_update()
        found.update((row.id, _state(row)) for row in uow.session.execute(query))
    return found


def set_status(uow: UnitOfWork, line_id: int, status: str, on: date) -> None:
    uow.session.execute(update(L).where(L.id == line_id).values(status=status, status_on=on))


def charges(uow: UnitOfWork, period: str, distributor: str) -> Iterator[Charge]:
    """The charge lines of a period for a distributor, streamed in id order."""
    query = (
        select(
            L.id,
            L.affiliation_id,
            AffiliationRow.customer_ref,
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
        )
        .join(AffiliationRow, AffiliationRow.id == L.affiliation_id)
        .where(L.period == period, L.distributor_code == distributor)
        .order_by(L.id)
        .execution_options(yield_per=5_000)
    )
    for row in uow.session.execute(query):
        values: Any = row
        yield Charge(*values)


def billed_periods_from(uow: UnitOfWork, period: str) -> list[str]:
    return sorted(
        set(uow.session.scalars(select(BillingRunRow.period).where(BillingRunRow.period >= period)))
    )


def lines_of(uow: UnitOfWork, affiliation_id: str, periods: Sequence[str]) -> list[LineState]:
    query = select(*_STATE_COLUMNS).where(
        L.period.in_(list(periods)), L.affiliation_id == affiliation_id
    )
    return [_state(row) for row in uow.session.execute(query.order_by(L.period))]


# --- payment events ---------------------------------------------------------------------------


def known_events(uow: UnitOfWork, source: str, refs: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(refs), 500):
        found.update(
            uow.session.scalars(
                select(PaymentEventRow.external_ref).where(
                    PaymentEventRow.source == source,
                    PaymentEventRow.external_ref.in_(list(refs[start : start + 500])),
                )
            )
        )
    return found


def add_events(uow: UnitOfWork, rows: list[dict[str, Any]]) -> None:
    """Set-based (`db.bulk.insert_rows`): a statement's 100,000 payments."""
    insert_rows(uow.session, PaymentEventRow, rows)


# --- mandates and debit batches ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Collectible:
    """An open direct-debit line; its mandate is loaded by billing/mandate_repository."""

    line_id: int
    gross_cents: int
    period: str
    affiliation_id: str


def collectible(uow: UnitOfWork, period: str) -> list[Collectible]:
    """Open direct-debit lines of the period in no batch yet."""
    query = (
        select(L.id, L.gross_cents, L.period, L.affiliation_id)
        .where(
            L.period == period,
            L.channel == "direct_debit",
            L.status == "open",
            L.debit_batch_id.is_(None),
        )
        .order_by(L.id)
    )
    rows: Any = uow.session.execute(query)
    return [Collectible(*row) for row in rows]


def add_batch(uow: UnitOfWork, values: dict[str, Any], line_ids: Sequence[int]) -> int:
    batch = DebitBatchRow(**values)
    uow.session.add(batch)
    uow.session.flush()
    for start in range(0, len(line_ids), 500):
        uow.session.execute(
            update(L)
            .where(L.id.in_(list(line_ids[start : start + 500])))
            .values(debit_batch_id=batch.id)
        )
    return batch.id


def open_lines_of_batch(uow: UnitOfWork, batch_id: int) -> list[LineState]:
    query = select(*_STATE_COLUMNS).where(L.debit_batch_id == batch_id, L.status == "open")
    return [_state(row) for row in uow.session.execute(query)]


def open_lines_of_batches(uow: UnitOfWork, batch_ids: Sequence[int]) -> dict[int, list[LineState]]:
    """The open lines of many batches (a statement's batch credits) in one read."""
    found: dict[int, list[LineState]] = {batch_id: [] for batch_id in batch_ids}
    if not batch_ids:
        return found
    where = id_in(uow.session, L.debit_batch_id, batch_ids)
    query = select(*_STATE_COLUMNS).where(where, L.status == "open").order_by(L.id)
    for row in uow.session.execute(query):
        found[row.debit_batch_id].append(_state(row))
    return found


def mark_settled(uow: UnitOfWork, batch_id: int, on: date) -> None:
    uow.session.execute(
        update(DebitBatchRow).where(DebitBatchRow.id == batch_id).values(settled_on=on)
    )


# --- refunds ----------------------------------------------------------------------------------


def refunded_line_ids(uow: UnitOfWork, line_ids: Sequence[int]) -> set[int]:
    query = select(RefundRow.premium_line_id).where(RefundRow.premium_line_id.in_(list(line_ids)))
    return set(uow.session.scalars(query))


def add_refund(uow: UnitOfWork, values: dict[str, Any]) -> None:
    uow.session.execute(insert(RefundRow).values(**values))


def withdrawn_since(uow: UnitOfWork, since: date) -> list[tuple[str, str, tuple[str, str], date]]:
    """Affiliations withdrawn on or after `since`: (id, distributor, product key, first day
    without cover)."""
    query = (
        select(
            AffiliationRow.id,
            AffiliationRow.distributor_code,
            AffiliationRow.product_code,
            AffiliationRow.product_version,
            StatusPeriodRow.start_date,
        )
        .join(StatusPeriodRow, StatusPeriodRow.affiliation_id == AffiliationRow.id)
        .where(StatusPeriodRow.status == "withdrawn", StatusPeriodRow.start_date >= since)
        .order_by(AffiliationRow.id)
    )
    return [(row[0], row[1], (row[2], row[3]), row[4]) for row in uow.session.execute(query)]


# --- dunning ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Arrears:
    affiliation_id: str
    unpaid_cents: int


def affiliations_in_arrears(uow: UnitOfWork) -> dict[str, int]:
    """Unpaid premiums per affiliation (a partial index holds only the unpaid lines)."""
    query = (
        select(L.affiliation_id, func.sum(L.gross_cents))
        .where(L.status == "unpaid")
        .group_by(L.affiliation_id)
    )
    return {row[0]: int(row[1]) for row in uow.session.execute(query)}


def open_cases(uow: UnitOfWork) -> dict[str, tuple[int, Case]]:
    query = select(DunningCaseRow).where(
        DunningCaseRow.status.in_([CaseStatus.NOTICE_SENT.value, CaseStatus.SUSPENDED.value])
    )
    return {
        row.affiliation_id: (
            row.id,
            Case(CaseStatus(row.status), row.notice_on, row.pay_by, row.suspended_from),
        )
        for row in uow.session.scalars(query)
    }


def last_paid_on(
    uow: UnitOfWork, affiliation_id: str, periods: Sequence[str], since: date
) -> date | None:
    """When a premium of the affiliation was last paid since `since` (its arrears cleared);
    `periods` bounds the lookup to the unique index (period, affiliation)."""
    query = select(func.max(L.status_on)).where(
        L.period.in_(list(periods)),
        L.affiliation_id == affiliation_id,
        L.status == "paid",
        L.status_on >= since,
    )
    value = uow.session.scalar(query)
    return value if isinstance(value, date) or value is None else date.fromisoformat(str(value))


def add_case(uow: UnitOfWork, values: dict[str, Any]) -> None:
    uow.session.add(DunningCaseRow(**values))
    uow.session.flush()


def update_case(uow: UnitOfWork, case_id: int, **values: Any) -> None:
    uow.session.execute(update(DunningCaseRow).where(DunningCaseRow.id == case_id).values(**values))


def case_rows(uow: UnitOfWork, affiliation_id: str) -> list[DunningCaseRow]:
    query = select(DunningCaseRow).where(DunningCaseRow.affiliation_id == affiliation_id)
    return list(uow.session.scalars(query.order_by(DunningCaseRow.id)))


def unpaid_lines(uow: UnitOfWork, affiliation_id: str) -> list[tuple[int, str, int]]:
    """(line id, period, gross) of the affiliation's unpaid premiums (the partial index)."""
    query = (
        select(L.id, L.period, L.gross_cents)
        .where(L.status == "unpaid", L.affiliation_id == affiliation_id)
        .order_by(L.period)
    )
    return [(row[0], row[1], row[2]) for row in uow.session.execute(query)]


# --- the bank's answer (issue 15, billing/collection.py) -------------------------------------


def revoke_mandates(uow: UnitOfWork, affiliation_id: str) -> None:
    """MD01 (no valid mandate): no further collection on the affiliation's mandates."""
    uow.session.execute(
        update(MandateRow)
        .where(MandateRow.affiliation_id == affiliation_id, MandateRow.status == "active")
        .values(status="revoked")
    )


def add_iban_request(
    uow: UnitOfWork, *, affiliation_id: str, end_to_end_id: str, reason_code: str, at: datetime
) -> bool:
    """Open a request for another account; False when this return already opened one."""
    inserted = insert_new_rows(
        uow.session,
        IbanRequestRow,
        [
            {
                "affiliation_id": affiliation_id,
                "end_to_end_id": end_to_end_id,
                "reason_code": reason_code[:8],
                "requested_at": at,
            }
        ],
        unique_on=["affiliation_id", "end_to_end_id"],
        returning=IbanRequestRow.id,
    )
    return bool(inserted)


def open_iban_requests(uow: UnitOfWork, affiliation_id: str) -> list[str]:
    """The reason codes of the affiliation's requests for another account still open."""
    query = select(IbanRequestRow.reason_code).where(
        IbanRequestRow.affiliation_id == affiliation_id, IbanRequestRow.resolved_at.is_(None)
    )
    return list(uow.session.scalars(query.order_by(IbanRequestRow.id)))


def set_statuses(uow: UnitOfWork, changes: Sequence[tuple[int, str, date]]) -> None:
    """Many lines' new status (a statement's transfers): one UPDATE per status, date and
    thousand lines (all at once on PostgreSQL), not one per line."""
    groups: dict[tuple[str, date], list[int]] = {}
    for line_id, status, on in changes:
        groups.setdefault((status, on), []).append(line_id)
    for (status, on), line_ids in groups.items():
        set_values(
            uow.session, table_of(L), line_ids, {"status": status, "status_on": on}, chunk=1000
        )
