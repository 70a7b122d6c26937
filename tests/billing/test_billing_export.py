"""The charges of a billed period stream out of a real database for the distributor's invoices:
on PostgreSQL through a server-side cursor, which exists only inside a transaction."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from cybercare.billing import service
from cybercare.billing.domain import Period
from cybercare.billing.run import run_billing
from cybercare.cli.billing import billing_app
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.product.catalog import Catalog
from tests.billing.builders import bulk_affiliations, seed

DECEMBER = Period(2026, 12)
COUNT = 12


def _billed(engine: Engine, catalog: Catalog, clock: FixedClock) -> Database:
    database = Database(engine)
    seed(database)
    with database.uow() as uow:
        bulk_affiliations(uow, COUNT)
        uow.commit()
    run_billing(database, catalog, clock, DECEMBER, chunk_size=5)
    return database


def test_the_charges_of_a_billed_period_are_streamed_in_id_order(
    fresh_database: tuple[str, Engine], catalog: Catalog, run_clock: FixedClock
) -> None:
    _url, engine = fresh_database
    database = _billed(engine, catalog, run_clock)
    with database.streaming_reader() as uow:
        charges = list(service.export_charges(uow, DECEMBER, "proximus"))
    assert len(charges) == COUNT
    assert [charge.line_id for charge in charges] == sorted(charge.line_id for charge in charges)
    assert {charge.period for charge in charges} == {DECEMBER.code}


def test_the_export_command_writes_every_charge_of_the_period(
    fresh_database: tuple[str, Engine],
    catalog: Catalog,
    run_clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, engine = fresh_database
    _billed(engine, catalog, run_clock)
    monkeypatch.setenv("CYBERCARE_DATABASE_URL", url)
    target = tmp_path / "charges.csv"
    command = ["export", "--period", DECEMBER.code, "--distributor", "proximus"]
    result = CliRunner().invoke(billing_app, [*command, "--output", str(target)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == COUNT
