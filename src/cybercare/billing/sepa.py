"""SEPA direct debit for households billed directly: mandates, the pain.008 file, settlement on
the collection date and returned debits (R-transactions with their reason codes).

The pain.008.001.02 file is built with `sepaxml` and validated against the ISO 20022 schema that
`sepaxml` ships, with `xmlschema`, before it is stored: an invalid file is never handed out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import xmlschema
from schwifty import BIC, IBAN
from sepaxml import SepaDD

from cybercare.billing import repository
from cybercare.billing.domain import Outcome, Period, communication_for
from cybercare.billing.formats import END_TO_END_PREFIX, parse_returned_debits
from cybercare.billing.service import Fact, ImportReport, apply_facts
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.outbox.bank_files import enqueue_bank_file

PAIN_008 = "pain.008.001.02"
SEQUENCE_TYPE = "RCUR"  # the EPC rulebook (since Nov. 2016) allows RCUR for a first collection


@dataclass(frozen=True, slots=True)
class Creditor:
    name: str
    iban: str
    bic: str
    creditor_id: str  # SEPA creditor identifier, e.g. BE69ZZZ050D000000008


@dataclass(frozen=True, slots=True)
class DebitFile:
    batch_id: int
    message_id: str
    line_count: int
    total_cents: int
    xml: bytes


class InvalidSepaFile(Conflict):
    code = "billing.invalid_pain_008"


@cache
def pain_008_schema() -> xmlschema.XMLSchema:
    path = resources.files("sepaxml") / "schemas" / f"{PAIN_008}.xsd"
    return xmlschema.XMLSchema(str(path))


def validate_pain_008(xml: bytes) -> None:
    """Raise InvalidSepaFile with the schema's first complaint when `xml` is not valid."""
    errors = list(pain_008_schema().iter_errors(xml.decode()))
    if errors:
        raise InvalidSepaFile(f"pain.008 does not validate: {errors[0].reason}")


def register_mandate(
    uow: UnitOfWork,
    *,
    affiliation_id: str,
    reference: str,
    debtor_name: str,
    iban: str,
    bic: str,
    signed_on: date,
    clock: Clock,
) -> None:
    """A signed mandate: the affiliation's premiums are collected by direct debit from then on."""
    if not 1 <= len(reference) <= 35:
        raise InvalidInput("reference", "a mandate reference has 1 to 35 characters")
    try:
        iban_value, bic_value = IBAN(iban), BIC(bic)
    except ValueError as exc:
        raise InvalidInput("iban", str(exc)) from None
    if signed_on > clock.today():
        raise InvalidInput("signed_on", "a mandate cannot be signed in the future")
    repository.add_mandate(
        uow,
        {
            "affiliation_id": affiliation_id,
            "reference": reference,
            "debtor_name": debtor_name[:70],
            "iban": iban_value.compact,
            "bic": bic_value.compact,
            "signed_on": signed_on,
            "status": "active",
            "created_at": clock.now(),
        },
    )


def build_debit_file(
    uow: UnitOfWork, period: Period, creditor: Creditor, collection_date: date, clock: Clock
) -> DebitFile | None:
    """The pain.008 of the period's open direct-debit lines not yet in a file; None if none."""
    items = repository.collectible(uow, period.code)
    if not items:
        return None
    config: dict[str, Any] = {
        "name": creditor.name,
        "IBAN": creditor.iban,
        "BIC": creditor.bic,
        "batch": True,
        "creditor_id": creditor.creditor_id,
        "currency": "EUR",
    }
    sepa = SepaDD(config, schema=PAIN_008, clean=True)
    for item in items:
        sepa.add_payment(
            {
                "name": item.debtor_name,
                "IBAN": item.iban,
                "BIC": item.bic,
                "amount": item.gross_cents,
                "type": SEQUENCE_TYPE,
                "collection_date": collection_date,
                "mandate_id": item.mandate_reference,
                "mandate_date": item.signed_on,
                "description": f"Cyber Care {item.period} {communication_for(item.line_id)}",
                "endtoend_id": f"{END_TO_END_PREFIX}{item.line_id}",
            }
        )
    xml = sepa.export(validate=False)
    validate_pain_008(xml)
    total = sum(item.gross_cents for item in items)
    message_id = str(sepa.msg_id)[:35]
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


def settle_due_batches(uow: UnitOfWork, clock: Clock) -> int:
    """On the collection date the debits not returned are paid (bank DR / receivable CR)."""
    settled = 0
    for batch_id in repository.batches_to_settle(uow, clock.today()):
        lines = repository.open_lines_of_batch(uow, batch_id)
        facts = [
            Fact(
                0,
                line.line_id,
                Outcome.PAID,
                line.gross_cents,
                clock.today(),
                f"batch:{batch_id}:{line.line_id}",
            )
            for line in lines
        ]
        apply_facts(uow, "debit_settled", facts, f"batch-{batch_id}", clock, ImportReport())
        repository.mark_settled(uow, batch_id, clock.today())
        settled += 1
    return settled


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
