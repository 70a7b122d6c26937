"""All SQL of the payments context: payouts mapped to the `Payout` entity, approved payout
accounts, payment files, and the claim's paid amount the bank's answers move.

A payout is created on the straight-through claim path: its INSERT is Core (`insert_objects`,
the row is never read back) and the approved-account check is one compiled statement. Moves
write back the row loaded (and locked) by the same unit of work: `save` finds it in the session
without a query and sets only the columns the move changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import bindparam, func, select, update

from cybercare.db.inserts import insert_objects
from cybercare.db.tables import (
    ClaimRow,
    MembershipRow,
    PaymentFileRow,
    PayoutAccountRow,
    PayoutRow,
    PersonRow,
)
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.errors import NotFound
from cybercare.payments.domain import Payout, PayoutStatus, payout_id_of
from cybercare.payments.sepa import Pain001


class PayoutNotFound(NotFound):
    code = "payout.not_found"


def _held(uow: UnitOfWork, row: PayoutRow) -> Payout:
    """A payout loaded to be moved and saved: its row is held for the command (`save` then
    finds it without a query)."""
    uow.keep(row)
    return _payout(row)


def _payout(row: PayoutRow) -> Payout:
    return Payout(
        row.id,
        row.claim_id,
        row.decision_id,
        row.household_id,
        row.amount_cents,
        row.iban,
        row.holder_name,
        row.remittance,
        PayoutStatus(row.status),
        row.payment_file_id,
        row.return_reason,
        row.created_at,
        row.updated_at,
        row.instant,
        row.instructed_at,
        row.bank_status,
        row.reason_code,
        row.executed_on,
        row.replaces_payout_id,
    )


_APPROVED_ACCOUNT = select(PayoutAccountRow.id).where(
    PayoutAccountRow.household_id == bindparam("household_id"),
    PayoutAccountRow.iban == bindparam("iban"),
)


def iban_known(uow: UnitOfWork, household_id: str, iban: str) -> bool:
    found = uow.session.scalar(_APPROVED_ACCOUNT, {"household_id": household_id, "iban": iban})
    return found is not None


def add_new(uow: UnitOfWork, payout: Payout) -> None:
    row = PayoutRow(
        id=payout.payout_id,
        claim_id=payout.claim_id,
        decision_id=payout.decision_id,
        household_id=payout.household_id,
        amount_cents=payout.amount_cents,
        iban=payout.iban,
        holder_name=payout.holder_name,
        remittance=payout.remittance,
        status=payout.status.value,
        created_at=payout.created_at,
        updated_at=payout.updated_at,
        instant=payout.instant,
        replaces_payout_id=payout.replaces_payout_id,
    )
    insert_objects(uow.session, [row])  # Core: this command does not read it back


def approve_account(uow: UnitOfWork, payout: Payout, *, actor: str, at: datetime) -> None:
    """The payout's IBAN becomes an approved account of its household."""
    uow.session.add(
        PayoutAccountRow(
            household_id=payout.household_id,
            iban=payout.iban,
            holder_name=payout.holder_name,
            approved_by=actor,
            approved_at=at,
        )
    )


def locked(uow: UnitOfWork, payout_id: str) -> Payout:
    row = uow.session.scalar(select(PayoutRow).where(PayoutRow.id == payout_id).with_for_update())
    if row is None:
        raise PayoutNotFound(f"no payout {payout_id!r}", params={"payout_id": payout_id})
    return _held(uow, row)


def find(uow: UnitOfWork, payout_id: str) -> Payout | None:
    row = uow.session.get(PayoutRow, payout_id)
    return None if row is None else _payout(row)


def find_locked(uow: UnitOfWork, payout_id: str) -> Payout | None:
    """The payout a bank's end-to-end id names, locked; None for a reference not ours."""
    row = uow.session.scalar(
        select(PayoutRow).where(PayoutRow.id == payout_id_of(payout_id)[:32]).with_for_update()
    )
    return None if row is None else _held(uow, row)


def lock_of_file(uow: UnitOfWork, file_id: str) -> list[Payout] | None:
    """Every payout of a payment file, locked; None when no such file was sent."""
    if uow.session.get(PaymentFileRow, file_id) is None:
        return None
    rows = uow.session.scalars(
        select(PayoutRow)
        .where(PayoutRow.payment_file_id == file_id)
        .order_by(PayoutRow.id)
        .with_for_update()
    )
    return [_held(uow, r) for r in rows]


