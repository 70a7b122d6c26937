"""Providers are paid in the same pain.001 files as members: `create_payment_file` puts the
scheduled provider payouts beside the members' (payments.service.create_payment_file with its
`extra` transfers) and moves them into the file; when the bank's statement debits the file
(banking/dispatch.py) or the demo marks it paid, `confirm_file_paid` pays them and books
SERVICE_COST_PAYABLE DR / BANK CR, apart from the claims' CLAIMS_PAYABLE."""

from __future__ import annotations

from datetime import date, datetime

from cybercare.audit.trail import record
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.bank_account import BankAccount
from cybercare.kernel.sepa_text import epc_identifier
from cybercare.ledger.domain import Account, credit, debit, entry
from cybercare.ledger.service import post
from cybercare.payments import service as payments
from cybercare.payments.sepa import Transfer
from cybercare.providers import repository

PREFIX = "PP-"  # the end-to-end id of a provider payout: never a member payout's


def end_to_end_id(payout_id: str) -> str:
    return epc_identifier(f"{PREFIX}{payout_id}"[:35])


def create_payment_file(
    uow: UnitOfWork, *, actor: str, execution_date: date, at: datetime, debtor: BankAccount
) -> payments.PaymentFileView | None:
    """Every scheduled payout, members' and providers', in one validated pain.001 file."""
    scheduled = repository.lock_payouts(uow, status="scheduled")
    extra = [
        Transfer(end_to_end_id(p.payout_id), p.holder_name, p.iban, p.amount_cents, p.remittance)
        for p in scheduled
    ]
    made = payments.create_payment_file(
        uow, actor=actor, execution_date=execution_date, at=at, debtor=debtor, extra=extra
    )
    if made is not None and scheduled:
        repository.move_payouts(
            uow,
            [p.payout_id for p in scheduled],
            status="in_file",
            payment_file_id=made.file_id,
            at=at,
        )
    return made


def share_of_file(uow: UnitOfWork, file_id: str) -> int:
    """What the providers' payouts of a file add up to (those not paid yet)."""
    return sum(
        p.amount_cents
        for p in repository.lock_payouts(uow, status="in_file", payment_file_id=file_id)
    )


def confirm_file_paid(uow: UnitOfWork, file_id: str, *, on: date, at: datetime) -> int:
    """The file was executed: its provider payouts are paid, once. Returns their total."""
    payouts = repository.lock_payouts(uow, status="in_file", payment_file_id=file_id)
    for p in payouts:
        post(
            uow,
            entry(
                f"provider_payout:{p.payout_id}:paid",
                "service.paid",
                on,
                f"provider payout {p.payout_id}",
                (
                    debit(Account.SERVICE_COST_PAYABLE, p.provider_id, p.amount_cents),
                    credit(Account.BANK, "insurer", p.amount_cents),
                ),
            ),
            at=at,
        )
        held = repository.order(uow, p.order_id, for_update=True)
        repository.save_order(uow, held, held.order.pay(at))
        record(
            uow,
            at=at,
            actor="bank",
            action="provider_payout.paid",
            subject_type="provider_order",
            subject_id=p.order_id,
            details={"payout_id": p.payout_id, "file_id": file_id, "cents": p.amount_cents},
        )
    repository.move_payouts(
        uow, [p.payout_id for p in payouts], status="paid", payment_file_id=file_id, at=at
    )
    return sum(p.amount_cents for p in payouts)
