"""camt.053 and camt.054 read into the statement model: one test per rule of the mapping."""

from __future__ import annotations

from datetime import date

import pytest

from cybercare.banking.readers import read_bank_file
from cybercare.banking.statement import Direction, Statement, StatementFormat
from tests.banking.conftest import sample


def _statements(name: str) -> tuple[Statement, ...]:
    result = read_bank_file(sample(name), name)
    assert isinstance(result, tuple)
    return result


@pytest.fixture(scope="module")
def day() -> Statement:
    (statement,) = _statements("camt053_day.xml")
    return statement


def test_a_statement_gives_its_account_period_sequence_and_signed_balances(day: Statement) -> None:
    assert day.format is StatementFormat.CAMT_053
    assert day.statement_id == "STMT-BE68539007547034-20261207"
    assert day.account_iban == "BE68539007547034"
    assert (day.from_date, day.to_date) == (date(2026, 12, 7), date(2026, 12, 7))
    assert day.sequence == 341
    assert (day.opening_balance_cents, day.closing_balance_cents) == (150000, 145335)


def test_a_collected_direct_debit_batch_is_one_credit_with_its_message_id_and_transactions(
    day: Statement,
) -> None:
    batch = day.entries[0]
    assert (batch.line, batch.direction, batch.amount_cents) == (47, Direction.CREDIT, 7485)
    assert batch.batch_message_id == "DD-2026-12-0001"
    assert batch.batch_payment_info_id == "DD-2026-12-0001-RCUR"
    assert batch.batch_count == 3
    assert batch.bank_transaction_code == "PMNT/IDDT/ESDD"
    assert [tx.end_to_end_id for tx in batch.transactions] == [
        "PREM-2026-12-000001",
        "PREM-2026-12-000002",
        "PREM-2026-12-000003",
    ]
    assert [tx.amount_cents for tx in batch.transactions] == [2495, 2495, 2495]
    assert batch.transactions[0].mandate_reference == "CC-MANDATE-000001"
    assert batch.transactions[0].counterparty_iban == "BE71096123456769"
    assert batch.transactions[0].line == 76
    assert not batch.is_return


def test_a_returned_direct_debit_is_a_debit_with_its_reason_end_to_end_id_and_mandate(
    day: Statement,
) -> None:
    returned = day.entries[1]
    assert (returned.direction, returned.amount_cents) == (Direction.DEBIT, 2495)
    assert returned.is_return and returned.return_reason == "AM04"
    assert returned.end_to_end_id == "PREM-2026-12-000002"
    assert returned.mandate_reference == "CC-MANDATE-000002"
    # The counterparty is the member, not our own account (also named in RltdPties).
    assert returned.counterparty_name == "Marc Janssens"
    assert returned.counterparty_iban == "BE62510007547061"


def test_an_incoming_transfer_gives_the_twelve_digits_of_its_structured_communication(
    day: Statement,
) -> None:
    incoming = day.entries[2]
    assert incoming.direction is Direction.CREDIT
    assert incoming.structured_communication == "123456789002"
    assert incoming.end_to_end_id is None  # NOTPROVIDED is ISO's "none"
    assert incoming.counterparty_name == "Sofie Claes"


def test_an_executed_transfer_batch_is_one_debit_with_a_transaction_per_payout(
    day: Statement,
) -> None:
    payouts = day.entries[3]
    assert (payouts.direction, payouts.amount_cents) == (Direction.DEBIT, 17150)
    assert payouts.batch_message_id == "PO-2026-12-0007"
    assert payouts.batch_count == 2
    assert [
        (tx.end_to_end_id, tx.amount_cents, tx.counterparty_name) for tx in payouts.transactions
    ] == [
        ("PAYOUT-000101", 12150, "Jan De Smet"),
        ("PAYOUT-000102", 5000, "Lies Maes"),
    ]


def test_a_returned_transfer_is_a_credit_with_its_reason_and_original_end_to_end_id(
    day: Statement,
) -> None:
    back = day.entries[4]
    assert (back.direction, back.amount_cents) == (Direction.CREDIT, 5000)
    assert back.is_return and back.return_reason == "AC04"
    assert back.end_to_end_id == "PAYOUT-000102"
    assert back.bank_transaction_code == "PMNT/ICDT/RRTN"


def test_only_booked_entries_count_a_pending_one_is_skipped_with_its_line(day: Statement) -> None:
    assert len(day.entries) == 5
    assert day.skipped_lines == (350,)


