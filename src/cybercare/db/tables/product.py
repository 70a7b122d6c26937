"""Product versions published to this installation (the files are the source of truth)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import UtcDateTime


class ProductVersionRow(Base):
    """One published product version; its rules hash never changes once published (a new
    rule set is a new version), so stored decisions always replay against the same rules."""

    __tablename__ = "product_versions"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    rules_sha256: Mapped[str] = mapped_column(String(64))
    sales_open_from: Mapped[date] = mapped_column(Date)
    sales_closed_from: Mapped[date | None] = mapped_column(Date)
    published_at: Mapped[datetime] = mapped_column(UtcDateTime)
