"""Test clocks (issue 18): create, attach, advance, and the walk that runs the daily jobs of
the affiliations on a clock as they would have run on each day it crosses.

Every function works on the sandbox's database: the edge hands it the sandbox's container
(`cybercare.http.deps`); nothing here can reach the live one. Changes write audit events in
their transaction; the walk is one transaction per day (as the worker's daily jobs), so a crash
resumes where it stopped (`resume_advances`)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from cybercare.assistance import sla_queries
from cybercare.assistance.escalation import escalate_breach
from cybercare.audit import trail
from cybercare.billing import repository as billing_repository
from cybercare.billing.collection import DebitReturn, confirm_batch_collected, record_debit_returns
from cybercare.billing.domain import Period
from cybercare.billing.dunning_service import run_dunning_day
from cybercare.billing.formats import END_TO_END_PREFIX
from cybercare.billing.run import run_billing
from cybercare.billing.sepa import build_debit_file
from cybercare.claims import repository as claims_repository
from cybercare.db.uow import Database, UnitOfWork
from cybercare.kernel import target2
from cybercare.kernel.bank_account import Creditor
from cybercare.kernel.clock import Clock, FixedClock
from cybercare.kernel.errors import Conflict, DomainError, InvalidInput, NotFound
from cybercare.kernel.ids import new_id
from cybercare.partners.distributors import create_distributor
from cybercare.policy.service import run_lifecycle_day
from cybercare.product.catalog import Catalog
from cybercare.publishing.service import publish_products
from cybercare.sandbox import repository
from cybercare.sandbox.domain import (
    FAILING_IBANS,
    ClockStatus,
    TestClock,
    check_advance,
    job_days,
    job_instant,
)

ACTOR = "sandbox:test_clock"
BANK = "sandbox:bank"


class TestClockNotFound(NotFound):
    code = "test_clock.not_found"


def _audit(
    uow: UnitOfWork, at: datetime, actor: str, action: str, clock_id: str, **details: object
) -> None:
    trail.record(
        uow,
        at=at,
        actor=actor,
        action=action,
        subject_type="test_clock",
        subject_id=clock_id,
        details=details,
    )


# --- the sandbox's distributors ------------------------------------------------------------


def prepare_distributor(
    uow: UnitOfWork,
    *,
    code: str,
    name: str,
    commission_bp: int,
    catalog: Catalog,
    clock: Clock,
    actor: str,
) -> bool:
    """Make the sandbox ready for a live distributor: the catalogue published and the
    distributor registered as it is live (idempotent). True when it was registered now."""
    publish_products(uow, list(catalog.all()), clock, actor=actor)
    if repository.distributor_exists(uow, code):
        return False
    create_distributor(
        uow, code=code, name=name, commission_bp=commission_bp, clock=clock, actor=actor
    )
    return True


# --- clocks --------------------------------------------------------------------------------


def create_test_clock(
    uow: UnitOfWork,
    *,
    distributor: str,
    name: str,
    frozen_time: datetime | None,
    clock: Clock,
    actor: str,
) -> TestClock:
    now = clock.now()
    if frozen_time is not None and frozen_time.tzinfo is None:
        raise InvalidInput("frozen_time", "give the instant with its offset (e.g. Z)")
    start = (frozen_time or now).astimezone(UTC)  # instants are UTC
    created = TestClock(new_id("clk"), distributor, name, start, ClockStatus.READY, None, now)
    repository.add_clock(uow, created)
    _audit(
        uow,
        now,
        actor,
        "test_clock.created",
        created.id,
        name=name,
        frozen_time=created.frozen_time.isoformat(),
    )
    return created


def get_test_clock(uow: UnitOfWork, distributor: str, clock_id: str) -> TestClock:
    """One of the distributor's clocks; another's answers 404 as an unknown one."""
    found = repository.find_clock(uow, clock_id)
    if found is None or found.distributor != distributor:
        raise TestClockNotFound(f"no test clock {clock_id!r}", params={"test_clock": clock_id})
    return found


def list_test_clocks(uow: UnitOfWork, distributor: str) -> list[TestClock]:
    return repository.clocks_of(uow, distributor)


def affiliations_on(uow: UnitOfWork, distributor: str, clock_id: str) -> list[str]:
    get_test_clock(uow, distributor, clock_id)
    return repository.affiliations_on(uow, clock_id)


def attach_affiliation(
    uow: UnitOfWork,
    *,
    distributor: str,
    clock_id: str,
    affiliation_id: str,
    clock: Clock,
    actor: str,
) -> TestClock:
    """The affiliation lives on the clock from now on (idempotent for the same clock)."""
    test_clock = get_test_clock(uow, distributor, clock_id)
    if repository.affiliation_distributor(uow, affiliation_id) != distributor:
        raise NotFound(
            f"no affiliation {affiliation_id!r}",
            code="affiliation.not_found",
            params={"affiliation_id": affiliation_id},
        )
    current = repository.clock_of_affiliation(uow, affiliation_id)
    if current == clock_id:
        return test_clock
    if current is not None:
        raise Conflict(
            f"affiliation {affiliation_id} is already on test clock {current}",
            code="test_clock.already_attached",
            params={"affiliation_id": affiliation_id, "test_clock": current},
        )
    now = clock.now()
    repository.attach(uow, clock_id, affiliation_id, now)
    _audit(
        uow, now, actor, "test_clock.affiliation_attached", clock_id, affiliation_id=affiliation_id
    )
    return test_clock


def request_advance(
    uow: UnitOfWork, *, distributor: str, clock_id: str, to: datetime, clock: Clock, actor: str
) -> TestClock:
    """Record the advance (only forward, two years at most); `walk` carries it out."""
    repository.find_clock(uow, clock_id, for_update=True)  # one advance at a time
    test_clock = get_test_clock(uow, distributor, clock_id)
    check_advance(test_clock, to)
    to = to.astimezone(UTC)
    repository.save_time(uow, clock_id, test_clock.frozen_time, to)
    _audit(
        uow,
        clock.now(),
        actor,
        "test_clock.advance_requested",
        clock_id,
        frozen_time=test_clock.frozen_time.isoformat(),
        to=to.isoformat(),
    )
    return replace(test_clock, status=ClockStatus.ADVANCING, advancing_to=to)


# --- the walk -----------------------------------------------------------------------------


def walk(database: Database, catalog: Catalog, creditor: Creditor, clock_id: str) -> dict[str, int]:
    """Carry out the advance recorded on the clock: for each day crossed, at its jobs' instant,
    the billing run (on the 1st), the sandbox's bank (direct debits collected or returned on
    their collection date), the non-payment steps (Art. 9.6), renewals and notified ends
    (Art. 9.2, 9.4, 9.5) and the service-level clocks (Art. 8.4) of the clock's affiliations."""
    with database.reader() as uow:
        start = repository.find_clock(uow, clock_id)
    if start is None or start.advancing_to is None:
        return {}
    target = start.advancing_to
    totals: dict[str, int] = {}
    busy: date | None = None  # the next day something may be due (quiet days are skipped)
    for day in job_days(start.frozen_time, target):
        if busy is not None and day < busy:
            continue
        at = job_instant(day)
        counts = _day(database, catalog, creditor, start, day, at, target)
        if counts is None:  # another walker moved the clock past this day
            continue
        for name, n in counts.items():
            totals[name] = totals.get(name, 0) + n
        busy = _next_busy_day(database, clock_id, day)
    with database.uow() as uow:
        current = repository.find_clock(uow, clock_id, for_update=True)
        if current is not None and current.advancing_to == target:
            ids = repository.affiliations_on(uow, clock_id)
            breaches = _sla(uow, FixedClock(target), ids)
            totals["sla_breaches"] = totals.get("sla_breaches", 0) + breaches
            repository.save_time(uow, clock_id, target, None)
            _audit(
                uow,
                target,
                ACTOR,
                "test_clock.advanced",
                clock_id,
                frozen_time=target.isoformat(),
                **{k: v for k, v in totals.items() if v},
            )
        uow.commit()
    return totals


