"""Payouts of decided claims: to an IBAN of the household, in SEPA credit transfer files, with
their ledger entries. Every function works inside the caller's unit of work and never commits.
The moves are the `Payout` entity's (payments/domain.py); the SQL is payments/repository.py's.

Ledger: the decision books CLAIMS_EXPENSE DR / CLAIMS_PAYABLE CR (`book_decision`); the bank's
statement, and only it, books the execution CLAIMS_PAYABLE DR / BANK CR
(`confirm_payout_executed`, `confirm_payment_file_executed`, payments/execution.py); a return
reverses that (BANK DR / CLAIMS_PAYABLE CR, `return_payout`). Recoveries (Art. 8.5) are booked
by claims.subrogation_service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from cybercare.db.uow import UnitOfWork
from cybercare.kernel.bank_account import BankAccount
from cybercare.kernel.errors import Conflict
from cybercare.kernel.ids import new_id
from cybercare.kernel.sepa_text import epc_identifier
from cybercare.ledger.domain import Account, credit, debit, entry
from cybercare.ledger.service import post
from cybercare.outbox.bank_files import enqueue_bank_file
from cybercare.payments import repository
from cybercare.payments.domain import Payout, PayoutStatus, end_to_end_id
from cybercare.payments.execution import (
    AccountRequest,
    PayoutAmountMismatch,
    ReturnedAccountRefused,
    account_request,
    confirm_payment_file_executed,
    confirm_payout_executed,
    give_another_account,
    reject_payout,
    return_payout,
    send_back,
)
from cybercare.payments.instant import enqueue_instant
from cybercare.payments.repository import PayoutNotFound
from cybercare.payments.sepa import Transfer, build_pain001

__all__ = [
    "AccountRequest",
    "NothingToFile",
    "PaymentFileView",
    "PayoutAmountMismatch",
    "PayoutNotFound",
    "PayoutView",
    "ReturnedAccountRefused",
    "account_request",
    "approve_payout",
    "book_decision",
    "confirm_payment_file_executed",
    "confirm_payout_executed",
    "create_payment_file",
    "create_payout",
    "give_another_account",
    "iban_known",
    "mark_file_paid",
    "mark_returned",
    "payouts_of_claim",
    "payouts_total",
    "pending_review",
    "reject_payout",
    "return_payout",
]


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


def _view(payout: Payout) -> PayoutView:
    return PayoutView(
        payout.payout_id,
        payout.claim_id,
        payout.amount_cents,
        payout.iban,
        payout.holder_name,
        payout.status,
        payout.payment_file_id,
        payout.created_at,
        payout.updated_at,
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


def iban_known(uow: UnitOfWork, household_id: str, iban: str) -> bool:
    return repository.iban_known(uow, household_id, iban)


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
    instant: bool = False,
) -> PayoutView:
    """A payout scheduled for the next file, or pending a handler's review when the IBAN was
    never approved for this household. `instant` (a straight-through decision): to an approved
    account it leaves at once as a SEPA Instant transfer (an outbox `bank.instant` message in
    this transaction, payments/instant.py)."""
    known = repository.iban_known(uow, household_id, iban)
    payout = Payout.new(
        new_id("pay"),
        claim_id=claim_id,
        decision_id=decision_id,
        household_id=household_id,
        amount_cents=amount_cents,
        iban=iban,
        holder_name=holder_name,
        iban_known=known,
        at=at,
    )
    repository.add_new(uow, payout)
    if instant and known:
        enqueue_instant(uow, payout, at=at)
    return _view(payout)


def approve_payout(uow: UnitOfWork, payout_id: str, *, actor: str, at: datetime) -> PayoutView:
    """A handler checked the IBAN: it becomes an approved account of the household."""
    payout = repository.locked(uow, payout_id)
    approved = payout.approve(at)
    if not repository.iban_known(uow, payout.household_id, payout.iban):
        repository.approve_account(uow, payout, actor=actor, at=at)
    repository.save(uow, [approved])
    return _view(approved)


def payouts_of_claim(uow: UnitOfWork, claim_id: str) -> list[PayoutView]:
    return [_view(p) for p in repository.of_claim(uow, claim_id)]


def payouts_total(uow: UnitOfWork, claim_id: str) -> int:
    return repository.total_of_claim(uow, claim_id)


def pending_review(uow: UnitOfWork) -> list[PayoutView]:
    return [_view(p) for p in repository.pending_review(uow)]


def create_payment_file(
    uow: UnitOfWork,
    *,
    actor: str,
    execution_date: date,
    at: datetime,
    debtor: BankAccount,
    extra: Sequence[Transfer] = (),
) -> PaymentFileView | None:
    """Every scheduled payout in one validated pain.001 file; None when nothing is scheduled.
    The payouts are locked so that two runs never file a payout twice. `debtor`: the insurer's
    payout account (settings.payout_account). `extra`: other transfers of the same file (the
    appointed providers' payouts, providers/payouts.py, which moves them into the file)."""
    scheduled = repository.lock_scheduled(uow)
    if not scheduled and not extra:
        return None
    file_id = epc_identifier(new_id("PF", 20))  # the MsgId the bank quotes back, as stored
    pain = build_pain001(
        file_id,
        debtor,
        [
            Transfer(
                end_to_end_id(p.payout_id), p.holder_name, p.iban, p.amount_cents, p.remittance
            )
            for p in scheduled
        ]
        + list(extra),
        execution_date,
        at,
    )
    repository.add_payment_file(
        uow, file_id, pain, execution_date=execution_date, actor=actor, at=at
    )
    repository.save(uow, [p.put_in_file(file_id, at) for p in scheduled])
    enqueue_bank_file(uow, message_id=pain.message_id, xml=pain.xml, at=at)  # after commit
    return PaymentFileView(
        file_id, execution_date, pain.count, pain.total_cents, pain.sha256, pain.xml
    )


def mark_file_paid(uow: UnitOfWork, file_id: str, *, on: date, at: datetime) -> int:
    """Demo and test history only: what the bank's statement would confirm for the file (its
    batch debit, `confirm_payment_file_executed`). Production payouts are paid by the statement
    import alone. Returns how many payouts it paid."""
    payouts = repository.lock_in_file(uow, file_id)
    total = sum(p.amount_cents for p in payouts)
    if payouts:
        confirm_payment_file_executed(uow, file_id, amount_cents=total, on=on, at=at)
    return len(payouts)


def mark_returned(
    uow: UnitOfWork, payout_id: str, reason: str, *, on: date, at: datetime
) -> PayoutView:
    """Demo and test history only: a return as a statement would report it, without the
    e-mail to the member (`return_payout` is the statement's path)."""
    payout = repository.locked(uow, payout_id)
    return _view(send_back(uow, payout, reason, reason_code=None, on=on, at=at))


class NothingToFile(Conflict):
    code = "payments.nothing_scheduled"
