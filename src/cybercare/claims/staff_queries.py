"""What the back office reads of claims (Art. 8.4, 4-8): the handlers' queue ordered by the
decision clock, the claims of one case with the pot as the engine saw it before each decision,
and one evidence file. Every read checks the case with `load_case_for` (Art. 11.3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from cybercare.assistance.access import load_case_for
from cybercare.assistance.views import SlaView
from cybercare.claims import claim_queries, repository
from cybercare.claims.decide import HANDLERS
from cybercare.claims.domain import ClaimStatus
from cybercare.claims.views import ClaimView
from cybercare.db.tables import CaseRow, ClaimDecisionRow, ClaimRow
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, require_role
from cybercare.kernel.clock import Clock

WAITING = (ClaimStatus.IN_REVIEW.value, ClaimStatus.AWAITING_APPROVAL.value)


@dataclass(frozen=True, slots=True)
class ClaimQueueItem:
    claim_id: str
    case_id: str
    guarantee: str
    claimed_cents: int
    status: str
    queue_reason: str | None
    submitted_at: datetime
    urgent: bool
    decision: SlaView | None  # None: the file is not complete yet
    pending_by: str | None  # the handler whose decision waits for a second approval (actor)


def claims_queue(
    uow: UnitOfWork, principal: Principal, clock: Clock, *, limit: int = 200
) -> list[ClaimQueueItem]:
    """Claims waiting for a handler or a second approval, the nearest decision deadline first
    (Art. 8.4: 30 days after the file is complete), then the oldest."""
    require_role(principal, *HANDLERS)
    now = clock.now()
    rows = uow.session.execute(
        select(ClaimRow, CaseRow.urgent)
        .join(CaseRow, CaseRow.id == ClaimRow.case_id)
        .where(ClaimRow.status.in_(WAITING))
        .order_by(
            ClaimRow.decision_due_at.is_(None),
            ClaimRow.decision_due_at,
            ClaimRow.submitted_at,
            ClaimRow.id,
        )
        .limit(limit)
    ).all()
    pending = _pending_deciders(uow, [row.id for row, _ in rows])
    return [
        ClaimQueueItem(
            claim_id=row.id,
            case_id=row.case_id,
            guarantee=row.guarantee,
            claimed_cents=row.claimed_cents,
            status=row.status,
            queue_reason=row.queue_reason,
            submitted_at=row.submitted_at,
            urgent=bool(urgent),
            decision=None
            if row.decision_due_at is None
            else SlaView.of(row.decision_due_at, None, now),
            pending_by=pending.get(row.id),
        )
        for row, urgent in rows
    ]


def _pending_deciders(uow: UnitOfWork, claim_ids: list[str]) -> dict[str, str]:
    if not claim_ids:
        return {}
    rows = uow.session.execute(
        select(ClaimDecisionRow.claim_id, ClaimDecisionRow.decided_by).where(
            ClaimDecisionRow.claim_id.in_(claim_ids),
            ClaimDecisionRow.state == "pending_approval",
        )
    )
    return {str(claim_id): str(decided_by) for claim_id, decided_by in rows}


@dataclass(frozen=True, slots=True)
class PotBefore:
    """A pot year as the engine read it before deciding (from the stored input snapshot)."""

    pot: str
    used_cents: int
    reserved_cents: int
    cases_used: int
    cases_reserved: int


@dataclass(frozen=True, slots=True)
class ClaimDossier:
    """A claim with, per decision sequence, the pot the engine saw before deciding."""

    claim: ClaimView
    pot_before: dict[int, PotBefore]
    decision_due_at: datetime | None
    payment_due_at: datetime | None


def case_claims(
    uow: UnitOfWork, principal: Principal, case_id: str, clock: Clock
) -> list[ClaimDossier]:
    """The claims of a case the principal may see, oldest first."""
    load_case_for(uow, principal, case_id, today=clock.today())
    rows = list(
        uow.session.scalars(
            select(ClaimRow)
            .where(ClaimRow.case_id == case_id)
            .order_by(ClaimRow.submitted_at, ClaimRow.id)
        )
    )
    if not rows:
        return []
    inputs = uow.session.execute(
        select(ClaimDecisionRow.claim_id, ClaimDecisionRow.sequence, ClaimDecisionRow.inputs).where(
            ClaimDecisionRow.claim_id.in_([row.id for row in rows]),
            ClaimDecisionRow.inputs.is_not(None),
        )
    )
    before: dict[str, dict[int, PotBefore]] = {}
    for claim_id, sequence, snapshot in inputs:
        found = _pot_from_snapshot(snapshot)
        if found is not None:
            before.setdefault(claim_id, {})[sequence] = found
    return [
        ClaimDossier(
            claim_queries.view(uow, repository.claim_of(row)),
            before.get(row.id, {}),
            row.decision_due_at,
            row.payment_due_at,
        )
        for row in rows
    ]


def _pot_from_snapshot(snapshot: dict[str, Any] | None) -> PotBefore | None:
    """The first pot balance of the usage the engine was given (the claim's pot: a snapshot
    holds the usage of the incident's pot only); a pot never used has no balance: all zero."""
    if not snapshot:
        return None
    balances = (snapshot.get("usage") or {}).get("balances") or []
    if not balances:
        return None
    first = balances[0]
    return PotBefore(
        pot=str(first["pot"]),
        used_cents=int(first["used_cents"]),
        reserved_cents=int(first["reserved_cents"]),
        cases_used=int(first["cases_used"]),
        cases_reserved=int(first["cases_reserved"]),
    )
