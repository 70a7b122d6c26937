"""All SQL of the claims context: claims, evidence, decisions (history), letters, recoveries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from cybercare.claims.domain import ClaimStatus
from cybercare.claims.views import (
    ClaimView,
    DecisionView,
    EvidenceView,
    PotAfterView,
    ReasonView,
)
from cybercare.db.tables import (
    ClaimDecisionRow,
    ClaimRow,
    EvidenceRow,
    RecoveryRow,
)
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.errors import NotFound
from cybercare.payments.service import PayoutView, payouts_of_claim


class ClaimNotFound(NotFound):
    code = "claim.not_found"


def get(uow: UnitOfWork, claim_id: str, *, for_update: bool = False) -> ClaimRow:
    query = select(ClaimRow).where(ClaimRow.id == claim_id)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    row = uow.session.scalar(query)
    if row is None:
        raise ClaimNotFound(f"no claim {claim_id!r}", params={"claim_id": claim_id})
    return row


def evidence_codes(uow: UnitOfWork, claim_id: str) -> frozenset[str]:
    return frozenset(
        uow.session.scalars(
            select(EvidenceRow.evidence_type).where(EvidenceRow.claim_id == claim_id).distinct()
        )
    )


def add_evidence(uow: UnitOfWork, row: EvidenceRow) -> int:
    uow.session.add(row)
    uow.session.flush()
    return row.id


def evidence_content(uow: UnitOfWork, claim_id: str, evidence_id: int) -> EvidenceRow:
    row = uow.session.scalar(
        select(EvidenceRow).where(EvidenceRow.claim_id == claim_id, EvidenceRow.id == evidence_id)
    )
    if row is None:
        raise NotFound("no such evidence", code="evidence.not_found")
    return row


def next_sequence(uow: UnitOfWork, claim_id: str) -> int:
    current = uow.session.scalar(
        select(func.max(ClaimDecisionRow.sequence)).where(ClaimDecisionRow.claim_id == claim_id)
    )
    return int(current or 0) + 1


def add_decision(uow: UnitOfWork, row: ClaimDecisionRow) -> ClaimDecisionRow:
    uow.session.add(row)
    uow.session.flush()
    return row


def latest_decision(
    uow: UnitOfWork, claim_id: str, *, kinds: tuple[str, ...] | None = None
) -> ClaimDecisionRow | None:
    query = select(ClaimDecisionRow).where(ClaimDecisionRow.claim_id == claim_id)
    if kinds is not None:
        query = query.where(ClaimDecisionRow.kind.in_(kinds))
    return uow.session.scalar(query.order_by(ClaimDecisionRow.sequence.desc()).limit(1))


def decision_by_sequence(uow: UnitOfWork, claim_id: str, sequence: int) -> ClaimDecisionRow:
    row = uow.session.scalar(
        select(ClaimDecisionRow).where(
            ClaimDecisionRow.claim_id == claim_id, ClaimDecisionRow.sequence == sequence
        )
    )
    if row is None:
        raise NotFound("no such decision", code="decision.not_found")
    return row


def add_recovery(uow: UnitOfWork, row: RecoveryRow) -> int:
    uow.session.add(row)
    uow.session.flush()
    return row.id


def queue(uow: UnitOfWork, limit: int = 100) -> list[ClaimRow]:
    """The handler queue: claims in review or awaiting a second approval, oldest first."""
    return list(
        uow.session.scalars(
            select(ClaimRow)
            .where(
                ClaimRow.status.in_(
                    (ClaimStatus.IN_REVIEW.value, ClaimStatus.AWAITING_APPROVAL.value)
                )
            )
            .order_by(ClaimRow.submitted_at, ClaimRow.id)
            .limit(limit)
        )
    )


def claims_of_case(uow: UnitOfWork, case_id: str) -> list[str]:
    return list(
        uow.session.scalars(
            select(ClaimRow.id).where(ClaimRow.case_id == case_id).order_by(ClaimRow.submitted_at)
        )
    )


def _reasons(items: list[dict[str, Any]] | None) -> tuple[ReasonView, ...]:
    return tuple(
        ReasonView(r["code"], r["article"], dict(r.get("params", {}))) for r in items or ()
    )


def _pot_after(stored: dict[str, Any] | None) -> PotAfterView | None:
    if not stored:
        return None
    return PotAfterView(stored["pot"], stored.get("left_cents"), stored.get("cases_left"))


def decision_view(row: ClaimDecisionRow) -> DecisionView:
    data = row.decision
    return DecisionView(
        sequence=row.sequence,
        kind=row.kind,
        state=row.state,
        outcome=row.outcome,
        payable_cents=row.payable_cents,
        reasons=_reasons(data.get("reasons")),
        notices=_reasons(data.get("notices")),
        missing_evidence=tuple(data.get("missing_evidence", ())),
        product_code=row.product_code,
        product_version=row.product_version,
        decided_by=row.decided_by,
        approved_by=row.approved_by,
        note=row.note,
        decided_at=row.decided_at,
        pot=_pot_after(data.get("pot_after")),
        trace=tuple(data.get("trace", ())),
    )


def view(uow: UnitOfWork, row: ClaimRow) -> ClaimView:
    evidence = uow.session.execute(
        select(
            EvidenceRow.id,
            EvidenceRow.evidence_type,
            EvidenceRow.filename,
            EvidenceRow.content_type,
            EvidenceRow.size_bytes,
            EvidenceRow.sha256,
            EvidenceRow.received_at,
        )
        .where(EvidenceRow.claim_id == row.id)
        .order_by(EvidenceRow.id)
    )
    decisions = uow.session.scalars(
        select(ClaimDecisionRow)
        .where(ClaimDecisionRow.claim_id == row.id)
        .order_by(ClaimDecisionRow.sequence)
    )
    return _view(
        row,
        [EvidenceView(*e) for e in evidence],
        list(decisions),
        payouts_of_claim(uow, row.id),
    )


def view_of(
    row: ClaimRow,
    evidence: list[EvidenceRow],
    decisions: list[ClaimDecisionRow],
    payouts: list[PayoutView],
) -> ClaimView:
    """The view of a claim this command has just written, from what it holds (no re-reading)."""
    files = [
        EvidenceView(
            e.id, e.evidence_type, e.filename, e.content_type, e.size_bytes, e.sha256, e.received_at
        )
        for e in sorted(evidence, key=lambda e: e.id)
    ]
    return _view(row, files, decisions, payouts)


def _view(
    row: ClaimRow,
    evidence: list[EvidenceView],
    decisions: list[ClaimDecisionRow],
    payouts: list[PayoutView],
) -> ClaimView:
    return ClaimView(
        claim_id=row.id,
        case_id=row.case_id,
        affiliation_id=row.affiliation_id,
        person_id=row.person_id,
        guarantee=row.guarantee,
        kind=row.kind,
        claimed_cents=row.claimed_cents,
        status=ClaimStatus(row.status),
        outcome=row.outcome,
        queue_reason=row.queue_reason,
        payable_cents=row.payable_cents,
        paid_cents=row.paid_cents,
        recovered_cents=row.recovered_cents,
        submitted_at=row.submitted_at,
        decided_at=row.decided_at,
        evidence=tuple(evidence),
        decisions=tuple(decision_view(d) for d in decisions),
        payouts=tuple(payouts),
    )
