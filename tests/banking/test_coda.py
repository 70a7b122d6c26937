"""CODA 2.6 read into the statement model: the same day as camt053_day.xml, the same answers."""

from __future__ import annotations

import pytest

from cybercare.banking.readers import read_bank_file
from cybercare.banking.statement import (
    Direction,
    FileError,
    Statement,
    StatementFormat,
    UnreadableBankFile,
)
from tests.banking.conftest import sample


def _lines() -> list[str]:
    return sample("coda_day.cod").decode("latin-1").split("\r\n")[:-1]


def _read(lines: list[str]) -> tuple[Statement, ...]:
    result = read_bank_file("\r\n".join(lines).encode("latin-1") + b"\r\n")
    assert isinstance(result, tuple)
    return result


def _errors(lines: list[str]) -> list[FileError]:
    with pytest.raises(UnreadableBankFile) as caught:
        _read(lines)
    return list(caught.value.file_errors)


@pytest.fixture(scope="module")
def day() -> Statement:
    (statement,) = _read(_lines())
    return statement


def test_a_coda_statement_gives_its_account_signed_balances_and_a_stable_id(day: Statement) -> None:
    assert day.format is StatementFormat.CODA
    assert day.account_iban == "BE68539007547034"
    assert day.statement_id == "BE68539007547034/2026/341"
    assert day.sequence == 341
    assert (day.opening_balance_cents, day.closing_balance_cents) == (150000, 145335)
    assert len(day.entries) == 5


def test_a_globalised_collection_is_one_credit_whose_batch_id_is_the_first_word(
    day: Statement,
) -> None:
    batch = day.entries[0]
    assert (batch.line, batch.direction, batch.amount_cents) == (3, Direction.CREDIT, 7485)
    assert batch.batch_message_id == "DD-2026-12-0001"
    assert batch.batch_count == 3
    assert [(tx.line, tx.end_to_end_id, tx.amount_cents) for tx in batch.transactions] == [
        (4, "PREM-2026-12-000001", 2495),
        (7, "PREM-2026-12-000002", 2495),
        (10, "PREM-2026-12-000003", 2495),
    ]
    assert batch.transactions[1].counterparty_iban == "BE62510007547061"


def test_a_returned_direct_debit_reads_the_sepa_communication_and_the_r_transaction(
    day: Statement,
) -> None:
    returned = day.entries[1]
    assert (returned.direction, returned.amount_cents) == (Direction.DEBIT, 2495)
    assert returned.is_return and returned.return_reason == "AM04"
    assert returned.end_to_end_id == "PREM-2026-12-000002"
    assert returned.mandate_reference == "CC-MANDATE-000002"
    assert returned.counterparty_name == "Marc Janssens"


def test_structured_communication_type_101_gives_the_twelve_digits(day: Statement) -> None:
    incoming = day.entries[2]
    assert incoming.structured_communication == "123456789002"
    assert incoming.counterparty_iban == "BE43068999999501"


def test_an_executed_payout_batch_is_one_debit_with_a_transaction_per_payout(
    day: Statement,
) -> None:
    payouts = day.entries[3]
    assert (payouts.direction, payouts.amount_cents) == (Direction.DEBIT, 17150)
    assert payouts.batch_message_id == "PO-2026-12-0007"
    assert [tx.end_to_end_id for tx in payouts.transactions] == ["PAYOUT-000101", "PAYOUT-000102"]


def test_a_returned_transfer_is_known_by_its_code_and_its_reason_by_the_free_text(
    day: Statement,
) -> None:
    back = day.entries[4]
    assert back.bank_transaction_code == "00154000"
    assert back.is_return and back.return_reason == "AC04"
    assert back.end_to_end_id == "PAYOUT-000102"


def test_coda_and_camt_of_the_same_day_say_the_same_thing(day: Statement) -> None:
    result = read_bank_file(sample("camt053_day.xml"))
    assert isinstance(result, tuple)
    (camt,) = result
    for ours, theirs in zip(day.entries, camt.entries, strict=True):
        assert (ours.direction, ours.amount_cents, ours.is_return, ours.return_reason) == (
            theirs.direction,
            theirs.amount_cents,
            theirs.is_return,
            theirs.return_reason,
        )
        assert ours.batch_message_id == theirs.batch_message_id
        assert ours.structured_communication == theirs.structured_communication
        assert [tx.end_to_end_id for tx in ours.transactions] == [
            tx.end_to_end_id for tx in theirs.transactions
        ]


def test_two_statements_in_one_file_give_two_statements() -> None:
    lines = _lines()
    second = [line.replace("341", "342") if line[0] in "18" else line for line in lines]
    first, other = _read(lines + second)
    assert (first.statement_id, other.statement_id) == (
        "BE68539007547034/2026/341",
        "BE68539007547034/2026/342",
    )
    assert other.entries[0].line == len(lines) + 3


def test_a_record_of_the_wrong_length_is_refused_at_its_line() -> None:
    lines = _lines()
    lines[5] = lines[5][:-1]
    assert _errors(lines) == [FileError(6, "record of 127 characters, not 128")]


def test_an_unknown_record_type_is_refused_at_its_line() -> None:
    lines = _lines()
    lines[29] = "7" + lines[29][1:]
    assert _errors(lines) == [FileError(30, "record 7: unknown record type '7'")]


def test_a_trailer_that_miscounts_the_records_is_refused_at_the_trailer() -> None:
    lines = _lines()
    del lines[15]  # an information record 3.1
    assert _errors(lines) == [FileError(30, "trailer counts 28 records, the file has 27")]


def test_a_trailer_whose_totals_differ_from_the_movements_is_refused() -> None:
    lines = _lines()
    trailer = lines[-1]
    lines[-1] = trailer[:22] + "000000000196460" + trailer[37:]
    assert _errors(lines) == [FileError(31, "trailer debit total 196.46 != movements 196.45")]


def test_a_new_balance_that_does_not_follow_from_the_movements_is_refused_at_record_8() -> None:
    lines = _lines()
    lines[28] = lines[28][:42] + "000000001453360" + lines[28][57:]
    (error,) = _errors(lines)
    assert error.line == 29 and "new balance 145336" in error.message


def test_an_amount_with_a_third_decimal_is_refused() -> None:
    lines = _lines()
    lines[16] = lines[16][:32] + "000000000024951" + lines[16][47:]
    errors = _errors(lines)
    assert errors[0] == FileError(17, "record 21: amount '000000000024951' has a third decimal")


def test_a_foreign_currency_account_is_refused() -> None:
    lines = _lines()
    lines[1] = lines[1][:39] + "USD" + lines[1][42:]
    assert _errors(lines)[0] == FileError(
        2, "record 1: account currency 'USD': only EUR accounts are supported"
    )


def test_a_file_without_its_trailer_is_refused() -> None:
    assert _errors(_lines()[:-1]) == [
        FileError(30, "the statement ends without its trailer (record 9)")
    ]


def test_a_detail_record_out_of_order_is_refused() -> None:
    lines = _lines()
    lines[17], lines[16] = lines[16], lines[17]
    assert _errors(lines)[0].line == 17


def test_a_byte_order_mark_and_lf_line_ends_are_accepted() -> None:
    data = "\ufeff".encode() + "\n".join(_lines()).encode("latin-1") + b"\n"
    result = read_bank_file(data)
    assert isinstance(result, tuple)
    assert len(result[0].entries) == 5
