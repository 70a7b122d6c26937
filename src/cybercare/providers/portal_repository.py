"""The SQL of the provider portal (issue 19): the time a provider accepted an order, and the
report files it uploads with its report of the work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from cybercare.db.tables import ProviderOrderRow, ProviderReportFileRow
from cybercare.db.uow import UnitOfWork


def taken_at(uow: UnitOfWork, order_id: str) -> datetime | None:
    return uow.session.scalar(
        select(ProviderOrderRow.taken_at).where(ProviderOrderRow.id == order_id)
    )


def taken_of(uow: UnitOfWork, provider_id: str) -> dict[str, datetime]:
    rows = uow.session.execute(
        select(ProviderOrderRow.id, ProviderOrderRow.taken_at).where(
            ProviderOrderRow.provider_id == provider_id, ProviderOrderRow.taken_at.is_not(None)
        )
    )
    return {order_id: at for order_id, at in rows if at is not None}


def mark_taken(uow: UnitOfWork, order_id: str, at: datetime) -> bool:
    """Once only: a second acceptance changes nothing (one conditional UPDATE)."""
    result = uow.session.execute(
        update(ProviderOrderRow)
        .where(ProviderOrderRow.id == order_id, ProviderOrderRow.taken_at.is_(None))
        .values(taken_at=at)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


@dataclass(frozen=True, slots=True)
class ReportFile:
    file_id: int
    order_id: str
    filename: str
    media_type: str
    size_bytes: int
    uploaded_at: datetime


def add_report_file(
    uow: UnitOfWork,
    *,
    order_id: str,
    filename: str,
    media_type: str,
    content: bytes,
    sha256: str,
    by: str,
    at: datetime,
) -> int:
    row = ProviderReportFileRow(
        order_id=order_id,
        filename=filename,
        media_type=media_type,
        size_bytes=len(content),
        sha256=sha256,
        content=content,
        uploaded_by=by,
        uploaded_at=at,
    )
    uow.session.add(row)
    uow.session.flush()
    return int(row.id)


def report_files(uow: UnitOfWork, order_id: str) -> list[ReportFile]:
    rows = uow.session.execute(
        select(
            ProviderReportFileRow.id,
            ProviderReportFileRow.order_id,
            ProviderReportFileRow.filename,
            ProviderReportFileRow.media_type,
            ProviderReportFileRow.size_bytes,
            ProviderReportFileRow.uploaded_at,
        )
        .where(ProviderReportFileRow.order_id == order_id)
        .order_by(ProviderReportFileRow.id)
    )
    return [ReportFile(*row) for row in rows]


def report_file_content(
    uow: UnitOfWork, order_id: str, file_id: int
) -> tuple[str, str, bytes] | None:
    """(name, media type, content) of one report file of the order, or None."""
    row = uow.session.get(ProviderReportFileRow, file_id)
    if row is None or row.order_id != order_id:
        return None
    return row.filename, row.media_type, row.content
