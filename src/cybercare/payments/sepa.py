"""SEPA credit transfers: a pain.001 file built with `sepaxml`, validated against the ISO 20022
schema (the XSD shipped with sepaxml, located through importlib.resources) with `xmlschema`.

A file that does not validate is never stored nor handed to the bank: `build_pain001` raises.
Every name, remittance text and identifier goes through kernel/sepa_text.py (the EPC basic Latin
set), the creation time is the platform clock's (kernel/sepa_xml.py) and the debtor is the
insurer's payout account from the settings (`settings.payout_account`), never a default here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from sepaxml import SepaTransfer

from cybercare.kernel import sepa_xml
from cybercare.kernel.bank_account import BankAccount
from cybercare.kernel.errors import DomainError
from cybercare.kernel.sepa_text import epc_identifier, epc_text

SCHEMA = "pain.001.001.09"


class PaymentFileInvalid(DomainError):
    code = "payments.file_invalid"


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
    message_id: str,
    debtor: BankAccount,
    transfers: list[Transfer],
    execution_date: date,
    created_at: datetime,
) -> Pain001:
    """The pain.001 paying `transfers` from `debtor` (the insurer's payout account, checked by
    BankAccount.checked), created at `created_at` (the platform clock). The message id is the
    EPC identifier form of `message_id` (`_` becomes `-`): the returned `message_id` is the one
    the bank will quote back."""
    if not transfers:
        raise ValueError("a payment file has at least one transfer")
    file_id = epc_identifier(message_id)
    sepa = SepaTransfer(
        {
            "name": epc_text(debtor.name, 70),
            "IBAN": debtor.iban,
            "BIC": debtor.bic,
            "batch": True,
            "currency": "EUR",
        },
        schema=SCHEMA,
        clean=False,  # epc_text is stricter than sepaxml's unidecode (which keeps & _ < >)
    )
    for transfer in transfers:
        sepa.add_payment(
            {
                "name": epc_text(transfer.creditor_name, 70),
                "IBAN": transfer.iban,
                "amount": transfer.amount_cents,
                "execution_date": execution_date,
                "description": epc_text(transfer.remittance, 140),
                "endtoend_id": epc_identifier(transfer.end_to_end_id),
            }
        )
    raw: bytes = sepa.export(validate=False)
    xml = sepa_xml.finish(raw, message_id=file_id, created_at=created_at)
    validate_pain001(xml)
    return Pain001(
        message_id=file_id,
        xml=xml,
        sha256=hashlib.sha256(xml).hexdigest(),
        count=len(transfers),
        total_cents=sum(t.amount_cents for t in transfers),
    )
