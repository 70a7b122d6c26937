"""Benchmark of providers' UBL invoices in (issue 19: import and validate 10,000 invoices, both
databases).

    .venv/bin/python bench/ubl_invoices.py [N] [--backends sqlite,postgresql]

For each database: a fresh migrated database, one household with an e-reputation case, one
takedown provider with verified bank details, and N orders in `work_done` with their accepted
quotes reserved in the case's pot year (inserted set-based, not timed; the pot year's limit is
raised so that N orders fit in it). N Peppol BIS 3.0 invoices are built in memory (not timed).

Timed, in the same run:
- the baseline: `read_invoice` of the N files (parse with the hardened lxml parser + the BIS 3.0
  rules subset: pure, no database);
- the import: `import_ubl` of each file in its own transaction, committed, as the watched folder
  does (parse, validate, match to the order by BT-13, seller VAT and IBAN, lock the pot year,
  settle the order's reservation into usage, store the invoice, book the service cost, schedule
  the provider's payout, audit);
- then 1 % wrong invoices (a total off by a cent): refused, nothing written.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.*.builders

from _http import postgres_database, sqlite_database  # bench/, on sys.path as a script
from sqlalchemy import func, insert, select, update
from tests.claims.builders import catalog, setup_world
from tests.providers.builders import case_with_workstream, invoice, provider, staff

from cybercare.db import migrate
from cybercare.db.engine import make_engine
from cybercare.db.tables import (
    PotReservationRow,
    PotYearRow,
    ProviderInvoiceRow,
    ProviderOrderRow,
)
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.providers.domain import ProviderKind
from cybercare.providers.invoice_import import import_ubl
from cybercare.providers.service import appoint_provider
from cybercare.providers.ubl import InvoiceRefused, read_invoice

AT = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
QUOTE = 600_000  # 4,958.68 + 21 % VAT = 6,000.00 EUR
NET = 495_868


def _prepare(database: Database, clock: FixedClock, n: int) -> tuple[list[str], str]:
    with database.uow() as uow:
        world = setup_world(uow, clock)
        people = staff(uow, clock)
        firm = provider(uow, clock, people, ProviderKind.TAKEDOWN)
        _case_id, ws_id = case_with_workstream(uow, world, clock, "EREP", "technical")

        first = appoint_provider(
            uow,
            world.agent,
            workstream_id=ws_id,
            provider_id=firm.provider_id,
            service_code="link_removal",
            clock=clock,
        ).order.order_id
        # The pot year of the case, created by the case's acceptance (Art. 5.2).
        pot_year = uow.session.scalar(
            select(PotYearRow.id).where(
                PotYearRow.affiliation_id == world.affiliation_id, PotYearRow.pot == "EREP_POT"
            )
        )
        template = uow.session.get(ProviderOrderRow, first)
        assert template is not None
        assert pot_year is not None
        ids = [f"ord_B{i:010d}" for i in range(n)]
        base = {
            c: getattr(template, c)
            for c in ("case_id", "workstream_id", "provider_id", "household_id", "guarantee")
        }
        uow.session.execute(
            insert(ProviderOrderRow),
            [
                {
                    **base,
                    "id": i,
                    "service_code": "link_removal",
                    "status": "work_done",
                    "brief": {},
                    "appointed_by": "bench",
                    "appointed_at": AT,
                    "quote_cents": QUOTE,
                    "quoted_at": AT,
                    "covered_cents": QUOTE,
                    "accepted_at": AT,
                    "finished_at": AT,
                    "used_cents": 0,
                    "row_version": 1,
                }
                for i in ids
            ],
        )
        uow.session.execute(
            insert(PotReservationRow),
            [
                {
                    "holder": i,
                    "case_id": base["case_id"],
                    "pot_year_id": pot_year,
                    "reserved_cents": QUOTE,
                    "case_reserved": False,
                    "case_counted": False,
                    "updated_at": AT,
                }
                for i in ids
            ],
        )
        uow.session.execute(
            update(PotYearRow)
            .where(PotYearRow.id == pot_year)
            .values(money_limit_cents=QUOTE * (n + 10), reserved_cents=QUOTE * n)
        )
        uow.commit()
    return ids, firm.provider_id


def run(url: str, backend: str, n: int) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    database = Database(engine)
    clock = FixedClock(AT)
    ids, provider_id = _prepare(database, clock, n)
    files = [
        invoice(order_id, ProviderKind.TAKEDOWN, NET, number=f"F-{k}")
        for k, order_id in enumerate(ids)
    ]
    start = time.perf_counter()
    for data in files:
        read_invoice(data)
    parse_s = time.perf_counter() - start
    start = time.perf_counter()
    for data in files:
        with database.uow() as uow:
            import_ubl(uow, data, actor="bench", clock=clock, catalog=catalog())
            uow.commit()
    import_s = time.perf_counter() - start
    bad = [
        f.replace(
            b'LineExtensionAmount currencyID="EUR">4958.68<',
            b'LineExtensionAmount currencyID="EUR">4958.69<',
            1,
        )
        for f in files[: max(1, n // 100)]
    ]
    refused = 0
    start = time.perf_counter()
    for data in bad:
        try:
            with database.uow() as uow:
                import_ubl(uow, data, actor="bench", clock=clock, catalog=catalog())
                uow.commit()
        except InvoiceRefused:
            refused += 1
    refuse_s = time.perf_counter() - start
    with database.reader() as uow:
        stored = uow.session.scalar(select(func.count()).select_from(ProviderInvoiceRow))
        used = uow.session.scalar(select(PotYearRow.used_cents).where(PotYearRow.pot == "EREP_POT"))
    engine.dispose()
    assert (stored, refused, used) == (n, len(bad), QUOTE * n)
    print(
        f"{backend:<11} {n:,} invoices  validate only {parse_s:6.2f} s "
        f"({parse_s / n * 1000:.2f} ms each)  import (validate+match+pot+ledger+payout, one "
        f"transaction each) {import_s:6.2f} s ({import_s / n * 1000:.2f} ms each, "
        f"{import_s / parse_s:.1f}x validate)  {len(bad)} wrong refused in {refuse_s:.2f} s  "
        f"provider {provider_id}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=10_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        factory = sqlite_database if backend == "sqlite" else postgres_database
        with factory() as url:
            run(url, backend, args.n)


if __name__ == "__main__":
    main()
