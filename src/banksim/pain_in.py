"""Reading the customer's files: pain.001.001.09 (credit transfers, SEPA Instant with
`LclInstrm/Cd` INST) and pain.008.001.02 (direct debits, with amendment details).

The reader only reads: it returns what the file says, including its stated counts and control
sums; `checks.py` decides what the bank accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from lxml import etree

PAIN_001 = "pain.001.001.09"
PAIN_008 = "pain.008.001.02"
NAMESPACES = {f"urn:iso:std:iso:20022:tech:xsd:{name}": name for name in (PAIN_001, PAIN_008)}

# Hardened: no entities, no network, no huge trees (a bank parses what strangers send).
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class UnreadableFile(ValueError):
    """Not a pain.001.001.09 nor a pain.008.001.02 document (the bank refuses it outright)."""


@dataclass
class Amendment:
    original_mandate_id: str | None = None
    original_creditor_scheme_id: str | None = None
    original_debtor_iban: str | None = None
    original_debtor_agent: str | None = None  # "SMNDA": same mandate, new debtor agent


@dataclass
class TxIn:
    end_to_end_id: str
    amount: str
    currency: str
    counterparty_name: str
    counterparty_iban: str
    counterparty_bic: str | None
    remittance: str | None
    structured_reference: str | None
    mandate_id: str | None = None
    mandate_signed_on: str | None = None
    amended: bool = False
    amendment: Amendment | None = None


@dataclass
class BlockIn:
    payment_info_id: str
    method: str
    account_iban: str
    account_name: str
    due_date: str
    nb_of_txs: str
    control_sum: str | None
    service_level: str | None
    local_instrument: str | None
    sequence_type: str | None
    creditor_scheme_id: str | None
    transactions: list[TxIn] = field(default_factory=list)


@dataclass
class FileIn:
    message_name: str
    message_id: str
    created_at: str
    nb_of_txs: str
    control_sum: str | None
    blocks: list[BlockIn] = field(default_factory=list)


def cents(amount: str) -> int | None:
    """ "12.34" → 1234; None when not a positive amount with at most two decimals."""
    try:
        value = Decimal(amount)
    except InvalidOperation:
        return None
    if value != value.quantize(Decimal("0.01")) or value <= 0:
        return None
    return int(value * 100)


def _path(path: str) -> str:
    return path.replace("p:", "{*}")  # the namespace is checked once, at the root


def text(node: etree._Element, path: str) -> str | None:
    # The node's own namespace as prefix "p" (checked once, at the root): lxml compiles and
    # caches the path, where a `{*}` wildcard would test every element's name.
    tag = str(node.tag)
    found = node.find(path, {"p": tag[1 : tag.index("}")]} if tag.startswith("{") else None)
    return found.text.strip() if found is not None and found.text else None


def required(node: etree._Element, path: str) -> str:
    value = text(node, path)
    if value is None:
        raise UnreadableFile(f"{path.replace('p:', '')} missing")
    return value


def read_pain(data: bytes) -> FileIn:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnreadableFile(f"not well-formed XML: {exc}") from exc
    namespace = etree.QName(root).namespace or ""
    name = NAMESPACES.get(namespace)
    if name is None or etree.QName(root).localname != "Document":
        raise UnreadableFile(f"not a pain.001.001.09 or pain.008.001.02 document: {namespace}")
    initiation = "p:CstmrCdtTrfInitn" if name == PAIN_001 else "p:CstmrDrctDbtInitn"
    body = root.find(_path(initiation))
    if body is None:
        raise UnreadableFile(f"{initiation[2:]} missing")
    header = body.find(_path("p:GrpHdr"))
    if header is None:
        raise UnreadableFile("GrpHdr missing")
    file = FileIn(
        message_name=name,
        message_id=required(header, "p:MsgId"),
        created_at=required(header, "p:CreDtTm"),
        nb_of_txs=required(header, "p:NbOfTxs"),
        control_sum=text(header, "p:CtrlSum"),
    )
    for block in body.iterfind(_path("p:PmtInf")):
        if name == PAIN_001:
            file.blocks.append(_transfer_block(block))
        else:
            file.blocks.append(_debit_block(block))
    return file


def _transfer_block(block) -> BlockIn:  # type: ignore[no-untyped-def]
    read = BlockIn(
        payment_info_id=required(block, "p:PmtInfId"),
        method=required(block, "p:PmtMtd"),
        account_iban=required(block, "p:DbtrAcct/p:Id/p:IBAN"),
        account_name=text(block, "p:Dbtr/p:Nm") or "",
        due_date=text(block, "p:ReqdExctnDt/p:Dt") or required(block, "p:ReqdExctnDt"),
        nb_of_txs=required(block, "p:NbOfTxs"),
        control_sum=text(block, "p:CtrlSum"),
        service_level=text(block, "p:PmtTpInf/p:SvcLvl/p:Cd"),
        local_instrument=text(block, "p:PmtTpInf/p:LclInstrm/p:Cd"),
        sequence_type=None,
        creditor_scheme_id=None,
    )
    for tx in block.iterfind("{*}CdtTrfTxInf"):
        amount = tx.find("{*}Amt/{*}InstdAmt")
        read.transactions.append(
            TxIn(
                end_to_end_id=required(tx, "p:PmtId/p:EndToEndId"),
                amount=(amount.text or "").strip() if amount is not None else "",
                currency=amount.get("Ccy", "") if amount is not None else "",
                counterparty_name=text(tx, "p:Cdtr/p:Nm") or "",
                counterparty_iban=required(tx, "p:CdtrAcct/p:Id/p:IBAN"),
                counterparty_bic=text(tx, "p:CdtrAgt/p:FinInstnId/p:BICFI"),
                remittance=text(tx, "p:RmtInf/p:Ustrd"),
                structured_reference=text(tx, "p:RmtInf/p:Strd/p:CdtrRefInf/p:Ref"),
            )
        )
    return read


def _debit_block(block) -> BlockIn:  # type: ignore[no-untyped-def]
    read = BlockIn(
        payment_info_id=required(block, "p:PmtInfId"),
        method=required(block, "p:PmtMtd"),
        account_iban=required(block, "p:CdtrAcct/p:Id/p:IBAN"),
        account_name=text(block, "p:Cdtr/p:Nm") or "",
        due_date=required(block, "p:ReqdColltnDt"),
        nb_of_txs=required(block, "p:NbOfTxs"),
        control_sum=text(block, "p:CtrlSum"),
        service_level=text(block, "p:PmtTpInf/p:SvcLvl/p:Cd"),
        local_instrument=text(block, "p:PmtTpInf/p:LclInstrm/p:Cd"),
        sequence_type=text(block, "p:PmtTpInf/p:SeqTp"),
        creditor_scheme_id=text(block, "p:CdtrSchmeId/p:Id/p:PrvtId/p:Othr/p:Id"),
    )
    for tx in block.iterfind("{*}DrctDbtTxInf"):
        amount = tx.find("{*}InstdAmt")
        mandate = "p:DrctDbtTx/p:MndtRltdInf"
        amended = (text(tx, f"{mandate}/p:AmdmntInd") or "false").lower() == "true"
        details = tx.find(_path(f"{mandate}/p:AmdmntInfDtls"))
        amendment = None
        if details is not None:
            amendment = Amendment(
                original_mandate_id=text(details, "p:OrgnlMndtId"),
                original_creditor_scheme_id=text(
                    details, "p:OrgnlCdtrSchmeId/p:Id/p:PrvtId/p:Othr/p:Id"
                ),
                original_debtor_iban=text(details, "p:OrgnlDbtrAcct/p:Id/p:IBAN"),
                original_debtor_agent=text(details, "p:OrgnlDbtrAgt/p:FinInstnId/p:Othr/p:Id"),
            )
        read.transactions.append(
            TxIn(
                end_to_end_id=required(tx, "p:PmtId/p:EndToEndId"),
                amount=(amount.text or "").strip() if amount is not None else "",
                currency=amount.get("Ccy", "") if amount is not None else "",
                counterparty_name=text(tx, "p:Dbtr/p:Nm") or "",
                counterparty_iban=required(tx, "p:DbtrAcct/p:Id/p:IBAN"),
                counterparty_bic=text(tx, "p:DbtrAgt/p:FinInstnId/p:BIC"),
                remittance=text(tx, "p:RmtInf/p:Ustrd"),
                structured_reference=text(tx, "p:RmtInf/p:Strd/p:CdtrRefInf/p:Ref"),
                mandate_id=text(tx, f"{mandate}/p:MndtId"),
                mandate_signed_on=text(tx, f"{mandate}/p:DtOfSgntr"),
                amended=amended,
                amendment=amendment,
            )
        )
    return read
