"""Art. 8.4 clocks run by a periodic job: slot keys, once per slot, and the claims' decision and
payment clocks set by the claims service and escalated once by the every-minute breach check."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from cybercare.claims.submit import submit_claim
from cybercare.db.tables import ClaimRow, SlaEscalationRow
from cybercare.db.uow import Database
from cybercare.jobs import build_job_registry
from cybercare.kernel.clock import Clock, FixedClock
from cybercare.outbox.jobs import JobRegistry, run_due_jobs, run_key_for, slot_key
from tests.claims.builders import (
    catalog,
    ecom_evidence,
    ecom_submission,
    open_claim_case,
    setup_world,
)


def test_a_periodic_job_is_keyed_by_the_utc_start_of_its_slot() -> None:
    at = datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC)  # the night Brussels goes to summer time
    assert slot_key(at, 1) == "2026-03-29T00:59Z"
    assert slot_key(at, 15) == "2026-03-29T00:45Z"
    assert slot_key(at + timedelta(seconds=1), 15) == "2026-03-29T01:00Z"
    assert run_key_for(FixedClock(at), 5) == "2026-03-29T00:55Z"
    assert run_key_for(FixedClock(at)) == "2026-03-29"  # daily: the Brussels date


def test_a_periodic_job_runs_once_per_slot(db: Database) -> None:
    runs: list[str] = []

    def check(_database: Database, clock: Clock) -> str:
        runs.append(clock.now().isoformat())
        return "checked"

    registry = JobRegistry()
    registry.every("sla.check", minutes=1)(check)
    clock = FixedClock(datetime(2026, 3, 2, 11, 0, 5, tzinfo=UTC))
    assert [r.run_key for r in run_due_jobs(db, clock, registry=registry)] == ["2026-03-02T11:00Z"]
    clock.advance(timedelta(seconds=50))  # same minute
    assert run_due_jobs(db, clock, registry=registry) == []
    clock.advance(timedelta(seconds=10))  # next minute
    assert [r.run_key for r in run_due_jobs(db, clock, registry=registry)] == ["2026-03-02T11:01Z"]
    assert len(runs) == 2


def test_the_sla_breach_check_runs_every_minute() -> None:
    registry = build_job_registry(catalog())
    job = next(j for j in registry.jobs() if j.name == "assistance.sla_breaches")
    assert job.every_minutes == 1


def test_art_8_4_decision_clock_of_a_claim_in_review_is_escalated_once(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        # Above the auto-pay ceiling: complete, waits for a handler, 30 days to decide.
        view = submit_claim(
            uow, world.member, case_id, ecom_submission(400_000), catalog(), clock, ecom_evidence()
        )
        uow.commit()
    assert view.status.value == "in_review"
    with db.reader() as uow:
        row = uow.session.scalars(select(ClaimRow).where(ClaimRow.id == view.claim_id)).one()
        assert row.decision_due_at is not None
        assert row.payment_due_at is None
        due = row.decision_due_at
    assert timedelta(days=29) < due - clock.now() <= timedelta(days=31)

    registry = build_job_registry(catalog())
    clock.advance(due - clock.now() - timedelta(minutes=1))
    run_due_jobs(db, clock, registry=registry)
    clock.advance(timedelta(minutes=2))
    first = run_due_jobs(db, clock, registry=registry)
    clock.advance(timedelta(minutes=1))
    run_due_jobs(db, clock, registry=registry)
    with db.reader() as uow:
        escalations = uow.session.execute(
            select(SlaEscalationRow.subject_type, SlaEscalationRow.clock).where(
                SlaEscalationRow.subject_id == view.claim_id
            )
        ).all()
    assert [tuple(e) for e in escalations] == [("claim", "decision")]
    assert "1 decisions" in (first[0].summary or "")


def test_art_8_4_payment_clock_starts_with_a_straight_through_decision(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        view = submit_claim(
            uow, world.member, case_id, ecom_submission(20_000), catalog(), clock, ecom_evidence()
        )
        row = uow.session.scalars(select(ClaimRow).where(ClaimRow.id == view.claim_id)).one()
        assert view.status.value == "decided"
        assert row.decision_due_at is None  # decided at once
        assert row.payment_due_at is not None
        assert timedelta(days=29) < row.payment_due_at - clock.now() <= timedelta(days=31)