def test_a_notification_has_no_balances_and_reads_version_08_shapes() -> None:
    (notification,) = _statements("camt054_notification.xml")
    assert notification.format is StatementFormat.CAMT_054
    assert notification.opening_balance_cents is None
    assert notification.closing_balance_cents is None
    first, second = notification.entries
    assert first.booking_date == date(2026, 12, 7)  # from BookgDt/DtTm
    assert first.counterparty_name == "Sofie Claes"  # Dbtr/Pty/Nm in .08
    assert first.counterparty_iban == "BE43068999999501"
    assert first.transactions[0].amount_cents == 2495  # TxDtls/Amt in .08
    # A structured communication typed into the free text is still found.
    assert first.structured_communication == "123456789002"
    assert second.remittance == "Recovery claim CL-2026-000123"
    assert second.end_to_end_id == "WEBSHOP-REFUND-77"
    # Neither AcctSvcrRef: the entry reference stands in.
    assert second.bank_reference == "NTF-3-2"


def test_several_statement_blocks_give_several_statements_in_file_order() -> None:
    text = sample("camt053_day.xml").decode()
    head, rest = text.split("    <Stmt>", 1)
    block, tail = rest.split("    </Stmt>", 1)
    second = block.replace("STMT-BE68539007547034-20261207", "STMT-SECOND")
    doubled = f"{head}    <Stmt>{block}    </Stmt>\n    <Stmt>{second}    </Stmt>{tail}"
    result = read_bank_file(doubled.encode())
    assert isinstance(result, tuple)
    assert [s.statement_id for s in result] == ["STMT-BE68539007547034-20261207", "STMT-SECOND"]
    assert [len(s.entries) for s in result] == [5, 5]
    assert result[1].entries[0].line > result[0].entries[-1].line


def test_several_free_text_lines_are_joined_and_a_pending_08_entry_is_skipped() -> None:
    text = sample("camt054_notification.xml").decode()
    text = text.replace(
        "<Ustrd>Recovery claim CL-2026-000123</Ustrd>",
        "<Ustrd>Recovery claim</Ustrd>\n              <Ustrd>CL-2026-000123</Ustrd>",
    )
    text = text.replace("<Cd>BOOK</Cd>", "<Cd>PDNG</Cd>", 1)
    result = read_bank_file(text.encode())
    assert isinstance(result, tuple)
    (notification,) = result
    assert notification.skipped_lines == (18,)
    (entry,) = notification.entries
    assert entry.remittance == "Recovery claim CL-2026-000123"


def test_a_reversal_or_a_return_sub_family_marks_a_return_without_return_details() -> None:
    text = sample("camt054_notification.xml").decode()
    text = text.replace("<SubFmlyCd>ESCT</SubFmlyCd>", "<SubFmlyCd>RRTN</SubFmlyCd>", 1)
    result = read_bank_file(text.encode())
    assert isinstance(result, tuple)
    first, second = result[0].entries
    assert first.is_return and first.return_reason is None
    assert not second.is_return


def test_entities_cdata_and_a_code_given_only_on_the_transaction_are_read() -> None:
    text = sample("camt054_notification.xml").decode()
    text = text.replace(
        "<Ustrd>Recovery claim CL-2026-000123</Ustrd>",
        "<Ustrd><![CDATA[Recovery <claim> CL-2026-000123]]> &amp; co &#233;</Ustrd>",
    )
    text = text.replace("<Nm>Gadgets Online BV</Nm>", "<Nm>R&#233;gie &amp; Fils</Nm>")
    head, tail = text.rsplit("<BkTxCd>", 1)
    block, rest = tail.split("</BkTxCd>", 1)
    moved = rest.replace(
        "<RltdPties>", "<BkTxCd><Prtry><Cd>NMSC+051</Cd></Prtry></BkTxCd>\n<RltdPties>", 1
    )
    del block  # the entry-level code is gone: only the transaction's remains
    result = read_bank_file((head + moved).encode())
    assert isinstance(result, tuple)
    second = result[0].entries[1]
    assert second.remittance == "Recovery <claim> CL-2026-000123 & co é"
    assert second.counterparty_name == "Régie & Fils"
    assert second.bank_transaction_code == "NMSC+051"


def test_an_entry_with_several_details_blocks_keeps_the_transactions_of_each() -> None:
    # camt.053.001.02 allows NtryDtls more than once: one per batch the bank books together
    text = sample("camt053_day.xml").decode()
    first, second = text.split("<TxDtls>", 2)[1:]
    head = text.split("<TxDtls>", 1)[0]
    split = f"{head}<TxDtls>{first}</NtryDtls>\n<NtryDtls><TxDtls>{second}"
    result = read_bank_file(split.encode())
    assert isinstance(result, tuple)
    batch = result[0].entries[0]
    assert [tx.end_to_end_id for tx in batch.transactions] == [
        "PREM-2026-12-000001",
        "PREM-2026-12-000002",
        "PREM-2026-12-000003",
    ]
    assert batch.batch_message_id == "DD-2026-12-0001"
