"""Bad input is refused whole, with the line of each fault: nothing of a bad file is read."""

from __future__ import annotations

import pytest

from cybercare.banking.readers import read_bank_file
from cybercare.banking.statement import FileError, UnreadableBankFile
from tests.banking.conftest import sample


def _errors(data: bytes) -> list[FileError]:
    with pytest.raises(UnreadableBankFile) as caught:
        read_bank_file(data)
    return list(caught.value.file_errors)


def _day_with(old: str, new: str, count: int = 1) -> bytes:
    text = sample("camt053_day.xml").decode()
    assert old in text
    return text.replace(old, new, count).encode()


def test_malformed_xml_is_refused_at_the_line_the_parser_stopped() -> None:
    (error,) = _errors(_day_with("</AcctSvcrRef>", "</AcctSvcrReff>"))
    assert error.line == 58 and "malformed XML" in error.message


def test_a_document_of_another_namespace_is_refused() -> None:
    data = _day_with("camt.053.001.02", "camt.053.001.99")
    (error,) = _errors(data)
    assert error.line == 2 and "unsupported XML document" in error.message


def test_a_doctype_is_refused_before_any_entity_is_read() -> None:
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n'
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&lol2;</Document>'
    )
    (error,) = _errors(bomb)
    assert "DOCTYPE" in error.message


def test_an_amount_with_three_decimals_is_refused_at_its_line() -> None:
    (error,) = _errors(_day_with('<Amt Ccy="EUR">74.85</Amt>', '<Amt Ccy="EUR">74.855</Amt>'))
    assert (error.line, error.message) == (49, "amount '74.855' has more than two decimals")


def test_a_negative_amount_is_refused() -> None:
    (error,) = _errors(_day_with('<Amt Ccy="EUR">74.85</Amt>', '<Amt Ccy="EUR">-74.85</Amt>'))
    assert error.line == 49 and "not a positive decimal" in error.message


def test_an_amount_in_another_currency_is_refused() -> None:
    (error,) = _errors(_day_with('<Amt Ccy="EUR">74.85</Amt>', '<Amt Ccy="USD">74.85</Amt>'))
    assert error.line == 49 and "only EUR" in error.message


def test_a_missing_credit_debit_indicator_is_refused_at_the_entry() -> None:
    errors = _errors(_day_with("<CdtDbtInd>DBIT</CdtDbtInd>", ""))
    assert [error.line for error in errors] == [121]
    assert "CdtDbtInd None" in errors[0].message


def test_a_missing_statement_id_is_refused_at_the_statement() -> None:
    (error,) = _errors(_day_with("<Id>STMT-BE68539007547034-20261207</Id>", ""))
    assert (error.line, error.message) == (8, "Stmt/Id is missing")


def test_every_fault_is_listed_in_line_order() -> None:
    data = _day_with('<Amt Ccy="EUR">24.95</Amt>', '<Amt Ccy="EUR">24,95</Amt>', 2)
    errors = _errors(data)
    assert [error.line for error in errors] == [83, 104]


def test_balances_that_do_not_add_up_are_refused_at_the_statement() -> None:
    (error,) = _errors(_day_with('<Amt Ccy="EUR">1453.35</Amt>', '<Amt Ccy="EUR">1453.36</Amt>'))
    assert error.line == 8 and "closing balance" in error.message


def test_a_statement_without_closing_balance_is_refused() -> None:
    (error,) = _errors(_day_with("<Cd>CLBD</Cd>", "<Cd>ITBD</Cd>"))
    assert (error.line, error.message) == (8, "Stmt has no closing balance (Bal CLBD)")


def test_an_unknown_entry_status_is_refused() -> None:
    (error,) = _errors(_day_with("<Sts>BOOK</Sts>", "<Sts>DONE</Sts>"))
    assert error.line == 51 and "entry status 'DONE'" in error.message


def test_a_bad_own_iban_is_refused() -> None:
    (error,) = _errors(_day_with("<IBAN>BE68539007547034</IBAN>", "<IBAN>BE68539007547035</IBAN>"))
    assert error.line == 16 and "check digits" in error.message


def test_a_status_report_without_its_original_message_id_is_refused() -> None:
    text = sample("pain002_part.xml").decode()
    (error,) = _errors(text.replace("<OrgnlMsgId>DD-2026-12-0001</OrgnlMsgId>", "").encode())
    assert (error.line, error.message) == (8, "OrgnlGrpInfAndSts/OrgnlMsgId is missing")


def test_a_status_report_with_an_unknown_status_is_refused() -> None:
    text = sample("pain002_part.xml").decode()
    (error,) = _errors(text.replace("<TxSts>RJCT</TxSts>", "<TxSts>NOPE</TxSts>").encode())
    assert error.line == 20 and "unknown status code 'NOPE'" in error.message


def test_a_file_that_is_neither_xml_nor_coda_is_refused() -> None:
    (error,) = _errors(b"date;amount\n2026-12-07;12.00\n")
    assert error.line == 1


def test_an_external_entity_is_refused_and_never_fetched() -> None:
    xxe = (
        b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">&x;</Document>'
    )
    (error,) = _errors(xxe)
    assert error.message == "a DOCTYPE is not allowed in a bank file"


def test_a_camt_without_any_statement_block_is_refused() -> None:
    data = (
        b'<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">'
        b"\n<BkToCstmrStmt><GrpHdr><MsgId>X</MsgId></GrpHdr></BkToCstmrStmt></Document>"
    )
    (error,) = _errors(data)
    assert (error.line, error.message) == (2, "the document holds no Stmt")