def _next_busy_day(database: Database, clock_id: str, day: date) -> date:
    """The next day a job may act on the clock's affiliations: the next one while dunning or a
    case runs; else the first of the next month (billing run), the next collection date, term
    end or notified end. The jobs catch up identically (docs/billing.md), so a quiet day skipped
    changes nothing but the time the walk takes."""
    following = day + timedelta(days=1)
    with database.reader() as uow:
        ids = repository.affiliations_on(uow, clock_id)
        if repository.needs_every_day(uow, ids):
            return following
        dates = repository.next_dates(uow, ids, day)
    first_of_next_month = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return max(following, min([first_of_next_month, *dates]))


def resume_advances(database: Database, catalog: Catalog, creditor: Creditor) -> int:
    """Walk every clock left advancing (a crash, a server stopped mid-walk): the worker's job."""
    with database.reader() as uow:
        pending = repository.advancing_clock_ids(uow)
    for clock_id in pending:
        walk(database, catalog, creditor, clock_id)
    return len(pending)


def _day(
    database: Database,
    catalog: Catalog,
    creditor: Creditor,
    test_clock: TestClock,
    day: date,
    at: datetime,
    target: datetime,
) -> dict[str, int] | None:
    day_clock = FixedClock(at)
    counts: dict[str, int] = {}
    if day.day == 1:
        counts["billed_lines"] = _bill(
            database, catalog, creditor, test_clock.distributor, day_clock
        )
    with database.uow() as uow:
        current = repository.find_clock(uow, test_clock.id, for_update=True)
        if current is None or current.advancing_to != target or current.frozen_time >= at:
            return None
        ids = set(repository.affiliations_on(uow, test_clock.id))
        counts.update(_bank(uow, day, at))
        dunning = run_dunning_day(uow, catalog, day_clock, only=ids)
        for step, n in dunning.items():
            if step != "none":
                counts[f"dunning_{step}"] = n
        counts.update(run_lifecycle_day(uow, catalog, day_clock, only=ids))
        counts["sla_breaches"] = _sla(uow, day_clock, ids)
        repository.save_time(uow, test_clock.id, at, target)
        uow.commit()
    return counts


