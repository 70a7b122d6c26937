"""Payouts, pure rules: the status a member follows, and which moves are allowed.

pending_review -> scheduled -> in_file -> paid, and in_file/paid -> returned (the bank sent the
transfer back). A payout to an IBAN never seen for the household waits in `pending_review` until
a handler approves the account; every other payout is `scheduled` for the next SEPA file.
"""

from __future__ import annotations

from enum import StrEnum

from cybercare.kernel.errors import Conflict


class PayoutStatus(StrEnum):
    PENDING_REVIEW = "pending_review"  # unknown IBAN for this household: a handler checks it
    SCHEDULED = "scheduled"  # waits for the next SEPA credit transfer file
    IN_FILE = "in_file"  # in a pain.001 file handed to the bank
    PAID = "paid"  # the bank executed the transfer
    RETURNED = "returned"  # the bank returned it (closed account...): a handler follows up


_MOVES: dict[PayoutStatus, frozenset[PayoutStatus]] = {
    PayoutStatus.PENDING_REVIEW: frozenset({PayoutStatus.SCHEDULED}),
    PayoutStatus.SCHEDULED: frozenset({PayoutStatus.IN_FILE}),
    PayoutStatus.IN_FILE: frozenset({PayoutStatus.PAID, PayoutStatus.RETURNED}),
    PayoutStatus.PAID: frozenset({PayoutStatus.RETURNED}),
    PayoutStatus.RETURNED: frozenset(),
}


class PayoutMoveRefused(Conflict):
    code = "payout.status_refused"


def check_move(current: PayoutStatus, target: PayoutStatus) -> None:
    if target not in _MOVES[current]:
        raise PayoutMoveRefused(
            f"a payout {current.value} cannot become {target.value}",
            params={"status": current.value, "target": target.value},
        )


def initial_status(iban_known: bool) -> PayoutStatus:
    return PayoutStatus.SCHEDULED if iban_known else PayoutStatus.PENDING_REVIEW


def end_to_end_id(payout_id: str) -> str:
    """The SEPA end-to-end reference (max 35 characters): the payout id."""
    return payout_id[:35]
