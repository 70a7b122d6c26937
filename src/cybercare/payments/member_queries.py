"""The payouts of a claim as its member follows them (Art. 8.4): how much, to which account
(its last four characters only), where the transfer stands, and when the bank paid it or sent it
back.

The dates are the real ones: a payout's `updated_at` moves with each status, so the day it was
paid is the ledger entry the bank's execution booked (`payout:<id>:paid`, see
`payments.service.mark_file_paid`), which a later return does not erase; the day it came back is
the return itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from cybercare.db.tables import LedgerEntryRow, PayoutRow
from cybercare.db.uow import UnitOfWork
from cybercare.payments.domain import PayoutStatus


@dataclass(frozen=True, slots=True)
class PayoutHistory:
    payout_id: str
    claim_id: str
    amount_cents: int
    iban_end: str  # the last four characters: the member recognises the account by them
    status: PayoutStatus
    created_at: datetime
    paid_at: datetime | None  # when the bank executed it, even if it came back later
    returned_at: datetime | None


def _paid_key(payout_id: str) -> str:
    return f"payout:{payout_id}:paid"


def payout_histories(
    uow: UnitOfWork, claim_ids: Iterable[str]
) -> dict[str, tuple[PayoutHistory, ...]]:
    """The payouts of each claim, oldest first (two queries, whatever the number of claims)."""
    ids = sorted(set(claim_ids))
    if not ids:
        return {}
    rows = uow.session.execute(
        select(
            PayoutRow.id,
            PayoutRow.claim_id,
            PayoutRow.amount_cents,
            PayoutRow.iban,
            PayoutRow.status,
            PayoutRow.created_at,
            PayoutRow.updated_at,
        )
        .where(PayoutRow.claim_id.in_(ids))
        .order_by(PayoutRow.created_at, PayoutRow.id)
    ).all()
    paid_keys = [_paid_key(row.id) for row in rows if row.status in ("paid", "returned")]
    paid_at: dict[str, datetime] = {}
    if paid_keys:
        paid_at = {
            str(key): at
            for key, at in uow.session.execute(
                select(LedgerEntryRow.dedupe_key, LedgerEntryRow.posted_at).where(
                    LedgerEntryRow.dedupe_key.in_(paid_keys)
                )
            )
        }
    found: dict[str, list[PayoutHistory]] = {}
    for row in rows:
        status = PayoutStatus(row.status)
        paid = paid_at.get(_paid_key(row.id))
        if paid is None and status is PayoutStatus.PAID:
            paid = row.updated_at
        found.setdefault(row.claim_id, []).append(
            PayoutHistory(
                payout_id=row.id,
                claim_id=row.claim_id,
                amount_cents=row.amount_cents,
                iban_end=row.iban[-4:],
                status=status,
                created_at=row.created_at,
                paid_at=paid,
                returned_at=row.updated_at if status is PayoutStatus.RETURNED else None,
            )
        )
    return {claim_id: tuple(items) for claim_id, items in found.items()}
