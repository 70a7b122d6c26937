"""SLA breaches (Art. 8.4): find the clocks that ran out, record one escalation per subject and
clock, audit it and e-mail the supervisors through the outbox, each in their own language.
Idempotent: a breach already escalated is never escalated again, whatever the number of runs or
workers."""

from __future__ import annotations

from datetime import datetime

from cybercare.assistance import repository, sla_queries, staff_queries
from cybercare.assistance.domain import ART_8_4
from cybercare.audit import trail
from cybercare.db.uow import UnitOfWork
from cybercare.documents.staff_emails import sla_breach_email
from cybercare.kernel.clock import Clock
from cybercare.outbox import enqueue_email

SYSTEM_ACTOR = "job:assistance.sla"


def escalate_breach(
    uow: UnitOfWork,
    *,
    subject_type: str,
    subject_id: str,
    case_id: str | None,
    clock: str,
    due_at: datetime,
    now: datetime,
    actor: str = SYSTEM_ACTOR,
) -> bool:
    """Record that `clock` of the subject broke; False when it was escalated before."""
    if sla_queries.escalation_exists(uow, subject_type, subject_id, clock):
        return False
    if not repository.add_escalation(
        uow,
        subject_type=subject_type,
        subject_id=subject_id,
        case_id=case_id,
        clock=clock,
        due_at=due_at,
        detected_at=now,
    ):
        return False  # a concurrent run escalated it first
    late_minutes = int((now - due_at).total_seconds() // 60)
    trail.record(
        uow,
        at=now,
        actor=actor,
        action="sla.breached",
        subject_type=subject_type,
        subject_id=subject_id,
        clause=str(ART_8_4),
        details={"clock": clock, "due_at": due_at.isoformat(), "case_id": case_id},
    )
    for email, language in staff_queries.supervisor_emails(uow):
        subject, text = sla_breach_email(
            language,
            clock=clock,
            subject_type=subject_type,
            subject_id=subject_id,
            case_id=case_id,
            due_at=due_at,
            late_minutes=late_minutes,
        )
        enqueue_email(
            uow,
            to=email,
            subject=subject,
            text=text,
            language=language,
            at=now,
            dedupe_key=f"sla:{subject_type}:{subject_id}:{clock}:{email}",
        )
    return True


def flag_breaches(uow: UnitOfWork, clock: Clock) -> dict[str, int]:
    """Escalate every first-contact clock that ran out: untriaged or uncontacted cases, and
    workstreams nobody contacted. Decision and payment clocks are the claims' (same table)."""
    now = clock.now()
    counts = {"cases": 0, "workstreams": 0}
    for case in sla_queries.cases_past_first_contact(uow, now):
        if escalate_breach(
            uow,
            subject_type="case",
            subject_id=case.id,
            case_id=case.id,
            clock="first_contact",
            due_at=case.first_contact_due_at,
            now=now,
        ):
            counts["cases"] += 1
    for ws in sla_queries.workstreams_past_first_contact(uow, now):
        if escalate_breach(
            uow,
            subject_type="workstream",
            subject_id=ws.id,
            case_id=ws.case_id,
            clock="first_contact",
            due_at=ws.first_contact_due_at,
            now=now,
        ):
            counts["workstreams"] += 1
    return counts
