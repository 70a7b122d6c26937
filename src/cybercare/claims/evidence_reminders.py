"""Reminders of the evidence tasks (Art. 8.3): each incomplete claim whose documents are still
missing is reminded by e-mail on the schedule of `evidence_task.REMINDER_AFTER_DAYS`, through
the outbox (sent after commit), in the claim's language, audited. Idempotent: a reminder is
enqueued once per claim and step, whatever the number of runs or workers (the outbox's dedupe
key)."""

from __future__ import annotations

from cybercare.audit.trail import record
from cybercare.claims.evidence_queries import open_evidence_tasks
from cybercare.claims.evidence_task import ART_8_3, reminders_due
from cybercare.db.uow import UnitOfWork
from cybercare.documents.evidence_emails import evidence_reminder_email
from cybercare.kernel.clock import Clock
from cybercare.outbox import enqueue_email
from cybercare.product.catalog import Catalog

SYSTEM_ACTOR = "job:claims.evidence_reminders"


def send_evidence_reminders(
    uow: UnitOfWork, catalog: Catalog, clock: Clock, *, portal_url: str
) -> int:
    """Enqueue the reminders due now; returns how many were enqueued."""
    now = clock.now()
    sent = 0
    for task in open_evidence_tasks(uow):
        step = reminders_due(task.asked_at, now)
        if step == 0 or task.to is None:
            continue
        guarantee = catalog.get(*task.product_key).guarantee(task.guarantee)
        labels = {e.code: e.label.in_(task.language) for e in guarantee.evidence}
        subject, text = evidence_reminder_email(
            task.language,
            case_id=task.case_id,
            missing=tuple(labels.get(code, code) for code in task.missing),
            link=f"{portal_url.rstrip('/')}/portal/cases/{task.case_id}",
        )
        enqueued = enqueue_email(
            uow,
            to=task.to,
            subject=subject,
            text=text,
            language=task.language,
            at=now,
            dedupe_key=f"evidence-reminder:{task.claim_id}:{step}",
        )
        if enqueued is None:
            continue
        record(
            uow,
            at=now,
            actor=SYSTEM_ACTOR,
            action="claim.evidence_reminded",
            subject_type="claim",
            subject_id=task.claim_id,
            clause=str(ART_8_3),
            details={"case_id": task.case_id, "step": step, "missing": list(task.missing)},
        )
        sent += 1
    return sent
