"""`import_book`: an existing book comes in with the rows, audit and feed events one-by-one
subscriptions write; a re-run is a no-op; a crash loses one batch and the re-run completes it;
a dry run lists every problem with its line and writes nothing."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from cybercare.book.domain import Problem, RawHousehold
from cybercare.book.formats import read_csv, read_jsonl
from cybercare.book.service import BookImport, ImportReport, import_book
from cybercare.db.tables import AuditEvent, BookImportRow, MandateRow, PartnerEventRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.outbox.endpoints import register_endpoint
from cybercare.product.catalog import Catalog
from tests.api.builders import row_counts
from tests.book import builders
from tests.policy_service import builders as policy_builders


@pytest.fixture
def products(db: Database, clock: FixedClock) -> Catalog:
    catalog = policy_builders.catalog()
    policy_builders.seed(db, clock, products=catalog)
    with db.uow() as uow:
        register_endpoint(uow, distributor="proximus", url="http://127.0.0.1:9/h", at=clock.now())
        uow.commit()
    return catalog


def run(
    db: Database,
    products: Catalog,
    clock: FixedClock,
    text: str,
    *,
    csv: bool = False,
    dry_run: bool = False,
    batch_size: int = 2,
    checkpoint: Any = None,
    workers: int = 0,
) -> ImportReport:
    reader = read_csv if csv else read_jsonl
    request = BookImport(
        "proximus", products.latest("cyber-care-be"), "book.jsonl", batch_size, dry_run, workers
    )
    records: list[RawHousehold | Problem] = list(reader(io.StringIO(text, newline="")))
    if checkpoint is None:
        return import_book(db, request, records, clock)
    return import_book(db, request, records, clock, checkpoint=checkpoint)


def feed_types(db: Database) -> Counter[str]:
    with db.reader() as uow:
        return Counter(uow.session.scalars(select(PartnerEventRow.type)))


def audit_actions(db: Database) -> Counter[str]:
    with db.reader() as uow:
        return Counter(uow.session.scalars(select(AuditEvent.action)))


def count(db: Database, entity: Any) -> int:
    with db.reader() as uow:
        return uow.session.scalar(select(func.count()).select_from(entity)) or 0


def test_an_imported_household_has_the_rows_and_events_of_a_subscription(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    before = row_counts(db)
    policy_builders.subscribe(db, products, clock)
    subscribed = row_counts(db)
    report = run(db, products, clock, builders.jsonl(builders.household(1)))
    imported = row_counts(db)

    assert (report.imported, report.refused, report.problems) == (1, 0, [])
    by_subscription = {k: subscribed[k] - before[k] for k in before}
    by_import = {k: imported[k] - subscribed[k] for k in before}
    by_import["audit_events"] -= 2  # its mandate_registered, and the batch's book.batch_imported
    assert by_import == by_subscription
    assert feed_types(db) == Counter({"affiliation.subscribed": 2, "household.member_joined": 2})
    assert audit_actions(db)["book.batch_imported"] == 1
    assert audit_actions(db)["mandate_registered"] == 1
    with db.reader() as uow:
        mark = uow.session.scalars(select(BookImportRow)).one()
        assert (mark.customer_ref, mark.line_no, mark.paid_until) == (
            "BOOK-000001",
            1,
            date(2027, 1, 1),
        )


@pytest.mark.parametrize("csv", [False, True], ids=["jsonl", "csv"])
def test_a_rerun_imports_nothing_more(
    db: Database, clock: FixedClock, products: Catalog, csv: bool
) -> None:
    households = [builders.household(n) for n in range(1, 6)]
    text = builders.csv_text(*households) if csv else builders.jsonl(*households)
    first = run(db, products, clock, text, csv=csv)
    after_first = row_counts(db)
    second = run(db, products, clock, text, csv=csv)

    assert (first.imported, first.refused, first.batches) == (5, 0, 3)
    assert (second.imported, second.already_imported, second.batches) == (0, 5, 0)
    assert row_counts(db) == after_first
    assert count(db, MandateRow) == 5


class Crash(Exception):
    pass


def test_a_crash_loses_one_batch_and_the_rerun_completes_exactly_once(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    text = builders.jsonl(*(builders.household(n) for n in range(1, 8)))

    def crash_in_batch_3(point: str) -> None:
        if point == "before_commit:3":
            raise Crash(point)

    with pytest.raises(Crash):
        run(db, products, clock, text, checkpoint=crash_in_batch_3, workers=2)
    assert count(db, BookImportRow) == 4  # batches 1 and 2 committed, 3 rolled back
    resumed = run(db, products, clock, text, workers=2)  # lines checked in 2 processes

    assert (resumed.imported, resumed.already_imported) == (3, 4)
    assert count(db, BookImportRow) == 7
    assert count(db, MandateRow) == 7
    assert feed_types(db) == Counter({"affiliation.subscribed": 7, "household.member_joined": 7})
    assert audit_actions(db)["book.batch_imported"] == 4  # 2 before the crash, 2 after


def test_a_dry_run_lists_every_problem_with_its_line_and_writes_nothing(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    good, bad_iban, minor, duplicate = (builders.household(n) for n in range(1, 5))
    bad_iban["mandate"]["iban"] = "BE71096123456760"
    minor["affiliate"]["birth_date"] = "2015-02-01"
    minor["affiliate"].pop("national_register_number")
    duplicate["members"][0]["national_register_number"] = good["affiliate"][
        "national_register_number"
    ]
    duplicate["members"][0]["birth_date"] = good["affiliate"]["birth_date"]
    late = builders.household(5)
    late["members"][0]["joined_on"] = "2025-12-01"  # before the start date
    text = builders.jsonl(good, bad_iban, minor, duplicate, late) + "{not json\n"
    before = row_counts(db)

    report = run(db, products, clock, text, dry_run=True)

    assert row_counts(db) == before and count(db, BookImportRow) == 0
    assert (report.imported, report.refused) == (1, 5)
    where = {(p.line, p.field) for p in report.problems}
    assert where == {
        (2, "mandate.iban"),
        (3, "affiliate.birth_date"),
        (4, "national_register_number"),
        (5, "members.0.relationship"),
        (6, "line"),
    }
    duplicate_problem = next(p for p in report.problems if p.line == 4)
    assert "line 1" in duplicate_problem.message
    minor_problem = next(p for p in report.problems if p.line == 3)
    assert minor_problem.clause == "Art. 2.4"


def test_a_real_run_imports_the_good_lines_and_refuses_the_others_by_line(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    good, bad = builders.household(1), builders.household(2)
    bad["members"][0]["birth_date"] = "2030-01-01"
    text = builders.csv_text(good, bad)

    report = run(db, products, clock, text, csv=True)

    assert (report.imported, report.refused) == (1, 1)
    # CSV: the header is line 1, household 1 lines 2-3, household 2 lines 4-5 (its spouse: 5)
    assert [(p.line, p.field) for p in report.problems] == [(5, "members.0.birth_date")]
    fixed = builders.csv_text(good, builders.household(2))
    again = run(db, products, clock, fixed, csv=True)
    assert (again.imported, again.already_imported, again.refused) == (1, 1, 0)


def test_a_household_paid_up_to_a_month_is_billed_from_that_month(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    from cybercare.billing.domain import Period
    from cybercare.billing.run import run_billing
    from cybercare.db.tables import PremiumLineRow

    prepaid, unpaid = builders.household(1), builders.household(2)
    unpaid.pop("paid_until")
    run(db, products, clock, builders.jsonl(prepaid, unpaid))

    def billed(period: Period) -> list[str]:
        run_billing(db, products, FixedClock.on(period.start), period)
        with db.reader() as uow:
            query = (
                select(BookImportRow.customer_ref)
                .join(PremiumLineRow, PremiumLineRow.affiliation_id == BookImportRow.affiliation_id)
                .where(PremiumLineRow.period == period.code)
            )
            return sorted(uow.session.scalars(query))

    assert billed(Period(2026, 12)) == ["BOOK-000002"]  # BOOK-000001 paid up to 2027-01-01
    assert billed(Period(2027, 1)) == ["BOOK-000001", "BOOK-000002"]


def test_large_batches_write_the_same_rows_by_copy(
    db: Database, clock: FixedClock, products: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL a batch of many rows goes by COPY (db.inserts.insert_rows): the threshold
    lowered to one row, a batch reads back as the INSERTs would have written it."""
    from cybercare.db import inserts
    from cybercare.db.tables import OutboxMessage
    from cybercare.partners.feed import events_after

    monkeypatch.setattr(inserts, "COPY_FROM_ROWS", 1)
    before = row_counts(db)
    report = run(db, products, clock, builders.jsonl(*map(builders.household, range(1, 4))))
    after = row_counts(db)

    assert (report.imported, report.events) == (3, 6)
    assert {k: after[k] - before[k] for k in before} == {
        "affiliations": 3,
        "status_periods": 3,
        "persons": 6,
        "memberships": 6,
        "addresses": 3,
        "audit_events": 6 + 3 + 2,  # per event, per mandate, per batch (two batches)
        "partner_events": 6,
        "outbox_messages": 6,
    }
    with db.reader() as uow:
        events = events_after(uow, "proximus", 0, 100)
        assert [e.type for e in events][:2] == ["affiliation.subscribed", "household.member_joined"]
        assert events[0].occurred_at == clock.now()
        assert events[0].data["customer_ref"] == "BOOK-000001"
        batch = uow.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "book.batch_imported")
        ).first()
        assert batch is not None
        assert batch.details["lines"] == [1, 2]
        bodies = list(uow.session.scalars(select(OutboxMessage.payload)))
        assert {body["event_type"] for body in bodies} == {
            "affiliation.subscribed",
            "household.member_joined",
        }


def test_new_rows_by_copy_still_skip_what_exists(
    db: Database, clock: FixedClock, products: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cybercare.db import inserts
    from cybercare.outbox.enqueue import WebhookEvent, enqueue_webhooks

    monkeypatch.setattr(inserts, "COPY_FROM_ROWS", 1)
    events = [WebhookEvent(f"evt_{n}", "affiliation.subscribed", {"n": n}) for n in range(3)]
    with db.uow() as uow:
        first = enqueue_webhooks(uow, distributor="proximus", events=events, at=clock.now())
        again = enqueue_webhooks(uow, distributor="proximus", events=events, at=clock.now())
        uow.commit()
    assert len(first) == 3
    assert again == []
