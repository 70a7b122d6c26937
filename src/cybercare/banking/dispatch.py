"""Where a matched bank line is handed to the context that owns its target: payouts (payments),
recoveries (claims). Each returns whether it applied the fact; False leaves the line in the
finance queue.

A DomainError of the owner (another amount, a refused move) leaves the line unmatched; the
owners check before they write, so nothing half is left in the transaction.
"""

from __future__ import annotations

from datetime import date, datetime

from cybercare.claims.subrogation_service import record_recovery_payment
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.errors import DomainError
from cybercare.payments import service as payments
from cybercare.providers import payouts as provider_payouts


def payment_file_executed(
    uow: UnitOfWork, file_id: str, *, amount_cents: int, on: date, at: datetime
) -> bool:
    """A pain.001 of ours debited as one batch: its payouts are paid (payout:{id}:paid), the
    appointed providers' too (provider_payout:{id}:paid, issue 19)."""
    try:
        providers_cents = provider_payouts.share_of_file(uow, file_id)
        applied = payments.confirm_payment_file_executed(
            uow, file_id, amount_cents=amount_cents - providers_cents, on=on, at=at
        )
        if applied:
            provider_payouts.confirm_file_paid(uow, file_id, on=on, at=at)
        return applied
    except DomainError:
        return False


def payout_executed(
    uow: UnitOfWork, end_to_end_id: str, *, amount_cents: int, on: date, at: datetime
) -> bool:
    """One transfer of ours debited on its own (an instant payout, a file booked per
    transaction)."""
    try:
        return payments.confirm_payout_executed(
            uow, end_to_end_id, amount_cents=amount_cents, on=on, at=at
        )
    except DomainError:
        return False


def payout_returned(
    uow: UnitOfWork,
    end_to_end_id: str,
    *,
    reason_code: str,
    amount_cents: int | None,
    on: date,
    at: datetime,
) -> bool:
    """A transfer of ours came back (closed account...) or was rejected (pain.002 RJCT, no
    amount): the payout reopens and the member is asked for another account."""
    try:
        if amount_cents is None:
            return payments.reject_payout(uow, end_to_end_id, reason_code=reason_code, on=on, at=at)
        return payments.return_payout(
            uow, end_to_end_id, reason_code=reason_code, amount_cents=amount_cents, on=on, at=at
        )
    except DomainError:
        return False


def recovery_payment(
    uow: UnitOfWork,
    *,
    structured_communication: str,
    amount_cents: int,
    bank_reference: str,
    on: date,
    at: datetime,
) -> bool:
    """A transfer paying back a recovery file (Art. 8.5); a refusal (more than paid, a file
    finished) leaves the line for finance."""
    try:
        return record_recovery_payment(
            uow,
            structured_communication=structured_communication,
            amount_cents=amount_cents,
            bank_reference=bank_reference,
            on=on,
            at=at,
        )
    except DomainError:
        return False
