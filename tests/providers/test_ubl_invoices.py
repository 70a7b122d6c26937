"""UBL 2.1 / Peppol BIS Billing 3.0 invoices: read safely, every wrong field refused with its
business term and rule (pure: no database)."""

from __future__ import annotations

from datetime import date

import pytest

from cybercare.providers.ubl import DraftLine, InvoiceRefused, build_invoice, read_invoice
from cybercare.providers.ubl_schema import invoice_schema

VAT = "BE0403170701"
IBAN = "BE68539007547034"


def _invoice(*lines: DraftLine) -> bytes:
    return build_invoice(
        number="F-2026-001",
        issue_date=date(2026, 11, 27),
        order_reference="ord_ABC",
        seller_name="Data Lab BV",
        seller_vat=VAT,
        seller_iban=IBAN,
        lines=lines or (DraftLine("diagnosis", 10_000), DraftLine("recovery", 42_892)),
    )


def _refused(xml: bytes) -> dict[str, str]:
    with pytest.raises(InvoiceRefused) as refused:
        read_invoice(xml)
    return dict(refused.value.errors)


def test_a_peppol_bis_3_invoice_is_read_with_its_totals() -> None:
    facts = read_invoice(_invoice())
    assert (facts.invoice_number, facts.order_reference, facts.seller_vat) == (
        "F-2026-001",
        "ord_ABC",
        VAT,
    )
    assert (facts.line_total_cents, facts.tax_cents, facts.payable_cents) == (
        52_892,
        11_107,
        63_999,
    )
    assert facts.payee_iban == IBAN and facts.issue_date == date(2026, 11, 27)


def test_mixed_vat_rates_have_one_breakdown_each() -> None:
    facts = read_invoice(_invoice(DraftLine("advice", 10_000, 21), DraftLine("book", 1_000, 6)))
    assert sorted((b.category, str(b.percent), b.tax_cents) for b in facts.vat) == [
        ("S", "21", 2_100),
        ("S", "6", 60),
    ]


def test_br_co_10_lines_not_adding_up_to_the_total_are_refused() -> None:
    xml = _invoice().replace(
        b'<cbc:LineExtensionAmount currencyID="EUR">528.92<',
        b'<cbc:LineExtensionAmount currencyID="EUR">529.92<',
    )
    errors = _refused(xml)
    assert "BR-CO-10" in errors["BT-106 sum of line net amounts"]


def test_br_co_14_a_vat_total_other_than_its_breakdown_is_refused() -> None:
    xml = _invoice().replace(b">111.07<", b">112.07<", 1)  # the TaxTotal amount only
    errors = _refused(xml)
    assert "BR-CO-14" in errors["BT-110 total VAT"]
    assert "BR-CO-15" in errors["BT-112 total with VAT"]


def test_br_s_09_a_category_taxed_at_another_rate_is_refused() -> None:
    xml = _invoice().replace(b">111.07<", b">112.07<")  # total and subtotal agree, rate does not
    errors = _refused(xml)
    assert "BR-S-09" in errors["BG-23 VAT S 21% BT-117 VAT amount"]


def test_currency_and_type_code_and_missing_order_reference_each_have_their_reason() -> None:
    xml = (
        _invoice()
        .replace(b"<cbc:DocumentCurrencyCode>EUR<", b"<cbc:DocumentCurrencyCode>USD<")
        .replace(b"<cbc:InvoiceTypeCode>380<", b"<cbc:InvoiceTypeCode>381<")
        .replace(b"<cac:OrderReference><cbc:ID>ord_ABC</cbc:ID></cac:OrderReference>", b"")
    )
    errors = _refused(xml)
    assert "EUR" in errors["BT-5 currency"]
    assert "380" in errors["BT-3 invoice type code"]
    assert errors["BT-13 purchase order reference"] == "missing"


def test_a_doctype_and_entities_are_refused_before_anything_is_read() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&lol2;</Invoice>'
    )
    assert "DOCTYPE" in _refused(bomb)["file"]
    external = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&e;</Invoice>'
    )
    assert "DOCTYPE" in _refused(external)["file"]


def test_not_an_invoice_and_malformed_xml_are_refused() -> None:
    assert "UBL 2.1 Invoice" in _refused(b"<CreditNote/>")["file"]
    assert "malformed" in _refused(b"<Invoice")["file"]


def test_an_invoice_valid_against_the_oasis_ubl_2_1_schema_passes_it() -> None:
    facts = read_invoice(_invoice(), invoice_schema())
    assert facts.payable_cents == 63_999


def test_an_element_the_ubl_2_1_schema_does_not_know_is_refused_with_its_line() -> None:
    xml = _invoice().replace(
        b"<cbc:DocumentCurrencyCode>", b"<cbc:Colour>blue</cbc:Colour><cbc:DocumentCurrencyCode>"
    )
    errors = _refused_by_schema(xml)
    assert "Colour" in errors["UBL 2.1 schema"] and errors["UBL 2.1 schema"].startswith("line ")


def test_elements_out_of_the_schemas_order_are_refused() -> None:
    xml = _invoice()
    issue = xml[xml.index(b"<cbc:IssueDate>") : xml.index(b"</cbc:IssueDate>") + 16]
    moved = xml.replace(issue, b"").replace(
        b"</cbc:DocumentCurrencyCode>", b"</cbc:DocumentCurrencyCode>" + issue
    )
    assert "IssueDate" in _refused_by_schema(moved)["UBL 2.1 schema"]


def _refused_by_schema(xml: bytes) -> dict[str, str]:
    with pytest.raises(InvoiceRefused) as refused:
        read_invoice(xml, invoice_schema())
    return dict(refused.value.errors)
