"""Call-back requests (Art. 8.4): the number a member asked to be called back on, kept with the
urgent case it opened. One per case; the case carries the clock, this row the number."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import UtcDateTime

CALLBACK_CHANNELS = ("portal", "api")


class CaseCallbackRow(Base):
    __tablename__ = "case_callbacks"
    __table_args__ = (
        CheckConstraint("channel IN ('portal', 'api')", name="channel_valid"),
        CheckConstraint("phone LIKE '+%'", name="phone_e164"),
    )

    case_id: Mapped[str] = mapped_column(ForeignKey("assistance_cases.id"), primary_key=True)
    phone: Mapped[str] = mapped_column(String(20))  # E.164
    channel: Mapped[str] = mapped_column(String(8))
    requested_by: Mapped[str] = mapped_column(String(120))  # the audit actor
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
