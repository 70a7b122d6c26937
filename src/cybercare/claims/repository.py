"""All SQL of the claims context: claims, evidence, decisions (history), recoveries, and the
mapping of their rows to the entities of `claims.claim` and back.

A new claim is written once, in its final state, with Core (`insert_new`: one statement per
table, no ORM object kept); a claim (or decision) loaded for a command stays an ORM row kept for
that command, so `save` writes the entity back to it without reading it again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import func, select

from cybercare.claims.claim import Claim, ClaimDecision, EvidenceFile
from cybercare.claims.domain import ClaimStatus
from cybercare.claims.views import (
    circumstances_as_dict,
    circumstances_from_dict,
)
from cybercare.db.inserts import insert_objects
from cybercare.db.tables import (
    AffiliationRow,
    ClaimDecisionRow,
    ClaimRow,
    EvidenceRow,
    MembershipRow,
    PersonRow,
    RecoveryRow,
)
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.errors import NotFound

WAITING = (ClaimStatus.IN_REVIEW.value, ClaimStatus.AWAITING_APPROVAL.value)


class ClaimNotFound(NotFound):
    code = "claim.not_found"


# --- claims ------------------------------------------------------------------------------------


def claim_of(row: ClaimRow) -> Claim:
    return Claim(
        claim_id=row.id,
        case_id=row.case_id,
        affiliation_id=row.affiliation_id,
        household_id=row.household_id,
        person_id=row.person_id,
        guarantee=row.guarantee,
        kind=row.kind,
        claimed_cents=row.claimed_cents,
        occurrence_date=row.occurrence_date,
        discovery_date=row.discovery_date,
        declaration_date=row.declaration_date,
        circumstances=circumstances_from_dict(row.circumstances),
        language=row.language,
        payee_iban=row.payee_iban,
        payee_name=row.payee_name,
        submitted_by=row.submitted_by,
        submitted_at=row.submitted_at,
        status=ClaimStatus(row.status),
        outcome=row.outcome,
        queue_reason=row.queue_reason,
        payable_cents=row.payable_cents,
        paid_cents=row.paid_cents,
        recovered_cents=row.recovered_cents,
        decided_at=row.decided_at,
        decision_due_at=row.decision_due_at,
        payment_due_at=row.payment_due_at,
    )


def _new_row(claim: Claim) -> ClaimRow:
    return ClaimRow(
        id=claim.claim_id,
        case_id=claim.case_id,
        affiliation_id=claim.affiliation_id,
        household_id=claim.household_id,
        person_id=claim.person_id,
        guarantee=claim.guarantee,
        kind=claim.kind,
        claimed_cents=claim.claimed_cents,
        occurrence_date=claim.occurrence_date,
        discovery_date=claim.discovery_date,
        declaration_date=claim.declaration_date,
        circumstances=circumstances_as_dict(claim.circumstances),
        language=claim.language,
        payee_iban=claim.payee_iban,
        payee_name=claim.payee_name,
        status=claim.status.value,
        outcome=claim.outcome,
        queue_reason=claim.queue_reason,
        payable_cents=claim.payable_cents,
        paid_cents=claim.paid_cents,
        recovered_cents=claim.recovered_cents,
        submitted_by=claim.submitted_by,
        submitted_at=claim.submitted_at,
        decided_at=claim.decided_at,
        decision_due_at=claim.decision_due_at,
        payment_due_at=claim.payment_due_at,
    )


def get(uow: UnitOfWork, claim_id: str, *, for_update: bool = False) -> Claim:
    query = select(ClaimRow).where(ClaimRow.id == claim_id)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    row = uow.session.scalar(query)
    if row is None:
        raise ClaimNotFound(f"no claim {claim_id!r}", params={"claim_id": claim_id})
    if for_update:
        uow.keep(row)
    return claim_of(row)


def save(uow: UnitOfWork, claim: Claim) -> None:
    """Write what the claims context changes on a claim it loaded (the payments context keeps
    `paid_cents`)."""
    row = uow.session.get_one(ClaimRow, claim.claim_id)
    row.status = claim.status.value
    row.outcome = claim.outcome
    row.queue_reason = claim.queue_reason
    row.payable_cents = claim.payable_cents
    row.recovered_cents = claim.recovered_cents
    row.decided_at = claim.decided_at
    row.decision_due_at = claim.decision_due_at
    row.payment_due_at = claim.payment_due_at
    uow.session.flush()


def insert_new(
    uow: UnitOfWork, claim: Claim, files: list[EvidenceFile], decision: ClaimDecision
) -> tuple[list[EvidenceFile], ClaimDecision]:
    """A new claim in its final state, its evidence and its first decision, parents first, one
    Core statement per table; returns the evidence and the decision with their ids."""
    evidence = [_evidence_row(f) for f in files]
    decided = _decision_row(decision)
    insert_objects(uow.session, [_new_row(claim)])
    insert_objects(uow.session, evidence)
    insert_objects(uow.session, [decided])
    return (
        [replace(f, evidence_id=row.id) for f, row in zip(files, evidence, strict=True)],
        replace(decision, decision_id=decided.id),
    )


def queue(uow: UnitOfWork, limit: int = 100) -> list[Claim]:
    """The handler queue: claims in review or awaiting a second approval, oldest first."""
    rows = uow.session.scalars(
        select(ClaimRow)
        .where(ClaimRow.status.in_(WAITING))
        .order_by(ClaimRow.submitted_at, ClaimRow.id)
        .limit(limit)
    )
    return [claim_of(row) for row in rows]


def claims_of_case(uow: UnitOfWork, case_id: str) -> list[str]:
    return list(
        uow.session.scalars(
            select(ClaimRow.id).where(ClaimRow.case_id == case_id).order_by(ClaimRow.submitted_at)
        )
    )


def late_clocks(uow: UnitOfWork, now: datetime) -> dict[str, list[tuple[str, str, datetime]]]:
    """(claim, case, due) of every decision clock of an undecided claim and every payment clock
    of a claim not fully paid that ran out (Art. 8.4)."""
    decisions = uow.session.execute(
        select(ClaimRow.id, ClaimRow.case_id, ClaimRow.decision_due_at).where(
            ClaimRow.status.in_(WAITING), ClaimRow.decision_due_at < now
        )
    )
    payments = uow.session.execute(
        select(ClaimRow.id, ClaimRow.case_id, ClaimRow.payment_due_at).where(
            ClaimRow.payment_due_at < now, ClaimRow.paid_cents < ClaimRow.payable_cents
        )
    )
    return {
        "decision": [(c, k, d) for c, k, d in decisions if d is not None],
        "payment": [(c, k, d) for c, k, d in payments if d is not None],
    }


def product_key(uow: UnitOfWork, affiliation_id: str) -> tuple[str, str]:
    key = uow.session.execute(
        select(AffiliationRow.product_code, AffiliationRow.product_version).where(
            AffiliationRow.id == affiliation_id
        )
    ).one()
    return key[0], key[1]


def insured_email(uow: UnitOfWork, person_id: str, household_id: str) -> str | None:
    """The insured person's e-mail, or the affiliate's (a minor's case, Art. 2.4)."""
    own = uow.session.scalar(select(PersonRow.email).where(PersonRow.id == person_id))
    if own:
        return own
    return uow.session.scalar(
        select(PersonRow.email)
        .join(MembershipRow, MembershipRow.person_id == PersonRow.id)
        .where(MembershipRow.household_id == household_id)
        .where(MembershipRow.relationship == "affiliate", MembershipRow.left_on.is_(None))
        .limit(1)
    )


# --- evidence ----------------------------------------------------------------------------------


def _evidence_row(file: EvidenceFile) -> EvidenceRow:
    return EvidenceRow(
        claim_id=file.claim_id,
        evidence_type=file.evidence_type,
        filename=file.filename,
        content_type=file.content_type,
        size_bytes=file.size_bytes,
        sha256=file.sha256,
        content=file.content,
        received_at=file.received_at,
        uploaded_by=file.uploaded_by,
    )


def evidence_codes(uow: UnitOfWork, claim_id: str) -> frozenset[str]:
    return frozenset(
        uow.session.scalars(
            select(EvidenceRow.evidence_type).where(EvidenceRow.claim_id == claim_id).distinct()
        )
    )


def add_evidence(uow: UnitOfWork, file: EvidenceFile) -> int:
    row = _evidence_row(file)
    uow.session.add(row)
    uow.session.flush()
    return row.id


def evidence_content(uow: UnitOfWork, claim_id: str, evidence_id: int) -> EvidenceFile:
    row = uow.session.scalar(
        select(EvidenceRow).where(EvidenceRow.claim_id == claim_id, EvidenceRow.id == evidence_id)
    )
    if row is None:
        raise NotFound("no such evidence", code="evidence.not_found")
    return EvidenceFile(
        claim_id=row.claim_id,
        evidence_type=row.evidence_type,
        filename=row.filename,
        content_type=row.content_type,
        size_bytes=row.size_bytes,
        sha256=row.sha256,
        content=row.content,
        received_at=row.received_at,
        uploaded_by=row.uploaded_by,
        evidence_id=row.id,
    )


# --- decisions ---------------------------------------------------------------------------------


def decision_of(row: ClaimDecisionRow) -> ClaimDecision:
    return ClaimDecision(
        claim_id=row.claim_id,
        sequence=row.sequence,
        kind=row.kind,
        state=row.state,
        outcome=row.outcome,
        payable_cents=row.payable_cents,
        product_code=row.product_code,
        product_version=row.product_version,
        inputs=row.inputs,
        decision=row.decision,
        decided_by=row.decided_by,
        note=row.note,
        decided_at=row.decided_at,
        approved_by=row.approved_by,
        decision_id=row.id,
    )


def _decision_row(decision: ClaimDecision) -> ClaimDecisionRow:
    return ClaimDecisionRow(
        claim_id=decision.claim_id,
        sequence=decision.sequence,
        kind=decision.kind,
        state=decision.state,
        outcome=decision.outcome,
        payable_cents=decision.payable_cents,
        product_code=decision.product_code,
        product_version=decision.product_version,
        inputs=decision.inputs,
        decision=decision.decision,
        decided_by=decision.decided_by,
        approved_by=decision.approved_by,
        note=decision.note,
        decided_at=decision.decided_at,
    )


def next_sequence(uow: UnitOfWork, claim_id: str) -> int:
    current = uow.session.scalar(
        select(func.max(ClaimDecisionRow.sequence)).where(ClaimDecisionRow.claim_id == claim_id)
    )
    return int(current or 0) + 1


def save_decision(uow: UnitOfWork, decision: ClaimDecision) -> ClaimDecision:
    """Insert a new decision (no id yet), or write the state, approval and content of one
    loaded or written in this command (a decision is never rewritten otherwise)."""
    if decision.decision_id is None:
        row = _decision_row(decision)
        uow.session.add(row)
        uow.session.flush()
        uow.keep(row)
        return replace(decision, decision_id=row.id)
    row = uow.session.get_one(ClaimDecisionRow, decision.decision_id)
    row.state = decision.state
    row.approved_by = decision.approved_by
    row.decision = decision.decision
    uow.session.flush()
    return decision


def latest_decision(
    uow: UnitOfWork, claim_id: str, *, kinds: tuple[str, ...] | None = None
) -> ClaimDecision | None:
    query = select(ClaimDecisionRow).where(ClaimDecisionRow.claim_id == claim_id)
    if kinds is not None:
        query = query.where(ClaimDecisionRow.kind.in_(kinds))
    row = uow.session.scalar(query.order_by(ClaimDecisionRow.sequence.desc()).limit(1))
    if row is None:
        return None
    uow.keep(row)
    return decision_of(row)


def decision_by_sequence(uow: UnitOfWork, claim_id: str, sequence: int) -> ClaimDecision:
    row = uow.session.scalar(
        select(ClaimDecisionRow).where(
            ClaimDecisionRow.claim_id == claim_id, ClaimDecisionRow.sequence == sequence
        )
    )
    if row is None:
        raise NotFound("no such decision", code="decision.not_found")
    return decision_of(row)


# --- recoveries --------------------------------------------------------------------------------


def add_recovery(
    uow: UnitOfWork,
    claim_id: str,
    *,
    amount_cents: int,
    source: str,
    received_on: date,
    recorded_by: str,
    recorded_at: datetime,
) -> int:
    row = RecoveryRow(
        claim_id=claim_id,
        amount_cents=amount_cents,
        source=source[:200],
        received_on=received_on,
        recorded_by=recorded_by,
        recorded_at=recorded_at,
    )
    uow.session.add(row)
    uow.session.flush()
    return row.id
