"""Payouts of claims to the household's bank accounts, and the SEPA files that carry them."""

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
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import BigIntPk, UtcDateTime

PAYOUT_STATUSES = (
    "pending_review",
    "scheduled",
    "instructed",
    "in_file",
    "paid",
    "returned",
    "replaced",
)
# What the bank answered on the transfer (ISO 20022 ExternalPaymentTransactionStatus1Code).
BANK_STATUSES = ("ACCC", "ACSC", "ACSP", "ACCP", "PDNG", "RJCT")


class PayoutAccountRow(Base):
    """An IBAN a handler approved for the household: later payouts to it need no review."""

    __tablename__ = "payout_accounts"
    __table_args__ = (UniqueConstraint("household_id", "iban"),)

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    iban: Mapped[str] = mapped_column(String(34))
    holder_name: Mapped[str] = mapped_column(String(140))
    approved_by: Mapped[str] = mapped_column(String(64))
    approved_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PaymentFileRow(Base):
    """A pain.001 credit transfer file, validated against the ISO 20022 schema, kept as sent."""

    __tablename__ = "payment_files"
    __table_args__ = (CheckConstraint("payout_count > 0 AND total_cents > 0", name="not_empty"),)

    id: Mapped[str] = mapped_column(String(35), primary_key=True)
    execution_date: Mapped[date] = mapped_column(Date)
    payout_count: Mapped[int] = mapped_column(Integer)
    total_cents: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    xml: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PayoutRow(Base):
    __tablename__ = "payouts"
    __table_args__ = (
        CheckConstraint(
            "status IN (" + ", ".join(repr(s) for s in PAYOUT_STATUSES) + ")",
            name="status_valid",
        ),
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        # A payout in a file names it; a paid one left in a file or as an instant transfer.
        CheckConstraint(
            "(status = 'in_file' AND payment_file_id IS NOT NULL)"
            " OR (status = 'paid' AND (payment_file_id IS NOT NULL OR instructed_at IS NOT NULL))"
            " OR status NOT IN ('in_file', 'paid')",
            name="filed_has_file",
        ),
        CheckConstraint(
            "status <> 'instructed' OR (instant AND instructed_at IS NOT NULL)",
            name="instructed_is_instant",
        ),
        CheckConstraint(
            "bank_status IS NULL OR bank_status IN ("
            + ", ".join(repr(s) for s in BANK_STATUSES)
            + ")",
            name="bank_status_valid",
        ),
        CheckConstraint("replaces_payout_id IS NULL OR replaces_payout_id <> id", name="not_self"),
        Index("ix_payouts_status", "status", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id"), index=True)
    # Not unique: a returned payout is replaced by a new one for the same decision (issue 15).
    decision_id: Mapped[int] = mapped_column(ForeignKey("claim_decisions.id"), index=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    iban: Mapped[str] = mapped_column(String(34))
    holder_name: Mapped[str] = mapped_column(String(140))
    remittance: Mapped[str] = mapped_column(String(140))
    status: Mapped[str] = mapped_column(String(16))
    payment_file_id: Mapped[str | None] = mapped_column(ForeignKey("payment_files.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    return_reason: Mapped[str | None] = mapped_column(String(200))
    # Issue 15: SEPA Instant, the bank's answers, and the payout a returned one is replaced by.
    instant: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    instructed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    bank_status: Mapped[str | None] = mapped_column(String(4))
    reason_code: Mapped[str | None] = mapped_column(String(4))
    executed_on: Mapped[date | None] = mapped_column(Date)
    replaces_payout_id: Mapped[str | None] = mapped_column(ForeignKey("payouts.id"), unique=True)
