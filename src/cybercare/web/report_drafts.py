"""The report form's draft (issue 14): the files a refused report received are kept on the
server (`claims.drafts.service`), tied to the member's web session, so the next try does not ask
for them again. The edge's part: the session's key, reading the draft, keeping new files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from fastapi import Request

from cybercare.bootstrap import Container
from cybercare.claims.drafts.service import DraftOwner, keep_files, kept_files
from cybercare.claims.submit import EvidenceUpload
from cybercare.web.report_forms import Details
from cybercare.web.report_spec import ReportSpec
from cybercare.web.session import web_session


@dataclass(frozen=True, slots=True)
class Draft:
    """The report's draft: its id and the files kept from an earlier try."""

    draft_id: str
    files: tuple[EvidenceUpload, ...]

    def names(self) -> dict[str, list[str]]:
        named: dict[str, list[str]] = {}
        for f in self.files:
            named.setdefault(f.evidence_type, []).append(f.filename)
        return named


def session_sha256(request: Request) -> str:
    return hashlib.sha256(web_session(request).sid.encode()).hexdigest()


def kept(container: Container, owner: DraftOwner, draft_id: str) -> Draft:
    with container.database.reader() as uow:
        files = kept_files(uow, owner, draft_id, container.clock)
    return Draft(draft_id if files else "", files)


def keep(
    container: Container,
    spec: ReportSpec,
    details: Details,
    owner: DraftOwner,
    draft: Draft,
    uploads: tuple[EvidenceUpload, ...],
) -> Draft:
    """A refused report keeps the files it received (checked) in its draft, for the next try."""
    if not uploads:
        return draft
    allowed = tuple(e.code for e in spec.evidence(details.kind))
    with container.database.uow() as uow:
        draft_id = keep_files(uow, owner, draft.draft_id, uploads, allowed, container.clock)
        uow.commit()
    return Draft(draft_id, (*draft.files, *uploads))
