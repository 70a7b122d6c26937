"""Yearly pots (Art. 5): one row per affiliation, insurance year and pot, created lazily, and
the reservations each case holds in it.

Guarded twice: the service locks the row (SELECT ... FOR UPDATE on PostgreSQL; SQLite writers
are serialized by BEGIN IMMEDIATE) and bumps `version` with a compare-and-set UPDATE; the CHECK
constraints below refuse any figure below zero or any limit exceeded, whatever the code does.
"""

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
)
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import BigIntPk, UtcDateTime


class PotYearRow(Base):
    __tablename__ = "pot_years"
    __table_args__ = (
        UniqueConstraint("affiliation_id", "year_start", "pot"),
        Index("ix_pot_years_year_end", "year_end"),  # this year's pots, not history (0034)
        CheckConstraint(
            "used_cents >= 0 AND reserved_cents >= 0 AND cases_used >= 0 AND cases_reserved >= 0"
            " AND recovered_cents >= 0",
            name="figures_not_negative",
        ),
        CheckConstraint(
            "money_limit_cents IS NULL OR used_cents + reserved_cents <= money_limit_cents",
            name="money_within_limit",
        ),
        CheckConstraint(
            "case_limit IS NULL OR cases_used + cases_reserved <= case_limit",
            name="cases_within_limit",
        ),
        CheckConstraint("year_end > year_start", name="year_not_empty"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    affiliation_id: Mapped[str] = mapped_column(ForeignKey("affiliations.id"), index=True)
    year_index: Mapped[int] = mapped_column(Integer)
    year_start: Mapped[date] = mapped_column(Date)
    year_end: Mapped[date] = mapped_column(Date)
    pot: Mapped[str] = mapped_column(String(32))
    money_limit_cents: Mapped[int | None] = mapped_column(BigInteger)
    case_limit: Mapped[int | None] = mapped_column(Integer)
    used_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    reserved_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    cases_used: Mapped[int] = mapped_column(Integer, default=0)
    cases_reserved: Mapped[int] = mapped_column(Integer, default=0)
    recovered_cents: Mapped[int] = mapped_column(BigInteger, default=0)  # Art. 8.5, reporting
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PotReservationRow(Base):
    """What a case (its case count: reserved, or counted once accepted, Art. 5.2) or a claim
    waiting for a handler or for evidence (its money) holds in one pot year. `holder` is the
    case id or the claim id."""

    __tablename__ = "pot_reservations"
    __table_args__ = (
        UniqueConstraint("pot_year_id", "holder"),
        CheckConstraint("reserved_cents >= 0", name="reserved_not_negative"),
        CheckConstraint("NOT (case_reserved AND case_counted)", name="reserved_xor_counted"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    holder: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[str] = mapped_column(ForeignKey("assistance_cases.id"), index=True)
    pot_year_id: Mapped[int] = mapped_column(ForeignKey("pot_years.id"), index=True)
    reserved_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    case_reserved: Mapped[bool] = mapped_column(Boolean, default=False)
    case_counted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
