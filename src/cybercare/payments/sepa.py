"""SEPA credit transfers: a pain.001 file built with `sepaxml`, validated against the ISO 20022
schema (the XSD shipped with sepaxml, located through importlib.resources) with `xmlschema`.

A file that does not validate is never stored nor handed to the bank: `build_pain001` raises.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from sepaxml import SepaTransfer

from cybercare.kernel.errors import DomainError

SCHEMA = "pain.001.001.09"


class PaymentFileInvalid(DomainError):
    code = "payments.file_invalid"


@dataclass(frozen=True, slots=True)
class Debtor:
    """The insurer's account the transfers are paid from."""

    name: str
    iban: str
    bic: str


@dataclass(frozen=True, slots=True)
class Transfer:
    end_to_end_id: str  # the payout id, max 35 characters
    creditor_name: str
    iban: str
    amount_cents: int
    remittance: str  # unstructured remittance information, max 140 characters


@dataclass(frozen=True, slots=True)
class Pain001:
    message_id: str
    xml: bytes
    sha256: str
    count: int
    total_cents: int


def schema_path() -> str:
    """The ISO 20022 pain.001 XSD on disk (shipped inside the sepaxml package)."""
    return str(resources.files("sepaxml").joinpath("schemas", f"{SCHEMA}.xsd"))


@lru_cache(maxsize=1)
def _schema() -> Any:
    import xmlschema  # heavy: loaded once, on first use

    return xmlschema.XMLSchema(schema_path())


def validate_pain001(xml: bytes) -> None:
    errors = [str(error.reason or error) for error in _schema().iter_errors(xml.decode("utf-8"))]
    if errors:
        raise PaymentFileInvalid(
            "the payment file does not validate against the ISO 20022 schema",
            params={"schema": SCHEMA, "errors": errors[:5]},
        )


def build_pain001(
    message_id: str, debtor: Debtor, transfers: list[Transfer], execution_date: date
) -> Pain001:
    if not transfers:
        raise ValueError("a payment file has at least one transfer")
    sepa = SepaTransfer(
        {
            "name": debtor.name,
            "IBAN": debtor.iban,
            "BIC": debtor.bic,
            "batch": True,
            "currency": "EUR",
        },
        schema=SCHEMA,
    )
    for node in sepa._xml.iter("MsgId"):  # the header is built in the constructor
        node.text = message_id[:35]
    for transfer in transfers:
        sepa.add_payment(
            {
                "name": transfer.creditor_name,
                "IBAN": transfer.iban,
                "amount": transfer.amount_cents,
                "execution_date": execution_date,
                "description": transfer.remittance[:140],
                "endtoend_id": transfer.end_to_end_id[:35],
            }
        )
    xml: bytes = sepa.export(validate=False)
    validate_pain001(xml)
    return Pain001(
        message_id=message_id[:35],
        xml=xml,
        sha256=hashlib.sha256(xml).hexdigest(),
        count=len(transfers),
        total_cents=sum(t.amount_cents for t in transfers),
    )
