"""The households brought in from a distributor's existing book (`cybercare import book`,
docs/book-import.md): one row per imported household, keyed by the distributor's stable
reference, so a re-run of the same file skips what is done and a crashed run resumes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import UtcDateTime


class BookImportRow(Base):
    """One imported household: the distributor's reference, the affiliation it became, the
    batch and line that brought it, and the day its premiums were paid up to (exclusive, the
    first day of a month) before it came here: the billing run bills from that month on."""

    __tablename__ = "book_imports"
    __table_args__ = (PrimaryKeyConstraint("distributor_code", "customer_ref"),)

    distributor_code: Mapped[str] = mapped_column(ForeignKey("distributors.code"))
    customer_ref: Mapped[str] = mapped_column(String(64))
    affiliation_id: Mapped[str] = mapped_column(ForeignKey("affiliations.id"), unique=True)
    batch_id: Mapped[str] = mapped_column(String(32))
    line_no: Mapped[int] = mapped_column(Integer)
    paid_until: Mapped[date | None] = mapped_column(Date)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)
