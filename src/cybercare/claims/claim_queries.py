"""The view of one claim for the edges: its evidence (without the bytes), its decisions and its
payouts. `view` reads them; `view_of` builds the view of a claim the command has just written
from what it holds."""

from __future__ import annotations

from sqlalchemy import select

from cybercare.claims import repository
from cybercare.claims.claim import Claim, ClaimDecision, EvidenceFile
from cybercare.claims.views import ClaimView, EvidenceView, claim_view
from cybercare.db.tables import ClaimDecisionRow, EvidenceRow
from cybercare.db.uow import UnitOfWork
from cybercare.payments.service import PayoutView, payouts_of_claim


def view(uow: UnitOfWork, claim: Claim) -> ClaimView:
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
        .where(EvidenceRow.claim_id == claim.claim_id)
        .order_by(EvidenceRow.id)
    )
    decisions = uow.session.scalars(
        select(ClaimDecisionRow)
        .where(ClaimDecisionRow.claim_id == claim.claim_id)
        .order_by(ClaimDecisionRow.sequence)
    )
    return claim_view(
        claim,
        [EvidenceView(*e) for e in evidence],
        [repository.decision_of(d) for d in decisions],
        payouts_of_claim(uow, claim.claim_id),
    )


def view_of(
    claim: Claim,
    evidence: list[EvidenceFile],
    decisions: list[ClaimDecision],
    payouts: list[PayoutView],
) -> ClaimView:
    """The view of a claim this command has just written, from what it holds (no re-reading)."""
    files = [
        EvidenceView(
            e.evidence_id or 0,
            e.evidence_type,
            e.filename,
            e.content_type,
            e.size_bytes,
            e.sha256,
            e.received_at,
        )
        for e in sorted(evidence, key=lambda e: e.evidence_id or 0)
    ]
    return claim_view(claim, files, decisions, payouts)
