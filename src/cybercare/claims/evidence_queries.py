"""Read model of the evidence tasks (Art. 8.3): the incomplete claims and what their latest
engine decision says is missing, with what a reminder needs (the claim's language and product,
the person to write to: the insured, or the affiliate for a minor, Art. 2.4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from cybercare.claims.domain import ClaimStatus
from cybercare.claims.repository import insured_email
from cybercare.db.tables import AffiliationRow, ClaimDecisionRow, ClaimRow, UserRow
from cybercare.db.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class OpenEvidenceTask:
    claim_id: str
    case_id: str
    guarantee: str
    kind: str | None
    language: str
    product_key: tuple[str, str]
    asked_at: datetime  # when the claim was sent without all its documents
    missing: tuple[str, ...]
    to: str | None  # the e-mail the reminder goes to: who reported, else the insured


def open_evidence_tasks(uow: UnitOfWork) -> list[OpenEvidenceTask]:
    """Every incomplete claim whose latest decision lists missing documents, oldest first."""
    latest = (
        select(ClaimDecisionRow.claim_id, func.max(ClaimDecisionRow.sequence).label("sequence"))
        .group_by(ClaimDecisionRow.claim_id)
        .subquery()
    )
    rows = uow.session.execute(
        select(
            ClaimRow.id,
            ClaimRow.case_id,
            ClaimRow.guarantee,
            ClaimRow.kind,
            ClaimRow.language,
            AffiliationRow.product_code,
            AffiliationRow.product_version,
            ClaimRow.submitted_at,
            ClaimDecisionRow.decision,
            ClaimRow.person_id,
            ClaimRow.household_id,
            ClaimRow.submitted_by,
        )
        .join(AffiliationRow, AffiliationRow.id == ClaimRow.affiliation_id)
        .join(latest, latest.c.claim_id == ClaimRow.id)
        .join(
            ClaimDecisionRow,
            (ClaimDecisionRow.claim_id == ClaimRow.id)
            & (ClaimDecisionRow.sequence == latest.c.sequence),
        )
        .where(ClaimRow.status == ClaimStatus.INCOMPLETE.value)
        .order_by(ClaimRow.submitted_at, ClaimRow.id)
    ).all()
    tasks = []
    for row in rows:
        missing = tuple(str(code) for code in (row.decision or {}).get("missing_evidence", ()))
        if not missing:
            continue
        tasks.append(
            OpenEvidenceTask(
                claim_id=row.id,
                case_id=row.case_id,
                guarantee=row.guarantee,
                kind=row.kind,
                language=row.language,
                product_key=(row.product_code, row.product_version),
                asked_at=row.submitted_at,
                missing=missing,
                to=_reporter_email(uow, row.submitted_by)
                or insured_email(uow, row.person_id, row.household_id),
            )
        )
    return tasks


def _reporter_email(uow: UnitOfWork, actor: str) -> str | None:
    """The sign-in e-mail of the member who sent the report (the parent, for a minor)."""
    if not actor.startswith("user:"):
        return None
    return uow.session.scalar(
        select(UserRow.email).where(
            UserRow.id == actor.removeprefix("user:"), UserRow.person_id.is_not(None)
        )
    )
