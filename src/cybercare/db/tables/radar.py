"""Scam radar (issue 20): reports members forward, the indicators extracted from them, and the
known-bad list staff keep (Art. 4.1, 4.4, 8.4, 11).

`radar_indicators` repeats the household and the instant of its report so that the radar's
questions ("how many households reported this IBAN since Monday?") are answered from one
index, `(kind, value, reported_at)`, without touching the reports.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import BigIntPk, UtcDateTime

REPORT_KINDS = ("text", "email", "screenshot", "link", "phone", "iban", "shop", "profile")
ASKED_TO = (
    "pay",
    "transfer",
    "give_card_or_codes",
    "sell_or_receive",
    "click_link",
    "call_back",
    "install_app",
    "share_personal_data",
    "nothing",
    "other",
)
INDICATOR_KINDS = ("domain", "iban", "phone", "email", "profile")
VERDICTS = ("scam", "suspicious", "legitimate", "unknown")
REPORT_STATUSES = ("open", "answered")
REPORT_CHANNELS = ("portal", "api", "phone")
ANSWERERS = ("team", "known_bad")
LANGUAGES = ("nl", "fr", "de", "en")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class RadarReportRow(Base):
    """One suspicious thing a member forwarded, and its answer."""

    __tablename__ = "radar_reports"
    __table_args__ = (
        CheckConstraint(_in("kind", REPORT_KINDS), name="kind_valid"),
        CheckConstraint(_in("asked_to", ASKED_TO), name="asked_to_valid"),
        CheckConstraint(_in("status", REPORT_STATUSES), name="status_valid"),
        CheckConstraint(_in("channel", REPORT_CHANNELS), name="channel_valid"),
        CheckConstraint(_in("language", LANGUAGES), name="language_valid"),
        CheckConstraint(f"verdict IS NULL OR {_in('verdict', VERDICTS)}", name="verdict_valid"),
        CheckConstraint(
            f"answered_by_kind IS NULL OR {_in('answered_by_kind', ANSWERERS)}",
            name="answerer_valid",
        ),
        CheckConstraint("(verdict IS NULL) = (answered_at IS NULL)", name="answer_complete"),
        CheckConstraint("status = 'open' OR verdict IS NOT NULL", name="answered_has_verdict"),
        Index("ix_radar_reports_queue", "status", "answer_due_at"),
        Index("ix_radar_reports_person", "person_id", "reported_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"))
    kind: Mapped[str] = mapped_column(String(12))
    asked_to: Mapped[str] = mapped_column(String(24))
    money_lost: Mapped[bool] = mapped_column(Boolean)
    content: Mapped[str] = mapped_column(Text)
    attachment_name: Mapped[str | None] = mapped_column(String(200))
    attachment_type: Mapped[str | None] = mapped_column(String(100))
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary)
    channel: Mapped[str] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(2))
    urgent: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(8))
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    reported_by: Mapped[str] = mapped_column(String(120))  # the audit actor
    answer_due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    verdict: Mapped[str | None] = mapped_column(String(12))
    advice: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    answered_by: Mapped[str | None] = mapped_column(String(120))
    answered_by_kind: Mapped[str | None] = mapped_column(String(10))
    person_answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("assistance_cases.id"), index=True)


class RadarIndicatorRow(Base):
    """One normalised indicator of one report."""

    __tablename__ = "radar_indicators"
    __table_args__ = (
        CheckConstraint(_in("kind", INDICATOR_KINDS), name="kind_valid"),
        UniqueConstraint("report_id", "kind", "value", name="once_per_report"),
        Index("ix_radar_indicators_match", "kind", "value", "reported_at"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("radar_reports.id"), index=True)
    household_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(8))
    value: Mapped[str] = mapped_column(String(320))
    shown: Mapped[str] = mapped_column(String(320))
    lookalike_of: Mapped[str | None] = mapped_column(String(253))
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RadarKnownBadRow(Base):
    """An indicator staff confirmed as a scam (or a partner's or authority's file said so)."""

    __tablename__ = "radar_known_bad"
    __table_args__ = (
        CheckConstraint(_in("kind", INDICATOR_KINDS), name="kind_valid"),
        UniqueConstraint("kind", "value", name="once"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    value: Mapped[str] = mapped_column(String(320))
    reason: Mapped[str] = mapped_column(String(500))
    confirmed_by: Mapped[str] = mapped_column(String(120))  # the audit actor
    source: Mapped[str] = mapped_column(String(200))  # "staff" or the shared file's name
    confirmed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    households_told: Mapped[int] = mapped_column(Integer)
