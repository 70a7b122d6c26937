"""One billing run of a period at a time: a second one is refused while the first holds it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from cybercare.billing.domain import Period
from cybercare.billing.run import run_billing
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import Conflict
from cybercare.outbox.jobs import advisory_lock_key
from cybercare.product.catalog import Catalog
from tests.conftest import Backend


def test_a_second_run_of_a_period_is_refused_while_another_holds_it_on_postgresql(
    backend: Backend, billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    if backend.name != "postgresql":
        pytest.skip("SQLite serves one node; its writer lock orders the chunks of one process")
    key = advisory_lock_key("billing.run:2026-12")
    with backend.engine.connect() as connection:  # another process's session running it
        other = connection.execution_options(isolation_level="AUTOCOMMIT")
        assert other.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
        try:
            with pytest.raises(Conflict, match="already running") as refusal:
                run_billing(billing_db, catalog, run_clock, Period(2026, 12))
            assert refusal.value.code == "billing.run_in_progress"
        finally:
            other.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
    report = run_billing(billing_db, catalog, run_clock, Period(2026, 12))
    assert report.already_finished is False
