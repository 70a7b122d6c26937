# ruff: noqa: C408 - rows written as dict(...) read like the keyword builders of the tests
"""Benchmark: the data export (issue 17, GDPR art. 15, 20) of a household with ten years of
history, on SQLite and on PostgreSQL: time to build the archive and its size.

    PYTHONPATH=src:. .venv/bin/python bench/data_export.py --db sqlite
    PYTHONPATH=src:. .venv/bin/python bench/data_export.py --db postgresql

The Peeters household of the tests is seeded through the services, then given ten years of
history with set-based INSERTs: a premium charge a month (120) with its payment, four cases a
year (40, half the affiliate's, a quarter the minor's, a quarter another adult's), a message
per case, a claim per case with two evidence files of 150 kB and a decision. The export of the
affiliate (who sees the most: own and the minor's cases, the billing) is timed.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert
from tests.assistance.builders import household_world

from cybercare.db.engine import make_engine
from cybercare.db.migrate import upgrade
from cybercare.db.tables import (
    CaseNoteRow,
    CaseRow,
    ClaimDecisionRow,
    ClaimRow,
    EvidenceRow,
    PaymentEventRow,
    PremiumLineRow,
)
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.privacy import service
from cybercare.product.catalog import Catalog, reference_product

YEARS = 10


def seed_history(database: Database, world: object) -> None:
    w = world  # tests.assistance.builders.World
    start = datetime(2016, 1, 10, 9, tzinfo=UTC)
    who = [w.person("affiliate"), w.person("affiliate"), w.person("minor"), w.person("adult_child")]  # type: ignore[attr-defined]
    cases, notes, claims, evidence, decisions, charges, payments = [], [], [], [], [], [], []
    blob = os.urandom(150_000)
    for n in range(YEARS * 4):
        at = start + timedelta(days=91 * n)
        cid, clid = f"cas_bench{n:04d}", f"clm_bench{n:04d}"
        cases.append(
            dict(
                id=cid,
                affiliation_id=w.affiliation_id,
                household_id=w.household_id,
                person_id=who[n % 4],
                guarantee_code="ECOM",
                narrative=f"Parcel {n} never came",
                occurrence_date=at.date(),
                discovery_date=at.date(),
                urgent=False,
                urgency_reason=None,
                channel="portal",
                language="nl",
                status="closed",
                possible_duplicate_of=None,
                opened_by=w["affiliate"].user_id,
                opened_at=at,
                first_contact_due_at=at + timedelta(days=1),
                first_contact_at=at,
                triaged_at=at,
                closed_at=at + timedelta(days=20),
                closure_reason="done",
                closure_outcome="service_delivered",
                case_pot="ONLINE_PURCHASE_POT",
                row_version=1,
            )
        )  # type: ignore[attr-defined]
        notes.append(
            dict(
                case_id=cid,
                workstream_id=None,
                author_user_id=w["affiliate"].user_id,
                compartment="general",
                body="Still nothing from the seller.",
                created_at=at,
            )
        )  # type: ignore[attr-defined]
        claims.append(
            dict(
                id=clid,
                case_id=cid,
                affiliation_id=w.affiliation_id,
                household_id=w.household_id,
                person_id=who[n % 4],
                guarantee="ECOM",
                kind="non_delivery",
                claimed_cents=12_000,
                occurrence_date=at.date(),
                discovery_date=at.date(),
                declaration_date=at.date(),
                circumstances={},
                language="nl",
                payee_iban=None,
                payee_name=None,
                status="decided",
                outcome="accepted",
                queue_reason=None,
                payable_cents=12_000,
                paid_cents=0,
                recovered_cents=0,
                submitted_by="bench",
                submitted_at=at,
                decided_at=at,
                decision_due_at=None,
                payment_due_at=None,
                version=1,
            )
        )  # type: ignore[attr-defined]
        decisions.append(
            dict(
                claim_id=clid,
                sequence=1,
                kind="engine",
                state="final",
                outcome="accepted",
                payable_cents=12_000,
                product_code="cyber-care-be",
                product_version="2021-12",
                inputs=None,
                decision={
                    "reasons": [{"code": "pot.within_limit", "article": "Art. 5", "params": {}}]
                },
                decided_by="engine",
                approved_by=None,
                note=None,
                decided_at=at,
            )
        )
        for k in range(2):
            evidence.append(
                dict(
                    claim_id=clid,
                    evidence_type="order_confirmation",
                    filename=f"order-{n}-{k}.pdf",
                    content_type="application/pdf",
                    size_bytes=len(blob),
                    sha256="0" * 64,
                    content=blob,
                    received_at=at,
                    uploaded_by="bench",
                )
            )
    for m in range(YEARS * 12):
        day = (start + timedelta(days=30.44 * m)).date()
        charges.append(
            dict(
                affiliation_id=w.affiliation_id,
                distributor_code="proxi",
                period=f"{day:%Y-%m}",
                covered_from=day,
                covered_to=day + timedelta(days=29),
                days=30,
                month_days=30,
                gross_cents=499,
                net_cents=457,
                tax_cents=42,
                tax_rate_bp=925,
                channel="distributor",
                status="paid",
                status_on=day,
                debit_batch_id=None,
                run_id=0,
            )
        )  # type: ignore[attr-defined]
    with database.uow() as uow:
        s = uow.session
        s.execute(insert(CaseRow), cases)
        s.execute(insert(CaseNoteRow), notes)
        s.execute(insert(ClaimRow), claims)
        s.execute(insert(ClaimDecisionRow), decisions)
        s.execute(insert(EvidenceRow), evidence)
        ids = list(
            s.execute(insert(PremiumLineRow).returning(PremiumLineRow.id), charges).scalars()
        )
        for line_id, charge in zip(ids, charges, strict=True):
            payments.append(
                dict(
                    source="distributor",
                    external_ref=f"p{line_id}",
                    premium_line_id=line_id,
                    outcome="paid",
                    amount_cents=499,
                    event_date=charge["covered_from"],
                    reason_code=None,
                    file_sha256="0" * 64,
                    recorded_at=start,
                )
            )
        s.execute(insert(PaymentEventRow), payments)
        uow.commit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.db == "sqlite":
        url = "sqlite:////tmp/bench_export.db"
        if os.path.exists("/tmp/bench_export.db"):
            os.remove("/tmp/bench_export.db")
    else:
        url = os.environ.get(
            "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_export"
        )
    upgrade(url)
    database = Database(make_engine(url))
    clock = FixedClock(datetime(2026, 11, 27, 9, tzinfo=UTC))
    catalog = Catalog.of([reference_product()])
    world = household_world(database, clock)
    seed_history(database, world)
    for run in range(args.runs):
        with database.uow() as uow:
            asked = service.register_request(
                uow,
                world["admin"],
                person_id=world.person("affiliate"),
                channel="letter",
                received_on=clock.today(),
                clock=clock,
            )
            began = time.perf_counter()
            info = service.produce_export(uow, asked.request_id, catalog, clock, actor="bench")
            took = time.perf_counter() - began
            uow.commit()
        print(
            f"{args.db} run {run + 1}: {took * 1000:.0f} ms, archive {info.size_bytes / 1e6:.2f} MB"
        )


if __name__ == "__main__":
    main()
