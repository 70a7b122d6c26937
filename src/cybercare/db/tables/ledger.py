"""Ledger entries and lines: append-only on both engines (triggers refuse UPDATE, DELETE and
TRUNCATE) and each entry balances by the database's own check (migration 0017, docs/ledger.md)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import BigIntPk, UtcDateTime

ACCOUNTS = (
    "premium_receivable",
    "premium_income",
    "tax_payable",
    "commission_expense",
    "commission_payable",
    "refunds_payable",
    "bank",
    "claims_expense",
    "claims_payable",
    "recoveries",
    "service_cost_expense",
    "service_cost_payable",
)


class LedgerEntryRow(Base):
    __tablename__ = "ledger_entries"

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[str] = mapped_column(String(48))
    effective_date: Mapped[date] = mapped_column(Date, index=True)
    description: Mapped[str] = mapped_column(String(300))
    posted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # What the lines must add up to: the database checks each entry against them (0017).
    total_cents: Mapped[int] = mapped_column(BigInteger, server_default="0")
    line_count: Mapped[int] = mapped_column(Integer, server_default="0")


class LedgerLineRow(Base):
    __tablename__ = "ledger_lines"
    __table_args__ = (
        CheckConstraint(
            f"account IN ({', '.join(repr(a) for a in ACCOUNTS)})", name="account_valid"
        ),
        CheckConstraint("debit_cents >= 0 AND credit_cents >= 0", name="amounts_positive"),
        CheckConstraint("(debit_cents = 0) <> (credit_cents = 0)", name="debit_xor_credit"),
        Index("ix_ledger_lines_account_party", "account", "party"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"), index=True)
    account: Mapped[str] = mapped_column(String(32))
    party: Mapped[str] = mapped_column(String(64))
    debit_cents: Mapped[int] = mapped_column(BigInteger)
    credit_cents: Mapped[int] = mapped_column(BigInteger)
