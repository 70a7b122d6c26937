"""SEPA direct debit for households billed directly: the pain.008 file under each line's mandate
(billing/mandate.py decides the sequence type and the amendment details) and returned debits
(R-transactions with their reason codes). A batch is collected only when the bank's statement
credits it (billing/collection.py, issue 15), never because its date passed.

The pain.008.001.02 file is built with `sepaxml` from texts already in the EPC set, finished with
our ids and the platform clock (kernel/sepa_xml.py) and validated against the ISO 20022 schema
that `sepaxml` ships, with `xmlschema`, before it is stored: an invalid file is never handed out.
A file the bank would refuse, or that would collect without a right to, is refused before it is
built (`DebitFileRefused`, docs/mandates.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import xmlschema
from lxml import etree
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from sepaxml import SepaDD

from cybercare.billing import mandate as rules
from cybercare.billing import mandate_repository, repository
from cybercare.billing.domain import Outcome, Period, communication_for
from cybercare.billing.formats import END_TO_END_PREFIX, parse_returned_debits
from cybercare.billing.mandate import Amendment, MandateNotCollectible
from cybercare.billing.service import Fact, ImportReport, apply_facts
from cybercare.db.uow import UnitOfWork
from cybercare.kernel import sepa_xml, target2
from cybercare.kernel.bank_account import (
    BankAccount,
    Creditor,
    InvalidBankAccount,
    checked_creditor_id,
)
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.kernel.sepa_text import epc_identifier, epc_text
from cybercare.outbox.bank_files import enqueue_bank_file

PAIN_008 = "pain.008.001.02"
NS = f"urn:iso:std:iso:20022:tech:xsd:{PAIN_008}"
# The debtor bank changed: the EPC implementation guidelines put this code in OrgnlDbtrAgt.
SAME_MANDATE_NEW_DEBTOR_AGENT = "SMNDA"


@dataclass(frozen=True, slots=True)
class DebitFile:
    batch_id: int
    message_id: str
    line_count: int
    total_cents: int
    xml: bytes


class InvalidSepaFile(Conflict):
    code = "billing.invalid_pain_008"


class DebitFileRefused(InvalidInput):
    """The file would be refused by the bank or collect without a right to: nothing is built."""

    code = "billing.debit_file_refused"


@cache
def pain_008_schema() -> xmlschema.XMLSchema:
    path = resources.files("sepaxml") / "schemas" / f"{PAIN_008}.xsd"
    return xmlschema.XMLSchema(str(path))


def validate_pain_008(xml: bytes) -> None:
    """Raise InvalidSepaFile with the schema's first complaint when `xml` is not valid."""
    errors = list(pain_008_schema().iter_errors(xml.decode()))
    if errors:
        raise InvalidSepaFile(f"pain.008 does not validate: {errors[0].reason}")


def _checked_creditor(creditor: Creditor) -> Creditor:
    """The creditor as a bank checks it, again: settings are checked at start-up, but a file
    on a wrong account costs a month's collection."""
    account = creditor.account
    try:
        checked = BankAccount.checked(account.name, account.iban, account.bic, field="creditor")
        creditor_id = checked_creditor_id(creditor.creditor_id)
    except InvalidBankAccount as exc:
        raise DebitFileRefused(exc.field, exc.reason) from None
    return Creditor(checked, creditor_id)


def _check_collection_date(collection_date: date, today: date) -> None:
    earliest = target2.earliest_collection_date(today)
    if collection_date < earliest or not target2.is_business_day(collection_date):
        raise DebitFileRefused(
            "collection_date",
            f"{collection_date.isoformat()} is not a TARGET2 business day at least one business "
            f"day after today ({today.isoformat()}); the earliest is {earliest.isoformat()}",
        )


def _check_debtor(reference: str, iban: str, bic: str) -> None:
    try:
        IBAN(iban)
        BIC(bic)
    except SchwiftyException as exc:
        raise DebitFileRefused(
            f"mandate:{reference}", f"the debtor account of mandate {reference} is invalid: {exc}"
        ) from None