def claim_contact(uow: UnitOfWork, claim_id: str, household_id: str) -> tuple[str | None, str]:
    """Who hears about the claim's payment, and in which language: the insured person, or
    the affiliate for a person without an e-mail (a minor, Art. 2.4)."""
    found = uow.session.execute(
        select(PersonRow.email, ClaimRow.language)
        .join(ClaimRow, ClaimRow.person_id == PersonRow.id)
        .where(ClaimRow.id == claim_id)
    ).one()
    if found.email:
        return found.email, found.language
    affiliate = uow.session.scalar(
        select(PersonRow.email)
        .join(MembershipRow, MembershipRow.person_id == PersonRow.id)
        .where(MembershipRow.household_id == household_id)
        .where(MembershipRow.relationship == "affiliate", MembershipRow.left_on.is_(None))
        .limit(1)
    )
    return affiliate, found.language


def save(uow: UnitOfWork, payouts: Iterable[Payout]) -> None:
    """Write the moves of payouts this unit of work loaded (so `get` reads no row)."""
    for payout in payouts:
        row = uow.session.get(PayoutRow, payout.payout_id)
        assert row is not None, "save() writes back a payout loaded by this unit of work"
        changes = {
            "status": payout.status.value,
            "payment_file_id": payout.payment_file_id,
            "return_reason": payout.return_reason,
            "updated_at": payout.updated_at,
            "instant": payout.instant,
            "instructed_at": payout.instructed_at,
            "bank_status": payout.bank_status,
            "reason_code": payout.reason_code,
            "executed_on": payout.executed_on,
        }
        for column, value in changes.items():
            if getattr(row, column) != value:
                setattr(row, column, value)
    uow.session.flush()


def of_claim(uow: UnitOfWork, claim_id: str) -> list[Payout]:
    rows = uow.session.scalars(
        select(PayoutRow).where(PayoutRow.claim_id == claim_id).order_by(PayoutRow.created_at)
    )
    return [_payout(r) for r in rows]


def total_of_claim(uow: UnitOfWork, claim_id: str) -> int:
    """What the claim's payouts carry, the replaced ones aside."""
    total = uow.session.scalar(
        select(func.coalesce(func.sum(PayoutRow.amount_cents), 0)).where(
            PayoutRow.claim_id == claim_id,
            # A returned payout is still owed (reopened); its replacement carries it on.
            PayoutRow.status != PayoutStatus.REPLACED.value,
        )
    )
    return int(total or 0)


def pending_review(uow: UnitOfWork) -> list[Payout]:
    rows = uow.session.scalars(
        select(PayoutRow)
        .where(PayoutRow.status == PayoutStatus.PENDING_REVIEW.value)
        .order_by(PayoutRow.created_at)
    )
    return [_payout(r) for r in rows]


def lock_scheduled(uow: UnitOfWork) -> list[Payout]:
    """Every scheduled payout, locked (SKIP LOCKED on PostgreSQL: two runs never file a payout
    twice)."""
    query = (
        select(PayoutRow)
        .where(PayoutRow.status == PayoutStatus.SCHEDULED.value)
        .order_by(PayoutRow.created_at, PayoutRow.id)
        .with_for_update(skip_locked=True)
    )
    return [_held(uow, r) for r in uow.session.scalars(query)]


def lock_in_file(uow: UnitOfWork, file_id: str) -> list[Payout]:
    rows = uow.session.scalars(
        select(PayoutRow)
        .where(
            PayoutRow.payment_file_id == file_id,
            PayoutRow.status == PayoutStatus.IN_FILE.value,
        )
        .with_for_update()
    )
    return [_held(uow, r) for r in rows]


def add_payment_file(
    uow: UnitOfWork,
    file_id: str,
    pain: Pain001,
    *,
    execution_date: date,
    actor: str,
    at: datetime,
) -> None:
    """The file as sent to the bank; written before the payouts that name it."""
    uow.session.add(
        PaymentFileRow(
            id=file_id,
            execution_date=execution_date,
            payout_count=pain.count,
            total_cents=pain.total_cents,
            sha256=pain.sha256,
            xml=pain.xml.decode("utf-8"),
            created_by=actor,
            created_at=at,
        )
    )
    uow.session.flush()


def add_paid(uow: UnitOfWork, claim_id: str, cents: int) -> None:
    """Move the claim's paid amount by `cents` (negative for a return), in the database."""
    uow.session.execute(
        update(ClaimRow)
        .where(ClaimRow.id == claim_id)
        .values(paid_cents=ClaimRow.paid_cents + cents)
        .execution_options(synchronize_session=False)
    )
