"""Files of a report form kept while the member corrects it (issue 14): a failed submit never
asks again for a document already received. One row per file; a draft is the files of one
`draft_id`, tied to the member's web session (the SHA-256 of its id), their household and user,
and gone at `expires_at`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import BigIntPk, UtcDateTime


class ReportDraftFileRow(Base):
    __tablename__ = "report_draft_files"

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    draft_id: Mapped[str] = mapped_column(String(32), index=True)
    session_sha256: Mapped[str] = mapped_column(String(64))
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    form: Mapped[str] = mapped_column(String(32))  # the guarantee's slug of the report form
    evidence_type: Mapped[str] = mapped_column(String(48))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
