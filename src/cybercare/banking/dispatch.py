"""Where a matched bank line is handed to the context that owns its target: payouts (payments),
recoveries (claims). Each returns whether it applied the fact; False leaves the line in the
finance queue.

Integration points (issue 15's helpers), to switch at the merge — each call below becomes:
- `payment_file_executed` -> `payments.execution.confirm_payment_file_executed(uow, message_id,
  amount_cents=..., on=..., at=...)` (branch wt-instant);
- `payout_executed` -> `payments.execution.confirm_payout_executed(uow, end_to_end_id, ...)`;
- `payout_returned` -> `payments.execution.return_payout(uow, end_to_end_id, reason_code=...,
  amount_cents=..., on=..., at=...)`, and for a pain.002 reject (`amount_cents` None)
  `payments.execution.reject_payout(uow, end_to_end_id, reason_code=..., on=..., at=...)`;
- `recovery_payment` -> `claims.subrogation_service.record_recovery_payment(uow, ...)` (branch
  wt-recoveries), its RecoveryRefused (a DomainError) meaning "leave it for finance".
A DomainError of the owner (another amount, a refused move) leaves the line unmatched; the
owners check before they write, so nothing half is left in the transaction.
"""

from __future__ import annotations

from datetime import date, datetime

from cybercare.db.uow import UnitOfWork
from cybercare.kernel.errors import DomainError
from cybercare.payments import service as payments


def payment_file_executed(
    uow: UnitOfWork, file_id: str, *, amount_cents: int, on: date, at: datetime
) -> bool:
    """A pain.001 of ours debited as one batch: its payouts are paid (payout:{id}:paid)."""
    del amount_cents  # the matcher compared it with the file's payouts in it
    return payments.mark_file_paid(uow, file_id, on=on, at=at) > 0


def payout_executed(
    uow: UnitOfWork, end_to_end_id: str, *, amount_cents: int, on: date, at: datetime
) -> bool:
    """One transfer of ours debited on its own (an instant payout, a file booked per
    transaction). Switch to `payments.service.confirm_payout_executed` (helper "instant");
    until then the line waits in the finance queue."""
    del uow, end_to_end_id, amount_cents, on, at
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
    """A transfer of ours came back (closed account...) or was rejected (pain.002 RJCT).
    Switch to `payments.service.return_payout` (helper "instant": reopens the payout and asks
    the member for another account)."""
    del amount_cents  # the matcher compared it with the payout's
    try:
        payments.mark_returned(uow, end_to_end_id, reason_code, on=on, at=at)
    except DomainError:
        return False
    return True


def recovery_payment(
    uow: UnitOfWork,
    *,
    structured_communication: str,
    amount_cents: int,
    bank_reference: str,
    on: date,
    at: datetime,
) -> bool:
    """A transfer paying back a recovery file (Art. 8.5). The dispatch point for
    `claims.subrogation.record_recovery_payment` (helper "recoveries"): False until merged,
    so such a line waits in the finance queue."""
    del uow, structured_communication, amount_cents, bank_reference, on, at
    return False
