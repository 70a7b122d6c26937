"""Possible duplicates of a claim, as pure rules: a possible duplicate never settles straight
through (a handler checks that the same loss is not paid twice). No I/O.

Two signs, either enough to send the claim to a handler:
- its case repeats another case of the household (`assistance.domain.possible_duplicate`: same
  guarantee, overlapping incident periods), flagged on the case when it was opened or triaged;
- the same purchase is claimed in another case under a guarantee of the same pot (ECOM and PAYF
  share the online purchase pot, Art. 5): the same amount, and the same payment date when both
  claims give one (the claim data holds neither merchant nor order reference).

The reason the member reads cites the guarantee's article (Art. 4.4, 4.5...): it reimburses the
loss once; the decision itself stays under the 30 days of Art. 8.4.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

REASON = "claim.possible_duplicate"
SAME_PURCHASE = "claim.same_purchase"
# Art. 4.4, 4.5: the guarantees about a payment made online (one pot, Art. 5; Art. 8.5 names the
# same two): the same purchase may be claimed under either.
PURCHASE_GUARANTEES = frozenset({"ECOM", "PAYF"})


@dataclass(frozen=True, slots=True)
class Purchase:
    """What a money claim says of the purchase it is about."""

    claim_id: str
    case_id: str
    guarantee: str
    claimed_cents: int
    payment_date: date | None


def same_purchase(new: Purchase, others: Iterable[Purchase]) -> str | None:
    """The case of another claim (in another case, under ECOM or PAYF) for the same amount and,
    when both give it, the same payment date; None when there is none."""
    if new.claimed_cents <= 0 or new.guarantee not in PURCHASE_GUARANTEES:
        return None
    for other in others:
        if other.case_id == new.case_id or other.claim_id == new.claim_id:
            continue
        if other.guarantee not in PURCHASE_GUARANTEES or other.claimed_cents != new.claimed_cents:
            continue
        dates = (new.payment_date, other.payment_date)
        if None in dates or dates[0] == dates[1]:
            return other.case_id
    return None


@dataclass(frozen=True, slots=True)
class DuplicateSign:
    """Why a claim may repeat another case: `code` (REASON for the case flag, SAME_PURCHASE for
    the purchase) and the other case."""

    code: str
    other_case_id: str

    def reason(self, article: str) -> dict[str, Any]:
        """The reason as stored with the engine's decision (shown to the member, the handler)."""
        return {"code": self.code, "article": article, "params": {"case_id": self.other_case_id}}


def duplicate_sign(case_flag: str | None, purchase_of: str | None) -> DuplicateSign | None:
    if case_flag is not None:
        return DuplicateSign(REASON, case_flag)
    if purchase_of is not None:
        return DuplicateSign(SAME_PURCHASE, purchase_of)
    return None
