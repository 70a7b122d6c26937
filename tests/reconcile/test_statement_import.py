"""The bank's answer on the real databases: a statement credits a direct-debit batch and only
then are the premiums collected; a statement twice changes nothing; returns unpay and start
dunning (AM04) or ask for a new IBAN (AC04); an amount that differs is never booked; a
statement of another account is refused whole, with its line number."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from cybercare.banking import queue
from cybercare.banking.service import ImportResult, import_bank_document
from cybercare.banking.statement import (
    Direction,
    Statement,
    StatusReport,
    TransactionStatus,
    TransactionStatusLine,
    UnreadableBankFile,
)
from cybercare.billing import repository as billing_repository
from cybercare.billing.domain import communication_for
from cybercare.billing.dunning_service import run_dunning_day
from cybercare.db.tables import (
    AuditEvent,
    BankDocumentRow,
    BankLineRow,
    DunningCaseRow,
    IbanRequestRow,
    LedgerEntryRow,
    OutboxMessage,
)
from cybercare.db.uow import Database
from cybercare.jobs import build_job_registry
from cybercare.kernel.clock import FixedClock
from cybercare.ledger.domain import Account
from cybercare.ledger.service import balance, unbalanced_entries
from cybercare.product.catalog import Catalog
from tests.reconcile.builders import (
    ACCOUNTS,
    AT,
    billed,
    debit_batch,
    entry,
    statement,
    statuses,
)


def _import(db: Database, parsed: Statement | StatusReport, data: bytes = b"") -> ImportResult:
    with db.uow() as uow:
        result = import_bank_document(
            uow,
            data or repr(parsed).encode(),
            filename="statement.xml",
            source="upload",
            at=AT,
            actor="finance@demo.cybercare.be",
            accounts=ACCOUNTS,
            read=lambda _data, _name: parsed,
        )
        uow.commit()
    return result


def _bank_balance(db: Database) -> int:
    with db.reader() as uow:
        assert unbalanced_entries(uow) == []
        return balance(uow, Account.BANK).net_debit_cents


def _count(db: Database, column: object) -> int:
    with db.reader() as uow:
        return int(uow.session.scalar(select(func.count(column))) or 0)  # type: ignore[arg-type]


def _batch_credit(message_id: str, amount: int = 1497, line: int = 10) -> Statement:
    return statement(entry(line, amount_cents=amount, batch_message_id=message_id, batch_count=3))


def test_premiums_are_collected_when_the_statement_credits_the_batch_and_only_once(
    bank_db: Database, catalog: Catalog
) -> None:
    billed(bank_db, catalog)
    batch = debit_batch(bank_db)
    assert statuses(bank_db) == ["open"] * 3  # a collection date alone books nothing
    first = _import(bank_db, _batch_credit(batch.message_id))
    assert (first.matched, first.unmatched, first.already_imported) == (1, 0, False)
    assert statuses(bank_db) == ["paid"] * 3
    assert _bank_balance(bank_db) == 1497
    entries = _count(bank_db, LedgerEntryRow.id)
    again = _import(bank_db, _batch_credit(batch.message_id))
    assert again.already_imported and again.document_id == first.document_id
    # The same statement in other bytes (its id is the same) is a duplicate too.
    other_bytes = _import(bank_db, _batch_credit(batch.message_id), data=b"<other/>")
    assert other_bytes.already_imported
    assert (_count(bank_db, BankDocumentRow.id), _count(bank_db, BankLineRow.id)) == (1, 1)
    assert _count(bank_db, LedgerEntryRow.id) == entries
    assert _bank_balance(bank_db) == 1497


def test_an_entry_seen_in_a_notification_is_ignored_in_the_days_statement(
    bank_db: Database, catalog: Catalog
) -> None:
    billed(bank_db, catalog)
    batch = debit_batch(bank_db)
    _import(bank_db, _batch_credit(batch.message_id), data=b"camt.054")
    day = _import(bank_db, _batch_credit(batch.message_id), data=b"camt.053 of the day")
    assert day.already_imported is True
    later = statement(
        entry(10, amount_cents=1497, batch_message_id=batch.message_id),
        statement_id="STMT-2",
    )
    result = _import(bank_db, later)
    assert (result.matched, result.ignored) == (0, 1)
    assert _bank_balance(bank_db) == 1497


def test_a_batch_credit_of_another_amount_is_not_booked_and_waits_with_a_suggestion(
    bank_db: Database, catalog: Catalog
) -> None:
    billed(bank_db, catalog)
    batch = debit_batch(bank_db)
    result = _import(bank_db, _batch_credit(batch.message_id, amount=1000))
    assert (result.matched, result.unmatched) == (0, 1)
    assert statuses(bank_db) == ["open"] * 3 and _bank_balance(bank_db) == 0
    with bank_db.reader() as uow:
        [waiting] = queue.unmatched(uow)
    assert waiting.line.reason == "amount_mismatch"
    assert waiting.suggestions[0].target.target_id == str(batch.batch_id)
    assert "same_reference" in waiting.suggestions[0].why


def _collected(db: Database, catalog: Catalog) -> list[int]:
    ids = billed(db, catalog)
    batch = debit_batch(db)
    _import(db, _batch_credit(batch.message_id))
    return ids


def _return(line_id: int, reason: str, line: int = 20, **changes: object) -> Statement:
    returned = entry(
        line,
        direction=Direction.DEBIT,
        end_to_end_id=f"CCPL{line_id}",
        is_return=True,
        return_reason=reason,
        booking_date=date(2026, 12, 8),
        value_date=date(2026, 12, 8),
        **changes,
    )
    return statement(returned, statement_id=f"RET-{line_id}-{reason}")


def test_an_am04_return_reverses_the_collection_and_the_art_9_6_notice_follows(
    bank_db: Database, catalog: Catalog
) -> None:
    a, _, _ = _collected(bank_db, catalog)
    result = _import(bank_db, _return(a, "AM04"))
    assert result.matched == 1
    assert statuses(bank_db) == ["unpaid", "paid", "paid"]
    assert _bank_balance(bank_db) == 2 * 499
    with bank_db.uow() as uow:
        counts = run_dunning_day(uow, catalog, FixedClock.on(date(2026, 12, 9)))
        uow.commit()
    assert counts["send_notice"] == 1
    with bank_db.reader() as uow:
        case = uow.session.scalars(select(DunningCaseRow)).one()
        assert (case.affiliation_id, case.status) == ("aff_0", "notice_sent")
        assert billing_repository.open_iban_requests(uow, "aff_0") == []


def test_an_ac04_return_asks_the_member_for_another_account(
    bank_db: Database, catalog: Catalog
) -> None:
    a, _, _ = _collected(bank_db, catalog)
    _import(bank_db, _return(a, "AC04"))
    _import(bank_db, _return(a, "AC04"), data=b"again")
    with bank_db.reader() as uow:
        assert billing_repository.open_iban_requests(uow, "aff_0") == ["AC04"]
        assert uow.session.scalar(select(func.count(IbanRequestRow.id))) == 1
        mails = list(uow.session.scalars(select(OutboxMessage.payload)))
        actions = list(uow.session.scalars(select(AuditEvent.action)))
    assert any("another" in str(mail) or "ander" in str(mail) for mail in mails)
    assert "billing.debit_returned" in actions and "bank.document_imported" in actions
    assert statuses(bank_db)[0] == "unpaid"


def test_a_return_of_another_amount_stays_unmatched(bank_db: Database, catalog: Catalog) -> None:
    a, _, _ = _collected(bank_db, catalog)
    result = _import(bank_db, _return(a, "AM04", amount_cents=500))
    assert (result.matched, result.unmatched) == (0, 1)
    assert statuses(bank_db) == ["paid"] * 3


def test_a_statement_of_another_account_is_refused_with_its_line_and_nothing_written(
    bank_db: Database, catalog: Catalog
) -> None:
    billed(bank_db, catalog)
    batch = debit_batch(bank_db)
    foreign = statement(
        entry(10, amount_cents=1497, batch_message_id=batch.message_id),
        account_iban="BE02 0000 0000 4040",
    )
    with pytest.raises(UnreadableBankFile) as refused:
        _import(bank_db, foreign)
    assert refused.value.file_errors[0].line == 1
    assert "BE02000000004040" in refused.value.file_errors[0].message
    assert _count(bank_db, BankDocumentRow.id) == 0 and statuses(bank_db) == ["open"] * 3


def test_a_transfer_with_a_premiums_structured_communication_pays_it(
    bank_db: Database, catalog: Catalog
) -> None:
    a, b, _ = billed(bank_db, catalog, debit=False)
    digits = "".join(ch for ch in communication_for(a) if ch.isdigit())
    other = "".join(ch for ch in communication_for(b) if ch.isdigit())
    result = _import(
        bank_db,
        statement(
            entry(10, structured_communication=digits, counterparty_name="An Peeters"),
            entry(11, structured_communication=other, amount_cents=400),
            entry(12, structured_communication="000000000097"),
        ),
    )
    assert (result.matched, result.unmatched) == (1, 2)
    assert statuses(bank_db) == ["paid", "open", "open"]
    assert _bank_balance(bank_db) == 499
    with bank_db.reader() as uow:
        reasons = sorted(item.line.reason or "" for item in queue.unmatched(uow))
    assert reasons == ["amount_mismatch", "unknown_communication"]


def test_a_pain_002_reject_unpays_the_debit_before_anything_is_collected(
    bank_db: Database, catalog: Catalog
) -> None:
    a, _, _ = billed(bank_db, catalog)
    batch = debit_batch(bank_db)
    report = StatusReport(
        message_id="STS-1",
        original_message_id=batch.message_id,
        original_message_type="pain.008.001.02",
        group_status=TransactionStatus.PARTIAL,
        group_reason=None,
        transactions=(TransactionStatusLine(7, f"CCPL{a}", TransactionStatus.REJECTED, "AC04"),),
    )
    _import(bank_db, report)
    _import(bank_db, report, data=b"same report, other bytes")
    assert statuses(bank_db) == ["unpaid", "open", "open"]
    assert _bank_balance(bank_db) == 0
    # The batch's credit is then the two debits left.
    result = _import(bank_db, _batch_credit(batch.message_id, amount=998))
    assert result.matched == 1 and statuses(bank_db) == ["unpaid", "paid", "paid"]
    assert _bank_balance(bank_db) == 998


def test_the_daily_job_no_longer_books_a_batch_because_its_date_passed(
    bank_db: Database, catalog: Catalog
) -> None:
    billed(bank_db, catalog)
    debit_batch(bank_db)  # collection date 2026-12-04
    [job] = [job for job in build_job_registry(catalog).jobs() if job.name == "billing.collections"]
    job.run(bank_db, FixedClock.on(date(2026, 12, 20)))
    assert statuses(bank_db) == ["open"] * 3 and _bank_balance(bank_db) == 0
