"""A rerun of a finished period bills exactly the lines still missing (affiliations that became
billable for the period after its run: subscribed later, backdated), priced like the run, with a
balanced supplementary ledger entry per distributor; it creates nothing when nothing is missing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from cybercare.billing import run_sql
from cybercare.billing.domain import Period
from cybercare.billing.run import run_billing
from cybercare.db.tables import (
    BillingRunRow,
    DistributorRow,
    LedgerEntryRow,
    LedgerLineRow,
    PremiumLineRow,
)
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.ledger.domain import Account
from cybercare.ledger.service import balance, unbalanced_entries
from cybercare.product.catalog import Catalog
from tests.billing.builders import (
    AT,
    add_affiliation,
    add_mandate,
    bulk_affiliations,
    end_affiliation,
    seed,
)

DECEMBER = Period(2026, 12)


def _lines(db: Database) -> dict[str, tuple[int, int, int, int, str, int]]:
    line = PremiumLineRow
    with db.reader() as uow:
        rows = uow.session.execute(
            select(
                line.affiliation_id,
                line.id,
                line.days,
                line.gross_cents,
                line.net_cents,
                line.channel,
                line.tax_cents,
            ).where(line.period == DECEMBER.code)
        )
        return {row[0]: tuple(row[1:]) for row in rows}  # type: ignore[misc]


def _entries(db: Database) -> dict[str, dict[tuple[str, str | None], tuple[int, int]]]:
    """Every ledger entry by key: (account, party) -> (debit, credit)."""
    with db.reader() as uow:
        rows = uow.session.execute(
            select(
                LedgerEntryRow.dedupe_key,
                LedgerLineRow.account,
                LedgerLineRow.party,
                LedgerLineRow.debit_cents,
                LedgerLineRow.credit_cents,
            ).join(LedgerLineRow, LedgerLineRow.entry_id == LedgerEntryRow.id)
        )
        entries: dict[str, dict[tuple[str, str | None], tuple[int, int]]] = {}
        for key, account, party, debit, credit in rows:
            entries.setdefault(key, {})[(account, party)] = (debit, credit)
        return entries


def _add_orange(db: Database) -> None:
    with db.uow() as uow:
        uow.session.add(
            DistributorRow(
                code="orange", name="Orange", commission_bp=1000, last_event_seq=0, created_at=AT
            )
        )
        uow.commit()


def test_affiliations_billable_after_the_run_are_billed_by_the_rerun_with_a_supplement(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run_sql, "SUPPLEMENT_BATCH", 1)  # the two partial months, one by one
    _add_orange(billing_db)
    with billing_db.uow() as uow:
        bulk_affiliations(uow, 5)
        bulk_affiliations(uow, 2, distributor="orange")
        uow.commit()
    first = run_billing(billing_db, catalog, run_clock, DECEMBER, chunk_size=3)
    assert (first.lines_created, first.already_finished) == (7, False)
    before = _lines(billing_db)
    with billing_db.uow() as uow:
        # subscribed after the run, starting within the period: 22 of 31 days
        add_affiliation(uow, affiliation_id="aff_late", start_date=date(2026, 12, 10))
        # backdated: the whole month, collected by direct debit
        add_affiliation(uow, affiliation_id="aff_backdated", start_date=date(2026, 11, 1))
        add_mandate(uow, "aff_backdated")
        # backdated and withdrawn within the period: 20 of 31 days
        add_affiliation(uow, affiliation_id="aff_short", start_date=date(2026, 6, 1))
        end_affiliation(uow, "aff_short", "withdrawn", date(2026, 12, 21))
        add_affiliation(uow, affiliation_id="aff_orange", distributor="orange")
        # not billable for the period: starts in January, or ended before December
        add_affiliation(uow, affiliation_id="aff_january", start_date=date(2027, 1, 1))
        add_affiliation(uow, affiliation_id="aff_gone", start_date=date(2026, 6, 1))
        end_affiliation(uow, "aff_gone", "terminated", date(2026, 12, 1))
        uow.commit()

    rerun = run_billing(billing_db, catalog, run_clock, DECEMBER, chunk_size=3)

    lines = _lines(billing_db)
    assert rerun.already_finished and rerun.lines_created == 4
    assert set(lines) - set(before) == {"aff_late", "aff_backdated", "aff_short", "aff_orange"}
    assert {key: lines[key] for key in before} == before  # existing lines untouched
    _, late_days, late_gross, late_net, late_channel, late_tax = lines["aff_late"]
    assert (late_days, late_gross, late_net + late_tax, late_channel) == (
        22,
        354,
        354,
        "distributor",
    )  # 499 * 22 / 31 = 354.1
    assert lines["aff_backdated"][1:5] == (31, 499, 455, "direct_debit")
    assert lines["aff_short"][1:3] == (20, 322)  # 499 * 20 / 31 = 321.9
    assert lines["aff_orange"][1:3] == (31, 499)
    assert [(t.distributor, t.lines, t.gross_cents) for t in rerun.supplement] == [
        ("orange", 1, 499),
        ("proximus", 3, 354 + 499 + 322),
    ]
    assert [(t.distributor, t.lines) for t in rerun.totals] == [("orange", 3), ("proximus", 8)]

    entries = _entries(billing_db)
    proximus_first = min(lines[a][0] for a in ("aff_late", "aff_backdated", "aff_short"))
    supplement = entries[f"premium-supplement:2026-12:proximus:{proximus_first}"]
    assert supplement[("premium_receivable", "proximus")] == (354 + 499 + 322, 0)
    added_net = sum(lines[a][3] for a in ("aff_late", "aff_backdated", "aff_short"))
    assert supplement[("commission_payable", "proximus")] == (0, round(added_net * 0.15))
    assert f"premium-supplement:2026-12:orange:{lines['aff_orange'][0]}" in entries
    assert len(entries) == 4  # two run entries, two supplements
    with billing_db.reader() as uow:
        assert unbalanced_entries(uow) == []
        # the general ledger equals the sub-ledger again
        receivable = balance(uow, Account.PREMIUM_RECEIVABLE, "proximus").net_debit_cents
        proximus = [v for k, v in lines.items() if "orange" not in k]
        assert receivable == sum(v[2] for v in proximus)
        assert balance(uow, Account.PREMIUM_INCOME).credit_cents == sum(
            v[3] for v in lines.values()
        )
        assert balance(uow, Account.TAX_PAYABLE).credit_cents == sum(v[5] for v in lines.values())
        run = uow.session.scalar(select(BillingRunRow).where(BillingRunRow.scope == "*"))
        assert run is not None and run.lines_created == 11

    # a second rerun finds nothing missing and creates nothing
    again = run_billing(billing_db, catalog, run_clock, DECEMBER, chunk_size=3)
    assert (again.already_finished, again.lines_created, again.supplement) == (True, 0, [])
    assert again.lines == 11
    assert _lines(billing_db) == lines
    assert _entries(billing_db) == entries


def test_a_rerun_with_nothing_missing_creates_nothing(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    with billing_db.uow() as uow:
        bulk_affiliations(uow, 4)
        add_affiliation(uow, affiliation_id="aff_mid", start_date=date(2026, 12, 10))
        uow.commit()
    run_billing(billing_db, catalog, run_clock, DECEMBER, chunk_size=2)
    lines, entries = _lines(billing_db), _entries(billing_db)
    with billing_db.uow() as uow:  # becomes billable only in January
        add_affiliation(uow, affiliation_id="aff_january", start_date=date(2027, 1, 1))
        uow.commit()
    rerun = run_billing(billing_db, catalog, run_clock, DECEMBER, chunk_size=2)
    assert (rerun.already_finished, rerun.lines_created, rerun.supplement) == (True, 0, [])
    assert rerun.lines == 5
    assert _lines(billing_db) == lines
    assert (
        _entries(billing_db)
        == entries
        == {"premium:2026-12:proximus": entries["premium:2026-12:proximus"]}
    )


def test_a_distributor_rerun_supplements_only_its_distributor(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    _add_orange(billing_db)
    with billing_db.uow() as uow:
        bulk_affiliations(uow, 2)
        uow.commit()
    run_billing(billing_db, catalog, run_clock, DECEMBER, distributor="proximus")
    with billing_db.uow() as uow:
        add_affiliation(uow, affiliation_id="aff_p", start_date=date(2026, 12, 1))
        add_affiliation(uow, affiliation_id="aff_o", distributor="orange")
        uow.commit()
    rerun = run_billing(billing_db, catalog, run_clock, DECEMBER, distributor="proximus")
    assert (rerun.already_finished, rerun.lines_created) == (True, 1)
    assert set(_lines(billing_db)) == {
        "aff_b0000000_proximus",
        "aff_b0000001_proximus",
        "aff_p",
    }
    with billing_db.reader() as uow:
        assert unbalanced_entries(uow) == []


def test_a_supplement_killed_before_its_commit_leaves_nothing_and_a_rerun_bills_it(
    fresh_database: tuple[str, Engine],
) -> None:
    url, engine = fresh_database
    database = Database(engine)
    seed(database)
    with database.uow() as uow:
        bulk_affiliations(uow, 3)
        uow.commit()
    assert _cli(url).returncode == 0
    with database.uow() as uow:
        add_affiliation(uow, affiliation_id="aff_late", start_date=date(2026, 12, 10))
        uow.commit()
    lines, entries = _lines(database), _entries(database)

    killed = _cli(url, "before_supplement_commit")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert (_lines(database), _entries(database)) == (lines, entries)

    billed = _cli(url)
    assert billed.returncode == 0, billed.stderr
    assert "1 missing lines billed as a supplement" in " ".join(billed.stdout.split())
    assert set(_lines(database)) - set(lines) == {"aff_late"}
    assert len(_entries(database)) == 2
    again = _cli(url)
    assert again.returncode == 0
    assert "no line is missing: nothing created" in " ".join(again.stdout.split())
    with database.reader() as uow:
        assert unbalanced_entries(uow) == []


def _cli(url: str, kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"CYBERCARE_DATABASE_URL": url, "CYBERCARE_ENVIRONMENT": "test"}
    if kill_at:  # the same run, killed by the crash tests' own checkpoint
        command = [sys.executable, str(Path(__file__).with_name("killed_run.py")), kill_at]
        command += ["2026-12"]
    else:
        command = [sys.executable, "-m", "cybercare.cli", "billing", "run", "--period", "2026-12"]
        command += ["--quiet"]
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120, check=False
    )
