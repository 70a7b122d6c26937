"""The partners' sandbox (issue 18, docs/partner-sandbox.md): test clocks and the affiliations
attached to them. The tables exist in every database built by the migrations, but only the
sandbox's database (`CYBERCARE_SANDBOX_DATABASE_URL`) ever holds rows: test clocks are made
with test-mode API keys, which are routed there. No personal data: ids, a label and instants."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import UtcDateTime

TEST_CLOCK_STATUSES = ("ready", "advancing")


class TestClockRow(Base):
    """A distributor's frozen time: it moves only when advanced, and only forward."""

    __tablename__ = "sandbox_test_clocks"
    __table_args__ = (
        Index("ix_sandbox_test_clocks_distributor", "distributor_code", "created_at"),
        CheckConstraint("status IN ('ready', 'advancing')", name="status_valid"),
        CheckConstraint(
            "(status = 'advancing') = (advancing_to IS NOT NULL)", name="advancing_has_target"
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    distributor_code: Mapped[str] = mapped_column(ForeignKey("distributors.code"))
    name: Mapped[str] = mapped_column(String(80))
    frozen_time: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(16))
    advancing_to: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TestClockAffiliationRow(Base):
    """An affiliation living on a test clock: the clock's advances run its daily jobs."""

    __tablename__ = "sandbox_test_clock_affiliations"

    affiliation_id: Mapped[str] = mapped_column(ForeignKey("affiliations.id"), primary_key=True)
    test_clock_id: Mapped[str] = mapped_column(ForeignKey("sandbox_test_clocks.id"), index=True)
    attached_at: Mapped[datetime] = mapped_column(UtcDateTime)