def build_debit_file(
    uow: UnitOfWork, period: Period, creditor: Creditor, collection_date: date, clock: Clock
) -> DebitFile | None:
    """The pain.008 of the period's open direct-debit lines not yet in a file; None if none.
    Refused (DebitFileRefused, nothing written) when the collection date is not a TARGET2
    business day at least one business day ahead, precedes a mandate's signature, an account is
    invalid or a line has no mandate to collect under."""
    checked = _checked_creditor(creditor)
    _check_collection_date(collection_date, clock.today())
    items = repository.collectible(uow, period.code)
    if not items:
        return None
    mandates = mandate_repository.collectible_for(uow, [i.affiliation_id for i in items])
    missing = sorted({i.affiliation_id for i in items} - mandates.keys())
    if missing:
        raise DebitFileRefused(
            "mandate",
            f"{len(missing)} affiliation(s) billed by direct debit have no mandate in force "
            f"(first: {missing[0]}); bill them through the distributor or register a mandate",
        )
    terms: dict[str, rules.CollectionTerms] = {}
    for affiliation_id, stored in mandates.items():
        mandate = stored.mandate
        _check_debtor(mandate.reference, mandate.iban, mandate.bic)
        try:
            collection, after = rules.collect(mandate, collection_date)
        except MandateNotCollectible as exc:
            raise DebitFileRefused(f"mandate:{mandate.reference}", exc.message) from None
        terms[affiliation_id] = collection
        mandate_repository.save(uow, stored.mandate_id, after)
    message_id = epc_identifier(new_id("DD", 20))
    account = checked.account
    sepa = _sepa_dd(account, checked.creditor_id)
    for item in items:
        mandate = mandates[item.affiliation_id].mandate
        sepa.add_payment(
            {
                "name": epc_text(mandate.holder_name, 70),
                "IBAN": mandate.iban,
                "BIC": mandate.bic,
                "amount": item.gross_cents,
                "type": terms[item.affiliation_id].sequence_type.value,
                "collection_date": collection_date,
                "mandate_id": epc_identifier(mandate.reference),
                "mandate_date": mandate.signed_on,
                "description": epc_text(
                    f"Cyber Care {item.period} {communication_for(item.line_id)}", 140
                ),
                "endtoend_id": epc_identifier(f"{END_TO_END_PREFIX}{item.line_id}"),
            }
        )
    raw = sepa.export(validate=False)
    amended: dict[str, Amendment] = {}
    reported: set[str] = set()
    for item in items:
        amendment = terms[item.affiliation_id].amendment
        # On the first collection of the mandate in the file only: the amendment is told once.
        if amendment is not None and item.affiliation_id not in reported:
            amended[f"{END_TO_END_PREFIX}{item.line_id}"] = amendment
            reported.add(item.affiliation_id)
    xml = sepa_xml.finish(
        _with_amendments(raw, amended), message_id=message_id, created_at=clock.now()
    )
    validate_pain_008(xml)
    total = sum(item.gross_cents for item in items)
    batch_id = repository.add_batch(
        uow,
        {
            "message_id": message_id,
            "period": period.code,
            "collection_date": collection_date,
            "line_count": len(items),
            "total_cents": total,
            "xml": xml,
            "created_at": clock.now(),
        },
        [item.line_id for item in items],
    )
    enqueue_bank_file(uow, message_id=message_id, xml=xml, at=clock.now())  # after commit
    return DebitFile(batch_id, message_id, len(items), total, xml)


def _sepa_dd(account: BankAccount, creditor_id: str) -> SepaDD:
    # clean=False: texts are already transliterated by epc_text, stricter than sepaxml's
    # unidecode (which lets `&`, `_`, `<` through).
    config: dict[str, Any] = {
        "name": epc_text(account.name, 70),
        "IBAN": account.iban,
        "BIC": account.bic,
        "batch": True,
        "creditor_id": creditor_id,
        "currency": "EUR",
    }
    return SepaDD(config, schema=PAIN_008, clean=False)


def _element(parent: Any, name: str, text: str | None = None) -> Any:
    node = etree.SubElement(parent, f"{{{NS}}}{name}")
    if text is not None:
        node.text = text
    return node


def _with_amendments(xml: bytes, amended: dict[str, Amendment]) -> bytes:
    """The amendment indicator and details (MndtRltdInf/AmdmntInd, AmdmntInfDtls) on the
    collections whose mandate changed since the last one. Only what the EPC guidelines carry:
    the original debtor account (same bank) or SMNDA (another bank); a new holder name alone
    travels in Dbtr/Nm and is no amendment of the rulebook's (no field for it)."""
    reportable = {
        e2e: a for e2e, a in amended.items() if a.original_iban is not None or a.other_bank
    }
    if not reportable:
        return xml
    root = etree.fromstring(xml)
    for transaction in root.iter(f"{{{NS}}}DrctDbtTxInf"):
        e2e = transaction.findtext(f"{{{NS}}}PmtId/{{{NS}}}EndToEndId")
        amendment = reportable.get(e2e or "")
        if amendment is None:
            continue
        signed = transaction.find(f"{{{NS}}}DrctDbtTx/{{{NS}}}MndtRltdInf/{{{NS}}}DtOfSgntr")
        if signed is None:  # sepaxml always writes it; a file without it fails the schema
            continue
        indicator = etree.Element(f"{{{NS}}}AmdmntInd")
        indicator.text = "true"
        signed.addnext(indicator)
        details = etree.Element(f"{{{NS}}}AmdmntInfDtls")
        indicator.addnext(details)
        if amendment.other_bank:
            agent = _element(_element(details, "OrgnlDbtrAgt"), "FinInstnId")
            _element(_element(agent, "Othr"), "Id", SAME_MANDATE_NEW_DEBTOR_AGENT)
        elif amendment.original_iban is not None:
            _element(
                _element(_element(details, "OrgnlDbtrAcct"), "Id"), "IBAN", amendment.original_iban
            )
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def import_returned_debits(uow: UnitOfWork, text: str, clock: Clock) -> ImportReport:
    """Returned debits (CSV of end-to-end id, reason code, amount, date): the line becomes
    unpaid (money given back if it was settled) and enters the dunning flow (Art. 9.6)."""
    parsed = parse_returned_debits(text)
    report = ImportReport(errors=list(parsed.errors))
    facts = [
        Fact(
            number,
            item.line_id,
            Outcome.UNPAID,
            item.amount_cents,
            item.on,
            item.external_ref,
            item.reason_code,
        )
        for number, item in parsed.items
    ]
    return apply_facts(uow, "debit_return", facts, parsed.sha256, clock, report)
