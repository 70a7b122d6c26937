"""Report drafts (issue 14): when a report is refused (a file of the wrong type, a question left
open), the documents already received are kept on the server, so the member never sends them
again. A draft belongs to one web session of one member of one household and one report form;
it lives `DRAFT_LIFETIME` from its last change on the injected clock; anyone else, or later,
finds nothing. Sending the report uses its files and discards it in the same transaction.

The files are checked like every evidence file before they are kept (type, content, size:
`claims.domain.check_evidence_upload`), so a draft holds nothing a claim could not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from cybercare.audit.trail import record
from cybercare.claims.domain import check_evidence_upload
from cybercare.claims.drafts import repository
from cybercare.claims.drafts.repository import DraftFile
from cybercare.claims.submit import EvidenceUpload
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock
from cybercare.kernel.ids import new_id

DRAFT_LIFETIME = timedelta(hours=2)


@dataclass(frozen=True, slots=True)
class DraftOwner:
    """Who a draft belongs to: the member, their household, their web session and the form."""

    principal: Principal
    session_sha256: str
    form: str

    def owns(self, row: DraftFile) -> bool:
        return (
            row.user_id == self.principal.user_id
            and row.household_id == self.principal.household_id
            and row.session_sha256 == self.session_sha256
            and row.form == self.form
        )


def kept_files(
    uow: UnitOfWork, owner: DraftOwner, draft_id: str, clock: Clock
) -> tuple[EvidenceUpload, ...]:
    """The files of the owner's live draft; nothing for another member's, household's, session's
    or form's draft, nor for an expired one (refused as if it did not exist)."""
    if not draft_id:
        return ()
    now = clock.now()
    rows = repository.files_of(uow, draft_id)
    if not rows or not all(owner.owns(r) and r.expires_at > now for r in rows):
        return ()
    return tuple(
        EvidenceUpload(r.evidence_type, r.filename, r.content_type, r.content) for r in rows
    )


def keep_files(
    uow: UnitOfWork,
    owner: DraftOwner,
    draft_id: str,
    uploads: tuple[EvidenceUpload, ...],
    allowed: tuple[str, ...],
    clock: Clock,
) -> str:
    """Keep `uploads` in the owner's draft (a new one when `draft_id` is not theirs or gone);
    returns the draft's id. Expired drafts of anyone are purged on the way."""
    now = clock.now()
    repository.purge_expired(uow, now)
    if draft_id and not kept_files(uow, owner, draft_id, clock):
        draft_id = ""
    draft_id = draft_id or new_id("drf")
    expires = now + DRAFT_LIFETIME
    principal = owner.principal
    rows = []
    for upload in uploads:
        media = check_evidence_upload(
            evidence_type=upload.evidence_type,
            allowed_types=allowed,
            content_type=upload.content_type,
            content=upload.content,
        )
        rows.append(
            DraftFile(
                draft_id=draft_id,
                session_sha256=owner.session_sha256,
                household_id=principal.household_id or "",
                user_id=principal.user_id,
                form=owner.form,
                evidence_type=upload.evidence_type,
                filename=upload.filename,
                content_type=media,
                content=upload.content,
                created_at=now,
                expires_at=expires,
            )
        )
    repository.add_files(uow, rows)
    repository.extend(uow, draft_id, expires)
    if rows:
        record(
            uow,
            at=now,
            actor=principal.actor,
            action="report.draft_kept",
            subject_type="report_draft",
            subject_id=draft_id,
            clause="Art. 8.3",
            details={"files": len(rows), "form": owner.form},
        )
    return draft_id


def discard_draft(uow: UnitOfWork, owner: DraftOwner, draft_id: str, clock: Clock) -> None:
    """The report was sent with the draft's files: the draft is gone."""
    if draft_id and kept_files(uow, owner, draft_id, clock):
        repository.discard(uow, draft_id)


def purge_expired_drafts(uow: UnitOfWork, clock: Clock) -> int:
    """Forget the drafts past their lifetime (the daily job; `keep_files` purges on the way)."""
    return repository.purge_expired(uow, clock.now())
