"""What a bank tells us, whatever the format it came in: the parsers (camt.053, camt.054, CODA,
pain.002) all produce these values, and matching reads only them.

Amounts are integer cents, always positive: `direction` says which way the money went on our
account. `line` is where the item starts in the file the bank sent (1-based), so that an operator
can find it; errors carry it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from cybercare.kernel.errors import InvalidInput


class StatementFormat(StrEnum):
    CAMT_053 = "camt.053"  # end-of-day account statement
    CAMT_054 = "camt.054"  # debit/credit notification during the day
    CODA = "coda"  # the Belgian banks' coded statement (Febelfin CODA 2.6)


class Direction(StrEnum):
    CREDIT = "credit"  # money came into our account
    DEBIT = "debit"  # money left our account


@dataclass(frozen=True, slots=True)
class EntryTransaction:
    """One transaction inside an entry (camt `TxDtls`, a CODA detail 21 record): a batch booking
    holds one per collection or transfer; a single payment holds one too."""

    line: int
    end_to_end_id: str | None = None
    amount_cents: int | None = None  # None when the bank gives only the entry's amount
    bank_reference: str | None = None  # AcctSvcrRef of the transaction
    mandate_reference: str | None = None
    is_return: bool = False
    return_reason: str | None = None
    structured_communication: str | None = None
    remittance: str | None = None
    counterparty_name: str | None = None
    counterparty_iban: str | None = None


@dataclass(frozen=True, slots=True)
class StatementEntry:
    line: int
    bank_reference: str  # unique for the account: camt AcctSvcrRef / NtryRef, CODA's sequence
    direction: Direction
    amount_cents: int
    booking_date: date
    value_date: date
    end_to_end_id: str | None = None
    # A batch booking (a pain.008 collected, a pain.001 executed): our file's message id and
    # payment information id, and how many transactions the one amount stands for.
    batch_message_id: str | None = None
    batch_payment_info_id: str | None = None
    batch_count: int | None = None
    # Belgian structured communication: the 12 digits of +++123/4567/89002+++.
    structured_communication: str | None = None
    remittance: str | None = None
    counterparty_name: str | None = None
    counterparty_iban: str | None = None
    mandate_reference: str | None = None
    # An R-transaction (return, refund, reject, reversal): the ISO external reason code.
    is_return: bool = False
    return_reason: str | None = None
    # The ISO bank transaction code (domain/family/sub-family, e.g. PMNT/RDDT/ESDD) or CODA's.
    bank_transaction_code: str | None = None
    # Each transaction of the entry, in file order (empty when the bank gives no details).
    transactions: tuple[EntryTransaction, ...] = ()


@dataclass(frozen=True, slots=True)
class Statement:
    format: StatementFormat
    statement_id: str  # the bank's identifier, unique for the account
    account_iban: str
    created_at: datetime | None
    from_date: date
    to_date: date
    opening_balance_cents: int | None  # signed; None in a notification (camt.054)
    closing_balance_cents: int | None
    entries: tuple[StatementEntry, ...]
    sequence: int | None = None  # the electronic sequence number, when the bank gives one
    # Entries the bank marked pending (camt `Sts` PDNG/INFO): not booked, their lines kept so
    # that an operator can see they were skipped.
    skipped_lines: tuple[int, ...] = ()


class TransactionStatus(StrEnum):
    ACCEPTED = "accepted"  # ACCP, ACTC, ACSP: accepted, to be executed
    SETTLED = "settled"  # ACSC (and an instant transfer's ACCC): executed
    REJECTED = "rejected"  # RJCT
    PENDING = "pending"  # PDNG
    PARTIAL = "partial"  # PART (group level only)


@dataclass(frozen=True, slots=True)
class TransactionStatusLine:
    line: int
    end_to_end_id: str
    status: TransactionStatus
    reason: str | None = None  # ISO external status reason code (AC04, AM04, MS03...)
    payment_info_id: str | None = None  # the OrgnlPmtInfId of the block it sits in


@dataclass(frozen=True, slots=True)
class PaymentInfoStatusLine:
    """The status of one payment information block (`OrgnlPmtInfAndSts`) of our file."""

    line: int
    payment_info_id: str
    status: TransactionStatus | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class StatusReport:
    """A pain.002: the bank's answer to one of our files, for the whole or per transaction."""

    message_id: str
    original_message_id: str
    original_message_type: str  # pain.001.001.09, pain.008.001.02
    group_status: TransactionStatus | None
    group_reason: str | None
    transactions: tuple[TransactionStatusLine, ...]
    created_at: datetime | None = None
    payment_infos: tuple[PaymentInfoStatusLine, ...] = ()


@dataclass(frozen=True, slots=True)
class FileError:
    line: int
    message: str


class UnreadableBankFile(InvalidInput):
    """The file is not what it claims to be (or contradicts itself): nothing of it is booked.
    Each error names its line, as `line 12` in the field of `InvalidInput`."""

    code = "banking.unreadable_file"

    def __init__(self, errors: list[FileError]) -> None:
        if not errors:
            raise ValueError("an unreadable file has at least one error")
        first, *rest = errors
        super().__init__(
            f"line {first.line}",
            first.message,
            more=tuple((f"line {error.line}", error.message) for error in rest),
        )
        self.file_errors = tuple(errors)
