"""SQL of the report drafts (`ReportDraftFileRow`): files in, files out, as plain values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update

from cybercare.db.tables.report_drafts import ReportDraftFileRow
from cybercare.db.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class DraftFile:
    draft_id: str
    session_sha256: str
    household_id: str
    user_id: str
    form: str
    evidence_type: str
    filename: str
    content_type: str
    content: bytes
    created_at: datetime
    expires_at: datetime


def add_files(uow: UnitOfWork, files: Sequence[DraftFile]) -> None:
    uow.session.add_all(
        ReportDraftFileRow(
            draft_id=f.draft_id,
            session_sha256=f.session_sha256,
            household_id=f.household_id,
            user_id=f.user_id,
            form=f.form,
            evidence_type=f.evidence_type,
            filename=f.filename,
            content_type=f.content_type,
            size_bytes=len(f.content),
            content=f.content,
            created_at=f.created_at,
            expires_at=f.expires_at,
        )
        for f in files
    )
    uow.session.flush()


def files_of(uow: UnitOfWork, draft_id: str) -> list[DraftFile]:
    rows = uow.session.scalars(
        select(ReportDraftFileRow)
        .where(ReportDraftFileRow.draft_id == draft_id)
        .order_by(ReportDraftFileRow.id)
    )
    return [
        DraftFile(
            r.draft_id,
            r.session_sha256,
            r.household_id,
            r.user_id,
            r.form,
            r.evidence_type,
            r.filename,
            r.content_type,
            bytes(r.content),
            r.created_at,
            r.expires_at,
        )
        for r in rows
    ]


def extend(uow: UnitOfWork, draft_id: str, expires_at: datetime) -> None:
    uow.session.execute(
        update(ReportDraftFileRow)
        .where(ReportDraftFileRow.draft_id == draft_id)
        .values(expires_at=expires_at)
    )


def discard(uow: UnitOfWork, draft_id: str) -> None:
    uow.session.execute(delete(ReportDraftFileRow).where(ReportDraftFileRow.draft_id == draft_id))


def purge_expired(uow: UnitOfWork, now: datetime) -> int:
    found = uow.session.execute(
        delete(ReportDraftFileRow).where(ReportDraftFileRow.expires_at <= now)
    )
    return int(getattr(found, "rowcount", 0) or 0)
