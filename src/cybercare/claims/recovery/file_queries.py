"""Read model of recovery files (Art. 8.5) for the back office and the command line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from cybercare.claims.subrogation import communication_for
from cybercare.db.tables import RecoveryFileRow, RecoveryPaymentRow
from cybercare.db.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class RecoveryPaymentView:
    amount_cents: int
    source: str
    bank_reference: str
    received_on: date
    recorded_by: str


@dataclass(frozen=True, slots=True)
class RecoveryFileView:
    file_id: int
    claim_id: str
    guarantee: str
    status: str
    paid_cents: int
    recovered_cents: int
    counterparty_name: str | None
    counterparty_iban: str | None
    counterparty_email: str | None
    demanded_at: datetime | None
    closed_reason: str | None
    opened_at: datetime
    payments: tuple[RecoveryPaymentView, ...] = ()

    @property
    def outstanding_cents(self) -> int:
        return self.paid_cents - self.recovered_cents

    @property
    def communication(self) -> str:
        return communication_for(self.file_id)

    @property
    def finished(self) -> bool:
        return self.status in ("recovered", "written_off", "closed")


def _view(row: RecoveryFileRow, payments: tuple[RecoveryPaymentView, ...] = ()) -> RecoveryFileView:
    return RecoveryFileView(
        row.id,
        row.claim_id,
        row.guarantee,
        row.status,
        row.paid_cents,
        row.recovered_cents,
        row.counterparty_name,
        row.counterparty_iban,
        row.counterparty_email,
        row.demanded_at,
        row.closed_reason,
        row.opened_at,
        payments,
    )


def recovery_files(
    uow: UnitOfWork, *, status: str | None = None, limit: int = 200
) -> list[RecoveryFileView]:
    """The newest files first, of one status or all."""
    query = select(RecoveryFileRow).order_by(RecoveryFileRow.id.desc()).limit(limit)
    if status:
        query = query.where(RecoveryFileRow.status == status)
    return [_view(row) for row in uow.session.scalars(query)]


def recovery_file(uow: UnitOfWork, file_id: int) -> RecoveryFileView | None:
    row = uow.session.get(RecoveryFileRow, file_id)
    if row is None:
        return None
    payments = tuple(
        RecoveryPaymentView(
            p.amount_cents, p.source, p.bank_reference, p.received_on, p.recorded_by
        )
        for p in uow.session.scalars(
            select(RecoveryPaymentRow)
            .where(RecoveryPaymentRow.file_id == file_id)
            .order_by(RecoveryPaymentRow.id)
        )
    )
    return _view(row, payments)
