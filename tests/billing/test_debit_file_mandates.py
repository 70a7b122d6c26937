"""Debit files under the mandate lifecycle: refusals (TARGET2 date, signature, accounts, no
mandate), amendment details once, EPC texts with nasty names, the platform clock in CreDtTm,
and the lapse job. Both databases."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from cybercare.billing import mandate_service, sepa
from cybercare.billing.domain import Period
from cybercare.billing.mandate import MandateChannel
from cybercare.billing.mandate_service import MandateDetails
from cybercare.billing.run import run_billing
from cybercare.cli.billing import billing_app
from cybercare.db.tables import AuditEvent, MandateRow
from cybercare.db.uow import Database
from cybercare.kernel.bank_account import BankAccount, Creditor
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.sepa_text import EPC_ALLOWED
from cybercare.product.catalog import Catalog
from cybercare.settings import DEVELOPMENT_CREDITOR_ID
from tests.billing.builders import add_affiliation, seed

DECEMBER = Period(2026, 12)
MONDAY = date(2026, 11, 30)  # run_clock is Friday 27 November 2026
CREDITOR = Creditor(
    BankAccount.checked("Cyber Care SA", "BE71096123456769", "GKCCBEBB"), DEVELOPMENT_CREDITOR_ID
)
NASTY = "Zoë_O'Brien & <Co>"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}


def _mandated(
    db: Database,
    catalog: Catalog,
    clock: FixedClock,
    *,
    holder: str = "An Peeters",
    signed: date = date(2026, 11, 2),
) -> None:
    with db.uow() as uow:
        add_affiliation(uow, affiliation_id="aff_1", start_date=date(2026, 1, 1))
        mandate_service.register_mandate(
            uow,
            affiliation_id="aff_1",
            details=MandateDetails("CC-2026-1", holder, "BE71096123456769", signed),
            channel=MandateChannel.PAPER,
            actor="test",
            clock=clock,
        )
        uow.commit()
    run_billing(db, catalog, clock, DECEMBER)


def _refusal(db: Database, clock: FixedClock, when: date, creditor: Creditor = CREDITOR) -> str:
    with db.uow() as uow, pytest.raises(sepa.DebitFileRefused) as refused:
        sepa.build_debit_file(uow, DECEMBER, creditor, when, clock)
    return refused.value.field


@pytest.mark.parametrize(
    "when",
    [date(2026, 11, 27), date(2026, 11, 28), date(2026, 11, 26)],
    ids=["today", "saturday", "past"],
)
def test_a_debit_file_needs_a_target2_business_day_at_least_one_day_ahead(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock, when: date
) -> None:
    _mandated(billing_db, catalog, run_clock)
    assert _refusal(billing_db, run_clock, when) == "collection_date"


def test_a_debit_file_is_refused_on_a_bad_creditor_account(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    _mandated(billing_db, catalog, run_clock)
    bad_iban = Creditor(
        BankAccount("Cyber Care", "BE71096123456768", "GKCCBEBB"), "BE54ZZZ0403258197"
    )
    bad_id = Creditor(CREDITOR.account, "BE54ZZZ040325819")
    assert _refusal(billing_db, run_clock, MONDAY, bad_iban) == "creditor_iban"
    assert _refusal(billing_db, run_clock, MONDAY, bad_id) == "creditor_id"


def test_a_collection_before_the_mandate_signature_is_refused(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    # Backdated in the database: a mandate signed after the chosen collection date.
    _mandated(billing_db, catalog, run_clock)
    with billing_db.uow() as uow:
        uow.session.execute(
            MandateRow.__table__.update().values(signed_on=date(2026, 12, 1))  # type: ignore[attr-defined]
        )
        uow.commit()
    assert _refusal(billing_db, run_clock, MONDAY) == "mandate:CC-2026-1"


def test_a_direct_debit_line_without_a_mandate_in_force_is_refused(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    _mandated(billing_db, catalog, run_clock)
    with billing_db.uow() as uow:
        mandate_service.cancel_mandate(
            uow,
            affiliation_id="aff_1",
            reference="CC-2026-1",
            distributor=None,
            actor="t",
            clock=run_clock,
        )
        uow.commit()
    assert _refusal(billing_db, run_clock, MONDAY) == "mandate"


def test_nasty_names_reach_the_file_in_the_epc_set_and_it_validates(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    _mandated(billing_db, catalog, run_clock, holder=NASTY)
    nasty_creditor = Creditor(
        BankAccount("Cyber_Care & <Assurances> SA", "BE71096123456769", "GKCCBEBB"),
        DEVELOPMENT_CREDITOR_ID,
    )
    with billing_db.uow() as uow:
        built = sepa.build_debit_file(uow, DECEMBER, nasty_creditor, MONDAY, run_clock)
        uow.commit()
    assert built is not None
    sepa.validate_pain_008(built.xml)
    root = etree.fromstring(built.xml)
    texts = [n.text for n in root.iter() if isinstance(n.tag, str) and n.text and n.text.strip()]
    assert all(set(text) <= EPC_ALLOWED for text in texts)
    assert root.findtext(".//p:Dbtr/p:Nm", namespaces=NS) == "Zoe-O'Brien + .Co."
    assert not set("_&<>") & set(
        built.xml.decode().split("?>", 1)[1].replace("<", "").replace(">", "")
    )
    assert root.findtext(".//p:GrpHdr/p:CreDtTm", namespaces=NS) == "2026-11-27T10:00:00"
    assert root.findtext(".//p:GrpHdr/p:MsgId", namespaces=NS) == built.message_id
    assert root.findtext(".//p:SeqTp", namespaces=NS) == "RCUR"


def test_an_amended_iban_is_reported_in_the_next_file_only(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    _mandated(billing_db, catalog, run_clock)
    with billing_db.uow() as uow:
        mandate_service.amend_mandate(
            uow,
            affiliation_id="aff_1",
            reference="CC-2026-1",
            holder_name=None,
            iban="BE43068999999501",  # same bank (GKCCBEBB)
            bic=None,
            distributor="proximus",
            actor="test",
            clock=run_clock,
        )
        first = sepa.build_debit_file(uow, DECEMBER, CREDITOR, MONDAY, run_clock)
        uow.commit()
    assert first is not None
    root = etree.fromstring(first.xml)
    assert root.findtext(".//p:MndtRltdInf/p:AmdmntInd", namespaces=NS) == "true"
    assert (
        root.findtext(".//p:AmdmntInfDtls/p:OrgnlDbtrAcct/p:Id/p:IBAN", namespaces=NS)
        == "BE71096123456769"
    )
    sepa.validate_pain_008(first.xml)
    run_billing(billing_db, catalog, run_clock, Period(2027, 1))
    with billing_db.uow() as uow:
        second = sepa.build_debit_file(uow, Period(2027, 1), CREDITOR, MONDAY, run_clock)
        uow.commit()
    assert second is not None and b"AmdmntInd" not in second.xml


def test_a_move_to_another_bank_is_reported_as_smnda(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    _mandated(billing_db, catalog, run_clock)
    with billing_db.uow() as uow:
        mandate_service.amend_mandate(
            uow,
            affiliation_id="aff_1",
            reference="CC-2026-1",
            holder_name="An Peeters-Smet",
            iban="BE62510007547061",
            bic=None,
            distributor=None,
            actor="test",
            clock=run_clock,
        )
        built = sepa.build_debit_file(uow, DECEMBER, CREDITOR, MONDAY, run_clock)
        uow.commit()
    assert built is not None
    sepa.validate_pain_008(built.xml)
    root = etree.fromstring(built.xml)
    assert root.findtext(".//p:OrgnlDbtrAgt/p:FinInstnId/p:Othr/p:Id", namespaces=NS) == "SMNDA"
    assert root.findtext(".//p:Dbtr/p:Nm", namespaces=NS) == "An Peeters-Smet"


def test_the_daily_job_lapses_a_mandate_36_months_after_its_last_collection(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    _mandated(billing_db, catalog, run_clock)
    with billing_db.uow() as uow:
        sepa.build_debit_file(uow, DECEMBER, CREDITOR, MONDAY, run_clock)
        uow.commit()
    day_before = FixedClock.on(date(2029, 11, 29))
    with billing_db.uow() as uow:
        assert mandate_service.lapse_unused_mandates(uow, day_before) == 0
        day_before.advance(timedelta(days=1))
        assert mandate_service.lapse_unused_mandates(uow, day_before) == 1
        uow.commit()
    with billing_db.reader() as uow:
        assert uow.session.scalar(select(MandateRow.status)) == "lapsed"
        actions = set(uow.session.scalars(select(AuditEvent.action)))
    assert {"mandate_registered", "mandate_lapsed"} <= actions


def test_the_debit_file_command_refuses_a_past_collection_date_with_a_message(
    fresh_database: tuple[str, Engine],
    catalog: Catalog,
    run_clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, engine = fresh_database
    database = Database(engine)
    seed(database)
    _mandated(database, catalog, run_clock)
    monkeypatch.setenv("CYBERCARE_DATABASE_URL", url)
    target = tmp_path / "debits.xml"
    command = ["debit-file", "--period", DECEMBER.code, "--collection-date", "2020-01-06"]
    result = CliRunner().invoke(billing_app, [*command, "--output", str(target)])
    assert result.exit_code == 1
    assert "not a TARGET2 business day" in result.output and not target.exists()
