"""Art. 8.5 under concurrency: transfers for the same recovery file imported at the same time
(real commits, one unit of work per thread) never recover more than was paid, and the same
transfer imported twice at once is booked once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, text

from cybercare.claims.subrogation import communication_for
from cybercare.claims.subrogation_service import (
    open_recovery_files_for_paid_claims,
    record_recovery_payment,
)
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from tests.recoveries.builders import paid_ecom_claim

pytestmark = pytest.mark.integration
AT = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)


def test_art_8_5_concurrent_transfers_never_recover_more_than_paid(
    fresh_database: tuple[str, Engine], clock: FixedClock
) -> None:
    _, engine = fresh_database
    database = Database(engine)
    with database.uow() as uow:
        _, claim_id = paid_ecom_claim(uow, clock, 40_000)
        open_recovery_files_for_paid_claims(uow, at=AT)
        uow.commit()
    with database.reader() as uow:
        file_id = int(uow.session.execute(text("SELECT id FROM recovery_files")).scalar_one())
    references = ["T1", "T2", "T3", "T1", "T2", "T3"]  # 3 x 250 EUR on 400 EUR, each twice

    def transfer(index: int) -> str:
        try:
            with database.uow() as uow:
                record_recovery_payment(
                    uow,
                    structured_communication=communication_for(file_id),
                    amount_cents=25_000,
                    bank_reference=references[index],
                    on=date(2026, 12, 10),
                    at=AT,
                )
                uow.commit()
        except Exception as error:  # refused (Conflict) or lost a race: the line stays open
            return type(error).__name__
        return "ok"

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(transfer, range(len(references))))
    with database.reader() as uow:
        recovered = uow.session.execute(
            text("SELECT recovered_cents FROM recovery_files")
        ).scalar_one()
        payments = uow.session.execute(text("SELECT count(*) FROM recovery_payments")).scalar_one()
        booked = uow.session.execute(
            text("SELECT count(*) FROM ledger_entries WHERE dedupe_key LIKE :k"),
            {"k": f"claim:{claim_id}:recovery:%"},
        ).scalar_one()
        claim_recovered = uow.session.execute(
            text("SELECT recovered_cents FROM claims WHERE id = :c"), {"c": claim_id}
        ).scalar_one()
    assert (recovered, payments, booked, claim_recovered) == (25_000, 1, 1, 25_000)