def _bill(
    database: Database, catalog: Catalog, creditor: Creditor, distributor: str, day_clock: Clock
) -> int:
    """The monthly billing run of the distributor's sandbox (the month before is run again: it
    bills the partial first month of what started after its run), then the debit file."""
    today = day_clock.today()
    current = Period.of(today)
    before = Period.of(date.fromordinal(today.toordinal() - 1))
    lines = 0
    for period in (before, current):
        lines += run_billing(
            database, catalog, day_clock, period, distributor=distributor
        ).lines_created
    with database.uow() as uow:
        for period in (before, current):
            try:
                build_debit_file(
                    uow, period, creditor, target2.earliest_collection_date(today), day_clock
                )
            except DomainError as refused:  # e.g. a line without a mandate: left unpaid
                trail.record(
                    uow,
                    at=day_clock.now(),
                    actor=BANK,
                    action="sandbox.debit_file_refused",
                    subject_type="billing_period",
                    subject_id=period.code,
                    details={"reason": refused.message},
                )
        uow.commit()
    return lines


def _bank(uow: UnitOfWork, day: date, at: datetime) -> dict[str, int]:
    """The sandbox's bank on the collection date: a debit from a magic failing IBAN is
    returned with its reason code (before settlement), the rest of the batch is credited."""
    returned = collected = 0
    for batch_id in repository.batches_due(uow, day):
        failing = [
            DebitReturn(
                f"{END_TO_END_PREFIX}{line_id}",
                FAILING_IBANS[iban],
                None,
                day,
                f"sandbox:{batch_id}:{line_id}",
            )
            for line_id, _affiliation, iban in repository.open_debits(uow, batch_id)
            if iban in FAILING_IBANS
        ]
        returned += len(record_debit_returns(uow, failing, at=at, actor=BANK))
        rest = billing_repository.open_lines_of_batch(uow, batch_id)
        collected += confirm_batch_collected(
            uow,
            batch_id,
            amount_cents=sum(line.gross_cents for line in rest),
            dedupe_key=f"sandbox:batch:{batch_id}",
            on=day,
            at=at,
        )
    return {"debits_collected": collected, "debits_returned": returned}


def _sla(uow: UnitOfWork, day_clock: Clock, affiliation_ids: Collection[str]) -> int:
    """The Art. 8.4 clocks of the cases and claims of the clock's affiliations that ran out
    (escalated once each, as `assistance.sla_breaches` does for the live world)."""
    cases = repository.case_ids_of(uow, affiliation_ids)
    if not cases:
        return 0
    now = day_clock.now()
    flagged = 0
    for case in sla_queries.cases_past_first_contact(uow, now):
        if case.id in cases and escalate_breach(
            uow,
            subject_type="case",
            subject_id=case.id,
            case_id=case.id,
            clock="first_contact",
            due_at=case.first_contact_due_at,
            now=now,
        ):
            flagged += 1
    for ws in sla_queries.workstreams_past_first_contact(uow, now):
        if ws.case_id in cases and escalate_breach(
            uow,
            subject_type="workstream",
            subject_id=ws.id,
            case_id=ws.case_id,
            clock="first_contact",
            due_at=ws.first_contact_due_at,
            now=now,
        ):
            flagged += 1
    for name, late in claims_repository.late_clocks(uow, now).items():
        for claim_id, case_id, due in late:
            if case_id in cases and escalate_breach(
                uow,
                subject_type="claim",
                subject_id=claim_id,
                case_id=case_id,
                clock=name,
                due_at=due,
                now=now,
            ):
                flagged += 1
    return flagged
