"""Collection channels: the distributor's export and payment results, SEPA direct debit
(pain.008 valid against the ISO 20022 schema, returned debits) and bank transfers matched on
their structured communication. Imports are idempotent and report malformed lines by number."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from sqlalchemy import select, text

from cybercare.billing import collection, sepa, service
from cybercare.billing.domain import Period, communication_for
from cybercare.billing.formats import charges_csv, charges_json
from cybercare.billing.run import run_billing
from cybercare.db.tables import PremiumLineRow
from cybercare.db.uow import Database
from cybercare.kernel.bank_account import BankAccount, Creditor
from cybercare.kernel.clock import FixedClock
from cybercare.ledger.domain import Account
from cybercare.ledger.service import balance, unbalanced_entries
from cybercare.product.catalog import Catalog
from cybercare.settings import DEVELOPMENT_CREDITOR_ID
from tests.billing.builders import add_affiliation, add_mandate

DECEMBER = Period(2026, 12)
CREDITOR = Creditor(
    BankAccount.checked("Cyber Care SA", "BE71096123456769", "GKCCBEBB"), DEVELOPMENT_CREDITOR_ID
)
MONDAY = date(2026, 11, 30)  # the first TARGET2 business day after Friday 27 November


def _billed(db: Database, catalog: Catalog, clock: FixedClock, *, debit: bool = False) -> list[int]:
    with db.uow() as uow:
        for index in range(3):
            add_affiliation(uow, affiliation_id=f"aff_{index}", start_date=date(2026, 1, 1))
            if debit:
                add_mandate(uow, f"aff_{index}")
        uow.commit()
    run_billing(db, catalog, clock, DECEMBER)
    with db.reader() as uow:
        return list(uow.session.scalars(select(PremiumLineRow.id).order_by(PremiumLineRow.id)))


def _status(db: Database) -> list[str]:
    with db.reader() as uow:
        return list(uow.session.scalars(select(PremiumLineRow.status).order_by(PremiumLineRow.id)))


def test_distributor_export_lists_every_charge_in_csv_and_json(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    ids = _billed(billing_db, catalog, run_clock)
    with billing_db.reader() as uow:
        charges = list(service.export_charges(uow, DECEMBER, "proximus"))
    rows = list(csv.DictReader(io.StringIO("".join(charges_csv(charges)))))
    assert [int(r["charge_id"]) for r in rows] == ids
    first = rows[0]
    assert (first["gross"], first["net"], first["tax"], first["tax_rate"]) == (
        "4.99",
        "4.55",
        "0.44",
        "9.60",
    )
    assert (first["covered_from"], first["covered_until"]) == ("2026-12-01", "2026-12-31")
    assert first["structured_communication"] == communication_for(ids[0])
    document = json.loads(charges_json("2026-12", "proximus", charges))
    assert document["count"] == 3 and document["totals"]["gross"] == "14.97"


def _results(rows: list[str]) -> str:
    return "charge_id,outcome,amount,date\n" + "\n".join(rows) + "\n"


def test_payment_results_apply_once_and_report_malformed_lines_by_number(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    a, b, c = _billed(billing_db, catalog, run_clock)
    content = _results(
        [
            f"{a},paid,4.99,2026-12-05",
            "oops,paid,4.99,2026-12-05",
            f"{b},unpaid,4.99,2026-12-05",
            f"{c},paid,4.98,2026-12-05",
            f"{c},lost,4.99,2026-12-05",
            "999999,paid,4.99,2026-12-05",
            f"{c},contested,4.99,2026-12-32",
        ]
    )
    with billing_db.uow() as uow:
        report = service.import_payment_results(uow, "proximus", content, run_clock)
        uow.commit()
    assert report.applied == 2
    assert [e.line for e in report.errors] == [3, 5, 6, 7, 8]
    assert _status(billing_db) == ["paid", "unpaid", "open"]
    with billing_db.uow() as uow:
        again = service.import_payment_results(uow, "proximus", content, run_clock)
        uow.commit()
    assert (again.applied, again.already_applied) == (0, 2)
    with billing_db.reader() as uow:
        assert balance(uow, Account.BANK).net_debit_cents == 499
        assert balance(uow, Account.PREMIUM_RECEIVABLE, "proximus").net_debit_cents == 2 * 499
        assert unbalanced_entries(uow) == []


def test_a_file_with_a_wrong_header_is_refused_as_line_1(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    with billing_db.uow() as uow:
        report = service.import_payment_results(uow, "proximus", "id;status\n1;paid\n", run_clock)
    assert [e.line for e in report.errors] == [1] and report.applied == 0


def test_pain_008_is_valid_against_the_iso_20022_schema(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    ids = _billed(billing_db, catalog, run_clock, debit=True)
    with billing_db.uow() as uow:
        built = sepa.build_debit_file(uow, DECEMBER, CREDITOR, MONDAY, run_clock)
        again = sepa.build_debit_file(uow, DECEMBER, CREDITOR, MONDAY, run_clock)
        uow.commit()
    assert built is not None and again is None  # each line is collected once
    assert (built.line_count, built.total_cents) == (3, 1497)
    sepa.validate_pain_008(built.xml)
    xml = built.xml.decode()
    assert f"CCPL{ids[0]}" in xml and "<SeqTp>RCUR</SeqTp>" in xml and "CC-aff-0" in xml
    with pytest.raises(sepa.InvalidSepaFile):
        sepa.validate_pain_008(built.xml.replace(b"<SeqTp>RCUR</SeqTp>", b"<SeqTp>XXXX</SeqTp>"))


def test_returned_debits_reverse_the_collection_and_make_the_premium_unpaid(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    a, b, _ = _billed(billing_db, catalog, run_clock, debit=True)
    with billing_db.uow() as uow:
        built = sepa.build_debit_file(uow, DECEMBER, CREDITOR, MONDAY, run_clock)
        assert built is not None
        # The bank's statement credits the batch (issue 15: never the date alone).
        collected = collection.confirm_batch_collected(
            uow,
            built.batch_id,
            amount_cents=built.total_cents,
            dedupe_key="bank:test:1",
            on=MONDAY,
            at=run_clock.now(),
        )
        assert collected == 3
        uow.commit()
    assert _status(billing_db) == ["paid", "paid", "paid"]
    returns = (
        "end_to_end_id,reason_code,amount,date\n"
        f"CCPL{a},AM04,4.99,2026-12-08\n"
        f"CCPL{b},ZZ99,4.99,2026-12-08\n"
        "XX1,AM04,4.99,2026-12-08\n"
    )
    with billing_db.uow() as uow:
        report = sepa.import_returned_debits(uow, returns, run_clock)
        uow.commit()
    assert report.applied == 1 and [e.line for e in report.errors] == [3, 4]
    assert _status(billing_db) == ["unpaid", "paid", "paid"]
    with billing_db.reader() as uow:
        assert balance(uow, Account.BANK).net_debit_cents == 2 * 499
        assert unbalanced_entries(uow) == []


def test_bank_transfers_are_matched_on_the_structured_communication(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    a, b, _ = _billed(billing_db, catalog, run_clock)
    statement = (
        "bank_ref,date,amount,communication,counterparty\n"
        f"T1,2026-12-03,4.99,{communication_for(a)},An Peeters\n"
        f"T2,2026-12-03,4.99,+++000/0000/00000+++,Someone\n"
        f"T3,2026-12-03,4.99,{communication_for(b)},Bert\n"
    )
    with billing_db.uow() as uow:
        first = service.import_transfers(uow, statement, run_clock)
        second = service.import_transfers(uow, statement, run_clock)
        uow.commit()
    assert first.applied == 2 and [e.line for e in first.errors] == [3]
    assert second.applied == 0 and second.already_applied == 2
    assert _status(billing_db) == ["paid", "paid", "open"]


def test_ledger_tables_refuse_update_and_delete(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    _billed(billing_db, catalog, run_clock)
    for statement in ("UPDATE ledger_lines SET debit_cents = 1", "DELETE FROM ledger_entries"):
        with billing_db.uow() as uow, pytest.raises(Exception, match="append-only"):
            uow.session.execute(text(statement))
