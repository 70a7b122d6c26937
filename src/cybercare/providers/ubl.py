"""Providers' invoices as Belgian B2B e-invoicing requires from 2026: UBL 2.1 invoices per
Peppol BIS Billing 3.0. Pure: bytes in, an `InvoiceFacts` or an `InvoiceRefused` naming every
field at fault (with its business term, BT-n, and the rule, BR-n, of EN 16931 / BIS 3.0).

Reading is hardened as bank files are (banking/xmlsafe.py): lxml with entities unresolved, no
network, no DTD, libxml2's size limits, and any DOCTYPE refused.

Schema: given `schema` (the official OASIS UBL 2.1 Invoice XSD, `providers.ubl_schema`, as
the import does), the document is validated against it too, and its findings (with their
lines) are listed with the fields' own. The BIS 3.0 Schematron is not shipped by any package we
may use: this module checks, in code, the mandatory elements of the BIS 3.0 invoice we accept,
their cardinality, number and date formats, currencyID on every amount, and the subset of the
BIS 3.0 business rules that matter for paying an order:

- BR-01/02/03/04/05 (specification and profile, number, issue date, type code 380, currency),
  PEPPOL-EN16931-R007 (ProfileID), BR-CL-04 (currency EUR here), BR-CO-09 (seller VAT prefix),
- BR-CO-10 sum of line net amounts (BT-131) = BT-106,
- BR-CO-13 BT-109 = BT-106 - allowances + charges (none accepted here: BT-107/108 must be 0),
- BR-CO-14 BT-110 = sum of the VAT breakdown's tax amounts (BT-117),
- BR-CO-15 BT-112 = BT-109 + BT-110, BR-CO-16 BT-115 = BT-112 - BT-113 (prepaid),
- BR-S-08 per VAT category and rate: taxable amount (BT-116) = sum of its lines' net amounts,
- BR-S-09 per category: tax amount = taxable amount x rate (rounded to the cent),
- BR-E-10/BR-AE-10: an exempt or reverse-charge category gives its exemption reason (BT-120/121),
- BT-13 purchase order reference present (matched to an order by the service),
- BT-84 payment account (IBAN) present when the means of payment is a credit transfer (30/58).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any, cast

from lxml import etree

from cybercare.kernel.errors import InvalidInput

NS = {
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
MAX_BYTES = 2_000_000

HARDENED: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
    "dtd_validation": False,
    "remove_comments": True,
    "remove_pis": True,
}
_PARSER = etree.XMLParser(**HARDENED)


class InvoiceRefused(InvalidInput):
    """An invoice refused, with a reason per field (`errors`: (field, reason) pairs)."""

    code = "provider_invoice.refused"


@dataclass(frozen=True, slots=True)
class VatBreakdown:
    category: str
    percent: Decimal
    taxable_cents: int
    tax_cents: int


@dataclass(frozen=True, slots=True)
class InvoiceFacts:
    invoice_number: str  # BT-1
    issue_date: date  # BT-2
    order_reference: str  # BT-13
    seller_vat: str  # BT-31
    seller_name: str  # BT-27
    payee_iban: str | None  # BT-84
    currency: str  # BT-5
    line_total_cents: int  # BT-106
    tax_exclusive_cents: int  # BT-109
    tax_cents: int  # BT-110
    tax_inclusive_cents: int  # BT-112
    payable_cents: int  # BT-115
    lines: int
    vat: tuple[VatBreakdown, ...]


class _Reader:
    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.errors: list[tuple[str, str]] = []

    def refuse(self, field: str, reason: str) -> None:
        self.errors.append((field, reason))

    def text(self, path: str, field: str, *, at: etree._Element | None = None) -> str:
        found = (self.root if at is None else at).xpath(path, namespaces=NS)
        if len(found) != 1 or not (found[0].text or "").strip():
            self.refuse(field, "missing" if not found else "must appear exactly once, not empty")
            return ""
        return str(found[0].text).strip()

    def optional(self, path: str, *, at: etree._Element | None = None) -> str | None:
        found = (self.root if at is None else at).xpath(path, namespaces=NS)
        return str(found[0].text).strip() if found and found[0].text else None

    def amount(
        self, path: str, field: str, *, at: etree._Element | None = None, required: bool = True
    ) -> int:
        found = (self.root if at is None else at).xpath(path, namespaces=NS)
        if not found:
            if required:
                self.refuse(field, "missing")
            return 0
        element = found[0]
        if element.get("currencyID") != "EUR":
            self.refuse(field, f"currencyID must be EUR, not {element.get('currencyID')!r}")
        return self.cents(element.text or "", field)

    def cents(self, text: str, field: str) -> int:
        try:
            value = Decimal(text.strip())
        except InvalidOperation:
            self.refuse(field, f"{text!r} is not a number")
            return 0
        if value != value.quantize(Decimal("0.01")) or not value.is_finite():
            self.refuse(field, f"{text!r}: at most two decimals")
            return 0
        return int(value * 100)


def _parse(data: bytes) -> etree._Element:
    if len(data) > MAX_BYTES:
        raise InvoiceRefused("file", f"larger than {MAX_BYTES} bytes")
    try:
        tree = etree.parse(BytesIO(data), _PARSER)
    except etree.XMLSyntaxError as error:
        raise InvoiceRefused("file", f"malformed XML at line {error.lineno}: {error.msg}") from None
    info = tree.docinfo
    if info.doctype or info.internalDTD is not None or info.system_url:
        raise InvoiceRefused("file", "a DOCTYPE is not allowed in an invoice")
    root = tree.getroot()
    if etree.QName(root).text != f"{{{NS['inv']}}}Invoice":
        raise InvoiceRefused("file", "the root element is not a UBL 2.1 Invoice (Invoice-2)")
    return cast("etree._Element", root)


_SCHEMA_FINDINGS = 20  # enough to fix a file; a broken one need not list them all


def read_invoice(data: bytes, schema: etree.XMLSchema | None = None) -> InvoiceFacts:
    """Parse and validate one UBL invoice; `InvoiceRefused` lists every field at fault, with
    what `schema` finds (under `UBL 2.1 schema`, with the line)."""
    root = _parse(data)
    r = _Reader(root)
    if schema is not None and not schema.validate(root.getroottree()):
        for found in list(schema.error_log)[:_SCHEMA_FINDINGS]:
            r.refuse("UBL 2.1 schema", f"line {found.line}: {found.message}")
    header = _header(r)
    per_category, line_sum, count = _lines(r)
    totals = _totals(r, line_sum, count)
    breakdown, tax = _vat(r, per_category)
    inclusive, prepaid, payable = totals[2], totals[3], totals[4]
    if inclusive != totals[1] + tax:
        r.refuse(
            "BT-112 total with VAT",
            f"{_eur(inclusive)} is not {_eur(totals[1])} + VAT {_eur(tax)} (BR-CO-15)",
        )
    if payable != inclusive - prepaid:
        r.refuse("BT-115 amount due", f"{_eur(payable)} is not BT-112 - BT-113 (BR-CO-16)")
    if payable <= 0 and not r.errors:
        r.refuse("BT-115 amount due", "nothing to pay")
    if r.errors:
        raise InvoiceRefused.of(r.errors)
    number, issued, currency, order_ref, seller_name, vat, iban = header
    return InvoiceFacts(
        invoice_number=number,
        issue_date=issued,
        order_reference=order_ref,
        seller_vat=vat.replace(" ", "").upper(),
        seller_name=seller_name,
        payee_iban=iban.replace(" ", "").upper() if iban else None,
        currency=currency,
        line_total_cents=totals[0],
        tax_exclusive_cents=totals[1],
        tax_cents=tax,
        tax_inclusive_cents=inclusive,
        payable_cents=payable,
        lines=count,
        vat=tuple(breakdown),
    )


def _header(r: _Reader) -> tuple[str, date, str, str, str, str, str | None]:
    if r.text("cbc:UBLVersionID", "UBLVersionID") not in ("", "2.1"):
        r.refuse("UBLVersionID", "UBL 2.1 is required")
    if r.text("cbc:CustomizationID", "BT-24 CustomizationID") not in ("", CUSTOMIZATION):
        r.refuse("BT-24 CustomizationID", "not Peppol BIS Billing 3.0 (BR-01)")
    if r.text("cbc:ProfileID", "BT-23 ProfileID") not in ("", PROFILE):
        r.refuse("BT-23 ProfileID", "not the Peppol billing profile 01 (PEPPOL-EN16931-R007)")
    number = r.text("cbc:ID", "BT-1 invoice number")
    issue = r.text("cbc:IssueDate", "BT-2 issue date")
    issued = date(1970, 1, 1)
    if issue:
        try:
            issued = date.fromisoformat(issue)
        except ValueError:
            r.refuse("BT-2 issue date", f"{issue!r} is not a date YYYY-MM-DD")
    kind = r.text("cbc:InvoiceTypeCode", "BT-3 invoice type code")
    if kind and kind != "380":
        r.refuse("BT-3 invoice type code", f"{kind!r}: only commercial invoices (380) are paid")
    currency = r.text("cbc:DocumentCurrencyCode", "BT-5 currency")
    if currency and currency != "EUR":
        r.refuse("BT-5 currency", f"{currency!r}: invoices to the insurer are in EUR")
    order_ref = r.text("cac:OrderReference/cbc:ID", "BT-13 purchase order reference")
    seller = "cac:AccountingSupplierParty/cac:Party"
    seller_name = r.text(f"{seller}/cac:PartyLegalEntity/cbc:RegistrationName", "BT-27 seller")
    vat = r.text(f"{seller}/cac:PartyTaxScheme/cbc:CompanyID", "BT-31 seller VAT identifier")
    if vat and not vat[:2].isalpha():
        r.refuse("BT-31 seller VAT identifier", "must start with a country code (BR-CO-09)")
    means = r.optional("cac:PaymentMeans/cbc:PaymentMeansCode")
    iban = r.optional("cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID")
    if means in ("30", "58") and not iban:
        r.refuse("BT-84 payment account", "a credit transfer names the account to pay")
    return number, issued, currency, order_ref, seller_name, vat, iban


def _lines(r: _Reader) -> tuple[dict[tuple[str, Decimal], int], int, int]:
    lines = r.root.xpath("cac:InvoiceLine", namespaces=NS)
    if not lines:
        r.refuse("BG-25 invoice line", "an invoice has at least one line (BR-16)")
    per_category: dict[tuple[str, Decimal], int] = {}
    line_sum = 0
    for index, line in enumerate(lines, start=1):
        field = f"BG-25 line {index}"
        net = r.amount("cbc:LineExtensionAmount", f"{field} BT-131 net amount", at=line)
        line_sum += net
        cat = r.optional("cac:Item/cac:ClassifiedTaxCategory/cbc:ID", at=line)
        pct = r.optional("cac:Item/cac:ClassifiedTaxCategory/cbc:Percent", at=line) or "0"
        if cat is None:
            r.refuse(f"{field} BT-151 VAT category", "missing (BR-CO-04)")
            continue
        key = (cat, _percent(r, pct, f"{field} BT-152 VAT rate"))
        per_category[key] = per_category.get(key, 0) + net
    return per_category, line_sum, len(lines)


def _totals(r: _Reader, line_sum: int, count: int) -> tuple[int, int, int, int, int]:
    totals = "cac:LegalMonetaryTotal"
    line_total = r.amount(f"{totals}/cbc:LineExtensionAmount", "BT-106 sum of line net amounts")
    allowances = r.amount(f"{totals}/cbc:AllowanceTotalAmount", "BT-107", required=False)
    charges = r.amount(f"{totals}/cbc:ChargeTotalAmount", "BT-108", required=False)
    exclusive = r.amount(f"{totals}/cbc:TaxExclusiveAmount", "BT-109 total without VAT")
    inclusive = r.amount(f"{totals}/cbc:TaxInclusiveAmount", "BT-112 total with VAT")
    prepaid = r.amount(f"{totals}/cbc:PrepaidAmount", "BT-113", required=False)
    payable = r.amount(f"{totals}/cbc:PayableAmount", "BT-115 amount due")
    if count and line_sum != line_total:
        r.refuse(
            "BT-106 sum of line net amounts",
            f"{_eur(line_total)} but the lines add up to {_eur(line_sum)} (BR-CO-10)",
        )
    if allowances or charges:
        r.refuse("BT-107/BT-108", "document level allowances and charges are not accepted")
    if exclusive != line_total - allowances + charges:
        r.refuse("BT-109 total without VAT", f"{_eur(exclusive)} is not BT-106 (BR-CO-13)")
    return line_total, exclusive, inclusive, prepaid, payable


def _vat(
    r: _Reader, per_category: dict[tuple[str, Decimal], int]
) -> tuple[list[VatBreakdown], int]:
    tax_totals = r.root.xpath("cac:TaxTotal[cac:TaxSubtotal]", namespaces=NS)
    breakdown: list[VatBreakdown] = []
    if len(tax_totals) != 1:
        r.refuse("BG-23 VAT breakdown", "exactly one TaxTotal with its subtotals (BR-CO-18)")
        return breakdown, 0
    tax = r.amount("cbc:TaxAmount", "BT-110 total VAT", at=tax_totals[0])
    for index, sub in enumerate(tax_totals[0].xpath("cac:TaxSubtotal", namespaces=NS), 1):
        breakdown.append(_subtotal(r, sub, index))
    _check_breakdown(r, breakdown, per_category, tax)
    return breakdown, tax


def _percent(r: _Reader, text: str, field: str) -> Decimal:
    try:
        return Decimal(text).normalize()
    except InvalidOperation:
        r.refuse(field, f"{text!r} is not a number")
        return Decimal(0)


def _subtotal(r: _Reader, sub: etree._Element, index: int) -> VatBreakdown:
    field = f"BG-23 subtotal {index}"
    taxable = r.amount("cbc:TaxableAmount", f"{field} BT-116 taxable amount", at=sub)
    amount = r.amount("cbc:TaxAmount", f"{field} BT-117 VAT amount", at=sub)
    category = r.text("cac:TaxCategory/cbc:ID", f"{field} BT-118 VAT category", at=sub)
    percent = _percent(r, r.optional("cac:TaxCategory/cbc:Percent", at=sub) or "0", field)
    if category in ("E", "AE") and not (
        r.optional("cac:TaxCategory/cbc:TaxExemptionReason", at=sub)
        or r.optional("cac:TaxCategory/cbc:TaxExemptionReasonCode", at=sub)
    ):
        r.refuse(f"{field} BT-120 exemption reason", f"category {category} gives its reason")
    return VatBreakdown(category, percent, taxable, amount)


def _check_breakdown(
    r: _Reader,
    breakdown: list[VatBreakdown],
    per_category: dict[tuple[str, Decimal], int],
    tax: int,
) -> None:
    if sum(b.tax_cents for b in breakdown) != tax:
        r.refuse("BT-110 total VAT", f"{_eur(tax)} is not the sum of the subtotals (BR-CO-14)")
    stated = {(b.category, b.percent): b for b in breakdown}
    for key, net in per_category.items():
        found = stated.get(key)
        name = f"VAT {key[0]} {key[1]}%"
        if found is None:
            r.refuse("BG-23 VAT breakdown", f"no subtotal for the lines of {name} (BR-CO-18)")
            continue
        if found.taxable_cents != net:
            r.refuse(
                f"BG-23 {name} BT-116 taxable amount",
                f"{_eur(found.taxable_cents)} but its lines add up to {_eur(net)} (BR-S-08)",
            )
        expected = int((Decimal(net) * key[1] / 100).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
        if found.tax_cents != expected:
            r.refuse(
                f"BG-23 {name} BT-117 VAT amount",
                f"{_eur(found.tax_cents)}; {key[1]}% of {_eur(net)} is {_eur(expected)} (BR-S-09)",
            )
    for key in stated.keys() - per_category.keys():
        r.refuse("BG-23 VAT breakdown", f"a subtotal for VAT {key[0]} {key[1]}% has no line")


def _eur(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d} EUR" if cents >= 0 else f"-{_eur(-cents)}"


# --- writing one (tests, the demo and the bench build providers' invoices with it) -------------


@dataclass(frozen=True, slots=True)
class DraftLine:
    description: str
    net_cents: int
    vat_percent: int = 21


def build_invoice(  # noqa: PLR0915 - one statement per element, in the schema's order
    *,
    number: str,
    issue_date: date,
    order_reference: str,
    seller_name: str,
    seller_vat: str,
    seller_iban: str,
    buyer_name: str = "Cyber Care insurer",
    lines: tuple[DraftLine, ...],
) -> bytes:
    """A Peppol BIS Billing 3.0 invoice as a provider's software sends it (the subset read
    above), for the tests, the demo and the bench."""
    names: dict[str | None, str] = {None: NS["inv"], "cac": NS["cac"], "cbc": NS["cbc"]}
    e = etree.Element(f"{{{NS['inv']}}}Invoice", nsmap=names)

    def cbc(parent: etree._Element, name: str, text: str, **attrs: str) -> etree._Element:
        child = etree.SubElement(parent, f"{{{NS['cbc']}}}{name}", attrs)
        child.text = text
        return child

    def cac(parent: etree._Element, name: str) -> etree._Element:
        return etree.SubElement(parent, f"{{{NS['cac']}}}{name}")

    def money(cents: int) -> str:
        return f"{cents // 100}.{cents % 100:02d}"

    cbc(e, "UBLVersionID", "2.1")
    cbc(e, "CustomizationID", CUSTOMIZATION)
    cbc(e, "ProfileID", PROFILE)
    cbc(e, "ID", number)
    cbc(e, "IssueDate", issue_date.isoformat())
    cbc(e, "InvoiceTypeCode", "380")
    cbc(e, "DocumentCurrencyCode", "EUR")
    cbc(cac(e, "OrderReference"), "ID", order_reference)
    party = cac(cac(e, "AccountingSupplierParty"), "Party")
    cbc(party, "EndpointID", seller_vat, schemeID="9925")
    tax_scheme = cac(party, "PartyTaxScheme")
    cbc(tax_scheme, "CompanyID", seller_vat)
    cbc(cac(tax_scheme, "TaxScheme"), "ID", "VAT")
    cbc(cac(party, "PartyLegalEntity"), "RegistrationName", seller_name)
    buyer = cac(cac(e, "AccountingCustomerParty"), "Party")
    cbc(cac(buyer, "PartyLegalEntity"), "RegistrationName", buyer_name)
    means = cac(e, "PaymentMeans")
    cbc(means, "PaymentMeansCode", "30")
    cbc(cac(means, "PayeeFinancialAccount"), "ID", seller_iban)
    groups: dict[int, int] = {}
    for line in lines:
        groups[line.vat_percent] = groups.get(line.vat_percent, 0) + line.net_cents
    taxes = {p: (net * p + 50) // 100 for p, net in groups.items()}
    total_tax = sum(taxes.values())
    tax_total = cac(e, "TaxTotal")
    cbc(tax_total, "TaxAmount", money(total_tax), currencyID="EUR")
    for percent, net in groups.items():
        sub = cac(tax_total, "TaxSubtotal")
        cbc(sub, "TaxableAmount", money(net), currencyID="EUR")
        cbc(sub, "TaxAmount", money(taxes[percent]), currencyID="EUR")
        cat = cac(sub, "TaxCategory")
        cbc(cat, "ID", "S")
        cbc(cat, "Percent", str(percent))
        cbc(cac(cat, "TaxScheme"), "ID", "VAT")
    net_total = sum(groups.values())
    totals = cac(e, "LegalMonetaryTotal")
    cbc(totals, "LineExtensionAmount", money(net_total), currencyID="EUR")
    cbc(totals, "TaxExclusiveAmount", money(net_total), currencyID="EUR")
    cbc(totals, "TaxInclusiveAmount", money(net_total + total_tax), currencyID="EUR")
    cbc(totals, "PayableAmount", money(net_total + total_tax), currencyID="EUR")
    for index, line in enumerate(lines, start=1):
        item_line = cac(e, "InvoiceLine")
        cbc(item_line, "ID", str(index))
        cbc(item_line, "InvoicedQuantity", "1", unitCode="C62")
        cbc(item_line, "LineExtensionAmount", money(line.net_cents), currencyID="EUR")
        item = cac(item_line, "Item")
        cbc(item, "Name", line.description)
        category = cac(item, "ClassifiedTaxCategory")
        cbc(category, "ID", "S")
        cbc(category, "Percent", str(line.vat_percent))
        cbc(cac(category, "TaxScheme"), "ID", "VAT")
        cbc(cac(item_line, "Price"), "PriceAmount", money(line.net_cents), currencyID="EUR")
    return bytes(etree.tostring(e, xml_declaration=True, encoding="UTF-8"))
