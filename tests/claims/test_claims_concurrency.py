"""Art. 5.3 and 5.2 under load: the yearly limits hold whatever the number of claims decided at
the same time. Threads each run their own unit of work on a private database with real commits;
a naive read-then-write would pay 50 x 400 EUR and accept 20 e-reputation cases."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy import Engine, select, text, update
from sqlalchemy.exc import IntegrityError

from cybercare.assistance import service as cases
from cybercare.assistance.domain import CaseOutcome
from cybercare.claims.submit import CaseClosed, submit_claim
from cybercare.cover.service import PotView, household_pots
from cybercare.db.tables import ClaimRow, PotYearRow
from cybercare.db.uow import Database, UnitOfWork
from cybercare.kernel.clock import FixedClock
from tests.claims.builders import (
    catalog,
    close_workstreams,
    ecom_evidence,
    ecom_submission,
    erep_evidence,
    erep_submission,
    open_claim_case,
    setup_world,
)

pytestmark = pytest.mark.integration
SERVICE_DELIVERED = CaseOutcome.SERVICE_DELIVERED


def _run(count: int, work: object) -> list[BaseException | None]:
    def guarded(index: int) -> BaseException | None:
        try:
            work(index)  # type: ignore[operator]
        except BaseException as error:
            return error
        return None

    with ThreadPoolExecutor(max_workers=10) as pool:
        return list(pool.map(guarded, range(count)))


def test_art_5_3_fifty_concurrent_400_eur_settlements_never_exceed_5000_eur(
    fresh_database: tuple[str, Engine], clock: FixedClock
) -> None:
    _, engine = fresh_database
    database = Database(engine)
    with database.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        uow.commit()

    def settle(_: int) -> None:
        with database.uow() as uow:
            submit_claim(
                uow,
                world.member,
                case_id,
                ecom_submission(40_000),
                catalog(),
                clock,
                ecom_evidence(),
            )
            uow.commit()

    errors = _run(50, settle)
    assert errors == [None] * 50
    with database.reader() as uow:
        claims = list(uow.session.scalars(select(ClaimRow)))
        decided = [c for c in claims if c.status == "decided"]
        assert len(claims) == 50
        assert sum(c.payable_cents for c in decided) == 500_000
        assert sorted({c.payable_cents for c in decided}) == [20_000, 40_000]
        assert all(c.status == "in_review" for c in claims if c not in decided)  # never declined
        pot = {
            p.pot: p
            for p in household_pots(uow, world.affiliation_id, catalog(), date(2026, 11, 27))
        }
        online = pot["ONLINE_PURCHASE_POT"]
        assert (online.used_cents, online.left_cents, online.cases_used) == (500_000, 0, 1)


def test_art_5_2_twenty_concurrent_erep_cases_get_exactly_three_accepted(
    fresh_database: tuple[str, Engine], clock: FixedClock
) -> None:
    """Twenty EREP cases opened at the same moment: exactly three hold one of the year's three
    cases; the claims of all twenty, decided at the same moment, accept exactly three and send
    the others to a handler (never declined by the system)."""
    _, engine = fresh_database
    database = Database(engine)
    with database.uow() as uow:
        world = setup_world(uow, clock)
        uow.commit()
    cases: list[str] = [""] * 20

    def open_one(index: int) -> None:
        with database.uow() as uow:
            cases[index] = open_claim_case(
                uow, world, clock, "EREP", discovery=date(2026, 11, 1 + index)
            )
            uow.commit()

    assert _run(20, open_one) == [None] * 20
    with database.reader() as uow:
        pot = _pots(uow, world.affiliation_id)["EREP_POT"]
        assert (pot.cases_used, pot.cases_reserved, pot.cases_left) == (0, 3, 0)

    def accept(index: int) -> None:
        with database.uow() as uow:
            submit_claim(
                uow,
                world.member,
                cases[index],
                erep_submission(10_000),
                catalog(),
                clock,
                erep_evidence(),
            )
            uow.commit()

    assert _run(20, accept) == [None] * 20
    with database.reader() as uow:
        claims = list(uow.session.scalars(select(ClaimRow)))
        accepted = [c for c in claims if c.outcome == "accepted"]
        assert len(accepted) == 3
        to_handler = {c.queue_reason for c in claims if c.outcome is None}
        assert to_handler <= {"engine.proposes_decline", "engine.needs_review"}
        assert all(c.status == "in_review" for c in claims if c.outcome is None)
        pot = _pots(uow, world.affiliation_id)["EREP_POT"]
        assert (pot.cases_used, pot.cases_reserved, pot.cases_left) == (3, 0, 0)


def _pots(uow: UnitOfWork, affiliation_id: str) -> dict[str, PotView]:
    return {p.pot: p for p in household_pots(uow, affiliation_id, catalog(), date(2026, 11, 27))}


def test_rule_7_database_check_refuses_a_pot_over_its_limit(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        submit_claim(
            uow, world.member, case_id, ecom_submission(), catalog(), clock, ecom_evidence()
        )
        uow.session.flush()
        with pytest.raises(IntegrityError), uow.session.begin_nested():
            uow.session.execute(update(PotYearRow).values(used_cents=500_001))
        with pytest.raises(IntegrityError), uow.session.begin_nested():
            uow.session.execute(update(PotYearRow).values(cases_used=4))
        with pytest.raises(IntegrityError), uow.session.begin_nested():
            uow.session.execute(update(PotYearRow).values(reserved_cents=-1))
        assert uow.session.execute(text("SELECT 1")).scalar() == 1


def test_rule_7_stale_version_write_is_refused(db: Database, clock: FixedClock) -> None:
    from cybercare.cover import repository
    from cybercare.cover.repository import PotChangedConcurrently
    from cybercare.kernel.periods import insurance_year
    from cybercare.product.catalog import reference_product

    with db.uow() as uow:
        world = setup_world(uow, clock)
        pot = reference_product().pot("EREP_POT")
        year = insurance_year(date(2026, 1, 1), date(2026, 11, 1))
        locked = repository.lock(uow, world.affiliation_id, year, pot, at=clock.now())
        repository.save(uow, locked, locked.state.reserve(0, 1), at=clock.now())
        with pytest.raises(PotChangedConcurrently):  # a second write from the same stale read
            repository.save(uow, locked, locked.state.reserve(0, 1), at=clock.now())


def test_art_5_2_a_claim_submitted_while_its_case_closes_waits_and_is_refused(
    fresh_database: tuple[str, Engine], clock: FixedClock
) -> None:
    """The closure checked that no claim waits; a claim submitted before it commits must not
    slip in behind it: it waits for the closure and finds the case closed."""
    _, engine = fresh_database
    database = Database(engine)
    with database.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        close_workstreams(uow, world, case_id, clock)
        uow.commit()

    def submit() -> None:
        with database.uow() as uow:
            submit_claim(
                uow, world.member, case_id, ecom_submission(), catalog(), clock, ecom_evidence()
            )
            uow.commit()

    with ThreadPoolExecutor(max_workers=1) as pool:
        with database.uow() as closing:
            cases.close_case(
                closing, world.agent, case_id, "help given", clock, SERVICE_DELIVERED, catalog()
            )
            late = pool.submit(submit)
            time.sleep(0.3)
            assert not late.done()  # it waits for the closure
            closing.commit()
        with pytest.raises(CaseClosed):
            late.result(timeout=30)
    with database.reader() as uow:
        assert list(uow.session.scalars(select(ClaimRow.id))) == []
