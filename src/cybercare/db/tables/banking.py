"""Banking (issue 15): the documents the bank sent us (statements, notifications, status
reports), each line of them with how it was matched, and the new-IBAN requests a return
raised. A document is kept once (its SHA-256 is unique): importing it twice changes nothing."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import BigIntPk, UtcDateTime

DOCUMENT_KINDS = ("camt.053", "camt.054", "coda", "pain.002")
DIRECTIONS = ("credit", "debit")
LINE_STATUSES = ("matched", "unmatched", "ignored")
TRANSACTION_STATUSES = ("accepted", "settled", "rejected", "pending", "partial")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class BankDocumentRow(Base):
    """One file the bank sent, as imported. A statement is also unique by its account, kind and
    the bank's own identifier: the same statement sent again in other bytes is a duplicate."""

    __tablename__ = "bank_documents"
    __table_args__ = (
        UniqueConstraint("account_iban", "kind", "statement_id"),
        CheckConstraint(_in("kind", DOCUMENT_KINDS), name="kind_valid"),
        CheckConstraint("line_count >= 0", name="line_count_positive"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str | None] = mapped_column(String(255))
    source: Mapped[str] = mapped_column(String(32))  # "upload", "cli", "bank" (the connector)
    account_iban: Mapped[str | None] = mapped_column(String(34))
    statement_id: Mapped[str | None] = mapped_column(String(64))  # a pain.002: its message id
    from_date: Mapped[date | None] = mapped_column(Date)
    to_date: Mapped[date | None] = mapped_column(Date)
    # pain.002 only: which of our files it answers, and the verdict on the whole file.
    original_message_id: Mapped[str | None] = mapped_column(String(35))
    group_status: Mapped[str | None] = mapped_column(String(16))
    group_reason: Mapped[str | None] = mapped_column(String(8))
    line_count: Mapped[int] = mapped_column(Integer)
    credit_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    debit_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(64))


class BankLineRow(Base):
    """One entry of a statement or notification and what it was matched to. A line left
    `unmatched` waits in the finance queue; `ignored` was looked at and needs no booking."""

    __tablename__ = "bank_lines"
    __table_args__ = (
        UniqueConstraint("document_id", "line_no"),
        CheckConstraint(_in("direction", DIRECTIONS), name="direction_valid"),
        CheckConstraint(_in("status", LINE_STATUSES), name="status_valid"),
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint(
            "status <> 'matched' OR (match_kind IS NOT NULL AND matched_target IS NOT NULL)",
            name="matched_has_target",
        ),
        # The same entry seen in another document (camt.054 then camt.053, or CODA) is found
        # by the bank's reference on the account.
        Index("ix_bank_lines_account_reference", "account_iban", "bank_reference"),
        # Only the few unmatched lines: what the finance queue reads.
        Index(
            "ix_bank_lines_unmatched",
            "document_id",
            sqlite_where=text("status = 'unmatched'"),
            postgresql_where=text("status = 'unmatched'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("bank_documents.id"))
    line_no: Mapped[int] = mapped_column(Integer)
    account_iban: Mapped[str] = mapped_column(String(34))
    bank_reference: Mapped[str] = mapped_column(String(64))
    direction: Mapped[str] = mapped_column(String(8))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    booking_date: Mapped[date] = mapped_column(Date)
    value_date: Mapped[date] = mapped_column(Date)
    end_to_end_id: Mapped[str | None] = mapped_column(String(35))
    batch_message_id: Mapped[str | None] = mapped_column(String(35))
    batch_payment_info_id: Mapped[str | None] = mapped_column(String(35))
    batch_count: Mapped[int | None] = mapped_column(Integer)
    structured_communication: Mapped[str | None] = mapped_column(String(12))
    remittance: Mapped[str | None] = mapped_column(String(140))
    counterparty_name: Mapped[str | None] = mapped_column(String(140))
    counterparty_iban: Mapped[str | None] = mapped_column(String(34))
    is_return: Mapped[bool] = mapped_column(Boolean, default=False)
    return_reason: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))
    match_kind: Mapped[str | None] = mapped_column(String(32))
    matched_target: Mapped[str | None] = mapped_column(String(64))
    # Why a line is unmatched (a stable code: amount_mismatch, unknown_reference...) or, once
    # ignored by finance, the reason they gave.
    reason: Mapped[str | None] = mapped_column(String(200))
    matched_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    matched_by: Mapped[str | None] = mapped_column(String(64))


class BankStatusLineRow(Base):
    """One transaction of a pain.002 status report and what it did (a reject of a debit: the
    premium unpaid; of a transfer: the payout returned)."""

    __tablename__ = "bank_status_lines"
    __table_args__ = (
        UniqueConstraint("document_id", "line_no"),
        CheckConstraint(_in("status", TRANSACTION_STATUSES), name="status_valid"),
        CheckConstraint(_in("outcome", LINE_STATUSES), name="outcome_valid"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("bank_documents.id"))
    line_no: Mapped[int] = mapped_column(Integer)
    original_message_id: Mapped[str] = mapped_column(String(35))
    end_to_end_id: Mapped[str] = mapped_column(String(35), index=True)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(8))
    outcome: Mapped[str] = mapped_column(String(16))
    match_kind: Mapped[str | None] = mapped_column(String(32))
    matched_target: Mapped[str | None] = mapped_column(String(64))


class IbanRequestRow(Base):
    """The member was asked for another account: a debit came back because the account is
    closed, invalid or its holder deceased (AC01, AC04, AC06, MD07). Open until `resolved_at`
    (a new mandate, issue 15's mandates)."""

    __tablename__ = "bank_iban_requests"
    __table_args__ = (UniqueConstraint("affiliation_id", "end_to_end_id"),)

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    affiliation_id: Mapped[str] = mapped_column(String(32), index=True)
    end_to_end_id: Mapped[str] = mapped_column(String(35))
    reason_code: Mapped[str] = mapped_column(String(8))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
