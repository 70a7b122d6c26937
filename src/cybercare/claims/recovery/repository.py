"""All SQL of recovery files (Art. 8.5): the files, the money recovered on them, and the paid
ECOM/PAYF claims that still have no file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update

from cybercare.claims.subrogation import SUBROGATION, Counterparty, RecoveryFile, RecoveryStatus
from cybercare.db.inserts import insert_new_rows
from cybercare.db.tables import ClaimRow, RecoveryFileRow, RecoveryPaymentRow
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.errors import Conflict, NotFound


class RecoveryFileNotFound(NotFound):
    code = "recovery.not_found"


class RecoveryFileChanged(Conflict):
    code = "recovery.changed"


def _file_of(row: RecoveryFileRow) -> RecoveryFile:
    return RecoveryFile(
        file_id=row.id,
        claim_id=row.claim_id,
        guarantee=row.guarantee,
        paid_cents=row.paid_cents,
        counterparty=Counterparty(
            row.counterparty_name, row.counterparty_iban, row.counterparty_email
        ),
        status=RecoveryStatus(row.status),
        recovered_cents=row.recovered_cents,
        demanded_at=row.demanded_at,
        closed_reason=row.closed_reason,
    )


@dataclass(frozen=True, slots=True)
class Loaded:
    """A file as loaded for a command, with the version its save must still find."""

    file: RecoveryFile
    version: int
    household_id: str
    language: str


def paid_claims_without_file(uow: UnitOfWork) -> list[tuple[str, str, int]]:
    """(claim id, guarantee, paid cents) of paid ECOM/PAYF claims with no recovery file yet."""
    has_file = select(RecoveryFileRow.id).where(RecoveryFileRow.claim_id == ClaimRow.id)
    rows = uow.session.execute(
        select(ClaimRow.id, ClaimRow.guarantee, ClaimRow.paid_cents)
        .where(
            ClaimRow.guarantee.in_(SUBROGATION),
            ClaimRow.paid_cents > 0,
            ~has_file.exists(),
        )
        .order_by(ClaimRow.id)
    )
    return [(r[0], r[1], int(r[2])) for r in rows]


def open_file(
    uow: UnitOfWork, *, claim_id: str, guarantee: str, paid_cents: int, at: datetime
) -> int | None:
    """A new open file, or None when the claim already has one (a concurrent sweep)."""
    ids = insert_new_rows(
        uow.session,
        RecoveryFileRow,
        [
            {
                "claim_id": claim_id,
                "guarantee": guarantee,
                "paid_cents": paid_cents,
                "recovered_cents": 0,
                "status": RecoveryStatus.OPEN.value,
                "opened_at": at,
                "updated_at": at,
                "version": 1,
            }
        ],
        unique_on=["claim_id"],
        returning=RecoveryFileRow.id,
    )
    return ids[0] if ids else None


def file_id_of_claim(uow: UnitOfWork, claim_id: str) -> int | None:
    found = uow.session.scalar(
        select(RecoveryFileRow.id).where(RecoveryFileRow.claim_id == claim_id)
    )
    return int(found) if found is not None else None


def load(uow: UnitOfWork, file_id: int, *, for_update: bool = False) -> Loaded:
    query = (
        select(RecoveryFileRow, ClaimRow.household_id, ClaimRow.language)
        .join(ClaimRow, ClaimRow.id == RecoveryFileRow.claim_id)
        .where(RecoveryFileRow.id == file_id)
    )
    if for_update:
        query = query.with_for_update(of=RecoveryFileRow)
    found = uow.session.execute(query).one_or_none()
    if found is None:
        raise RecoveryFileNotFound("no such recovery file", params={"file_id": file_id})
    row, household_id, language = found
    return Loaded(_file_of(row), row.version, household_id, language)


def save(uow: UnitOfWork, loaded: Loaded, changed: RecoveryFile, *, at: datetime) -> None:
    """Write the file back; refused when someone else changed it since it was loaded."""
    done = uow.session.execute(
        update(RecoveryFileRow)
        .where(RecoveryFileRow.id == changed.file_id, RecoveryFileRow.version == loaded.version)
        .values(
            status=changed.status.value,
            recovered_cents=changed.recovered_cents,
            counterparty_name=changed.counterparty.name,
            counterparty_iban=changed.counterparty.iban,
            counterparty_email=changed.counterparty.email,
            demanded_at=changed.demanded_at,
            closed_reason=changed.closed_reason,
            updated_at=at,
            version=loaded.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise RecoveryFileChanged("the recovery file changed meanwhile: reload it")


def add_payment(
    uow: UnitOfWork,
    *,
    file_id: int,
    amount_cents: int,
    source: str,
    bank_reference: str,
    received_on: date,
    recorded_by: str,
    at: datetime,
) -> bool:
    """Record money received once: False when this reference is already on the file."""
    ids = insert_new_rows(
        uow.session,
        RecoveryPaymentRow,
        [
            {
                "file_id": file_id,
                "amount_cents": amount_cents,
                "source": source,
                "bank_reference": bank_reference,
                "received_on": received_on,
                "recorded_by": recorded_by,
                "recorded_at": at,
            }
        ],
        unique_on=["file_id", "bank_reference"],
        returning=RecoveryPaymentRow.id,
    )
    return bool(ids)


def has_payment(uow: UnitOfWork, file_id: int, bank_reference: str) -> bool:
    found = uow.session.scalar(
        select(RecoveryPaymentRow.id).where(
            RecoveryPaymentRow.file_id == file_id,
            RecoveryPaymentRow.bank_reference == bank_reference,
        )
    )
    return found is not None


def next_manual_number(uow: UnitOfWork, file_id: int) -> int:
    """The number of the next payment recorded on the file (its manual reference)."""
    rows = uow.session.scalars(
        select(RecoveryPaymentRow.id).where(RecoveryPaymentRow.file_id == file_id)
    )
    return len(list(rows)) + 1
