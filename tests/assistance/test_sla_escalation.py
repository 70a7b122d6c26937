"""Art. 8.4: the breach job flags clocks that ran out and escalates each once (audit, an
escalation record, an e-mail to every supervisor through the outbox), however often it runs."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from cybercare.assistance import staff_queries
from cybercare.assistance.escalation import flag_breaches
from cybercare.audit import trail
from cybercare.db.tables import OutboxMessage
from cybercare.db.uow import Database
from cybercare.identity.service import create_staff_user
from cybercare.jobs import build_job_registry
from cybercare.kernel.clock import FixedClock
from cybercare.outbox.jobs import run_due_jobs
from cybercare.product.catalog import default_catalog
from tests.assistance.builders import World
from tests.assistance.helpers import open_case, reach, run, take, workstream_of


def _emails(db: Database) -> list[str]:
    with db.uow() as uow:
        return [
            m.payload["to"]
            for m in uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "email"))
        ]


def test_art_8_4_urgent_case_not_contacted_within_the_hour_is_escalated_once(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(
        db,
        clock,
        world["minor"],
        world.person("minor"),
        "EREP",
        urgent=True,
        urgency_reason="ongoing_harassment",
    )
    clock.advance(timedelta(hours=1))
    assert run(db, lambda uow: flag_breaches(uow, clock)) == {"cases": 0, "workstreams": 0}
    clock.advance(timedelta(minutes=1))
    counts = run(db, lambda uow: flag_breaches(uow, clock))
    assert counts == {"cases": 1, "workstreams": 3}
    assert run(db, lambda uow: flag_breaches(uow, clock)) == {"cases": 0, "workstreams": 0}
    clock.advance(timedelta(hours=5))
    assert run(db, lambda uow: flag_breaches(uow, clock)) == {"cases": 0, "workstreams": 0}

    with db.uow() as uow:
        escalations = [(e.subject_type, e.clock) for e in staff_queries.escalations(uow)]
        audit = trail.events_for(uow, "case", view.case_id)
    assert escalations.count(("case", "first_contact")) == 1
    assert escalations.count(("workstream", "first_contact")) == 3
    assert [e.clause for e in audit if e.action == "sla.breached"] == ["Art. 8.4"]
    # One e-mail per breach and supervisor: 4 breaches, 1 supervisor.
    assert _emails(db) == ["supervisor@cybercare.example"] * 4


def test_art_8_4_contacted_in_time_is_never_escalated(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["affiliate"], world.person("affiliate"), "DATA")
    clock.advance(timedelta(hours=20))
    ws = workstream_of(view, "technical")
    take(db, clock, world["technical"], ws)
    reach(db, clock, world["technical"], view.case_id, ws)  # taking alone is no contact
    clock.advance(timedelta(days=10))
    assert run(db, lambda uow: flag_breaches(uow, clock)) == {"cases": 0, "workstreams": 0}
    assert _emails(db) == []


def test_art_8_4_normal_case_breaks_after_one_working_day_only(
    db: Database, clock: FixedClock, world: World
) -> None:
    # Friday 27 Nov 2026 at 10:00 in Brussels: due Monday 30 Nov at 10:00.
    view = open_case(db, clock, world["affiliate"], world.person("affiliate"), None)
    clock.advance(timedelta(days=3))  # Monday 10:00 exactly
    assert run(db, lambda uow: flag_breaches(uow, clock)) == {"cases": 0, "workstreams": 0}
    clock.advance(timedelta(minutes=1))
    assert run(db, lambda uow: flag_breaches(uow, clock)) == {"cases": 1, "workstreams": 0}
    assert view.first_contact.due_at == view.opened_at + timedelta(days=3)


def test_the_every_minute_job_is_registered_and_runs_through_the_worker(
    db: Database, clock: FixedClock, world: World
) -> None:
    registry = build_job_registry(default_catalog())
    assert "assistance.sla_breaches" in registry
    open_case(db, clock, world["affiliate"], world.person("affiliate"), None)
    clock.advance(timedelta(days=4))
    results = {r.job: r for r in run_due_jobs(db, clock, registry=registry)}
    assert results["assistance.sla_breaches"].status == "succeeded"
    assert results["assistance.sla_breaches"].summary == (
        "escalated 1 cases, 0 workstreams, 0 decisions, 0 payments"
    )


def test_art_11_4_each_supervisor_reads_the_breach_alert_in_their_own_language(
    db: Database, clock: FixedClock, world: World
) -> None:
    with db.uow() as uow:
        create_staff_user(
            uow,
            email="superviseur@cybercare.example",
            display_name="Superviseur",
            roles=["supervisor"],
            language="fr",
            clock=clock,
            actor="test",
        )
        uow.commit()
    open_case(
        db,
        clock,
        world["affiliate"],
        world.person("affiliate"),
        "PAYF",
        urgent=True,
        urgency_reason="ongoing_fraud",
    )
    clock.advance(timedelta(hours=1, minutes=1))
    run(db, lambda uow: flag_breaches(uow, clock))
    with db.uow() as uow:
        payloads = [
            m.payload
            for m in uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "email"))
        ]
    french = [p for p in payloads if p["to"] == "superviseur@cybercare.example"]
    english = [p for p in payloads if p["to"] == "supervisor@cybercare.example"]
    assert french and len(french) == len(english)
    assert all(p["subject"].startswith("Dépassement") for p in french), french[0]["subject"]
    assert all(p["subject"].startswith("SLA breach: first_contact") for p in english)
