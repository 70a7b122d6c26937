"""Issue 15's loop, end to end, against the bank simulator process (a real HTTP server speaking
pain.001/pain.008 in, pain.002/camt.053/camt.054/CODA out), on SQLite and PostgreSQL:

- a subscription with its SEPA mandate → billing run → debit file → the bank collects, returns
  one debit (AM04) → the statement books one premium collected, the other unpaid → dunning;
- an STP claim → SEPA Instant transfer → the bank's statement confirms it paid;
- a batch payout file → the bank returns one transfer (AC04) → the payout reopens and the member
  is asked for another account.

Money is booked only when the bank's own statement says so (never because a date passed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from cybercare.banking.connector import BankConnector
from cybercare.banking.file_delivery import BankFileHandler
from cybercare.banking.pull import PullReport, platform_import, pull_documents
from cybercare.billing import sepa
from cybercare.billing.domain import Period
from cybercare.billing.dunning_service import run_dunning_day
from cybercare.billing.mandate import MandateChannel
from cybercare.billing.mandate_service import MandateDetails, register_mandate
from cybercare.billing.run import run_billing
from cybercare.claims.submit import submit_claim
from cybercare.db.tables import OutboxMessage, PayoutRow, PremiumLineRow
from cybercare.db.uow import Database
from cybercare.kernel.bank_account import BankAccount, Creditor
from cybercare.kernel.clock import FixedClock, SystemClock
from cybercare.ledger.service import unbalanced_entries
from cybercare.outbox.bank_files import BANK_FILE
from cybercare.outbox.jobs import JobRegistry
from cybercare.outbox.runner import run_worker
from cybercare.outbox.transports import HttpWebhookTransport, MailboxTransport
from cybercare.payments import service as payments
from cybercare.payments.instant import INSTANT, InstantHandler
from cybercare.product.catalog import Catalog, default_catalog
from cybercare.settings import (
    DEVELOPMENT_CREDITOR,
    DEVELOPMENT_CREDITOR_ID,
    DEVELOPMENT_PAYOUT_ACCOUNT,
)
from tests.banksim.conftest import Bank, start_bank, stop_bank
from tests.billing.builders import add_affiliation, seed
from tests.claims.builders import (
    IBAN,
    World,
    ecom_evidence,
    ecom_submission,
    open_claim_case,
    setup_world,
)

CREDITOR = Creditor(BankAccount.checked(*DEVELOPMENT_CREDITOR), DEVELOPMENT_CREDITOR_ID)
PAYOUT_ACCOUNT = BankAccount.checked(*DEVELOPMENT_PAYOUT_ACCOUNT)
OURS = [CREDITOR.account.iban, PAYOUT_ACCOUNT.iban]
BILLED_ON = FixedClock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
COLLECTION = date(2026, 12, 4)  # a TARGET2 business day, more than one ahead of 27 November
PAYING, BOUNCING = "BE71096123456769", "BE62363111222361"


@pytest.fixture
def bank(tmp_path: Path) -> Iterator[Bank]:
    """A bank of its own for each test: its days close in order, whatever the other tests do."""
    process, url = start_bank(tmp_path / "bank")
    try:
        with httpx.Client(base_url=url, timeout=10) as client:
            yield Bank(url, tmp_path / "bank", client)
    finally:
        stop_bank(process)


def _worker(db: Database, clock: FixedClock, bank: Bank, tmp_path: Path) -> None:
    """One pass of the platform's worker: bank.file and bank.instant leave after commit."""
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
            handlers={
                BANK_FILE: BankFileHandler(connector.send_file),
                INSTANT: InstantHandler(db, clock, connector.send_instant, PAYOUT_ACCOUNT),
            },
        )


def _pull(db: Database, clock: FixedClock, bank: Bank) -> PullReport:
    with BankConnector(bank.url) as connector:
        report = pull_documents(
            db,
            connector,
            after=0,
            import_document=platform_import(OURS, actor="test"),
            now=clock.now,
        )
    assert report.failed is None, report.summary()
    return report


def _premium_statuses(db: Database) -> dict[str, str]:
    with db.reader() as uow:
        rows = uow.session.execute(select(PremiumLineRow.affiliation_id, PremiumLineRow.status))
        return {str(affiliation): str(status) for affiliation, status in rows}


def _payout(db: Database, payout_id: str) -> PayoutRow:
    with db.reader() as uow:
        row = uow.session.get(PayoutRow, payout_id)
        assert row is not None
        uow.session.expunge(row)
        return row


