"""Data requests and their archives: all the SQL of the privacy context's writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update

from cybercare.db.tables import (
    AffiliationRow,
    CaseNoteRow,
    DataExportArchiveRow,
    DataRequestRow,
    MembershipRow,
    NoteAccessLogRow,
    PersonRow,
    UserRow,
)
from cybercare.db.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class DataRequest:
    request_id: str
    kind: str
    channel: str
    person_id: str
    language: str
    received_at: datetime
    due_on: date
    status: str
    registered_by: str
    fulfilled_at: datetime | None


@dataclass(frozen=True, slots=True)
class ArchiveInfo:
    request_id: str
    export_version: str
    size_bytes: int
    sha256: str
    created_at: datetime
    expires_at: datetime
    downloads: int
    purged: bool


def _request(row: DataRequestRow) -> DataRequest:
    return DataRequest(
        row.id,
        row.kind,
        row.channel,
        row.person_id,
        row.language,
        row.received_at,
        row.due_on,
        row.status,
        row.registered_by,
        row.fulfilled_at,
    )


def add_request(uow: UnitOfWork, request: DataRequest) -> None:
    uow.session.add(
        DataRequestRow(
            id=request.request_id,
            kind=request.kind,
            channel=request.channel,
            person_id=request.person_id,
            language=request.language,
            received_at=request.received_at,
            due_on=request.due_on,
            status=request.status,
            registered_by=request.registered_by,
            fulfilled_at=request.fulfilled_at,
        )
    )
    uow.session.flush()


def get_request(
    uow: UnitOfWork, request_id: str, *, for_update: bool = False
) -> DataRequest | None:
    query = select(DataRequestRow).where(DataRequestRow.id == request_id)
    if for_update:
        query = query.with_for_update()
    row = uow.session.scalar(query)
    return None if row is None else _request(row)


def mark_fulfilled(uow: UnitOfWork, request_id: str, at: datetime) -> None:
    uow.session.execute(
        update(DataRequestRow)
        .where(DataRequestRow.id == request_id)
        .values(status="fulfilled", fulfilled_at=at)
    )


def requests_of_person(uow: UnitOfWork, person_id: str) -> list[DataRequest]:
    rows = uow.session.scalars(
        select(DataRequestRow)
        .where(DataRequestRow.person_id == person_id)
        .order_by(DataRequestRow.received_at.desc(), DataRequestRow.id)
    )
    return [_request(r) for r in rows]


def person_exists(uow: UnitOfWork, person_id: str) -> tuple[str, str] | None:
    """(household id, language) of the person, or None."""
    row = uow.session.execute(
        select(PersonRow.household_id, PersonRow.language).where(PersonRow.id == person_id)
    ).first()
    return None if row is None else (row.household_id, row.language)


def save_archive(
    uow: UnitOfWork,
    *,
    request_id: str,
    export_version: str,
    content: bytes,
    sha256: str,
    created_at: datetime,
    expires_at: datetime,
) -> None:
    existing = uow.session.get(DataExportArchiveRow, request_id)
    if existing is not None:  # produced again (a staff hand-over after expiry): replace it
        uow.session.delete(existing)
        uow.session.flush()
    uow.session.add(
        DataExportArchiveRow(
            request_id=request_id,
            export_version=export_version,
            content=content,
            size_bytes=len(content),
            sha256=sha256,
            created_at=created_at,
            expires_at=expires_at,
            downloads=0,
        )
    )
    uow.session.flush()


def archive_info(uow: UnitOfWork, request_ids: list[str]) -> dict[str, ArchiveInfo]:
    rows = uow.session.execute(
        select(
            DataExportArchiveRow.request_id,
            DataExportArchiveRow.export_version,
            DataExportArchiveRow.size_bytes,
            DataExportArchiveRow.sha256,
            DataExportArchiveRow.created_at,
            DataExportArchiveRow.expires_at,
            DataExportArchiveRow.downloads,
            DataExportArchiveRow.content.is_(None).label("purged"),
        ).where(DataExportArchiveRow.request_id.in_(request_ids))
    )
    return {r.request_id: ArchiveInfo(*r) for r in rows}


def archive_content(uow: UnitOfWork, request_id: str) -> bytes | None:
    content = uow.session.scalar(
        select(DataExportArchiveRow.content).where(DataExportArchiveRow.request_id == request_id)
    )
    return None if content is None else bytes(content)


def count_download(uow: UnitOfWork, request_id: str) -> None:
    uow.session.execute(
        update(DataExportArchiveRow)
        .where(DataExportArchiveRow.request_id == request_id)
        .values(downloads=DataExportArchiveRow.downloads + 1)
    )


def purge_expired(uow: UnitOfWork, now: datetime) -> list[str]:
    """Empties the archives whose link expired; returns their request ids."""
    ids = list(
        uow.session.scalars(
            select(DataExportArchiveRow.request_id).where(
                DataExportArchiveRow.expires_at <= now, DataExportArchiveRow.content.is_not(None)
            )
        )
    )
    if ids:
        uow.session.execute(
            update(DataExportArchiveRow)
            .where(DataExportArchiveRow.request_id.in_(ids))
            .values(content=None)
        )
    return ids


def user_of_person(uow: UnitOfWork, person_id: str) -> tuple[str, str] | None:
    """(user id, display name) of the person's portal login, if they have one."""
    row = uow.session.execute(
        select(UserRow.id, UserRow.display_name).where(UserRow.person_id == person_id)
    ).first()
    return None if row is None else (row.id, row.display_name)


def contact_email(uow: UnitOfWork, person_id: str) -> str | None:
    """Where the person is written to: their own address, else their portal login's."""
    row = uow.session.execute(
        select(PersonRow.email, UserRow.email.label("login"))
        .outerjoin(UserRow, UserRow.person_id == PersonRow.id)
        .where(PersonRow.id == person_id)
    ).first()
    if row is None:
        return None
    return row.email or row.login or None


def affiliate_households(uow: UnitOfWork, person_id: str) -> list[str]:
    return list(
        uow.session.scalars(
            select(MembershipRow.household_id).where(
                MembershipRow.person_id == person_id, MembershipRow.relationship == "affiliate"
            )
        )
    )


def household_ids_of(uow: UnitOfWork, person_id: str) -> list[str]:
    return sorted(
        set(
            uow.session.scalars(
                select(MembershipRow.household_id).where(MembershipRow.person_id == person_id)
            )
        )
    )


def affiliation_ids_of(uow: UnitOfWork, household_ids: list[str]) -> list[str]:
    return list(
        uow.session.scalars(
            select(AffiliationRow.id)
            .where(AffiliationRow.household_id.in_(household_ids))
            .order_by(AffiliationRow.id)
        )
    )


def psychological_note_ids(uow: UnitOfWork, case_ids: tuple[str, ...]) -> list[tuple[int, str]]:
    rows = uow.session.execute(
        select(CaseNoteRow.id, CaseNoteRow.case_id).where(
            CaseNoteRow.case_id.in_(case_ids), CaseNoteRow.compartment == "psychological"
        )
    )
    return [(r.id, r.case_id) for r in rows]


def log_psychological_reads(
    uow: UnitOfWork, notes: list[tuple[int, str]], *, user_id: str, purpose: str, at: datetime
) -> None:
    """Art. 11.2: every access to a psychological note is logged, an export's included."""
    uow.session.add_all(
        NoteAccessLogRow(note_id=nid, case_id=cid, user_id=user_id, purpose=purpose, accessed_at=at)
        for nid, cid in notes
    )
    uow.session.flush()
