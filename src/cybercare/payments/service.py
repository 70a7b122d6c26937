"""Payouts of decided claims: to an IBAN of the household, in SEPA credit transfer files, with
their ledger entries. Every function works inside the caller's unit of work and never commits.

Ledger: the decision books CLAIMS_EXPENSE DR / CLAIMS_PAYABLE CR (`book_decision`); the bank's
execution books CLAIMS_PAYABLE DR / BANK CR (`mark_file_paid`); a return reverses that
(BANK DR / CLAIMS_PAYABLE CR); a recovery (Art. 8.5) books BANK DR / RECOVERIES CR.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, func, select, update

from cybercare.db.inserts import insert_objects
from cybercare.db.tables import ClaimRow, PaymentFileRow, PayoutAccountRow, PayoutRow
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.errors import Conflict, NotFound
from cybercare.kernel.ids import new_id
from cybercare.ledger.domain import Account, credit, debit, entry
from cybercare.ledger.service import post
from cybercare.payments.domain import PayoutStatus, check_move, end_to_end_id, initial_status
from cybercare.payments.sepa import Debtor, Transfer, build_pain001

DEFAULT_DEBTOR = Debtor("Inter Partner Assistance SA", "BE68539007547034", "GKCCBEBB")


class PayoutNotFound(NotFound):
    code = "payout.not_found"


@dataclass(frozen=True, slots=True)
class PayoutView:
    payout_id: str
    claim_id: str
    amount_cents: int
    iban: str
    holder_name: str
    status: PayoutStatus
    payment_file_id: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class PaymentFileView:
    file_id: str
    execution_date: date
    count: int
    total_cents: int
    sha256: str
    xml: bytes


def _view(row: PayoutRow) -> PayoutView:
    return PayoutView(
        row.id,
        row.claim_id,
        row.amount_cents,
        row.iban,
        row.holder_name,
        PayoutStatus(row.status),
        row.payment_file_id,
        row.created_at,
        row.updated_at,
    )


def book_decision(
    uow: UnitOfWork,
    *,
    claim_id: str,
    sequence: int,
    household_id: str,
    delta_cents: int,
    on: date,
    at: datetime,
) -> None:
    """The benefit granted (or, for a lowered decision, given back) as an expense payable."""
    if delta_cents == 0:
        return
    cents = abs(delta_cents)
    if delta_cents > 0:
        lines = (
            debit(Account.CLAIMS_EXPENSE, household_id, cents),
            credit(Account.CLAIMS_PAYABLE, household_id, cents),
        )
    else:
        lines = (
            debit(Account.CLAIMS_PAYABLE, household_id, cents),
            credit(Account.CLAIMS_EXPENSE, household_id, cents),
        )
    post(
        uow,
        entry(
            f"claim:{claim_id}:decision:{sequence}",
            "claim.decision",
            on,
            f"claim {claim_id}",
            lines,
        ),
        at=at,
    )


_APPROVED_ACCOUNT = select(PayoutAccountRow.id).where(
    PayoutAccountRow.household_id == bindparam("household_id"),
    PayoutAccountRow.iban == bindparam("iban"),
)


def iban_known(uow: UnitOfWork, household_id: str, iban: str) -> bool:
    found = uow.session.scalar(_APPROVED_ACCOUNT, {"household_id": household_id, "iban": iban})
    return found is not None


def create_payout(
    uow: UnitOfWork,
    *,
    claim_id: str,
    decision_id: int,
    household_id: str,
    amount_cents: int,
    iban: str,
    holder_name: str,
    at: datetime,
) -> PayoutView:
    """A payout scheduled for the next file, or pending a handler's review when the IBAN was
    never approved for this household."""
    status = initial_status(iban_known(uow, household_id, iban))
    row = PayoutRow(
        id=new_id("pay"),
        claim_id=claim_id,
        decision_id=decision_id,
        household_id=household_id,
        amount_cents=amount_cents,
        iban=iban,
        holder_name=holder_name,
        remittance=f"Cyber Care {claim_id}",
        status=status.value,
        created_at=at,
        updated_at=at,
    )
    insert_objects(uow.session, [row])  # Core: this command does not read it back
    return _view(row)


def _payout(uow: UnitOfWork, payout_id: str) -> PayoutRow:
    row = uow.session.scalar(select(PayoutRow).where(PayoutRow.id == payout_id).with_for_update())
    if row is None:
        raise PayoutNotFound(f"no payout {payout_id!r}", params={"payout_id": payout_id})
    return row


def approve_payout(uow: UnitOfWork, payout_id: str, *, actor: str, at: datetime) -> PayoutView:
    """A handler checked the IBAN: it becomes an approved account of the household."""
    row = _payout(uow, payout_id)
    check_move(PayoutStatus(row.status), PayoutStatus.SCHEDULED)
    if not iban_known(uow, row.household_id, row.iban):
        uow.session.add(
            PayoutAccountRow(
                household_id=row.household_id,
                iban=row.iban,
                holder_name=row.holder_name,
                approved_by=actor,
                approved_at=at,
            )
        )
    row.status, row.updated_at = PayoutStatus.SCHEDULED.value, at
    uow.session.flush()
    return _view(row)


def payouts_of_claim(uow: UnitOfWork, claim_id: str) -> list[PayoutView]:
    rows = uow.session.scalars(
        select(PayoutRow).where(PayoutRow.claim_id == claim_id).order_by(PayoutRow.created_at)
    )
    return [_view(r) for r in rows]


def payouts_total(uow: UnitOfWork, claim_id: str) -> int:
    total = uow.session.scalar(
        select(func.coalesce(func.sum(PayoutRow.amount_cents), 0)).where(
            PayoutRow.claim_id == claim_id, PayoutRow.status != PayoutStatus.RETURNED.value
        )
    )
    return int(total or 0)


def pending_review(uow: UnitOfWork) -> list[PayoutView]:
    rows = uow.session.scalars(
        select(PayoutRow)
        .where(PayoutRow.status == PayoutStatus.PENDING_REVIEW.value)
        .order_by(PayoutRow.created_at)
    )
    return [_view(r) for r in rows]


def create_payment_file(
    uow: UnitOfWork,
    *,
    actor: str,
    execution_date: date,
    at: datetime,
    debtor: Debtor = DEFAULT_DEBTOR,
) -> PaymentFileView | None:
    """Every scheduled payout in one validated pain.001 file; None when nothing is scheduled.
    Rows are locked (SKIP LOCKED on PostgreSQL) so two runs never file a payout twice."""
    query = (
        select(PayoutRow)
        .where(PayoutRow.status == PayoutStatus.SCHEDULED.value)
        .order_by(PayoutRow.created_at, PayoutRow.id)
        .with_for_update(skip_locked=True)
    )
    rows = list(uow.session.scalars(query))
    if not rows:
        return None
    file_id = new_id("PF", 20)
    pain = build_pain001(
        file_id,
        debtor,
        [
            Transfer(end_to_end_id(r.id), r.holder_name, r.iban, r.amount_cents, r.remittance)
            for r in rows
        ],
        execution_date,
    )
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
    for row in rows:
        row.status, row.payment_file_id, row.updated_at = PayoutStatus.IN_FILE.value, file_id, at
    uow.session.flush()
    return PaymentFileView(
        file_id, execution_date, pain.count, pain.total_cents, pain.sha256, pain.xml
    )


def mark_file_paid(uow: UnitOfWork, file_id: str, *, on: date, at: datetime) -> int:
    """The bank executed the file: its payouts are paid, the payable settled from the bank."""
    rows = list(
        uow.session.scalars(
            select(PayoutRow)
            .where(
                PayoutRow.payment_file_id == file_id,
                PayoutRow.status == PayoutStatus.IN_FILE.value,
            )
            .with_for_update()
        )
    )
    for row in rows:
        row.status, row.updated_at = PayoutStatus.PAID.value, at
        post(
            uow,
            entry(
                f"payout:{row.id}:paid",
                "claim.payment",
                on,
                f"payout {row.id} of claim {row.claim_id}",
                (
                    debit(Account.CLAIMS_PAYABLE, row.household_id, row.amount_cents),
                    credit(Account.BANK, "insurer", row.amount_cents),
                ),
            ),
            at=at,
        )
        _add_paid(uow, row.claim_id, row.amount_cents)
    uow.session.flush()
    return len(rows)


def mark_returned(
    uow: UnitOfWork, payout_id: str, reason: str, *, on: date, at: datetime
) -> PayoutView:
    row = _payout(uow, payout_id)
    was_paid = row.status == PayoutStatus.PAID.value
    check_move(PayoutStatus(row.status), PayoutStatus.RETURNED)
    row.status, row.return_reason, row.updated_at = PayoutStatus.RETURNED.value, reason[:200], at
    if was_paid:
        post(
            uow,
            entry(
                f"payout:{row.id}:returned",
                "claim.payment_returned",
                on,
                f"payout {row.id} returned: {reason}",
                (
                    debit(Account.BANK, "insurer", row.amount_cents),
                    credit(Account.CLAIMS_PAYABLE, row.household_id, row.amount_cents),
                ),
            ),
            at=at,
        )
        _add_paid(uow, row.claim_id, -row.amount_cents)
    uow.session.flush()
    return _view(row)


def _add_paid(uow: UnitOfWork, claim_id: str, cents: int) -> None:
    uow.session.execute(
        update(ClaimRow)
        .where(ClaimRow.id == claim_id)
        .values(paid_cents=ClaimRow.paid_cents + cents)
        .execution_options(synchronize_session=False)
    )


def book_recovery(
    uow: UnitOfWork,
    *,
    claim_id: str,
    recovery_id: int,
    household_id: str,
    cents: int,
    on: date,
    at: datetime,
) -> None:
    """Art. 8.5: money recovered by subrogation comes into the bank as a recovery."""
    post(
        uow,
        entry(
            f"claim:{claim_id}:recovery:{recovery_id}",
            "claim.recovery",
            on,
            f"recovery on claim {claim_id}",
            (
                debit(Account.BANK, "insurer", cents),
                credit(Account.RECOVERIES, household_id, cents),
            ),
        ),
        at=at,
    )


class NothingToFile(Conflict):
    code = "payments.nothing_scheduled"
