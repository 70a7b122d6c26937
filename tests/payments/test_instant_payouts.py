"""Payouts in seconds (issue 15): an STP decision to an account approved for the household is
handed to the worker in the decision's transaction and leaves as one SEPA Instant transfer
(pain.001.001.09, INST); the bank's pain.002 decides: ACCC instructed, RJCT back to the batch
file with the bank's reason. Against a real local HTTP bank (tests/payments/local_bank.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import xmlschema
from sqlalchemy import select

from cybercare.banking.connector import BankConnector
from cybercare.claims.submit import submit_claim
from cybercare.db.tables import OutboxMessage, PayoutRow
from cybercare.db.uow import Database, UnitOfWork
from cybercare.kernel.bank_account import BankAccount
from cybercare.kernel.clock import FixedClock
from cybercare.outbox.jobs import JobRegistry
from cybercare.outbox.runner import run_worker
from cybercare.outbox.transports import HttpWebhookTransport, MailboxTransport
from cybercare.payments import service as payments
from cybercare.payments.instant import INSTANT, InstantHandler
from cybercare.payments.instant_xml import build_instant_pain001, parse_pain002
from cybercare.payments.sepa import Transfer, schema_path
from tests.accounts import PAYOUT_ACCOUNT
from tests.claims.builders import (
    IBAN,
    World,
    catalog,
    ecom_evidence,
    ecom_submission,
    open_claim_case,
    setup_world,
)
from tests.payments.local_bank import LocalBank, local_bank

DEBTOR = BankAccount("Inter Partner Assistance SA", "BE68539007547034", "GKCCBEBB")


def test_the_instant_transfer_validates_against_pain_001_001_09_and_says_inst() -> None:
    pain = build_instant_pain001(
        "INST-pay_1",
        DEBTOR,
        Transfer("pay-1", "Zoë Dupont & fils", IBAN, 12_345, "Cyber Care clm_1"),
        created_at=datetime(2026, 11, 27, 9, 0, 1, 500, tzinfo=UTC),
        on=date(2026, 11, 27),
    )
    xmlschema.XMLSchema(schema_path()).validate(pain.xml.decode())
    for part in (
        b"<SvcLvl><Cd>SEPA</Cd></SvcLvl>",
        b"<LclInstrm><Cd>INST</Cd></LclInstrm>",
        b"<CreDtTm>2026-11-27T09:00:01+00:00</CreDtTm>",
        b"<Nm>Zoe Dupont + fils</Nm>",
        b'<InstdAmt Ccy="EUR">123.45</InstdAmt>',
        b"<IBAN>BE68539007547034</IBAN>",
    ):
        assert part in pain.xml


def _stp_claim(uow: UnitOfWork, world: World, clock: FixedClock, cents: int) -> str:
    # Each claim a loss of its own (another day: not a possible duplicate of the first).
    discovery = date(2026, 11, 20 - cents // 10_000)
    made = submit_claim(
        uow,
        world.member,
        open_claim_case(uow, world, clock, "ECOM", discovery=discovery),
        ecom_submission(cents),
        catalog(),
        clock,
        ecom_evidence(),
    )
    return made.payouts[0].payout_id


def _instant_messages(uow: UnitOfWork) -> list[str]:
    rows = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == INSTANT))
    return [str(row.payload["payout_id"]) for row in rows]


def test_only_an_stp_payout_to_an_approved_account_is_sent_instantly(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        unknown = _stp_claim(uow, world, clock, 10_000)
        assert _instant_messages(uow) == []  # a new IBAN: a handler checks it first
        payments.approve_payout(uow, unknown, actor=world.handler.actor, at=clock.now())
        assert _instant_messages(uow) == []  # approved later: the batch file takes it
        known = _stp_claim(uow, world, clock, 20_000)
        assert _instant_messages(uow) == [known]


def _run_worker(db: Database, clock: FixedClock, bank: LocalBank, tmp_path: Path) -> None:
    with BankConnector(bank.url) as connector, HttpWebhookTransport() as webhooks:
        run_worker(
            db,
            clock,
            webhook_transport=webhooks,
            mail_transport=MailboxTransport(tmp_path / "mailbox"),
            secret_key="x" * 32,
            mail_from="noreply@cybercare.test",
            once=True,
            jobs=JobRegistry(),
            handlers={INSTANT: InstantHandler(db, clock, connector.send_instant, DEBTOR)},
        )


def _payout(db: Database, payout_id: str) -> PayoutRow:
    with db.uow() as uow:
        row = uow.session.get(PayoutRow, payout_id)
        assert row is not None
        uow.session.expunge(row)
        return row


def _approved_world(db: Database, clock: FixedClock) -> tuple[World, str]:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        first = _stp_claim(uow, world, clock, 10_000)
        payments.approve_payout(uow, first, actor=world.handler.actor, at=clock.now())
        uow.commit()
    return world, first


def test_the_bank_accepts_the_instant_transfer_and_the_statement_pays_it(
    db: Database, clock: FixedClock, tmp_path: Path
) -> None:
    world, _ = _approved_world(db, clock)
    with db.uow() as uow:
        payout_id = _stp_claim(uow, world, clock, 25_000)
        uow.commit()
    with local_bank() as bank:
        _run_worker(db, clock, bank, tmp_path)
        _run_worker(db, clock, bank, tmp_path)  # delivered once: nothing sent again
    assert [r.end_to_end_id for r in bank.received] == [payout_id.replace("_", "-")]
    assert b"<Cd>INST</Cd>" in bank.received[0].xml
    row = _payout(db, payout_id)
    assert (row.status, row.instant, row.bank_status) == ("instructed", True, "ACCC")
    assert row.instructed_at == clock.now()
    with db.uow() as uow:
        assert payments.confirm_payout_executed(
            uow,
            payout_id.replace("_", "-"),  # as the statement spells the end-to-end id
            amount_cents=25_000,
            on=clock.today(),
            at=clock.now(),
        )
        uow.commit()
    assert _payout(db, payout_id).status == "paid"


def test_a_rejected_instant_transfer_falls_back_to_the_batch_file_with_the_reason(
    db: Database, clock: FixedClock, tmp_path: Path
) -> None:
    world, _ = _approved_world(db, clock)
    with db.uow() as uow:
        payout_id = _stp_claim(uow, world, clock, 25_000)
        uow.commit()
    with local_bank() as bank:
        bank.rejects[IBAN] = "AC04"
        _run_worker(db, clock, bank, tmp_path)
    row = _payout(db, payout_id)
    assert (row.status, row.bank_status, row.reason_code) == ("scheduled", "RJCT", "AC04")
    with db.uow() as uow:
        made = payments.create_payment_file(
            uow, actor="test", execution_date=clock.today(), at=clock.now(), debtor=PAYOUT_ACCOUNT
        )
        assert made is not None
        uow.commit()
    assert _payout(db, payout_id).status == "in_file"


def test_a_pain002_without_status_is_refused() -> None:
    answer = parse_pain002(
        b"<Document><TxInfAndSts><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AC01</Cd></Rsn>"
        b"</StsRsnInf><OrgnlEndToEndId>pay-1</OrgnlEndToEndId></TxInfAndSts></Document>"
    )
    assert (answer.status, answer.reason_code, answer.accepted) == ("RJCT", "AC01", False)
