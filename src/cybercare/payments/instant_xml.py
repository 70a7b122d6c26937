"""SEPA Instant in ISO 20022: the pain.001.001.09 of one instant transfer (built with lxml,
validated against the same XSD as the batch files), and the bank's immediate pain.002 answer.

The instant file differs from a batch one by its payment type: service level `SEPA` and local
instrument `INST` (the SCT Inst scheme), one transaction, no batch booking. Names and texts go
through the EPC character set (kernel/sepa_text.py); the creation time is the platform clock's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree

from cybercare.kernel.bank_account import BankAccount
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.sepa_text import epc_identifier, epc_text
from cybercare.payments.sepa import Pain001, Transfer, validate_pain001

NS = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
ACCEPTED = frozenset({"ACCC", "ACSC", "ACSP", "ACCP"})


def _add(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    node = etree.SubElement(parent, f"{{{NS}}}{tag}")
    if text is not None:
        node.text = text
    return node


def _path(parent: etree._Element, tags: str, text: str) -> etree._Element:
    node = parent
    for tag in tags.split("/"):
        node = _add(node, tag)
    node.text = text
    return node


def _euros(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def build_instant_pain001(
    message_id: str, debtor: BankAccount, transfer: Transfer, *, created_at: datetime, on: date
) -> Pain001:
    """One SEPA Instant credit transfer from the payout account, validated before it leaves."""
    if transfer.amount_cents <= 0:
        raise ValueError("an instant transfer carries a positive amount")
    msg_id = epc_identifier(message_id)
    amount = _euros(transfer.amount_cents)
    root = etree.Element(f"{{{NS}}}Document", nsmap={None: NS})
    initiation = _add(root, "CstmrCdtTrfInitn")
    header = _add(initiation, "GrpHdr")
    _add(header, "MsgId", msg_id)
    _add(header, "CreDtTm", created_at.replace(microsecond=0).isoformat())
    _add(header, "NbOfTxs", "1")
    _add(header, "CtrlSum", amount)
    _path(header, "InitgPty/Nm", epc_text(debtor.name, 70))
    info = _add(initiation, "PmtInf")
    _add(info, "PmtInfId", msg_id)
    _add(info, "PmtMtd", "TRF")
    _add(info, "BtchBookg", "false")
    _add(info, "NbOfTxs", "1")
    _add(info, "CtrlSum", amount)
    kind = _add(info, "PmtTpInf")
    _path(kind, "SvcLvl/Cd", "SEPA")
    _path(kind, "LclInstrm/Cd", "INST")
    _path(info, "ReqdExctnDt/Dt", on.isoformat())
    _path(info, "Dbtr/Nm", epc_text(debtor.name, 70))
    _path(info, "DbtrAcct/Id/IBAN", debtor.iban)
    _path(info, "DbtrAgt/FinInstnId/BICFI", debtor.bic)
    _add(info, "ChrgBr", "SLEV")
    tx = _add(info, "CdtTrfTxInf")
    _path(tx, "PmtId/EndToEndId", epc_identifier(transfer.end_to_end_id))
    _add(_add(tx, "Amt"), "InstdAmt", amount).set("Ccy", "EUR")
    _path(tx, "Cdtr/Nm", epc_text(transfer.creditor_name, 70))
    _path(tx, "CdtrAcct/Id/IBAN", transfer.iban)
    _path(tx, "RmtInf/Ustrd", epc_text(transfer.remittance, 140))
    xml: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    validate_pain001(xml)
    return Pain001(msg_id, xml, hashlib.sha256(xml).hexdigest(), 1, transfer.amount_cents)


@dataclass(frozen=True, slots=True)
class InstantAnswer:
    """The bank's pain.002 on an instant transfer."""

    status: str  # ACCC (credited) ... or RJCT
    reason_code: str | None  # StsRsnInf/Rsn/Cd of a rejection (AC01, AC04, AM04...)
    end_to_end_id: str | None

    @property
    def accepted(self) -> bool:
        return self.status in ACCEPTED


def _first(root: etree._Element, path: str) -> str | None:
    found = root.xpath(path)
    if not found:
        return None
    value = found[0]
    text = value if isinstance(value, str) else value.text
    return str(text).strip() if text else None


def parse_pain002(xml: bytes) -> InstantAnswer:
    """The transaction status of a pain.002 (any version: read by local names), else the
    group status. Malformed XML or no status at all is refused."""
    try:
        root = etree.fromstring(
            xml, parser=etree.XMLParser(resolve_entities=False, no_network=True)
        )
    except etree.XMLSyntaxError as exc:
        raise InvalidInput("pain.002", f"the bank's answer is not XML: {exc}") from None
    tx = "//*[local-name()='TxInfAndSts']"
    status = _first(root, f"{tx}/*[local-name()='TxSts']") or _first(
        root, "//*[local-name()='OrgnlGrpInfAndSts']/*[local-name()='GrpSts']"
    )
    if status is None:
        raise InvalidInput("pain.002", "the bank's answer carries no status")
    reason = _first(
        root,
        "//*[local-name()='StsRsnInf']/*[local-name()='Rsn']/*[local-name()='Cd']",
    )
    e2e = _first(root, f"{tx}/*[local-name()='OrgnlEndToEndId']")
    return InstantAnswer(status, reason, e2e)
