"""Commands racing on one affiliation from several connections, with real commits: the row lock
(PostgreSQL) or the write lock (SQLite) and the row version let exactly one decision through; the
others see its result and are refused with the rule they break, never with a crash."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from sqlalchemy import Engine

from cybercare.audit.trail import events_for
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import Conflict
from cybercare.policy import service
from cybercare.policy.domain import TerminationBy
from tests.policy_service import builders

RACERS = 6
WAIT_S = 30


def test_concurrent_termination_notices_record_one_and_refuse_the_others(
    fresh_database: tuple[str, Engine], clock: FixedClock
) -> None:
    _, engine = fresh_database
    database = Database(engine)
    products = builders.catalog()
    builders.seed(database, clock, products=products)
    created = builders.subscribe(database, products, clock)
    clock.advance(timedelta(days=40))
    start = threading.Barrier(RACERS, timeout=WAIT_S)

    def notice(index: int) -> str:
        by = TerminationBy.AFFILIATE if index % 2 else TerminationBy.DISTRIBUTOR
        start.wait()
        try:
            with database.uow() as uow:
                service.confirm_termination(
                    uow,
                    builders.actor(),
                    created.affiliation_id,
                    clock.today(),
                    by,
                    products,
                    clock,
                )
                uow.commit()
        except Conflict as refusal:
            return refusal.code
        return "recorded"

    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        outcomes = list(pool.map(notice, range(RACERS), timeout=WAIT_S * 2))

    assert sorted(outcomes) == ["policy.termination_already_pending"] * (RACERS - 1) + ["recorded"]
    with database.reader() as uow:
        view = service.get_affiliation(
            uow, builders.actor(), created.affiliation_id, products, clock
        )
        events = [e.action for e in events_for(uow, "affiliation", view.affiliation_id)]
    assert view.pending_end is not None
    assert events.count("affiliation.termination_notified") == 1


def test_concurrent_withdrawals_withdraw_once(
    fresh_database: tuple[str, Engine], clock: FixedClock
) -> None:
    _, engine = fresh_database
    database = Database(engine)
    products = builders.catalog()
    builders.seed(database, clock, products=products)
    created = builders.subscribe(database, products, clock)
    clock.advance(timedelta(days=3))
    start = threading.Barrier(RACERS, timeout=WAIT_S)

    def withdraw(_: int) -> str:
        start.wait()
        try:
            with database.uow() as uow:
                service.confirm_withdrawal(
                    uow, builders.actor(), created.affiliation_id, clock.today(), products, clock
                )
                uow.commit()
        except Conflict as refusal:
            return refusal.code
        return "withdrawn"

    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        outcomes = list(pool.map(withdraw, range(RACERS), timeout=WAIT_S * 2))

    assert sorted(outcomes) == ["policy.already_ended"] * (RACERS - 1) + ["withdrawn"]
    assert date(2026, 11, 30) == clock.today()