def test_issue_15_premiums_are_collected_by_the_statement_and_a_returned_debit_is_dunned(
    db: Database, bank: Bank, tmp_path: Path
) -> None:
    catalog: Catalog = default_catalog()
    seed(db)
    with db.uow() as uow:
        for affiliation, iban in (("aff_paying", PAYING), ("aff_bouncing", BOUNCING)):
            add_affiliation(uow, affiliation_id=affiliation, start_date=date(2026, 1, 1))
            register_mandate(
                uow,
                affiliation_id=affiliation,
                details=MandateDetails(
                    f"CC-{affiliation[4:]}", "An Peeters", iban, date(2026, 1, 1)
                ),
                channel=MandateChannel.PAPER,
                actor="distributor:proximus",
                clock=BILLED_ON,
            )
        uow.commit()
    run_billing(db, catalog, BILLED_ON, Period(2026, 12))
    with db.uow() as uow:
        built = sepa.build_debit_file(uow, Period(2026, 12), CREDITOR, COLLECTION, BILLED_ON)
        uow.commit()
    assert built is not None
    _worker(db, BILLED_ON, bank, tmp_path)  # the pain.008 leaves through the outbox
    bank.add_rules(debit_returns={BOUNCING: "AM04"})  # insufficient funds
    bank.close_day(COLLECTION, CREDITOR.account.iban)
    before = _premium_statuses(db)
    assert "paid" not in before.values()  # the collection date passing books nothing

    after = FixedClock(datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    report = _pull(db, after, bank)
    kinds = sorted(ref.kind for ref in report.imported)
    assert kinds == ["camt.053", "camt.054", "coda", "pain.002"]  # the verdict, then the day
    statuses = _premium_statuses(db)
    assert statuses["aff_paying"] == "paid"
    assert statuses["aff_bouncing"] != "paid"
    with db.uow() as uow:
        dunned = run_dunning_day(uow, catalog, FixedClock.on(date(2026, 12, 10)))
        uow.commit()
    assert dunned["send_notice"] == 1  # Art. 9.6: the returned premium gets its formal notice
    again = _pull(db, after, bank)
    assert len(again.imported) == 4 and _premium_statuses(db) == statuses  # twice: nothing
    with db.reader() as uow:
        assert unbalanced_entries(uow) == []


def _stp_payout(db: Database, world: World, clock: FixedClock, cents: int) -> str:
    with db.uow() as uow:
        made = submit_claim(
            uow,
            world.member,
            open_claim_case(
                uow, world, clock, "ECOM", discovery=date(2026, 11, 20 - cents // 10_000)
            ),
            ecom_submission(cents),
            default_catalog(),
            clock,
            ecom_evidence(),
        )
        uow.commit()
    return made.payouts[0].payout_id


def test_issue_15_an_stp_claim_leaves_as_an_instant_transfer_the_statement_confirms(
    db: Database, clock: FixedClock, bank: Bank, tmp_path: Path
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        uow.commit()
    first = _stp_payout(db, world, clock, 10_000)  # a new account: a handler approves it
    with db.uow() as uow:
        payments.approve_payout(uow, first, actor=world.handler.actor, at=clock.now())
        uow.commit()
    instant = _stp_payout(db, world, clock, 25_000)  # now a verified account: at once
    with db.reader() as uow:
        kinds = list(uow.session.scalars(select(OutboxMessage.kind)))
    assert INSTANT in kinds
    _worker(db, clock, bank, tmp_path)
    assert _payout(db, instant).status == "instructed"  # the bank's pain.002 said ACCC
    # The bank is another process on the real clock: it books the instant transfer on its own
    # business day, which a close a few days on always covers.
    bank_day = SystemClock().today() + timedelta(days=4)
    bank.close_day(bank_day, PAYOUT_ACCOUNT.iban)
    _pull(db, clock, bank)
    assert _payout(db, instant).status == "paid"
    with db.reader() as uow:
        assert unbalanced_entries(uow) == []


def test_issue_15_a_returned_batch_payout_reopens_and_asks_the_member_for_another_account(
    db: Database, clock: FixedClock, bank: Bank, tmp_path: Path
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        uow.commit()
    payout_id = _stp_payout(db, world, clock, 10_000)  # a new account: no instant transfer
    with db.uow() as uow:
        payments.approve_payout(uow, payout_id, actor=world.handler.actor, at=clock.now())
        made = payments.create_payment_file(
            uow, actor="test", execution_date=clock.today(), at=clock.now(), debtor=PAYOUT_ACCOUNT
        )
        uow.commit()
    assert made is not None
    _worker(db, clock, bank, tmp_path)  # the pain.001 leaves through the outbox
    bank.add_rules(transfer_returns={IBAN: "AC04"})  # the member's account is closed
    bank.close_day(clock.today(), PAYOUT_ACCOUNT.iban)
    _pull(db, clock, bank)
    returned = _payout(db, payout_id)
    assert (returned.status, returned.reason_code) == ("returned", "AC04")
    with db.uow() as uow:
        request = payments.account_request(uow, payout_id)
    assert request is not None  # the portal asks the member for another account
    with db.reader() as uow:
        mails = [
            row.payload
            for row in uow.session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == "email")
            )
        ]
        assert any(f"/portal/payouts/{payout_id}/account" in str(mail) for mail in mails)
        assert unbalanced_entries(uow) == []
