"""pain.002 status reports: the group, each payment information block, each transaction."""

from __future__ import annotations

from cybercare.banking.readers import read_bank_file
from cybercare.banking.statement import StatusReport, TransactionStatus
from tests.banking.conftest import sample


def _report(name: str) -> StatusReport:
    result = read_bank_file(sample(name))
    assert isinstance(result, StatusReport)
    return result


def test_an_accepted_file_has_the_group_status_and_the_original_message() -> None:
    report = _report("pain002_accepted.xml")
    assert report.message_id == "BANKSIM-002-0000018"
    assert report.original_message_id == "PO-2026-12-0007"
    assert report.original_message_type == "pain.001.001.09"
    assert report.group_status is TransactionStatus.ACCEPTED
    assert report.transactions == () and report.payment_infos == ()


def test_a_partly_accepted_file_names_each_block_and_each_rejected_transaction_and_why() -> None:
    report = _report("pain002_part.xml")
    assert report.group_status is TransactionStatus.PARTIAL
    assert [(b.payment_info_id, b.status, b.line) for b in report.payment_infos] == [
        ("DD-2026-12-0001-RCUR", TransactionStatus.PARTIAL, 14),
        ("DD-2026-12-0001-FRST", TransactionStatus.ACCEPTED, 28),
    ]
    (rejected,) = report.transactions
    assert rejected.end_to_end_id == "PREM-2026-12-000004"
    assert rejected.status is TransactionStatus.REJECTED
    assert rejected.reason == "AC01"
    assert rejected.payment_info_id == "DD-2026-12-0001-RCUR"
    assert rejected.line == 17


def test_an_instant_transfer_rejected_in_version_10_gives_the_reason_at_every_level() -> None:
    report = _report("pain002_instant_rejected.xml")
    assert report.group_status is TransactionStatus.REJECTED
    assert report.group_reason == "AC04"
    assert report.payment_infos[0].status is TransactionStatus.REJECTED
    assert report.transactions[0].reason == "AC04"
    assert report.created_at is not None and report.created_at.microsecond == 345000


def test_an_instant_transfer_credited_is_settled() -> None:
    text = sample("pain002_instant_rejected.xml").decode()
    credited = text.replace("<TxSts>RJCT</TxSts>", "<TxSts>ACCC</TxSts>")
    result = read_bank_file(credited.encode())
    assert isinstance(result, StatusReport)
    assert result.transactions[0].status is TransactionStatus.SETTLED
