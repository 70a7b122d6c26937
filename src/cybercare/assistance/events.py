"""What a case's audit trail records and what its timeline shows (Art. 11.2: the steps of the
psychological compartment are left out for a reader who may not read its notes)."""

from __future__ import annotations

from datetime import datetime

from cybercare.assistance.case import Case
from cybercare.assistance.domain import Compartment
from cybercare.assistance.views import TimelineEntry
from cybercare.audit import trail
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal


def audit_case(
    uow: UnitOfWork,
    principal: Principal,
    case: Case,
    action: str,
    clause: object,
    at: datetime,
    **details: object,
) -> None:
    trail.record(
        uow,
        at=at,
        actor=principal.actor,
        action=action,
        subject_type="case",
        subject_id=case.id,
        clause=str(clause),
        details={k: v for k, v in details.items() if v is not None},
    )


def timeline(uow: UnitOfWork, case_id: str, *, psych_allowed: bool) -> tuple[TimelineEntry, ...]:
    entries = []
    for event in trail.events_for(uow, "case", case_id):
        if event.details.get("compartment") == Compartment.PSYCHOLOGICAL and not psych_allowed:
            continue
        team = event.details.get("team")
        entries.append(TimelineEntry(event.occurred_at, event.action, team))
    return tuple(entries)
