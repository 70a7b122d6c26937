"""Consents to the processing of health data (GDPR art. 9(2)(a), Art. 11.2) and the privacy
notices shown to each person (GDPR art. 13). Both are records: a consent row is written once and
only gains its withdrawal; a notice row is never changed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.tables.policy import LANGUAGES as _LANGUAGES
from cybercare.db.types import BigIntPk, UtcDateTime

CONSENT_PURPOSES = ("psychological_assistance",)
CONSENT_CHANNELS = ("portal", "phone")
NOTICE_EVENTS = ("subscription", "portal")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ConsentRow(Base):
    __tablename__ = "consents"
    __table_args__ = (
        CheckConstraint(_in("purpose", CONSENT_PURPOSES), name="purpose_valid"),
        CheckConstraint(_in("channel", CONSENT_CHANNELS), name="channel_valid"),
        CheckConstraint(_in("language", _LANGUAGES), name="language_valid"),
        CheckConstraint(
            "(withdrawn_at IS NULL AND withdrawn_by_user_id IS NULL AND withdrawal_channel IS NULL)"
            " OR (withdrawn_at IS NOT NULL AND withdrawn_by_user_id IS NOT NULL"
            " AND withdrawal_channel IN ('portal', 'phone'))",
            name="withdrawal_complete",
        ),
        CheckConstraint("withdrawn_at IS NULL OR withdrawn_at >= given_at", name="dates_ordered"),
        Index("ix_consents_subject", "subject_person_id", "purpose"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    subject_person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"))
    purpose: Mapped[str] = mapped_column(String(40))
    given_by_person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    channel: Mapped[str] = mapped_column(String(8))
    recorded_by_user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    text_version: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(Text)  # exactly as shown or read aloud
    text_sha256: Mapped[str] = mapped_column(String(64))
    given_at: Mapped[datetime] = mapped_column(UtcDateTime)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("assistance_cases.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    withdrawn_by_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    withdrawal_channel: Mapped[str | None] = mapped_column(String(8))


class PrivacyNoticeRow(Base):
    """A privacy notice version shown to a person: presented by the distributor at subscription
    (which distributor, for which affiliation) or acknowledged in the portal (which login)."""

    __tablename__ = "privacy_notices"
    __table_args__ = (
        CheckConstraint(_in("event", NOTICE_EVENTS), name="event_valid"),
        CheckConstraint(_in("language", _LANGUAGES), name="language_valid"),
        CheckConstraint(
            "(event = 'subscription' AND distributor_code IS NOT NULL)"
            " OR (event = 'portal' AND user_id IS NOT NULL)",
            name="shown_by_known",
        ),
        Index("ix_privacy_notices_person", "person_id", "shown_at"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"))
    notice_version: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2))
    text_sha256: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(12))
    distributor_code: Mapped[str | None] = mapped_column(ForeignKey("distributors.code"))
    affiliation_id: Mapped[str | None] = mapped_column(ForeignKey("affiliations.id"))
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    shown_at: Mapped[datetime] = mapped_column(UtcDateTime)
