"""What the bank books on one of our accounts at the end of a day: the values the statement
writers (camt.053, camt.054, CODA) all render, so the three always tell the same story."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum


class Kind(Enum):
    # (ISO bank transaction code domain/family/sub-family, CODA type+family+transaction+category)
    DEBITS_COLLECTED = ("PMNT", "IDDT", "ESDD", "10550000")
    DEBIT_RETURNED = ("PMNT", "IDDT", "UPDD", "00503000")
    TRANSFERS_EXECUTED = ("PMNT", "ICDT", "ESCT", "10107000")
    TRANSFER_RETURNED = ("PMNT", "ICDT", "RRTN", "00154000")
    INSTANT_EXECUTED = ("PMNT", "ICDT", "ESCT", "00201000")
    TRANSFER_RECEIVED = ("PMNT", "RCDT", "ESCT", "00150000")

    @property
    def iso(self) -> tuple[str, str, str]:
        return self.value[0], self.value[1], self.value[2]

    @property
    def coda(self) -> str:
        return self.value[3]


@dataclass(frozen=True)
class Detail:
    """One transaction inside an entry (TxDtls; a CODA detail or 22/23 records)."""

    end_to_end_id: str | None
    amount_cents: int
    counterparty_name: str
    counterparty_iban: str
    counterparty_bic: str | None = None
    mandate_id: str | None = None
    creditor_id: str | None = None  # the SEPA creditor identifier of a direct debit
    remittance: str | None = None
    structured_reference: str | None = None  # as the payer wrote it: +++123/4567/89002+++
    return_reason: str | None = None


@dataclass(frozen=True)
class Entry:
    reference: str  # AcctSvcrRef and CODA bank reference: unique for the bank, 21 chars at most
    kind: Kind
    credit: bool
    amount_cents: int
    booking_date: date
    value_date: date
    details: tuple[Detail, ...]
    batch_message_id: str | None = None
    batch_payment_info_id: str | None = None

    @property
    def batch(self) -> bool:
        return self.batch_payment_info_id is not None


@dataclass
class DayStatement:
    account_iban: str
    account_name: str
    day: date
    sequence: int  # ElctrncSeqNb; CODA's sequence number of the statement
    opening_cents: int
    entries: list[Entry] = field(default_factory=list)

    @property
    def closing_cents(self) -> int:
        return self.opening_cents + sum(
            entry.amount_cents if entry.credit else -entry.amount_cents for entry in self.entries
        )

    @property
    def identifier(self) -> str:
        return f"{self.account_iban}-{self.day.isoformat()}-{self.sequence:03d}"


def amount_text(amount_cents: int) -> str:
    """1234 → "12.34" (ISO 20022 decimal amount)."""
    return f"{amount_cents // 100}.{amount_cents % 100:02d}"


def digits_of(structured: str) -> str:
    """ "+++123/4567/89002+++" → "123456789002"; other text stays as it is."""
    only = "".join(char for char in structured if char.isdigit())
    return only if len(only) == 12 else structured
