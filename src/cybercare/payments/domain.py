"""Payouts, pure rules: the status a payout follows, and which moves are allowed (Art. 8.4:
payment within 30 days of the decision; Art. 8.5: a recovery after payment).

pending_review -> scheduled -> in_file -> paid, and in_file/paid -> returned (the bank sent the
transfer back). A payout to an IBAN never seen for the household waits in `pending_review` until
a handler approves the account; every other payout is `scheduled` for the next SEPA file.

Issue 15: a scheduled payout may instead leave at once as a SEPA Instant transfer
(scheduled -> instructed when the bank answers ACCC; a RJCT leaves it scheduled for the batch
file, with the bank's reason). Only the bank's statement makes a payout `paid`
(instructed/in_file -> paid). A returned payout is reopened: the member is asked for another
account, and the payout they give it for replaces it (returned -> replaced).

`Payout` is the entity the repository maps a row to: each named move returns the payout after
it, and every move the table below does not name is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from cybercare.kernel.errors import Conflict
from cybercare.kernel.sepa_text import epc_identifier

# Art. 8.4 sets when a decided benefit is paid; the payout's moves are how it is paid.
PAYMENT_CLAUSE = "Art. 8.4"
RETURN_REASON_LENGTH = 200


class PayoutStatus(StrEnum):
    PENDING_REVIEW = "pending_review"  # unknown IBAN for this household: a handler checks it
    SCHEDULED = "scheduled"  # waits for the next SEPA credit transfer file
    IN_FILE = "in_file"  # in a pain.001 file handed to the bank
    PAID = "paid"  # the bank executed the transfer
    INSTRUCTED = "instructed"  # a SEPA Instant transfer the bank accepted (ACCC)
    RETURNED = "returned"  # the bank returned it (closed account...): the member gives another
    REPLACED = "replaced"  # returned, and a payout to the member's other account replaces it


MOVES: dict[PayoutStatus, frozenset[PayoutStatus]] = {
    PayoutStatus.PENDING_REVIEW: frozenset({PayoutStatus.SCHEDULED}),
    PayoutStatus.SCHEDULED: frozenset({PayoutStatus.IN_FILE, PayoutStatus.INSTRUCTED}),
    PayoutStatus.INSTRUCTED: frozenset({PayoutStatus.PAID, PayoutStatus.RETURNED}),
    PayoutStatus.IN_FILE: frozenset({PayoutStatus.PAID, PayoutStatus.RETURNED}),
    PayoutStatus.PAID: frozenset({PayoutStatus.RETURNED}),
    PayoutStatus.RETURNED: frozenset({PayoutStatus.REPLACED}),
    PayoutStatus.REPLACED: frozenset(),
}
# A payout in a file or paid names its file: the bank's statement refers to it.
FILED = frozenset({PayoutStatus.IN_FILE, PayoutStatus.PAID})
REASON_CODE_LENGTH = 4


class PayoutMoveRefused(Conflict):
    code = "payout.status_refused"


def check_move(current: PayoutStatus, target: PayoutStatus) -> None:
    if target not in MOVES[current]:
        raise PayoutMoveRefused(
            f"a payout {current.value} cannot become {target.value}",
            clause=PAYMENT_CLAUSE,
            params={"status": current.value, "target": target.value},
        )


def initial_status(iban_known: bool) -> PayoutStatus:
    return PayoutStatus.SCHEDULED if iban_known else PayoutStatus.PENDING_REVIEW


def end_to_end_id(payout_id: str) -> str:
    """The SEPA end-to-end reference (max 35 characters): the payout id in the EPC identifier
    set (`_` becomes `-`, kernel/sepa_text.py), exactly as the file carries it."""
    return epc_identifier(payout_id, 35)


def payout_id_of(reference: str) -> str:
    """The payout id an end-to-end reference from the bank names (either spelling)."""
    prefix, dash, body = reference.strip().partition("-")
    return f"{prefix}_{body}" if dash and "_" not in reference else reference.strip()


def remittance_of(claim_id: str) -> str:
    """What the member reads on the bank statement."""
    return f"Cyber Care {claim_id}"


@dataclass(frozen=True, slots=True)
class Payout:
    """One transfer of a decided claim's benefit to an IBAN of the household."""

    payout_id: str
    claim_id: str
    decision_id: int
    household_id: str
    amount_cents: int
    iban: str
    holder_name: str
    remittance: str
    status: PayoutStatus
    payment_file_id: str | None
    return_reason: str | None
    created_at: datetime
    updated_at: datetime
    instant: bool = False
    instructed_at: datetime | None = None
    bank_status: str | None = None
    reason_code: str | None = None
    executed_on: date | None = None
    replaces_payout_id: str | None = None

    @classmethod
    def new(
        cls,
        payout_id: str,
        *,
        claim_id: str,
        decision_id: int,
        household_id: str,
        amount_cents: int,
        iban: str,
        holder_name: str,
        iban_known: bool,
        at: datetime,
    ) -> Payout:
        """Scheduled for the next file, or pending a handler's review for an IBAN never
        approved for this household."""
        return cls(
            payout_id,
            claim_id,
            decision_id,
            household_id,
            amount_cents,
            iban,
            holder_name,
            remittance_of(claim_id),
            initial_status(iban_known),
            None,
            None,
            at,
            at,
        )

    def approve(self, at: datetime) -> Payout:
        """A handler checked the IBAN."""
        check_move(self.status, PayoutStatus.SCHEDULED)
        return replace(self, status=PayoutStatus.SCHEDULED, updated_at=at)

    def put_in_file(self, file_id: str, at: datetime) -> Payout:
        check_move(self.status, PayoutStatus.IN_FILE)
        return replace(self, status=PayoutStatus.IN_FILE, payment_file_id=file_id, updated_at=at)

    def instructed(self, bank_status: str, at: datetime) -> Payout:
        """The bank accepted the SEPA Instant transfer (ACCC): the money is on its way; only
        the statement will make it paid."""
        check_move(self.status, PayoutStatus.INSTRUCTED)
        return replace(
            self,
            status=PayoutStatus.INSTRUCTED,
            instant=True,
            instructed_at=at,
            bank_status=bank_status[:REASON_CODE_LENGTH],
            updated_at=at,
        )

    def instant_refused(self, reason_code: str, at: datetime) -> Payout:
        """The bank rejected the instant transfer (RJCT): the payout stays scheduled for the
        next batch file, with the bank's reason kept."""
        check_move(self.status, PayoutStatus.IN_FILE)  # still scheduled: the batch can take it
        return replace(
            self,
            bank_status="RJCT",
            reason_code=reason_code[:REASON_CODE_LENGTH] or None,
            updated_at=at,
        )

    def pay(self, at: datetime, on: date | None = None) -> Payout:
        """The bank's statement says the transfer was executed."""
        check_move(self.status, PayoutStatus.PAID)
        return replace(self, status=PayoutStatus.PAID, executed_on=on, updated_at=at)

    def send_back(self, reason: str, at: datetime, reason_code: str | None = None) -> Payout:
        """The bank returned (or rejected) the transfer: reopened, the member gives another
        account."""
        check_move(self.status, PayoutStatus.RETURNED)
        return replace(
            self,
            status=PayoutStatus.RETURNED,
            return_reason=reason[:RETURN_REASON_LENGTH],
            reason_code=(reason_code or "")[:REASON_CODE_LENGTH] or self.reason_code,
            updated_at=at,
        )

    def replace_with(
        self, payout_id: str, *, iban: str, holder_name: str, at: datetime
    ) -> tuple[Payout, Payout]:
        """The member gave another account: this payout is replaced, and the new one (same
        claim, decision and amount) is scheduled for the next file."""
        check_move(self.status, PayoutStatus.REPLACED)
        new = Payout(
            payout_id,
            self.claim_id,
            self.decision_id,
            self.household_id,
            self.amount_cents,
            iban,
            holder_name,
            self.remittance,
            PayoutStatus.SCHEDULED,
            None,
            None,
            at,
            at,
            replaces_payout_id=self.payout_id,
        )
        return replace(self, status=PayoutStatus.REPLACED, updated_at=at), new

    @property
    def counts_as_paid(self) -> bool:
        """Whether the money left the insurer's bank (the claim's paid amount includes it)."""
        return self.status is PayoutStatus.PAID
